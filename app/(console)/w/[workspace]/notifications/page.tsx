import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { getDb } from '@/db';
import { listNotifications } from '@/lib/notifications';
import { requireWorkspace } from '@/server/workspace';
import { MarkReadButton } from './mark-read-button';

export const metadata: Metadata = { title: 'Notifications' };

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function NotificationsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { user, workspace } = await requireWorkspace((await params).workspace);
  const items = await listNotifications({ db: await getDb(), workspaceId: workspace.id, userId: user.id });
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notifications"
        description="Updates that need your attention in this workspace."
        actions={unread > 0 ? <MarkReadButton workspace={workspace.slug} label="Mark all as read" /> : null}
      />
      {items.length === 0 ? (
        <EmptyState title="You are all caught up">Provider updates, connections that need attention and similar news will appear here.</EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100">
            {items.map((n) => (
              <li key={n.id} className="flex items-start justify-between gap-4 py-3" data-unread={!n.readAt || undefined}>
                <div>
                  <p className={`text-sm ${n.readAt ? 'text-slate-700' : 'font-semibold text-slate-900'}`}>
                    {!n.readAt ? <span className="mr-2 inline-block h-2 w-2 rounded-full bg-indigo-600" aria-label="unread" /> : null}
                    {n.href ? (
                      <Link href={n.href} className="hover:underline">
                        {n.title}
                      </Link>
                    ) : (
                      n.title
                    )}
                  </p>
                  {n.body ? <p className="mt-0.5 text-sm text-slate-600">{n.body}</p> : null}
                  <p className="mt-0.5 text-xs text-slate-400">{timeFormat.format(n.createdAt)} UTC</p>
                </div>
                {!n.readAt ? <MarkReadButton workspace={workspace.slug} ids={[n.id]} label="Mark read" /> : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
