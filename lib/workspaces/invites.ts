import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { invites, memberships, users, workspaces, type Role } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { notifyRoles } from '@/lib/notifications';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Creates an invite. The token is returned once, for the link, and only its hash is stored. */
export async function createInvite({
  db,
  workspaceId,
  actor,
  email,
  role,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  email: string;
  role: Role;
  now?: Date;
}) {
  const normalised = email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ userId: users.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, workspaceId), eq(users.email, normalised)));
    if (existing) throw new AppError('conflict', `${normalised} is already a member of this workspace.`);

    const token = randomBytes(32).toString('base64url');
    const [invite] = await tx
      .insert(invites)
      .values({
        workspaceId,
        email: normalised,
        role,
        tokenHash: hashToken(token),
        invitedBy: actor.id,
        expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
      })
      .returning();
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'member.invited',
      target: { type: 'invite', id: invite!.id, label: normalised },
      summary: { role, expiresAt: invite!.expiresAt.toISOString() },
    });
    return { invite: invite!, token };
  });
}

export async function listPendingInvites({ db, workspaceId }: { db: Db; workspaceId: string }) {
  return db
    .select({ id: invites.id, email: invites.email, role: invites.role, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
    .from(invites)
    .where(and(eq(invites.workspaceId, workspaceId), gt(invites.expiresAt, sql`now()`)))
    .orderBy(desc(invites.createdAt));
}

export async function revokeInvite({ db, workspaceId, actor, inviteId }: { db: Db; workspaceId: string; actor: Actor; inviteId: string }) {
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(invites)
      .where(and(eq(invites.id, inviteId), eq(invites.workspaceId, workspaceId)))
      .returning();
    if (!deleted) throw notFound('That invite');
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'member.invite_revoked',
      target: { type: 'invite', id: deleted.id, label: deleted.email },
    });
  });
}

/** What the invite page shows before the person accepts. Does not consume the invite. */
export async function previewInvite({ db, token, now = new Date() }: { db: Db; token: string; now?: Date }) {
  const [row] = await db
    .select({ email: invites.email, role: invites.role, expiresAt: invites.expiresAt, workspaceName: workspaces.name, workspaceSlug: workspaces.slug })
    .from(invites)
    .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
    .where(eq(invites.tokenHash, hashToken(token)));
  if (!row) return { status: 'invalid' as const };
  if (row.expiresAt <= now) return { status: 'expired' as const, ...row };
  return { status: 'valid' as const, ...row };
}

/**
 * Consumes the invite (single use: DELETE … RETURNING) and makes the user a member. The invite is
 * bound to its email: a forwarded link does not let someone else in.
 */
export async function acceptInvite({ db, token, user, ip }: { db: Db; token: string; user: { id: string; email: string }; ip?: string | null }) {
  return db.transaction(async (tx) => {
    // Expired invites are cleared here too, so the table does not grow with dead links.
    await tx.delete(invites).where(lte(invites.expiresAt, sql`now() - interval '30 days'`));
    const [invite] = await tx
      .delete(invites)
      .where(and(eq(invites.tokenHash, hashToken(token)), gt(invites.expiresAt, sql`now()`), eq(invites.email, user.email.toLowerCase())))
      .returning();
    if (!invite) {
      const preview = await previewInvite({ db: tx, token });
      if (preview.status === 'invalid') throw new AppError('gone', 'This invite link is not valid or was already used. Ask an admin for a new one.');
      if (preview.status === 'expired') throw new AppError('gone', 'This invite has expired. Ask an admin for a new one.');
      throw new AppError('forbidden', `This invite is for ${preview.email}. Sign in with that account to accept it.`);
    }
    const [joined] = await tx.insert(memberships).values({ workspaceId: invite.workspaceId, userId: user.id, role: invite.role }).onConflictDoNothing().returning();
    const [workspace] = await tx.select().from(workspaces).where(eq(workspaces.id, invite.workspaceId));
    if (joined) {
      await recordAudit({
        db: tx,
        workspaceId: invite.workspaceId,
        actor: { id: user.id, label: user.email, ip },
        action: 'member.joined',
        target: { type: 'member', id: user.id, label: user.email },
        summary: { role: invite.role },
      });
      await notifyRoles({
        db: tx,
        workspaceId: invite.workspaceId,
        roles: ['admin'],
        notification: {
          kind: 'member.joined',
          title: `${user.email} joined ${workspace!.name}`,
          body: `They joined as ${invite.role} through an invite link.`,
          href: `/w/${workspace!.slug}/members`,
          dedupeKey: `member.joined:${invite.id}`,
        },
      });
    }
    return { workspace: workspace!, role: invite.role, alreadyMember: !joined };
  });
}
