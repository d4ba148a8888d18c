'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { createNewWorkspace } from './actions';

export function CreateWorkspaceForm() {
  const router = useRouter();
  const create = useAction(createNewWorkspace, { refresh: false, onSuccess: ({ slug }) => router.push(`/w/${slug}/providers/connectors`) });
  return (
    <form onSubmit={onFormSubmit((form) => create.run({ name: String(form.get('name') ?? '') }))} className="flex items-end gap-3">
      <div className="flex-1">
        <TextField label="Workspace name" name="name" required errors={create.fields.name} />
      </div>
      <Button type="submit" disabled={create.pending}>
        Create
      </Button>
      <FormError message={create.error} />
    </form>
  );
}
