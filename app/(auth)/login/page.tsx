import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { safeReturnTo } from '@/lib/auth/return-to';
import { isSetupOpen } from '@/lib/auth/setup';
import { env, oidcEnabled } from '@/lib/env';
import { getCurrentUser } from '@/server/auth';
import { appOrigin } from '@/server/request';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

const knownErrors: Record<string, string> = {
  CredentialsSignin: 'The email or password is not right.',
  OAuthSignin: 'Could not start single sign-on. Try again, or sign in with your password.',
  OAuthCallback: 'Single sign-on did not complete. Try again, or sign in with your password.',
  AccessDenied: 'Access was denied.',
  SessionRequired: 'Please sign in to continue.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  await connection();
  if (await isSetupOpen({ db: await getDb() })) redirect('/setup');
  const { callbackUrl, error } = await searchParams;
  const returnTo = safeReturnTo(callbackUrl, await appOrigin(), '/');
  if (await getCurrentUser()) redirect(returnTo);
  const message = error ? (knownErrors[error] ?? (error.length < 300 && /\s/.test(error) ? error : 'Sign-in failed. Try again.')) : null;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <LoginForm callbackUrl={returnTo} initialError={message} sso={oidcEnabled ? { name: env.OIDC_NAME } : null} />
    </div>
  );
}
