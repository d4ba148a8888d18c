'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FieldErrors, FormError, TextField } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';
import { createModelAction, updateModelAction } from '@/app/(console)/w/[workspace]/providers/models/actions';
import { featureLabels, modalities, modalityLabels, modelFeatures, priceFields, priceLabels, type ModelInput } from '@/lib/models/schema';

type Initial = Omit<ModelInput, 'contextWindow' | 'maxOutputTokens'> & { contextWindow: number | null; maxOutputTokens: number | null };

function Checkboxes({
  name,
  legend,
  options,
  labels,
  checked,
  errors,
}: {
  name: string;
  legend: string;
  options: readonly string[];
  labels: Record<string, string>;
  checked: readonly string[];
  errors?: string[];
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {options.map((option) => (
          <label key={option} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name={name} value={option} defaultChecked={checked.includes(option)} className="accent-indigo-600" /> {labels[option]}
          </label>
        ))}
      </div>
      <FieldErrors errors={errors} />
    </fieldset>
  );
}

export function ModelForm({ workspace, modelId, initial }: { workspace: string; modelId?: string; initial?: Initial }) {
  const router = useRouter();
  const after = { refresh: false, onSuccess: (data: { id: string }) => router.push(`/w/${workspace}/providers/models/${data.id}`) };
  const create = useAction(createModelAction, after);
  const update = useAction(updateModelAction, after);
  const save = modelId ? update : create;
  const f = (name: string) => save.fields[`model.${name}`];

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const model = {
      provider: text('provider'),
      identifier: text('identifier'),
      displayName: text('displayName'),
      features: form.getAll('features').map(String),
      inputModalities: form.getAll('inputModalities').map(String),
      outputModalities: form.getAll('outputModalities').map(String),
      contextWindow: text('contextWindow'),
      maxOutputTokens: text('maxOutputTokens'),
      prices: Object.fromEntries(priceFields.map((p) => [p, text(`price:${p}`)])),
    };
    // Prices stay strings all the way to the database: never floats.
    if (modelId) update.run({ workspace, modelId, model, pricesEffectiveFrom: text('effectiveFrom') || undefined } as Parameters<typeof update.run>[0]);
    else create.run({ workspace, model } as Parameters<typeof create.run>[0]);
  }

  return (
    <form onSubmit={submit} className="max-w-3xl space-y-5" aria-label="Model">
      <FormError message={save.error} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField label="Provider" name="provider" defaultValue={initial?.provider} placeholder="openai" required errors={f('provider')} />
        <TextField label="Identifier" name="identifier" defaultValue={initial?.identifier} placeholder="gpt-4.1" required errors={f('identifier')} />
        <TextField label="Display name" name="displayName" defaultValue={initial?.displayName} placeholder="GPT-4.1" required errors={f('displayName')} />
      </div>
      <Checkboxes name="features" legend="Features" options={modelFeatures} labels={featureLabels} checked={initial?.features ?? []} errors={f('features')} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Checkboxes name="inputModalities" legend="Input modalities" options={modalities} labels={modalityLabels} checked={initial?.inputModalities ?? ['text']} />
        <Checkboxes name="outputModalities" legend="Output modalities" options={modalities} labels={modalityLabels} checked={initial?.outputModalities ?? ['text']} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Context window (max input tokens)"
          name="contextWindow"
          inputMode="numeric"
          defaultValue={initial?.contextWindow ?? ''}
          errors={f('contextWindow')}
          hint="Empty when unknown."
        />
        <TextField label="Max output tokens" name="maxOutputTokens" inputMode="numeric" defaultValue={initial?.maxOutputTokens ?? ''} errors={f('maxOutputTokens')} />
      </div>
      <fieldset className="rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold">Prices, USD per million tokens</legend>
        <p className="mb-3 text-xs text-slate-500">Exact decimals such as 2.50. Empty means unknown; 0 means free.</p>
        <div className="grid gap-3 sm:grid-cols-4">
          {priceFields.map((p) => (
            <TextField key={p} label={priceLabels[p]} name={`price:${p}`} inputMode="decimal" defaultValue={initial?.prices[p] ?? ''} errors={f(`prices.${p}`)} />
          ))}
        </div>
        {modelId ? (
          <div className="mt-3 w-64">
            <TextField
              label="New prices take effect on"
              name="effectiveFrom"
              type="date"
              hint="Empty: now. Earlier prices stay in the history."
              errors={save.fields.pricesEffectiveFrom}
            />
          </div>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={save.pending}>
        {save.pending ? 'Saving…' : modelId ? 'Save model' : 'Add model'}
      </Button>
    </form>
  );
}
