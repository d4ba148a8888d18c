'use client';

import { useRouter } from 'next/navigation';
import { formatPrice } from '@/lib/models/prices';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { deleteModelAction, estimateCostAction, setModelStatusAction } from '@/app/(console)/w/[workspace]/providers/models/actions';

export function ModelStatusToggle({ workspace, modelId, identifier, active }: { workspace: string; modelId: string; identifier: string; active: boolean }) {
  const toggle = useAction(setModelStatusAction);
  const [on, setOn] = useState(active);
  return (
    <label className="inline-flex cursor-pointer items-center gap-2 text-xs text-slate-600">
      <input
        type="checkbox"
        role="switch"
        aria-label={`${identifier} enabled`}
        checked={on}
        disabled={toggle.pending}
        className="h-4 w-4 accent-indigo-600"
        onChange={async (e) => {
          const next = e.target.checked;
          setOn(next);
          const result = await toggle.runAsync({ workspace, modelId, active: next }).catch(() => null);
          if (!result?.ok) setOn(!next);
        }}
      />
      {on ? 'active' : 'inactive'}
    </label>
  );
}

export function DeleteModelButton({ workspace, modelId, identifier }: { workspace: string; modelId: string; identifier: string }) {
  const router = useRouter();
  const remove = useAction(deleteModelAction, { refresh: false, onSuccess: () => router.replace(`/w/${workspace}/providers/models`) });
  return (
    <div>
      <Button
        variant="danger"
        disabled={remove.pending}
        onClick={() => {
          if (window.confirm(`Delete ${identifier}? Past records that name it still resolve; it leaves the list.`)) remove.run({ workspace, modelId });
        }}
      >
        Delete
      </Button>
      <FormError message={remove.error} />
    </div>
  );
}

const money = (value: string | null) => formatPrice(value, 'unknown price');

export function CostEstimator({ workspace, modelId }: { workspace: string; modelId: string }) {
  const estimate = useAction(estimateCostAction, { refresh: false });
  const cost = estimate.result?.ok ? estimate.result.data : null;
  return (
    <div className="space-y-3">
      <form
        className="grid gap-3 sm:grid-cols-5 sm:items-end"
        aria-label="Estimate a cost"
        onSubmit={onFormSubmit((form) =>
          estimate.run({
            workspace,
            modelId,
            inputTokens: Number(String(form.get('inputTokens')).replace(/[,_\s]/g, '') || 0),
            cachedInputTokens: Number(String(form.get('cachedInputTokens')).replace(/[,_\s]/g, '') || 0),
            outputTokens: Number(String(form.get('outputTokens')).replace(/[,_\s]/g, '') || 0),
            at: String(form.get('at') ?? '') || undefined,
          }),
        )}
      >
        <TextField label="Input tokens" name="inputTokens" inputMode="numeric" defaultValue="1000000" errors={estimate.fields.inputTokens} hint="Cached tokens included." />
        <TextField label="Of which cached" name="cachedInputTokens" inputMode="numeric" defaultValue="0" errors={estimate.fields.cachedInputTokens} />
        <TextField label="Output tokens" name="outputTokens" inputMode="numeric" defaultValue="100000" errors={estimate.fields.outputTokens} />
        <TextField label="At date (optional)" name="at" type="date" errors={estimate.fields.at} />
        <Button type="submit" disabled={estimate.pending}>
          Estimate
        </Button>
      </form>
      <FormError message={estimate.error} />
      {cost ? (
        <div role="status" className="rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm" data-testid="cost-estimate">
          <p className="text-lg font-semibold">{formatPrice(cost.total)}</p>
          <p className="text-xs text-slate-600">
            Prices in effect from {cost.priceEffectiveFrom.slice(0, 10)}: input {money(cost.prices.input)}, cached {money(cost.prices.cachedInput)}, output{' '}
            {money(cost.prices.output)} per million tokens.
          </p>
          <p className="mt-1 text-xs text-slate-600">
            Input {cost.parts.input === null ? 'unknown' : `$${cost.parts.input}`} · cached {cost.parts.cachedInput === null ? 'unknown' : `$${cost.parts.cachedInput}`} · output{' '}
            {cost.parts.output === null ? 'unknown' : `$${cost.parts.output}`}
          </p>
          {cost.unknown.length ? <p className="mt-1 text-xs text-amber-800">Some prices are unknown ({cost.unknown.join(', ')}); the total leaves them out.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
