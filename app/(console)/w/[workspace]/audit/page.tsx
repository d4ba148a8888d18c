import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { Button, buttonClass } from '@/components/ui/button';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { getDb } from '@/db';
import { auditFacets, auditFilterSchema, listAuditEntries } from '@/lib/audit/query';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'Audit log' };

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const control = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

type Search = Record<string, string | undefined>;

export default async function AuditPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Search> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  if (!can('admin')) forbidden();
  const search = await searchParams;
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(Object.entries(search).filter(([, v]) => v)));
  const filter = parsed.success ? parsed.data : {};
  const before = Number.parseInt(search.before ?? '', 10) || undefined;
  const db = await getDb();
  const [{ entries, nextBefore }, facets] = await Promise.all([
    listAuditEntries({ db, workspaceId: workspace.id, filter, before }),
    auditFacets({ db, workspaceId: workspace.id }),
  ]);
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  const base = `/w/${workspace.slug}/audit`;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every change in this workspace: who, what, when and from where. Secrets are never recorded."
        actions={
          <a href={`/api/w/${workspace.slug}/audit/export?${query}`} className={buttonClass({ variant: 'secondary' })} download>
            Export CSV
          </a>
        }
      />
      <Card>
        <form method="get" action={base} className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
          <label className="text-xs font-medium text-slate-600">
            Actor
            <input name="actor" defaultValue={filter.actor} placeholder="email or name" className={`mt-1 block ${control}`} />
          </label>
          <label className="text-xs font-medium text-slate-600">
            Action
            <select name="action" defaultValue={filter.action ?? ''} className={`mt-1 block ${control}`}>
              <option value="">Any</option>
              {facets.actions.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </label>
          <label className="text-xs font-medium text-slate-600">
            Target type
            <select name="targetType" defaultValue={filter.targetType ?? ''} className={`mt-1 block ${control}`}>
              <option value="">Any</option>
              {facets.targetTypes.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <label className="text-xs font-medium text-slate-600">
            From
            <input type="date" name="from" defaultValue={filter.from} className={`mt-1 block ${control}`} />
          </label>
          <label className="text-xs font-medium text-slate-600">
            To
            <input type="date" name="to" defaultValue={filter.to} className={`mt-1 block ${control}`} />
          </label>
          <Button type="submit">Apply</Button>
          <Link href={base} className="px-2 py-2 text-sm text-slate-600 hover:underline">
            Clear
          </Link>
        </form>
        {!parsed.success ? (
          <p className="mt-2 text-sm text-red-600">
            Some filters were not understood and were ignored: {parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
          </p>
        ) : null}
      </Card>
      {entries.length === 0 ? (
        <EmptyState title="Nothing recorded for these filters" />
      ) : (
        <Card>
          <Table
            label="Audit entries"
            data-testid="audit-table"
            head={
              <>
                <Th>Time (UTC)</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th>IP</Th>
                <Th>Details</Th>
              </>
            }
          >
            {entries.map((entry) => (
              <Tr key={entry.id}>
                <Td className="whitespace-nowrap text-slate-600">{timeFormat.format(entry.createdAt)}</Td>
                <Td>{entry.actorLabel}</Td>
                <Td className="font-mono text-xs">{entry.action}</Td>
                <Td>
                  <span className="text-slate-500">{entry.targetType}</span> {entry.targetLabel}
                </Td>
                <Td className="text-slate-600">{entry.ip ?? '—'}</Td>
                <Td className="min-w-64 break-all font-mono text-xs text-slate-600">{Object.keys(entry.summary).length ? JSON.stringify(entry.summary) : ''}</Td>
              </Tr>
            ))}
          </Table>
          {nextBefore ? (
            <div className="mt-4 text-right">
              <Link href={`${base}?${new URLSearchParams([...query, ['before', String(nextBefore)]])}`} className="text-sm font-medium text-indigo-600 hover:underline">
                Older entries →
              </Link>
            </div>
          ) : null}
        </Card>
      )}
    </div>
  );
}
