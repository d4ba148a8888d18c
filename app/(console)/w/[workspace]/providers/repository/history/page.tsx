import type { Metadata } from 'next';
import Link from 'next/link';
import { outcomeLabels, versionLabel } from '@/components/repository/labels';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { getDb } from '@/db';
import { listSyncRuns } from '@/lib/repository/sync';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'Sync history' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const statusTone = { running: 'indigo', succeeded: 'green', partial: 'amber', failed: 'red' } as const;
const triggerLabels = { manual: 'by hand', cron: 'scheduled', setup: 'first-run setup' } as const;

export default async function SyncHistoryPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await requireWorkspace((await params).workspace);
  const runs = await listSyncRuns({ db: await getDb(), workspaceId: workspace.id, limit: 50 });
  const base = `/w/${workspace.slug}/providers/repository`;
  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-500">
        <Link href={base} className="hover:underline">
          Central Repository
        </Link>{' '}
        /
      </p>
      {runs.length === 0 ? (
        <EmptyState title="No sync has run yet">Select providers in the Central Repository tab and sync them; each run, by hand or scheduled, is listed here.</EmptyState>
      ) : (
        <Card title="Sync history" description="The last 50 runs, newest first, with the outcome for each provider.">
          <ul className="divide-y divide-slate-100" data-testid="sync-history">
            {runs.map((run) => {
              const counts = Object.entries(run.results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.outcome]: (acc[r.outcome] ?? 0) + 1 }), {}));
              return (
                <li key={run.id} className="py-3" data-testid="sync-run">
                  <details>
                    <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
                      <Badge tone={statusTone[run.status]}>{run.status}</Badge>
                      <span className="font-medium text-slate-800">{dateFormat.format(run.startedAt)} UTC</span>
                      <span className="text-slate-500">{triggerLabels[run.trigger]}</span>
                      <span className="text-slate-500">
                        · {run.done} of {run.total} · {counts.map(([outcome, n]) => `${n} ${outcomeLabels[outcome as keyof typeof outcomeLabels].label}`).join(', ')}
                      </span>
                    </summary>
                    {run.error ? <p className="mt-2 text-sm text-red-700">{run.error}</p> : null}
                    <Table
                      label="Providers in this run"
                      className="mt-2"
                      head={
                        <>
                          <Th>Provider</Th>
                          <Th>Outcome</Th>
                          <Th>Version</Th>
                          <Th>Message</Th>
                        </>
                      }
                      empty="No provider in this run."
                    >
                      {run.results.map((r) => (
                        <Tr key={r.catalogId}>
                          <Td>
                            <Link href={`${base}/${r.catalogId}`} className="hover:underline">
                              {r.name}
                            </Link>
                          </Td>
                          <Td>
                            <Badge tone={outcomeLabels[r.outcome].tone}>{outcomeLabels[r.outcome].label}</Badge>
                          </Td>
                          <Td className="text-slate-600">{versionLabel(r.version)}</Td>
                          <Td className="text-slate-600">{r.message ?? ''}</Td>
                        </Tr>
                      ))}
                    </Table>
                  </details>
                </li>
              );
            })}
          </ul>
        </Card>
      )}
    </div>
  );
}
