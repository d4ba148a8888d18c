'use client';

import { signOut } from 'next-auth/react';
import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { changeOwnPassword, signOutOfAllSessions } from './actions';

// Both end every session on the server first; signOut() then clears this browser's cookie.
const leave = () => signOut({ callbackUrl: '/login' });

export function ChangePasswordForm() {
  const change = useAction(changeOwnPassword, { refresh: false, onSuccess: leave });
  return (
    <form
      onSubmit={onFormSubmit((form) => change.run({ currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') }))}
      className="max-w-md space-y-4"
    >
      <FormError message={change.error} />
      <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={change.fields.currentPassword} />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        errors={change.fields.newPassword}
      />
      <Button type="submit" disabled={change.pending}>
        {change.pending ? 'Changing…' : 'Change password'}
      </Button>
    </form>
  );
}

export function SignOutEverywhereButton() {
  const end = useAction(signOutOfAllSessions, { refresh: false, onSuccess: leave });
  return (
    <div className="space-y-2">
      <FormError message={end.error} />
      <Button variant="secondary" onClick={() => end.run({})} disabled={end.pending}>
        {end.pending ? 'Signing out…' : 'Sign out everywhere'}
      </Button>
    </div>
  );
}
