import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { SignOutButton } from '@/components/console/sign-out-button';
import { OAuthErrorBanner } from '@/components/connectors/oauth-error';
import { getDb } from '@/db';
import { roleLabels } from '@/lib/auth/roles';
import { listWorkspacesOfUser } from '@/lib/workspaces/workspaces';
import { requireUser } from '@/server/workspace';
import { CreateWorkspaceForm } from './create-workspace-form';

export const metadata: Metadata = { title: 'Workspaces' };

export default async function WorkspacesPage({ searchParams }: { searchParams: Promise<{ oauth_error?: string; oauth_sig?: string }> }) {
  const user = await requireUser('/workspaces');
  const flash = await searchParams;
  const workspaces = await listWorkspacesOfUser({ db: await getDb(), userId: user.id });
  return (
    <main className="mx-auto max-w-2xl space-y-6 px-6 py-12">
      <PageHeader
        title="Your workspaces"
        description={`Signed in as ${user.email}.`}
        actions={
          <div className="rounded bg-slate-900 px-3 py-1.5">
            <SignOutButton />
          </div>
        }
      />
      <OAuthErrorBanner params={flash} />
      <Card>
        {workspaces.length === 0 ? (
          <p className="text-sm text-slate-600">You are not a member of any workspace yet. Ask an admin for an invite link, or create a workspace of your own.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {workspaces.map((w) => (
              <li key={w.slug} className="flex items-center justify-between py-2">
                <Link href={`/w/${w.slug}/providers/connectors`} className="font-medium text-indigo-700 hover:underline">
                  {w.name}
                </Link>
                <span className="text-sm text-slate-500">{roleLabels[w.role]}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Create a workspace" description="You become its admin. Nothing is shared between workspaces.">
        <CreateWorkspaceForm />
      </Card>
    </main>
  );
}
