import 'server-only';
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { memberships, notifications, type Role } from '@/db/schema';

export type NewNotification = {
  kind: string;
  title: string;
  body?: string;
  href?: string;
  /** Same key, same user: notified once. */
  dedupeKey?: string;
};

/** Notifies the given users of a workspace. Returns how many notifications were created. */
export async function notifyUsers({ db, workspaceId, userIds, notification }: { db: Db; workspaceId: string; userIds: string[]; notification: NewNotification }): Promise<number> {
  if (userIds.length === 0) return 0;
  const rows = await db
    .insert(notifications)
    .values(userIds.map((userId) => ({ workspaceId, userId, ...notification })))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length;
}

/** Notifies everyone who holds one of `roles` in the workspace. */
export async function notifyRoles({ db, workspaceId, roles, notification }: { db: Db; workspaceId: string; roles: Role[]; notification: NewNotification }): Promise<number> {
  const members = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.role, roles)));
  return notifyUsers({ db, workspaceId, userIds: members.map((m) => m.userId), notification });
}

export async function countUnread({ db, workspaceId, userId }: { db: Db; workspaceId: string; userId: string }) {
  const [row] = await db
    .select({ value: count() })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.value ?? 0;
}

export async function listNotifications({ db, workspaceId, userId, limit = 100 }: { db: Db; workspaceId: string; userId: string; limit?: number }) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId)))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}

/** Marks the given notifications (or all, when `ids` is omitted) of this user as read. */
export async function markRead({ db, workspaceId, userId, ids }: { db: Db; workspaceId: string; userId: string; ids?: string[] }): Promise<number> {
  const conditions = [eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (ids) {
    if (ids.length === 0) return 0;
    conditions.push(inArray(notifications.id, ids));
  }
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(...conditions))
    .returning({ id: notifications.id });
  return rows.length;
}
