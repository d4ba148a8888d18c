'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { removeProvider, saveProviderDetails } from '@/app/(console)/w/[workspace]/providers/apis/[provider]/actions';

type Details = { id: string; name: string; slug: string; description: string; logoUrl: string };

export function ProviderDetailsForm({ workspace, provider }: { workspace: string; provider: Details }) {
  const router = useRouter();
  const save = useAction(saveProviderDetails, { refresh: false, onSuccess: ({ slug }) => router.replace(`/w/${workspace}/providers/apis/${slug}/settings`) });
  return (
    <form
      className="grid max-w-2xl gap-4"
      onSubmit={onFormSubmit((form) =>
        save.run({
          workspace,
          providerId: provider.id,
          name: String(form.get('name') ?? ''),
          slug: String(form.get('slug') ?? ''),
          description: String(form.get('description') ?? '') || undefined,
          logoUrl: String(form.get('logoUrl') ?? ''),
        }),
      )}
    >
      <FormError message={save.error} />
      {save.result?.ok ? (
        <p role="status" className="text-sm text-green-700">
          Saved.
        </p>
      ) : null}
      <TextField label="Name" name="name" defaultValue={provider.name} required errors={save.fields.name} />
      <TextField label="Slug" name="slug" defaultValue={provider.slug} required errors={save.fields.slug} hint="Used in addresses: lower-case letters, digits and dashes." />
      <TextField label="Description" name="description" defaultValue={provider.description} errors={save.fields.description} />
      {/* Logos load only from this app: a synced provider keeps its bundled one; others show a monogram. */}
      <input type="hidden" name="logoUrl" value={provider.logoUrl} />
      {save.fields.logoUrl ? <FormError message={save.fields.logoUrl.join(' ')} /> : null}
      <div>
        <Button type="submit" disabled={save.pending}>
          Save
        </Button>
      </div>
    </form>
  );
}

export function DeleteProviderForm({ workspace, providerId, name }: { workspace: string; providerId: string; name: string }) {
  const router = useRouter();
  const remove = useAction(removeProvider, { refresh: false, onSuccess: () => router.replace(`/w/${workspace}/providers/apis`) });
  const needsConfirmation = remove.result && !remove.result.ok && remove.result.code === 'conflict';
  return (
    <div className="space-y-3">
      <FormError message={remove.error} />
      <Button
        variant="danger"
        disabled={remove.pending}
        onClick={() => {
          if (!needsConfirmation && !window.confirm(`Delete ${name} with all its versions?`)) return;
          remove.run({ workspace, providerId, confirmRemoveConnectors: Boolean(needsConfirmation) });
        }}
      >
        {needsConfirmation ? 'Delete the provider and its connectors' : `Delete ${name}`}
      </Button>
    </div>
  );
}
