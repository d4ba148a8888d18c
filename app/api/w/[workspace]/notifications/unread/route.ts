import { NextResponse } from 'next/server';
import { countUnread } from '@/lib/notifications';
import { memberRoute } from '@/server/route-auth';

export const dynamic = 'force-dynamic';

export const GET = memberRoute<{ workspace: string }>('notifications.unread', { role: 'member' }, async (_request, { db, user, workspace }) => {
  return NextResponse.json({ unread: await countUnread({ db, workspaceId: workspace.id, userId: user.id }) }, { headers: { 'cache-control': 'no-store' } });
});
