'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { Badge } from '@/components/ui/card';
import type { SyncOutcome, SyncRunStatus } from '@/db/schema';
import { outcomeLabels, versionLabel } from './labels';

type RunView = { id: string; status: SyncRunStatus; done: number; total: number; results: SyncOutcome[]; error: string | null };

/** A sync run as it happens: one line per provider, updated as each finishes. */
export function SyncProgress({ workspace, runId, compact = false }: { workspace: string; runId: string; compact?: boolean }) {
  const router = useRouter();
  const run = useQuery({
    queryKey: ['repository-run', workspace, runId],
    queryFn: async () => {
      const response = await fetch(`/api/w/${workspace}/repository/runs/${runId}`, { cache: 'no-store' });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return (await response.json()) as RunView;
    },
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'running' ? false : 700),
  });
  const finished = run.data ? run.data.status !== 'running' : false;
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);

  if (!run.data) return <p className="text-sm text-slate-600">Starting the sync…</p>;
  const { done, total, results, status, error } = run.data;
  if (compact) {
    const failed = results.find((r) => r.outcome === 'failed');
    return (
      <span role="status" data-testid="sync-progress" data-status={status} className={`block text-xs ${failed || status === 'failed' ? 'text-red-700' : 'text-slate-600'}`}>
        {status === 'running' ? 'Applying…' : (failed?.message ?? error ?? 'Applied.')}
      </span>
    );
  }
  return (
    <section aria-label="Sync progress" data-testid="sync-progress" data-status={status} className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4">
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium text-slate-800">
          {status === 'running' ? 'Syncing…' : status === 'succeeded' ? 'Sync finished' : status === 'partial' ? 'Sync finished with problems' : 'Sync failed'}
        </span>
        <span className="tabular-nums text-slate-600" data-testid="sync-count">
          {done} of {total}
        </span>
      </div>
      <div role="progressbar" aria-label="Providers synced" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} className="h-2 overflow-hidden rounded bg-slate-200">
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <ul className="divide-y divide-slate-200 text-sm">
        {results.map((r) => (
          <li key={r.catalogId} className="flex items-start justify-between gap-3 py-1.5" data-testid={`progress-${r.catalogId}`}>
            <span className="font-medium text-slate-800">{r.name}</span>
            <span className="text-right">
              <Badge tone={outcomeLabels[r.outcome].tone}>
                {outcomeLabels[r.outcome].label}
                {r.version && r.outcome !== 'held' ? ` ${versionLabel(r.version)}` : ''}
              </Badge>
              {r.message && r.outcome !== 'created' ? <span className="block text-xs text-slate-500">{r.message}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
