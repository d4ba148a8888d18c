'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import { onFormSubmit } from '@/components/ui/use-action';

export function LoginForm({ callbackUrl, initialError, sso }: { callbackUrl: string; initialError: string | null; sso: { name: string } | null }) {
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(form: FormData) {
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      // A throttled attempt (429) carries its own message: "Too many attempts. Try again in N minutes."
      if (result?.status === 429 && result.error) setError(result.error);
      else setError(result?.error === 'CredentialsSignin' ? 'The email or password is not right.' : 'Sign-in failed. Try again in a moment.');
      return;
    }
    window.location.assign(callbackUrl);
  }

  return (
    <div className="mt-6 space-y-6">
      <form onSubmit={onFormSubmit(onSubmit)} className="space-y-4">
        <FormError message={error} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      {sso ? (
        <div className="space-y-3">
          <div className="flex items-center gap-3 text-xs text-slate-400">
            <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button variant="secondary" className="w-full" onClick={() => signIn('oidc', { callbackUrl })}>
            Sign in with {sso.name === 'SSO' ? 'SSO' : `SSO (${sso.name})`}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
