import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DiffSummary } from '@/components/providers/diff-view';
import { authLabel, versionLabel } from '@/components/repository/labels';
import { ProviderLogo } from '@/components/repository/provider-logo';
import { ApplyUpdateButton, PolicySwitch, RollbackButton, SyncNowButton } from '@/components/repository/selection-controls';
import { Badge, Card } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { CatalogChangelog } from '@/lib/catalog/format';
import { listVersions } from '@/lib/providers/queries';
import { findCatalogProvider } from '@/lib/repository/catalog';
import { CatalogUnavailable } from '../catalog-unavailable';
import { loadRepository } from '../load';

export const metadata: Metadata = { title: 'Central Repository provider' };
// Syncs started here run after the response (after()); on serverless hosts they get this long.
export const maxDuration = 300;

const dayFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function Changelog({ changelog }: { changelog: CatalogChangelog }) {
  return (
    <div className="space-y-1">
      <p>
        {changelog.summary} {changelog.breaking.length ? <Badge tone="red">breaking</Badge> : null}
      </p>
      {changelog.breaking.length ? (
        <ul className="list-disc pl-5 text-xs text-red-800">
          {changelog.breaking.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export default async function CatalogProviderPage({ params }: { params: Promise<{ workspace: string; catalogId: string }> }) {
  const { workspace: slug, catalogId } = await params;
  const { db, workspace, can, catalog, problem, selections, base } = await loadRepository(slug);
  if (!catalog) return <CatalogUnavailable problem={problem!} />;
  const entry = findCatalogProvider(catalog.index, catalogId);
  const selected = selections.find((s) => s.selection.catalogId === catalogId);
  if (!entry) notFound();
  const s = selected?.selection;
  const provider = selected?.provider;
  const versions = provider ? await listVersions({ db, workspaceId: workspace.id, providerId: provider.id }) : [];
  const latest = entry.versions[entry.versions.length - 1]!;

  return (
    <div className="space-y-5">
      <div className="flex items-start gap-4">
        <ProviderLogo name={entry.name} logo={entry.logo} size="lg" />
        <div className="min-w-0 flex-1">
          <p className="text-xs text-slate-500">
            <Link href={base} className="hover:underline">
              Central Repository
            </Link>{' '}
            /
          </p>
          <h2 className="text-lg font-semibold text-slate-900">{entry.name}</h2>
          <p className="text-sm text-slate-600">{entry.description}</p>
          <div className="mt-2 flex flex-wrap gap-1">
            {entry.categories.map((c) => (
              <Badge key={c}>{c}</Badge>
            ))}
            {entry.auth.types.map((a) => (
              <Badge key={a} tone="indigo">
                {authLabel(a)}
              </Badge>
            ))}
            {entry.homepage ? (
              <a href={entry.homepage} className="text-xs text-indigo-700 hover:underline" rel="noreferrer noopener" target="_blank">
                {entry.homepage}
              </a>
            ) : null}
          </div>
        </div>
        {!s && can('builder') ? <SyncNowButton workspace={workspace.slug} catalogIds={[entry.id]} label={`Select and sync ${entry.name}`} /> : null}
      </div>

      {s ? (
        <Card title="In this workspace" actions={can('builder') ? <SyncNowButton workspace={workspace.slug} catalogIds={[entry.id]} /> : null}>
          <div className="space-y-4 text-sm">
            <p>
              {provider ? (
                <>
                  Synced version <strong>{versionLabel(s.syncedVersion)}</strong> as{' '}
                  <Link href={`/w/${workspace.slug}/providers/apis/${provider.slug}`} className="font-medium text-indigo-700 hover:underline">
                    {s.name}
                  </Link>{' '}
                  ({provider.operationCount.toLocaleString('en')} operation{provider.operationCount === 1 ? '' : 's'}).
                </>
              ) : (
                'Selected, not synced yet.'
              )}{' '}
              {s.lastSyncedAt ? <span className="text-slate-500">Last checked {dateFormat.format(s.lastSyncedAt)} UTC.</span> : null}
            </p>
            {s.lastError ? (
              <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
                The last sync failed: {s.lastError}
              </p>
            ) : null}
            {s.availableVersion && s.availableChangelog ? (
              <div className="rounded-md border border-amber-200 bg-amber-50 p-3" data-testid="update-available">
                <p className="font-medium text-amber-900">
                  Update available: {versionLabel(s.availableVersion)} (you have {versionLabel(s.syncedVersion)})
                </p>
                <div className="mt-1 text-amber-900">
                  <Changelog changelog={s.availableChangelog} />
                </div>
                {can('builder') ? (
                  <div className="mt-2">
                    <ApplyUpdateButton workspace={workspace.slug} catalogId={s.catalogId} version={versionLabel(s.availableVersion)} />
                  </div>
                ) : null}
              </div>
            ) : null}
            <div>
              <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Update policy</p>
              <PolicySwitch workspace={workspace.slug} catalogId={s.catalogId} name={s.name} policy={s.policy} canChange={can('admin')} />
              <p className="mt-1 text-xs text-slate-500">
                Auto applies updates without breaking changes when they are synced and holds breaking ones for a person; manual holds every update.
              </p>
            </div>
            {versions.length ? (
              <div>
                <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Versions in this workspace</p>
                <Table
                  label="Versions in this workspace"
                  data-testid="workspace-versions"
                  head={
                    <>
                      <Th>Version</Th>
                      <Th>Document</Th>
                      <Th>Created</Th>
                      <Th>Changes</Th>
                      <Th>
                        <span className="sr-only">Actions</span>
                      </Th>
                    </>
                  }
                >
                  {versions.map((v) => (
                    <Tr key={v.id} data-testid={`workspace-version-${v.number}`} current={v.id === provider?.currentVersionId}>
                      <Td>
                        v{v.number} {v.id === provider?.currentVersionId ? <Badge tone="green">current</Badge> : null}
                      </Td>
                      <Td className="text-slate-700">document {versionLabel(v.documentVersion)}</Td>
                      <Td className="text-slate-600">{dateFormat.format(v.createdAt)} UTC</Td>
                      <Td>
                        <DiffSummary diff={v.diff} />
                      </Td>
                      <Td align="right">
                        {can('builder') && v.id !== provider?.currentVersionId ? (
                          <RollbackButton workspace={workspace.slug} catalogId={s.catalogId} versionId={v.id} number={v.number} />
                        ) : null}
                      </Td>
                    </Tr>
                  ))}
                </Table>
              </div>
            ) : null}
          </div>
        </Card>
      ) : null}

      <Card
        title="Versions and changelog"
        description={`${entry.versions.length} version${entry.versions.length === 1 ? '' : 's'} in the catalogue; the latest is ${versionLabel(latest.version)}.`}
      >
        <Table
          label="Catalogue versions"
          data-testid="catalog-versions"
          head={
            <>
              <Th>Version</Th>
              <Th>Published</Th>
              <Th align="right">Operations</Th>
              <Th>Authentication</Th>
              <Th>Changes</Th>
            </>
          }
        >
          {[...entry.versions].reverse().map((v) => (
            <Tr key={v.sha256} data-testid={`catalog-version-${v.version}`}>
              <Td className="font-medium">
                {versionLabel(v.version)} {s?.syncedSha256 === v.sha256 ? <Badge tone="green">synced here</Badge> : null}
                <span className="block text-xs font-normal text-slate-500">OpenAPI {v.openapiVersion}</span>
              </Td>
              <Td className="text-slate-600">{dayFormat.format(new Date(v.publishedAt))}</Td>
              <Td align="right" className="tabular-nums">
                {v.operationCount.toLocaleString('en')}
              </Td>
              <Td className="text-slate-600">{v.securitySchemes.map(authLabel).join(', ') || '—'}</Td>
              <Td>
                <Changelog changelog={v.changelog} />
              </Td>
            </Tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}
