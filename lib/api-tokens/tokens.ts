import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { apiScopes, apiTokens, users, type ApiScope } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';

export const tokenInputSchema = z.object({
  name: z.string().trim().min(1, 'Name the token after its client, e.g. "support-bot runtime".').max(100),
  scopes: z.array(z.enum(apiScopes)).min(1, 'Choose at least one scope.'),
  expiresInDays: z
    .union([z.literal(''), z.coerce.number().int().min(1, 'At least 1 day.').max(3650, 'At most 10 years.')])
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
});

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a token and returns it once; only its hash and prefix are stored. */
export async function createApiToken({
  db,
  workspaceId,
  actor,
  input,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  input: { name: string; scopes: ApiScope[]; expiresInDays?: number };
}) {
  const token = `pis_${randomBytes(30).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        workspaceId,
        name: input.name,
        prefix: token.slice(0, 10),
        tokenHash: hash(token),
        scopes: input.scopes,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
        createdBy: actor.id,
      })
      .returning();
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'api_token.created',
      target: { type: 'api_token', id: row!.id, label: input.name },
      summary: { scopes: input.scopes, expiresAt: row!.expiresAt?.toISOString() ?? null },
    });
    return { token, id: row!.id, expiresAt: row!.expiresAt };
  });
}

/** The token's owner: the admin who created it, or null for a token an operator made with the CLI. */
export async function listApiTokens({ db, workspaceId }: { db: Db; workspaceId: string }) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
      createdBy: apiTokens.createdBy,
      createdByName: users.name,
      createdByEmail: users.email,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.workspaceId, workspaceId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken({ db, workspaceId, actor, tokenId }: { db: Db; workspaceId: string; actor: Actor; tokenId: string }) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.workspaceId, workspaceId), sql`${apiTokens.revokedAt} is null`))
      .returning();
    if (!row) throw new AppError('not_found', 'That token was not found in this workspace, or is already revoked.');
    await recordAudit({ db: tx, workspaceId, actor, action: 'api_token.revoked', target: { type: 'api_token', id: tokenId, label: row.name } });
  });
}

export type TokenCaller = {
  tokenId: string;
  workspaceId: string;
  name: string;
  scopes: ApiScope[];
  /** Who created the token; null for an operator's (CLI) token or a deleted user. */ createdBy: string | null;
};

export const ON_BEHALF_SCOPE = 'tools:invoke:on-behalf' satisfies ApiScope;

/**
 * Naming a person (their own key or OAuth connection, their connection status) needs the on-behalf
 * scope; without it a token reaches only shared connectors.
 */
export function assertMayActFor(caller: Pick<TokenCaller, 'scopes'>, userId: string | null | undefined, field = 'userId') {
  if (userId && !caller.scopes.includes(ON_BEHALF_SCOPE)) {
    throw new AppError(
      'forbidden',
      `Acting for a person (${field}) needs a token with the "${ON_BEHALF_SCOPE}" scope; this token may use shared connectors only. An admin can create one on the "API tokens" page of the console sidebar.`,
    );
  }
}

/**
 * The caller behind an `Authorization: Bearer pis_…` header, with its workspace and scopes.
 * Unknown, revoked and expired tokens are all a 401 with the same message.
 */
export async function authenticateApiToken({ db, authorization, scope }: { db: Db; authorization: string | null; scope: ApiScope }): Promise<TokenCaller> {
  const token = authorization?.match(/^Bearer\s+(pis_[A-Za-z0-9_-]{20,})\s*$/)?.[1];
  if (!token)
    throw new AppError('unauthenticated', 'Send a workspace API token as "Authorization: Bearer pis_…". Admins create tokens on the "API tokens" page of the console sidebar.');
  const [row] = await db
    .select({
      id: apiTokens.id,
      workspaceId: apiTokens.workspaceId,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      createdBy: apiTokens.createdBy,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hash(token)), sql`${apiTokens.revokedAt} is null`, sql`(${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > now())`));
  // "Last used" to the minute is enough; writing it on every call would cost each call a write.
  if (row && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)) await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  if (!row) throw new AppError('unauthenticated', 'This API token is not valid: it is unknown, revoked or expired.');
  if (!row.scopes.includes(scope)) throw new AppError('forbidden', `This token lacks the "${scope}" scope.`);
  return { tokenId: row.id, workspaceId: row.workspaceId, name: row.name, scopes: row.scopes, createdBy: row.createdBy };
}
