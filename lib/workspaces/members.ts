import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, connectorSecrets, memberships, oauthCredentials, users, type Role } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError, notFound } from '@/lib/errors';
import { revokeAtProvider, type Revocation } from '@/lib/oauth/flow';

export async function listMembers({ db, workspaceId }: { db: Db; workspaceId: string }) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt, lastSignInAt: users.lastSignInAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(users.name));
}

/**
 * Locks the workspace's admin rows so that two admins demoting each other at once cannot leave the
 * workspace with none.
 */
async function lockAdmins(tx: Db, workspaceId: string) {
  const admins = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'admin')))
    .for('update');
  return admins.map((a) => a.userId);
}

async function lockMember(tx: Db, workspaceId: string, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .for('update', { of: memberships });
  if (!row) throw notFound('That member');
  return row;
}

export async function changeMemberRole({ db, workspaceId, actor, userId, role }: { db: Db; workspaceId: string; actor: Actor; userId: string; role: Role }) {
  return db.transaction(async (tx) => {
    const admins = await lockAdmins(tx, workspaceId);
    const member = await lockMember(tx, workspaceId, userId);
    if (member.role === role) return { changed: false };
    if (member.role === 'admin' && admins.length <= 1) {
      throw new AppError('conflict', 'This is the last admin of the workspace. Make someone else an admin first.');
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'member.role_changed',
      target: { type: 'member', id: userId, label: member.email },
      summary: { from: member.role, to: role },
    });
    return { changed: true };
  });
}

/**
 * Removes a member and what was theirs alone in this workspace: their own connector secrets and
 * OAuth connections (their rows in other workspaces stay). The rows go with the membership, in one
 * transaction; the OAuth tokens are then revoked at providers that offer revocation, best effort: a
 * provider that cannot be reached does not undo the removal, and the outcome is audited.
 */
export async function removeMember({
  db,
  workspaceId,
  actor,
  userId,
  allowPrivateNetwork,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  userId: string;
  allowPrivateNetwork?: boolean;
}) {
  const { member, connections } = await db.transaction(async (tx) => {
    const admins = await lockAdmins(tx, workspaceId);
    const member = await lockMember(tx, workspaceId, userId);
    if (member.role === 'admin' && admins.length <= 1) {
      throw new AppError('conflict', 'This is the last admin of the workspace and cannot be removed. Make someone else an admin first.');
    }
    const secrets = await tx
      .delete(connectorSecrets)
      .where(and(eq(connectorSecrets.workspaceId, workspaceId), eq(connectorSecrets.userId, userId)))
      .returning({ connectorId: connectorSecrets.connectorId });
    const connections = await tx
      .delete(oauthCredentials)
      .where(and(eq(oauthCredentials.workspaceId, workspaceId), eq(oauthCredentials.userId, userId)))
      .returning({ connectorId: oauthCredentials.connectorId, accessToken: oauthCredentials.accessToken, refreshToken: oauthCredentials.refreshToken });
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'member.removed',
      target: { type: 'member', id: userId, label: member.email },
      summary: {
        role: member.role,
        ownStoredFieldsDeleted: secrets.length,
        connectorsAffected: new Set(secrets.map((s) => s.connectorId)).size,
        oauthConnectionsDeleted: connections.length,
      },
    });
    return { member, connections };
  });
  if (connections.length === 0) return { oauthConnectionsRevoked: 0, oauthRevocationFailed: 0 };

  const outcomes: Revocation[] = [];
  for (const connection of connections) {
    const [connector] = await db
      .select({ id: connectors.id, authConfig: connectors.authConfig })
      .from(connectors)
      .where(and(eq(connectors.id, connection.connectorId), eq(connectors.workspaceId, workspaceId)));
    outcomes.push(connector ? await revokeAtProvider({ db, workspaceId, connector, removed: connection, allowPrivateNetwork }) : 'not_offered');
  }
  const counted = (outcome: Revocation) => outcomes.filter((o) => o === outcome).length;
  // Withheld: the connector's revocation endpoint moved away from where the tokens were entered for.
  const withheld = counted('withheld');
  const summary = {
    revokedAtProvider: counted('revoked'),
    revocationFailed: counted('failed'),
    noRevocationOffered: counted('not_offered'),
    ...(withheld ? { revocationWithheld: withheld } : {}),
  };
  await recordAudit({ db, workspaceId, actor, action: 'member.oauth_revoked', target: { type: 'member', id: userId, label: member.email }, summary });
  return { oauthConnectionsRevoked: summary.revokedAtProvider, oauthRevocationFailed: summary.revocationFailed };
}

export async function countAdmins({ db, workspaceId }: { db: Db; workspaceId: string }) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'admin')));
  return row?.n ?? 0;
}
