import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { roleLabels } from '@/lib/auth/roles';
import { findUserByEmail } from '@/lib/auth/users';
import { previewInvite } from '@/lib/workspaces/invites';
import { getCurrentUser } from '@/server/auth';
import { AcceptInvite, RegisterWithInvite } from './invite-forms';

export const metadata: Metadata = { title: 'Join a workspace' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const db = await getDb();
  const invite = await previewInvite({ db, token });
  const box = 'rounded-lg border border-slate-200 bg-white p-6 shadow-sm';

  if (invite.status !== 'valid') {
    return (
      <div className={box}>
        <h1 className="text-xl font-semibold">{invite.status === 'expired' ? 'This invite has expired' : 'This invite link is not valid'}</h1>
        <p className="mt-2 text-sm text-slate-600">Invite links work once and expire after 7 days. Ask an admin of the workspace for a new one.</p>
      </div>
    );
  }

  const user = await getCurrentUser();
  const heading = (
    <>
      <h1 className="text-xl font-semibold">Join {invite.workspaceName}</h1>
      <p className="mt-1 text-sm text-slate-600">
        You are invited as <strong>{roleLabels[invite.role]}</strong> with the address <strong>{invite.email}</strong>.
      </p>
    </>
  );
  if (user) {
    return (
      <div className={box}>
        {heading}
        {user.email === invite.email ? (
          <AcceptInvite token={token} />
        ) : (
          <p className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            You are signed in as {user.email}. This invite is for {invite.email}: sign out and sign in with that account to accept it.
          </p>
        )}
      </div>
    );
  }
  const existing = await findUserByEmail({ db, email: invite.email });
  return (
    <div className={box}>
      {heading}
      {existing ? (
        <p className="mt-4 text-sm">
          You already have an account.{' '}
          <Link className="font-medium text-indigo-600 hover:underline" href={`/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>
            Sign in to accept
          </Link>
        </p>
      ) : (
        <RegisterWithInvite token={token} email={invite.email} />
      )}
    </div>
  );
}
