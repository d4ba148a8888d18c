import { NextResponse } from 'next/server';
import { countUnread } from '@/lib/notifications';
import { apiRoute } from '@/server/api';
import { requireRouteMember } from '@/server/route-auth';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ workspace: string }>('notifications.unread', async (_request, { params }) => {
  const { db, user, workspace } = await requireRouteMember(params.workspace, 'member');
  return NextResponse.json({ unread: await countUnread({ db, workspaceId: workspace.id, userId: user.id }) }, { headers: { 'cache-control': 'no-store' } });
});
