import { versionLabel } from '@/lib/catalog/version';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Button, ButtonLink } from '@/components/ui/button';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { getDb } from '@/db';
import { listRecentImportJobs } from '@/lib/providers/jobs';
import { providerSorts, listProviders, searchAllOperations, type ProviderSort } from '@/lib/providers/queries';
import { MethodBadge } from '@/components/providers/method-badge';
import { requireWorkspace } from '@/server/workspace';
import { plural } from '@/lib/plural';

export const metadata: Metadata = { title: 'Your API Providers' };

const PAGE = 50;
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const sourceLabels = { upload: 'Upload', url: 'URL', repository: 'Central repository' } as const;
const control = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

export default async function ProvidersPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  const search = await searchParams;
  const sort = (providerSorts as readonly string[]).includes(search.sort ?? '') ? (search.sort as ProviderSort) : 'name';
  const page = Math.max(1, Number.parseInt(search.page ?? '1', 10) || 1);
  const db = await getDb();
  const [{ providers, total }, endpoints, imports] = await Promise.all([
    listProviders({ db, workspaceId: workspace.id, search: search.q, sort, limit: PAGE, offset: (page - 1) * PAGE }),
    search.endpoint ? searchAllOperations({ db, workspaceId: workspace.id, search: search.endpoint }) : Promise.resolve(null),
    listRecentImportJobs({ db, workspaceId: workspace.id, limit: 5 }),
  ]);
  const base = `/w/${workspace.slug}/providers/apis`;
  const importButton = can('builder') ? <ButtonLink href={`${base}/import`}>Import provider</ButtonLink> : null;

  const recentImports = <RecentImports jobs={imports} base={base} />;

  if (total === 0 && !search.q) {
    return (
      <div className="space-y-6">
        <EmptyState title="No API providers yet" action={importButton}>
          <p>
            Import an external API from its OpenAPI document (Swagger 2.0, OpenAPI 3.0 or 3.1, JSON or YAML). Each operation becomes an endpoint workers can call and a tool an LLM
            can use.
          </p>
          {!can('builder') ? <p className="mt-2 text-slate-500">Builders and admins can import providers.</p> : null}
        </EmptyState>
        {recentImports}
      </div>
    );
  }

  const pageLink = (n: number) => `${base}?${new URLSearchParams({ ...(search.q ? { q: search.q } : {}), sort, page: String(n) })}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <form method="get" action={base} className="flex flex-wrap items-end gap-2" aria-label="Find providers">
          <label className="text-xs font-medium text-slate-600">
            Search providers
            <input name="q" defaultValue={search.q} placeholder="name or description" className={`mt-1 block w-64 ${control}`} />
          </label>
          <label className="text-xs font-medium text-slate-600">
            Sort by
            <select name="sort" defaultValue={sort} className={`mt-1 block ${control}`}>
              <option value="name">Name</option>
              <option value="updated">Last updated</option>
              <option value="operations">Operations</option>
            </select>
          </label>
          <Button type="submit" variant="secondary">
            Apply
          </Button>
        </form>
        {importButton}
      </div>

      <Card>
        <Table
          label="API providers"
          data-testid="provider-table"
          empty={<>No provider matches “{search.q}”.</>}
          head={
            <>
              <Th>Provider</Th>
              <Th>Source</Th>
              <Th>Current version</Th>
              <Th align="right">Operations</Th>
              <Th align="right">Connectors</Th>
              <Th align="right">Versions</Th>
              <Th>Last updated (UTC)</Th>
            </>
          }
        >
          {providers.map((p) => (
            <Tr key={p.id}>
              <Td className="min-w-40">
                <Link href={`${base}/${p.slug}`} className="font-medium text-indigo-700 hover:underline">
                  {p.name}
                </Link>
                {p.description ? <p className="line-clamp-1 max-w-md text-xs text-slate-500">{p.description}</p> : null}
              </Td>
              <Td>
                <Badge>{sourceLabels[p.source]}</Badge>
              </Td>
              <Td className="text-slate-700">{p.currentVersion ? `v${p.currentVersion} · ${versionLabel(p.documentVersion)}` : '—'}</Td>
              <Td align="right" className="tabular-nums">
                {p.operationCount.toLocaleString('en')}
              </Td>
              <Td align="right" className="tabular-nums">
                {p.connectorCount}
              </Td>
              <Td align="right" className="tabular-nums">
                {p.versionCount}
              </Td>
              <Td className="whitespace-nowrap text-slate-600">{dateFormat.format(p.updatedAt)}</Td>
            </Tr>
          ))}
        </Table>
        <div className="mt-3 flex items-center justify-between text-sm text-slate-600">
          <span>
            {total.toLocaleString('en')} provider{total === 1 ? '' : 's'}
          </span>
          <span className="flex gap-3">
            {page > 1 ? (
              <Link href={pageLink(page - 1)} className="text-indigo-700 hover:underline">
                ← Previous
              </Link>
            ) : null}
            {page * PAGE < total ? (
              <Link href={pageLink(page + 1)} className="text-indigo-700 hover:underline">
                Next →
              </Link>
            ) : null}
          </span>
        </div>
      </Card>

      {recentImports}

      <Card title="Search endpoints across all providers" description="Matches path, operationId, summary and description in each provider's current version.">
        <form method="get" action={base} className="flex gap-2" aria-label="Search endpoints">
          <input name="endpoint" aria-label="Endpoint search" defaultValue={search.endpoint} placeholder="e.g. create issue, /repos/{owner}" className={`w-96 ${control}`} />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        {endpoints ? (
          endpoints.length === 0 ? (
            <p className="mt-3 text-sm text-slate-500">No endpoint matches “{search.endpoint}”.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="endpoint-results">
              {endpoints.map((op) => (
                <li key={op.id} className="flex items-center gap-3 py-1.5">
                  <MethodBadge method={op.method} />
                  <Link href={`${base}/${op.providerSlug}/operations/${op.id}`} className="font-mono text-xs text-slate-800 hover:underline">
                    {op.path}
                  </Link>
                  <span className="truncate text-slate-500">{op.summary}</span>
                  <span className="ml-auto shrink-0 text-xs text-slate-500">{op.providerName}</span>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </Card>
    </div>
  );
}

function RecentImports({ jobs, base }: { jobs: Awaited<ReturnType<typeof listRecentImportJobs>>; base: string }) {
  if (jobs.length === 0) return null;
  return (
    <Card title="Recent imports">
      <ul className="divide-y divide-slate-100 text-sm" data-testid="recent-imports">
        {jobs.map((job) => (
          <li key={job.id} className="flex items-center gap-3 py-1.5">
            <Badge tone={job.status === 'succeeded' ? 'green' : job.status === 'failed' ? 'red' : 'indigo'}>
              {job.status === 'running' ? `running: ${job.phase ?? ''}` : job.status}
            </Badge>
            <span className="truncate">{job.sourceLabel}</span>
            {job.result ? (
              <Link href={`${base}/${job.result.providerSlug}`} className="text-indigo-700 hover:underline">
                {job.result.created === 'unchanged' ? `unchanged (v${job.result.versionNumber})` : `v${job.result.versionNumber}, ${plural(job.result.operations, 'operation')}`}
              </Link>
            ) : null}
            {job.error ? <span className="truncate text-red-700">{job.error}</span> : null}
            <span className="ml-auto shrink-0 text-xs text-slate-500">{dateFormat.format(job.createdAt)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
