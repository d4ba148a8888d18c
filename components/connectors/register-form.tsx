'use client';

import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { deleteRegistrationAction, registerAction } from '@/app/(console)/w/[workspace]/providers/connectors/actions';

const split = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function RegisterForm({ workspace, kind }: { workspace: string; kind: 'worker' | 'workflow' }) {
  const action = useAction(registerAction);
  const parts = kind === 'worker' ? 'Skills' : 'Nodes';
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
      onSubmit={onFormSubmit((form) => {
        const name = String(form.get('name') ?? '');
        action.run({ workspace, kind, name, parts: split(String(form.get('parts') ?? '')) });
      })}
    >
      <TextField label={kind === 'worker' ? 'Worker name' : 'Workflow name'} name="name" required errors={action.fields.name} />
      <TextField label={`${parts} (comma-separated)`} name="parts" placeholder={kind === 'worker' ? 'triage, reply' : 'welcome, follow-up'} errors={action.fields.parts} />
      <Button type="submit" disabled={action.pending}>
        Register
      </Button>
      <div className="sm:col-span-3">
        <FormError message={action.error} />
      </div>
    </form>
  );
}

export function DeleteRegistrationButton({ workspace, kind, id, name }: { workspace: string; kind: 'worker' | 'workflow'; id: string; name: string }) {
  const remove = useAction(deleteRegistrationAction);
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-label={`Delete ${name}`}
      onClick={() => {
        if (!window.confirm(`Delete ${name}? Its connector assignments are removed too.`)) return;
        remove.run({ workspace, kind, id });
      }}
    >
      Delete
    </Button>
  );
}
