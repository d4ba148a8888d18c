'use client';

import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { removeOwnCredentialAction, setOwnCredentialAction } from '@/app/(console)/w/[workspace]/providers/connectors/actions';

/** A person's own credential on a per-user connector: write-only, like every secret here. */
export function OwnCredential({
  workspace,
  connectorId,
  field,
  label,
  isSet,
}: {
  workspace: string;
  connectorId: string;
  field: 'api_key' | 'token' | 'password';
  label: string;
  isSet: boolean;
}) {
  const save = useAction(setOwnCredentialAction);
  const remove = useAction(removeOwnCredentialAction);
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={onFormSubmit((form) => save.run({ workspace, connectorId, values: { [field]: String(form.get('value') ?? '') } as Partial<Record<typeof field, string>> }))}
    >
      <div className="w-96">
        <TextField label={label} name="value" type="password" autoComplete="off" hint={isSet ? 'Yours is set. Type a new one to replace it.' : 'You have not set yours yet.'} />
      </div>
      <Button type="submit" disabled={save.pending}>
        Save mine
      </Button>
      {isSet ? (
        <Button variant="secondary" disabled={remove.pending} onClick={() => remove.run({ workspace, connectorId })}>
          Remove mine
        </Button>
      ) : null}
      <div className="w-full">
        <FormError message={save.error ?? remove.error} />
      </div>
    </form>
  );
}
