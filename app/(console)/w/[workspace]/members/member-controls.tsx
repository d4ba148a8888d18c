'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormError, SelectField, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import type { Role } from '@/lib/auth/roles';
import { inviteMember, removeWorkspaceMember, revokeMemberInvite, setMemberRole } from './actions';

const roleOptions: { value: Role; label: string }[] = [
  { value: 'member', label: 'Member' },
  { value: 'builder', label: 'Builder' },
  { value: 'admin', label: 'Admin' },
];

export function InviteForm({ workspace }: { workspace: string }) {
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  const invite = useAction(inviteMember, { onSuccess: (data) => setLink(data) });
  return (
    <div className="space-y-4">
      <form
        className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end"
        onSubmit={onFormSubmit((form) => invite.run({ workspace, email: String(form.get('email') ?? ''), role: String(form.get('role')) as Role }))}
      >
        <TextField label="Email" name="email" type="email" required errors={invite.fields.email} />
        <SelectField label="Role" name="role" defaultValue="member" errors={invite.fields.role}>
          {roleOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
        <Button type="submit" disabled={invite.pending}>
          {invite.pending ? 'Creating…' : 'Create invite link'}
        </Button>
      </form>
      <FormError message={invite.error} />
      {link ? (
        <div className="rounded-md border border-green-200 bg-green-50 p-3 text-sm" role="status">
          <p className="font-medium text-green-900">Invite link for {link.email} (shown once):</p>
          <div className="mt-2 flex gap-2">
            <input
              readOnly
              aria-label="Invite link"
              value={link.url}
              className="w-full rounded border border-green-300 bg-white px-2 py-1 font-mono text-xs"
              onFocus={(e) => e.target.select()}
            />
            <Button size="sm" variant="secondary" onClick={() => navigator.clipboard?.writeText(link.url)}>
              Copy
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function MemberRoleSelect({ workspace, userId, email, role }: { workspace: string; userId: string; email: string; role: Role }) {
  const change = useAction(setMemberRole);
  const [value, setValue] = useState(role);
  return (
    <div>
      <select
        aria-label={`Role of ${email}`}
        value={value}
        disabled={change.pending}
        onChange={async (event) => {
          const next = event.target.value as Role;
          setValue(next);
          const result = await change.runAsync({ workspace, userId, role: next }).catch(() => null);
          if (!result?.ok) setValue(role);
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {roleOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {change.error ? (
        <p role="alert" className="mt-1 max-w-xs text-xs text-red-600">
          {change.error}
        </p>
      ) : null}
    </div>
  );
}

export function RemoveMemberButton({ workspace, userId, email }: { workspace: string; userId: string; email: string }) {
  const remove = useAction(removeWorkspaceMember);
  return (
    <div>
      <Button
        size="sm"
        variant="secondary"
        disabled={remove.pending}
        onClick={() => {
          if (
            window.confirm(
              `Remove ${email} from this workspace? They lose access at once, and their own connector credentials and OAuth connections here are deleted (tokens revoked at the provider where it allows).`,
            )
          )
            remove.run({ workspace, userId });
        }}
      >
        Remove
      </Button>
      {remove.error ? (
        <p role="alert" className="mt-1 max-w-xs text-xs text-red-600">
          {remove.error}
        </p>
      ) : null}
    </div>
  );
}

export function RevokeInviteButton({ workspace, inviteId, email }: { workspace: string; inviteId: string; email: string }) {
  const revoke = useAction(revokeMemberInvite);
  return (
    <Button size="sm" variant="ghost" disabled={revoke.pending} onClick={() => revoke.run({ workspace, inviteId })} aria-label={`Revoke invite for ${email}`}>
      Revoke
    </Button>
  );
}
