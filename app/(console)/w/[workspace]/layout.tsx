import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConsoleFrame } from '@/components/console/console-frame';
import { NavLink } from '@/components/console/nav-link';
import { NotificationBell } from '@/components/console/notification-bell';
import { SignOutButton } from '@/components/console/sign-out-button';
import { WorkspaceSwitcher } from '@/components/console/workspace-switcher';
import { getDb } from '@/db';
import { roleLabels } from '@/lib/auth/roles';
import { countUnread } from '@/lib/notifications';
import { listWorkspacesOfUser } from '@/lib/workspaces/workspaces';
import { requireWorkspace } from '@/server/workspace';

export default async function ConsoleLayout({ children, params }: { children: ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { user, workspace, can } = await requireWorkspace(slug);
  const db = await getDb();
  const [workspaces, unread] = await Promise.all([listWorkspacesOfUser({ db, userId: user.id }), countUnread({ db, workspaceId: workspace.id, userId: user.id })]);
  const base = `/w/${workspace.slug}`;
  return (
    <ConsoleFrame
      header={
        <>
          <p className="truncate text-sm font-medium text-slate-700">{workspace.name}</p>
          <NotificationBell workspace={workspace.slug} initialCount={unread} />
        </>
      }
      sidebar={
        <>
          <div className="mb-5 flex items-center gap-2 px-2">
            <div className="flex h-8 w-8 items-center justify-center rounded-md bg-indigo-500 text-sm font-bold text-white">P</div>
            <span className="text-sm font-semibold text-white">Integrations</span>
          </div>
          <div className="mb-5 px-2">
            <WorkspaceSwitcher current={workspace.slug} workspaces={workspaces} />
          </div>
          <nav className="flex flex-1 flex-col gap-1" aria-label="Main">
            <NavLink href={`${base}/providers`}>Providers</NavLink>
            <NavLink href={`${base}/members`}>Members</NavLink>
            {can('admin') ? <NavLink href={`${base}/audit`}>Audit log</NavLink> : null}
            {can('admin') ? <NavLink href={`${base}/settings/api-tokens`}>API tokens</NavLink> : null}
            <NavLink href={`${base}/notifications`}>Notifications</NavLink>
          </nav>
          <div className="border-t border-slate-800 px-2 pt-3">
            <p className="truncate text-sm font-medium text-white" title={user.email}>
              {user.name}
            </p>
            <p className="truncate text-xs text-slate-400">
              {user.email} · <span data-testid="current-role">{roleLabels[workspace.role]}</span>
            </p>
            <div className="mt-2 flex items-center gap-3">
              <Link href={`${base}/account`} className="text-xs font-medium text-slate-400 hover:text-white">
                Your account
              </Link>
              <SignOutButton />
            </div>
          </div>
        </>
      }
    >
      {children}
    </ConsoleFrame>
  );
}
