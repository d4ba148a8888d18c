import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { isSetupOpen } from '@/lib/auth/setup';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'First-run setup' };

export default async function SetupPage() {
  await connection();
  if (!(await isSetupOpen({ db: await getDb() }))) redirect('/login');
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold">Set up your workspace</h1>
      <p className="mt-1 text-sm text-slate-600">Create the first admin account and the first workspace. This page closes once it is done.</p>
      <SetupForm />
    </div>
  );
}
