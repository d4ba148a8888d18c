// Sessions are JWTs that carry the user's session version from sign-in. Bumping the version (sign
// out, "sign out everywhere", a password change) ends every session issued before, on every device.
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { memberships, users, type User } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { hashPassword, verifyPassword } from './password';
import { passwordSchema } from './users';

/** True when a session carrying `version` is still valid for `user`. A token without one is not. */
export function isSessionCurrent(user: Pick<User, 'sessionVersion'>, version: unknown): boolean {
  return typeof version === 'number' && version === user.sessionVersion;
}

/**
 * Ends every session of the user. With `onlyFrom`, only if that is still the current version, so a
 * stale cookie cannot sign its owner out of their other devices.
 */
export async function endAllSessions({ db, userId, onlyFrom }: { db: Db; userId: string; onlyFrom?: number }): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(onlyFrom === undefined ? eq(users.id, userId) : and(eq(users.id, userId), eq(users.sessionVersion, onlyFrom)))
    .returning({ id: users.id });
  return rows.length > 0;
}

async function auditEverywhere(db: Db, userId: string, actor: Actor, action: string, label: string) {
  const places = await db.select({ id: memberships.workspaceId }).from(memberships).where(eq(memberships.userId, userId));
  for (const place of places) await recordAudit({ db, workspaceId: place.id, actor, action, target: { type: 'user', id: userId, label } });
}

/** "Sign out everywhere": every session ends, this one included. */
export async function signOutEverywhere({ db, userId, actor }: { db: Db; userId: string; actor: Actor }) {
  await db.transaction(async (tx) => {
    await endAllSessions({ db: tx, userId });
    await auditEverywhere(tx, userId, actor, 'user.signed_out_everywhere', actor.label);
  });
}

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, 'Enter your current password.').max(256), newPassword: passwordSchema })
  .refine((input) => input.currentPassword !== input.newPassword, { message: 'Choose a password different from the current one.', path: ['newPassword'] });

/** Changes the password after checking the current one, and ends every session (this one included). */
export async function changePassword({ db, userId, actor, input }: { db: Db; userId: string; actor: Actor; input: z.output<typeof changePasswordSchema> }) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('not_found', 'Your account was not found.');
  if (!user.passwordHash) throw new AppError('conflict', 'Your account signs in through single sign-on and has no password here. Change it at your identity provider.');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('invalid', 'The current password is not right.', { fields: { currentPassword: ['The current password is not right.'] } });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await auditEverywhere(tx, userId, actor, 'user.password_changed', user.email);
  });
}
