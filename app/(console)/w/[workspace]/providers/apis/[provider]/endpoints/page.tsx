import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Badge, Card } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { MethodBadge } from '@/components/providers/method-badge';
import { ToolToggle, BulkToolToggle } from '@/components/providers/tool-toggles';
import { listOperations, operationFacets } from '@/lib/providers/queries';
import { loadProvider, type ProviderPageParams } from '../load';

const PAGE = 50;
const control = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

export default async function EndpointsPage({ params, searchParams }: ProviderPageParams & { searchParams: Promise<Record<string, string | undefined>> }) {
  const { workspace, provider } = await params;
  const { db, workspace: ws, provider: p, version, base, can } = await loadProvider(workspace, provider);
  if (!version) return <p className="text-sm text-slate-600">This provider has no current version.</p>;
  const search = await searchParams;
  const filter = { search: search.q || undefined, tag: search.tag || undefined, method: search.method || undefined };
  const page = Math.max(1, Number.parseInt(search.page ?? '1', 10) || 1);
  const [{ operations, total }, facets] = await Promise.all([
    listOperations({ db, workspaceId: ws.id, providerId: p.id, versionId: version.id, filter, limit: PAGE, offset: (page - 1) * PAGE }),
    operationFacets({ db, workspaceId: ws.id, versionId: version.id }),
  ]);
  const query = (n: number) => `${base}/endpoints?${new URLSearchParams(Object.entries({ ...filter, page: String(n) }).filter(([, v]) => v) as [string, string][])}`;
  const filtered = Boolean(filter.search || filter.tag || filter.method);
  return (
    <div className="space-y-4">
      <form method="get" action={`${base}/endpoints`} className="flex flex-wrap items-end gap-2" aria-label="Filter endpoints">
        <label className="text-xs font-medium text-slate-600">
          Search
          <input name="q" defaultValue={filter.search} placeholder="path, operationId, summary, description" className={`mt-1 block w-80 ${control}`} />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Tag
          <select name="tag" defaultValue={filter.tag ?? ''} className={`mt-1 block max-w-56 ${control}`}>
            <option value="">All tags</option>
            {facets.tags.map((t) => (
              <option key={t.tag} value={t.tag}>
                {t.tag} ({t.count})
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Method
          <select name="method" defaultValue={filter.method ?? ''} className={`mt-1 block ${control}`}>
            <option value="">All methods</option>
            {facets.methods.map((m) => (
              <option key={m.method} value={m.method}>
                {m.method} ({m.count})
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {filtered ? (
          <Link href={`${base}/endpoints`} className="px-2 py-1.5 text-sm text-slate-600 hover:underline">
            Clear
          </Link>
        ) : null}
        {can('builder') && filtered ? <BulkToolToggle workspace={ws.slug} providerId={p.id} filter={filter} count={total} /> : null}
      </form>
      <Card>
        <p className="mb-2 text-sm text-slate-600" data-testid="endpoint-count">
          {total.toLocaleString('en')} {filtered ? 'matching ' : ''}endpoint{total === 1 ? '' : 's'}
        </p>
        <Table
          label="Endpoints"
          data-testid="endpoint-table"
          tableClassName="min-w-[40rem] table-fixed"
          empty="No endpoint matches these filters."
          head={
            <>
              <Th className="w-24">Method</Th>
              <Th>Path</Th>
              <Th>Summary</Th>
              <Th className="w-40">Tags</Th>
              <Th className="w-28">Tool</Th>
            </>
          }
        >
          {operations.map((op) => (
            <Tr key={op.id} data-testid={`endpoint-${op.toolName}`}>
              <Td>
                <MethodBadge method={op.method} />
              </Td>
              <Td className="break-all font-mono text-xs">
                <Link href={`${base}/operations/${op.id}`} className="text-slate-900 hover:underline">
                  {op.path}
                </Link>
                {op.deprecated ? (
                  <span className="ml-1">
                    <Badge tone="amber">deprecated</Badge>
                  </span>
                ) : null}
              </Td>
              <Td className="text-slate-700">{op.summary}</Td>
              <Td className="text-xs text-slate-500">{op.tags.join(', ')}</Td>
              <Td>
                {can('builder') ? (
                  <ToolToggle key={String(op.enabled)} workspace={ws.slug} providerId={p.id} toolName={op.toolName} enabled={op.enabled} />
                ) : op.enabled ? (
                  'enabled'
                ) : (
                  'disabled'
                )}
              </Td>
            </Tr>
          ))}
        </Table>
        <div className="mt-3 flex items-center justify-between text-sm text-slate-600">
          <span>
            Page {page} of {Math.max(1, Math.ceil(total / PAGE))}
          </span>
          <span className="flex gap-3">
            {page > 1 ? (
              <Link href={query(page - 1)} className="text-indigo-700 hover:underline">
                ← Previous
              </Link>
            ) : null}
            {page * PAGE < total ? (
              <Link href={query(page + 1)} className="text-indigo-700 hover:underline">
                Next →
              </Link>
            ) : null}
          </span>
        </div>
      </Card>
    </div>
  );
}
