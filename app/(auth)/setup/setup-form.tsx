'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { runSetup } from './actions';

export function SetupForm() {
  const [signInError, setSignInError] = useState<string | null>(null);
  const router = useRouter();
  const setup = useAction(runSetup, { refresh: false });

  async function onSubmit(form: FormData) {
    const input = {
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      workspaceName: String(form.get('workspaceName') ?? ''),
    };
    const result = await setup.runAsync(input);
    if (!result.ok) return;
    const signedIn = await signIn('credentials', { email: input.email, password: input.password, redirect: false });
    if (signedIn?.error) return setSignInError('Your account was created, but signing in failed. Sign in on the next page.');
    // Next: the catalogue, to pick providers to start with (skippable).
    router.push(`/w/${result.data.workspaceSlug}/providers/repository/setup`);
  }

  return (
    <form onSubmit={onFormSubmit(onSubmit)} className="mt-6 space-y-4">
      <FormError message={setup.error ?? signInError} />
      <TextField label="Your name" name="name" autoComplete="name" required errors={setup.fields.name} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required errors={setup.fields.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        errors={setup.fields.password}
      />
      <TextField label="Workspace name" name="workspaceName" required placeholder="Acme Operations" errors={setup.fields.workspaceName} />
      <Button type="submit" className="w-full" disabled={setup.pending}>
        {setup.pending ? 'Creating…' : 'Create admin and workspace'}
      </Button>
    </form>
  );
}
