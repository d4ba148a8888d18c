import type { Metadata } from 'next';
import Link from 'next/link';
import { CatalogBrowser } from '@/components/repository/catalog-browser';
import { versionLabel } from '@/components/repository/labels';
import { ProviderLogo } from '@/components/repository/provider-logo';
import { ApplyUpdateButton, PolicySwitch, SyncNowButton, UnselectButton } from '@/components/repository/selection-controls';
import { ButtonLink } from '@/components/ui/button';
import { Badge, Card } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { findCatalogProvider } from '@/lib/repository/catalog';
import { CatalogUnavailable } from './catalog-unavailable';
import { catalogCards, loadRepository } from './load';

export const metadata: Metadata = { title: 'Central Repository' };
// Syncs started here run after the response (after()); on serverless hosts they get this long.
export const maxDuration = 300;

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function RepositoryPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, can, catalog, problem, selections, source, base } = await loadRepository((await params).workspace);
  if (!catalog) return <CatalogUnavailable problem={problem!} />;
  const { index } = catalog;

  return (
    <div className="space-y-6">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">{index.name}</h2>
          <p className="text-sm text-slate-600">
            {index.providers.length.toLocaleString('en')} providers · {source === 'bundled' ? 'bundled with this installation' : source} · checked{' '}
            {dateFormat.format(catalog.fetchedAt)} UTC
          </p>
        </div>
        <ButtonLink href={`${base}/history`} variant="secondary">
          Sync history
        </ButtonLink>
      </div>
      {problem ? (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Showing the copy fetched {dateFormat.format(catalog.fetchedAt)} UTC. {problem.message}
        </p>
      ) : null}

      {selections.length ? (
        <Card
          title={`Synced to this workspace (${selections.length})`}
          description="Each selected provider is an ordinary provider of this workspace, kept in step with the catalogue."
          actions={can('builder') ? <SyncNowButton workspace={workspace.slug} label="Sync all now" /> : null}
        >
          <Table
            label="Synced providers"
            data-testid="selection-table"
            head={
              <>
                <Th>Provider</Th>
                <Th>In this workspace</Th>
                <Th>Status</Th>
                <Th>Updates</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </>
            }
          >
            {selections.map(({ selection: s, provider }) => {
              const entry = findCatalogProvider(index, s.catalogId);
              return (
                <Tr key={s.id} data-testid={`selection-${s.catalogId}`}>
                  <Td>
                    <span className="flex items-center gap-2">
                      <ProviderLogo name={s.name} logo={entry?.logo} />
                      <Link href={`${base}/${s.catalogId}`} className="font-medium text-slate-900 hover:underline">
                        {s.name}
                      </Link>
                    </span>
                  </Td>
                  <Td className="text-slate-700">
                    {provider ? (
                      <Link href={`/w/${workspace.slug}/providers/apis/${provider.slug}`} className="hover:underline">
                        version {versionLabel(s.syncedVersion)} · {provider.operationCount.toLocaleString('en')} operation{provider.operationCount === 1 ? '' : 's'}
                      </Link>
                    ) : (
                      <span className="text-slate-500">not synced yet</span>
                    )}
                  </Td>
                  <Td>
                    {s.availableVersion ? (
                      <span className="space-y-0.5">
                        <Badge tone="amber">update available: {versionLabel(s.availableVersion)}</Badge> {s.availableBreaking ? <Badge tone="red">breaking</Badge> : null}
                        <span className="block text-xs text-slate-600">{s.availableChangelog?.summary}</span>
                      </span>
                    ) : s.lastError ? (
                      <span>
                        <Badge tone="red">sync failed</Badge>
                        <span className="block text-xs text-red-700">{s.lastError}</span>
                      </span>
                    ) : provider ? (
                      <Badge tone="green">up to date</Badge>
                    ) : (
                      <Badge>waiting for a sync</Badge>
                    )}
                    {s.lastSyncedAt ? <span className="block text-xs text-slate-400">checked {dateFormat.format(s.lastSyncedAt)} UTC</span> : null}
                  </Td>
                  <Td>
                    <PolicySwitch workspace={workspace.slug} catalogId={s.catalogId} name={s.name} policy={s.policy} canChange={can('admin')} />
                  </Td>
                  <Td align="right">
                    {can('builder') ? (
                      <span className="inline-flex items-start gap-1">
                        {s.availableVersion ? <ApplyUpdateButton workspace={workspace.slug} catalogId={s.catalogId} version={versionLabel(s.availableVersion)} /> : null}
                        <UnselectButton workspace={workspace.slug} catalogId={s.catalogId} name={s.name} />
                      </span>
                    ) : null}
                  </Td>
                </Tr>
              );
            })}
          </Table>
        </Card>
      ) : null}

      <Card
        title="Catalogue"
        description={
          can('builder')
            ? 'Tick the providers this workspace needs and sync them; each becomes a provider you can add connectors to.'
            : 'Admins and builders select and sync providers; you can browse them.'
        }
      >
        <CatalogBrowser workspace={workspace.slug} cards={catalogCards(index, selections)} canSync={can('builder')} />
      </Card>
    </div>
  );
}
