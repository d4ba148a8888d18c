'use client';

import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';
import { testConnectionAction } from '@/app/(console)/w/[workspace]/providers/connectors/actions';

export function TestConnection({ workspace, connectorId, canTest, lastTestedAt }: { workspace: string; connectorId: string; canTest: boolean; lastTestedAt: string | null }) {
  const test = useAction(testConnectionAction);
  const outcome = test.result?.ok ? test.result.data : null;
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        {canTest ? (
          <Button variant="secondary" disabled={test.pending} onClick={() => test.run({ workspace, connectorId })}>
            {test.pending ? 'Testing…' : 'Test connection'}
          </Button>
        ) : null}
        <span className="text-xs text-slate-500">{lastTestedAt ? `Last tested ${new Date(lastTestedAt).toUTCString()}` : 'Never tested.'}</span>
      </div>
      <FormError message={test.error} />
      {outcome ? (
        <div
          className={`rounded-md border p-3 text-sm ${outcome.ok ? 'border-green-200 bg-green-50 text-green-900' : 'border-amber-200 bg-amber-50 text-amber-900'}`}
          role="status"
          data-testid="test-outcome"
        >
          <p className="font-medium">{outcome.summary}</p>
          {outcome.status !== undefined ? (
            <p className="mt-1 text-xs">
              Status {outcome.status} · {outcome.durationMs} ms
            </p>
          ) : null}
          {outcome.request ? (
            <pre className="mt-2 overflow-auto rounded bg-white/70 p-2 text-xs text-slate-800">
              {`${outcome.request.method} ${outcome.request.url}\n${Object.entries(outcome.request.headers)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n')}`}
            </pre>
          ) : null}
          {outcome.excerpt ? <pre className="mt-2 max-h-48 overflow-auto rounded bg-white/70 p-2 text-xs text-slate-800">{outcome.excerpt}</pre> : null}
        </div>
      ) : null}
    </div>
  );
}
