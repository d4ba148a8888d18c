'use server';

import { z } from 'zod';
import { markRead } from '@/lib/notifications';
import { workspaceAction } from '@/server/action';

export const markNotificationsRead = workspaceAction(
  'notifications.mark_read',
  { input: z.object({ ids: z.array(z.uuid()).max(500).optional() }), role: 'member' },
  async ({ ids }, ctx) => ({ marked: await markRead({ db: ctx.db, workspaceId: ctx.workspace.id, userId: ctx.user.id, ids }) }),
);
