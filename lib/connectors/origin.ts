// Stored credentials are bound to the origin (scheme://host:port) they were entered for. When the
// origin a connector sends requests to moves (a new base URL or server variable, a provider version
// whose servers point elsewhere), no stored secret is sent until someone who may set credentials
// re-enters them or confirms the new origin. Connectors saved before the binding existed (null) are
// bound to the origin of their first call (trust on first use).
import 'server-only';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, providers, providerVersions } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { resolveBaseUrl, type ConnectorTarget } from '@/lib/runtime/build-request';

export const originOf = (url: string) => new URL(url).origin;

/** Begins every status reason this file writes, so a save or confirmation knows which reason it clears. */
const REASON_START = "The connector's credentials were entered for ";

export function originMovedMessage(bound: string, now: string) {
  return `${REASON_START}${bound}; it now points to ${now}. Someone who may set credentials (a builder or admin) must confirm: re-enter them, or choose "Use the stored credentials with ${now}" on the connector's page. Until then no stored credential is sent.`;
}

export const isOriginReason = (reason: string | null | undefined) => Boolean(reason?.startsWith(REASON_START));

/** The origin the connector resolves to with its provider's current version, or null when it cannot resolve yet (no server, a missing variable). */
export async function currentOrigin({ db, workspaceId, connector }: { db: Db; workspaceId: string; connector: Pick<ConnectorTarget, 'baseUrl' | 'serverVariables'> & { providerId: string } }): Promise<string | null> {
  const [row] = await db
    .select({ servers: providerVersions.servers })
    .from(providers)
    .innerJoin(providerVersions, eq(providerVersions.id, providers.currentVersionId))
    .where(and(eq(providers.id, connector.providerId), eq(providers.workspaceId, workspaceId)));
  try {
    return originOf(resolveBaseUrl(connector, row?.servers ?? []));
  } catch {
    return null;
  }
}

/**
 * Before a call sends stored credentials to `origin`: binds a connector that is not bound yet, lets
 * a call to the bound origin through, and refuses any other, marking the connector as needing attention.
 */
export async function assertCredentialsOrigin({ db, workspaceId, connector, origin }: { db: Db; workspaceId: string; connector: { id: string; credentialsOrigin: string | null }; origin: string }) {
  const where = and(eq(connectors.id, connector.id), eq(connectors.workspaceId, workspaceId));
  if (connector.credentialsOrigin === null) {
    await db.update(connectors).set({ credentialsOrigin: origin }).where(and(where, isNull(connectors.credentialsOrigin)));
    return;
  }
  if (connector.credentialsOrigin === origin) return;
  const reason = originMovedMessage(connector.credentialsOrigin, origin);
  await db.update(connectors).set({ status: 'needs_attention', statusReason: reason }).where(and(where, ne(connectors.status, 'disabled')));
  throw new AppError('conflict', reason, { details: { credentialsOrigin: connector.credentialsOrigin, origin } });
}

/**
 * After credentials are saved: binds them to the connector's current origin (`rebind`: also when it
 * was bound elsewhere; otherwise only a connector not bound yet), and clears an origin warning that
 * no longer holds. Returns the connector's binding afterwards.
 */
export async function bindCredentialsOrigin({ db, workspaceId, connectorId, rebind }: { db: Db; workspaceId: string; connectorId: string; rebind: boolean }) {
  const [connector] = await db
    .select({ providerId: connectors.providerId, baseUrl: connectors.baseUrl, serverVariables: connectors.serverVariables, credentialsOrigin: connectors.credentialsOrigin, status: connectors.status, statusReason: connectors.statusReason })
    .from(connectors)
    .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
  if (!connector) return null;
  const origin = await currentOrigin({ db, workspaceId, connector });
  const bound = origin && (rebind || connector.credentialsOrigin === null) ? origin : connector.credentialsOrigin;
  await db
    .update(connectors)
    .set({ credentialsOrigin: bound, ...statusAfter(connector, bound, origin) })
    .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
  return bound;
}

/** The status a connector should show once its binding is `bound` and it points to `origin`. */
function statusAfter(connector: { status: string; statusReason: string | null }, bound: string | null, origin: string | null) {
  if (connector.status === 'disabled') return {};
  if (bound && origin && bound !== origin) return { status: 'needs_attention' as const, statusReason: originMovedMessage(bound, origin) };
  if (connector.status === 'needs_attention' && isOriginReason(connector.statusReason)) return { status: 'active' as const, statusReason: null };
  return {};
}

/** "Use the stored credentials with <new origin>": a builder's or admin's explicit, audited confirmation. */
export async function confirmCredentialsOrigin({ db, workspaceId, actor, connectorId }: { db: Db; workspaceId: string; actor: Actor; connectorId: string }) {
  return db.transaction(async (tx) => {
    const [connector] = await tx
      .select({ name: connectors.name, providerName: providers.name, providerId: connectors.providerId, baseUrl: connectors.baseUrl, serverVariables: connectors.serverVariables, credentialsOrigin: connectors.credentialsOrigin })
      .from(connectors)
      .innerJoin(providers, eq(providers.id, connectors.providerId))
      .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)))
      .for('update', { of: connectors });
    if (!connector) throw new AppError('not_found', 'That connector was not found in this workspace.');
    const origin = await currentOrigin({ db: tx, workspaceId, connector });
    if (!origin) throw new AppError('conflict', "The connector has no complete base URL yet, so there is no origin to confirm. Set its base URL or server variables first.");
    if (origin === connector.credentialsOrigin) return { changed: false, origin };
    await bindCredentialsOrigin({ db: tx, workspaceId, connectorId, rebind: true });
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'connector.credentials_origin_confirmed',
      target: { type: 'connector', id: connectorId, label: `${connector.providerName} · ${connector.name}` },
      summary: { from: connector.credentialsOrigin, to: origin },
    });
    return { changed: true, origin };
  });
}
