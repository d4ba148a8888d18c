'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useAction } from '@/components/ui/use-action';
import type { UpdatePolicy } from '@/db/schema';
import { applyUpdate, changePolicy, rollback, syncProviders, unselect } from '@/app/(console)/w/[workspace]/providers/repository/actions';
import { SyncProgress } from './sync-progress';

const ActionError = ({ message }: { message: string | null }) =>
  message ? (
    <span role="alert" className="block text-xs text-red-600">
      {message}
    </span>
  ) : null;

/** On: non-breaking updates apply by themselves; off: every update waits for a person. */
export function PolicySwitch({ workspace, catalogId, name, policy, canChange }: { workspace: string; catalogId: string; name: string; policy: UpdatePolicy; canChange: boolean }) {
  const action = useAction(changePolicy);
  const [auto, setAuto] = useState(policy === 'auto_non_breaking');
  return (
    <label className="inline-flex items-center gap-2 text-xs text-slate-600" title={canChange ? undefined : 'Only admins change the update policy.'}>
      <input
        type="checkbox"
        role="switch"
        aria-label={`Apply non-breaking updates of ${name} automatically`}
        checked={auto}
        disabled={!canChange || action.pending}
        onChange={async (e) => {
          const next = e.target.checked;
          setAuto(next);
          const result = await action.runAsync({ workspace, catalogId, policy: next ? 'auto_non_breaking' : 'manual' }).catch(() => null);
          if (!result?.ok) setAuto(!next);
        }}
        className="h-4 w-4 accent-indigo-600"
      />
      {auto ? 'auto (non-breaking)' : 'manual only'}
      <ActionError message={action.error} />
    </label>
  );
}

export function ApplyUpdateButton({ workspace, catalogId, version }: { workspace: string; catalogId: string; version: string }) {
  const [runId, setRunId] = useState<string | null>(null);
  const action = useAction(applyUpdate, { refresh: false, onSuccess: (data) => setRunId(data.runId) });
  return (
    <span>
      <Button size="sm" disabled={action.pending || Boolean(runId)} onClick={() => action.run({ workspace, catalogId })}>
        {action.pending || runId ? 'Applying…' : `Apply ${version}`}
      </Button>
      <ActionError message={action.error} />
      {runId ? <SyncProgress key={runId} workspace={workspace} runId={runId} compact /> : null}
    </span>
  );
}

export function UnselectButton({ workspace, catalogId, name }: { workspace: string; catalogId: string; name: string }) {
  const action = useAction(unselect);
  return (
    <span>
      <Button
        size="sm"
        variant="ghost"
        disabled={action.pending}
        aria-label={`Stop syncing ${name}`}
        onClick={() => {
          if (window.confirm(`Stop syncing ${name}? The provider, its versions and connectors stay in the workspace.`)) action.run({ workspace, catalogId });
        }}
      >
        Stop syncing
      </Button>
      <ActionError message={action.error} />
    </span>
  );
}

export function RollbackButton({ workspace, catalogId, versionId, number }: { workspace: string; catalogId: string; versionId: string; number: number }) {
  const action = useAction(rollback);
  return (
    <span>
      <Button size="sm" variant="secondary" disabled={action.pending} onClick={() => action.run({ workspace, catalogId, versionId })} aria-label={`Roll back to version ${number}`}>
        Roll back to v{number}
      </Button>
      <ActionError message={action.error} />
    </span>
  );
}

/** Syncs the given providers (or the whole selection) now, and shows the run's progress. */
export function SyncNowButton({ workspace, catalogIds, label = 'Sync now' }: { workspace: string; catalogIds?: string[]; label?: string }) {
  const [runId, setRunId] = useState<string | null>(null);
  const action = useAction(syncProviders, { refresh: false, onSuccess: (data) => setRunId(data.runId) });
  return (
    <div className="space-y-3">
      <Button variant="secondary" disabled={action.pending} onClick={() => action.run({ workspace, catalogIds })}>
        {action.pending ? 'Starting…' : label}
      </Button>
      <ActionError message={action.error} />
      {runId ? <SyncProgress key={runId} workspace={workspace} runId={runId} /> : null}
    </div>
  );
}
