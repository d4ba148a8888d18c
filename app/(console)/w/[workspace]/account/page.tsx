import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { getDb } from '@/db';
import { findUserById } from '@/lib/auth/users';
import { requireWorkspace } from '@/server/workspace';
import { ChangePasswordForm, SignOutEverywhereButton } from './account-forms';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { user } = await requireWorkspace((await params).workspace);
  const account = await findUserById({ db: await getDb(), id: user.id });
  return (
    <div className="space-y-6">
      <PageHeader title="Your account" description={`Signed in as ${user.name} (${user.email}). This applies to every workspace you belong to.`} />
      <Card title="Password" description="After the change you are signed out everywhere, this browser included: sign in again with the new password.">
        {account?.passwordHash ? (
          <ChangePasswordForm />
        ) : (
          <p className="text-sm text-slate-600">You sign in through single sign-on and have no password here. Change it at your identity provider.</p>
        )}
      </Card>
      <Card
        title="Sessions"
        description="Signs you out on every device and browser where you are signed in, this one included. Use it if you signed in on a computer that is not yours, or think someone else has your session."
      >
        <SignOutEverywhereButton />
      </Card>
    </div>
  );
}
