import type { Metadata } from 'next';
import Link from 'next/link';
import { Button, ButtonLink } from '@/components/ui/button';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { ModelStatusToggle } from '@/components/models/model-controls';
import { getDb } from '@/db';
import { modelStatuses, type ModelStatus } from '@/db/schema';
import { listModels, modelSortKeys, type ModelSortKey } from '@/lib/models/models';
import { formatPrice } from '@/lib/models/prices';
import { featureLabels, modelFeatures, type ModelFeature } from '@/lib/models/schema';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'LLM Models' };

const control = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';
const money = (value: string | null) => formatPrice(value);
const count = (value: number | null) => (value === null ? '—' : value.toLocaleString('en'));
const pick = <T extends string>(list: readonly T[], value: string | undefined) => (list.includes(value as T) ? (value as T) : undefined);

export default async function ModelsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  const search = await searchParams;
  const filter = {
    provider: search.provider || undefined,
    status: pick<ModelStatus>(modelStatuses, search.status),
    feature: pick<ModelFeature>(modelFeatures, search.feature),
    search: search.q || undefined,
  };
  const sort = pick<ModelSortKey>(modelSortKeys, search.sort) ?? 'provider';
  const direction = search.dir === 'desc' ? 'desc' : 'asc';
  const db = await getDb();
  const [models, all] = await Promise.all([listModels({ db, workspaceId: workspace.id, ...filter, sort, direction }), listModels({ db, workspaceId: workspace.id })]);
  const providers = [...new Set(all.map((m) => m.provider))].sort();
  const base = `/w/${workspace.slug}/providers/models`;
  const actions = can('admin') ? (
    <div className="flex gap-2">
      <ButtonLink href={`${base}/import`} variant="secondary">
        Import from catalogue
      </ButtonLink>
      <ButtonLink href={`${base}/new`}>Add model</ButtonLink>
    </div>
  ) : null;
  if (all.length === 0) {
    return (
      <EmptyState title="No models configured" action={actions}>
        <p>Admins choose here which large language models the platform may use, with their limits and prices.</p>
        {!can('admin') ? <p className="mt-2 text-slate-500">Only admins add models.</p> : null}
      </EmptyState>
    );
  }
  const sortLink = (key: ModelSortKey) =>
    `${base}?${new URLSearchParams({ ...Object.fromEntries(Object.entries({ provider: filter.provider, status: filter.status, feature: filter.feature, q: filter.search }).filter(([, v]) => v) as [string, string][]), sort: key, dir: sort === key && direction === 'asc' ? 'desc' : 'asc' })}`;
  const header = (key: ModelSortKey, label: string, right = false) => (
    <Th key={key} align={right ? 'right' : undefined}>
      <Link href={sortLink(key)} className="hover:underline">
        {label}
        {sort === key ? (direction === 'asc' ? ' ↑' : ' ↓') : ''}
      </Link>
    </Th>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <form method="get" action={base} className="flex flex-wrap items-end gap-2" aria-label="Filter models">
          <label className="text-xs font-medium text-slate-600">
            Search
            <input name="q" defaultValue={filter.search} placeholder="identifier or name" className={`mt-1 block w-48 ${control}`} />
          </label>
          <label className="text-xs font-medium text-slate-600">
            Provider
            <select name="provider" defaultValue={filter.provider ?? ''} className={`mt-1 block ${control}`}>
              <option value="">All</option>
              {providers.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label className="text-xs font-medium text-slate-600">
            Status
            <select name="status" defaultValue={filter.status ?? ''} className={`mt-1 block ${control}`}>
              <option value="">All</option>
              <option value="active">Active</option>
              <option value="inactive">Inactive</option>
            </select>
          </label>
          <label className="text-xs font-medium text-slate-600">
            Feature
            <select name="feature" defaultValue={filter.feature ?? ''} className={`mt-1 block ${control}`}>
              <option value="">Any</option>
              {modelFeatures.map((f) => (
                <option key={f} value={f}>
                  {featureLabels[f]}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="secondary">
            Apply
          </Button>
        </form>
        {actions}
      </div>
      <Card>
        <p className="mb-2 text-xs text-slate-500">Prices in USD per million tokens. — means unknown.</p>
        <Table
          label="Models"
          data-testid="model-table"
          empty="No model matches these filters."
          head={
            <>
              {header('identifier', 'Model')}
              {header('provider', 'Provider')}
              {header('status', 'Status')}
              <Th>Features</Th>
              {header('contextWindow', 'Input tokens', true)}
              {header('maxOutputTokens', 'Output tokens', true)}
              {header('inputPrice', 'Input', true)}
              {header('outputPrice', 'Output', true)}
              {header('cachedInputPrice', 'Cached input', true)}
            </>
          }
        >
          {models.map((m) => (
            <Tr key={m.id} data-testid={`model-${m.identifier}`}>
              <Td>
                <Link href={`${base}/${m.id}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
                  {m.identifier}
                </Link>
                <p className="text-xs text-slate-500">{m.displayName}</p>
              </Td>
              <Td>{m.provider}</Td>
              <Td>
                {can('admin') ? (
                  <ModelStatusToggle workspace={workspace.slug} modelId={m.id} identifier={m.identifier} active={m.status === 'active'} />
                ) : (
                  <Badge tone={m.status === 'active' ? 'green' : 'slate'}>{m.status}</Badge>
                )}
              </Td>
              <Td className="max-w-56 text-xs text-slate-600">{m.features.map((f) => featureLabels[f]).join(', ')}</Td>
              <Td align="right" className="tabular-nums">
                {count(m.contextWindow)}
              </Td>
              <Td align="right" className="tabular-nums">
                {count(m.maxOutputTokens)}
              </Td>
              <Td align="right" className="tabular-nums">
                {money(m.prices.input)}
              </Td>
              <Td align="right" className="tabular-nums">
                {money(m.prices.output)}
              </Td>
              <Td align="right" className="tabular-nums">
                {money(m.prices.cachedInput)}
              </Td>
            </Tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}
