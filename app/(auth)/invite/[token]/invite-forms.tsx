'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { acceptWorkspaceInvite, registerWithInvite } from './actions';

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const accept = useAction(acceptWorkspaceInvite, { refresh: false, onSuccess: ({ workspaceSlug }) => router.push(`/w/${workspaceSlug}/providers/connectors`) });
  return (
    <div className="mt-6 space-y-3">
      <FormError message={accept.error} />
      <Button className="w-full" disabled={accept.pending} onClick={() => accept.run({ token })}>
        {accept.pending ? 'Joining…' : 'Accept invite'}
      </Button>
    </div>
  );
}

export function RegisterWithInvite({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const register = useAction(registerWithInvite, { refresh: false });
  async function onSubmit(form: FormData) {
    const password = String(form.get('password') ?? '');
    const result = await register.runAsync({ token, name: String(form.get('name') ?? ''), password });
    if (!result.ok) return;
    await signIn('credentials', { email, password, redirect: false });
    router.push(`/w/${result.data.workspaceSlug}/providers/connectors`);
  }
  return (
    <form onSubmit={onFormSubmit(onSubmit)} className="mt-6 space-y-4">
      <FormError message={register.error} />
      <TextField label="Email" name="email" value={email} readOnly disabled />
      <TextField label="Your name" name="name" autoComplete="name" required errors={register.fields.name} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        errors={register.fields.password}
      />
      <Button type="submit" className="w-full" disabled={register.pending}>
        {register.pending ? 'Creating account…' : 'Create account and join'}
      </Button>
    </form>
  );
}
