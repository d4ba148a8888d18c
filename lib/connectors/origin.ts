// Stored credentials are bound to the origin (scheme://host:port) they were entered for. When the
// origin a connector sends requests to moves (a new base URL or server variable, a provider version
// whose servers point elsewhere), no stored secret is sent until someone who may set credentials
// re-enters them or confirms the new origin. Connectors saved before the binding existed (null) are
// bound to the origin of their first call (trust on first use).
//
// OAuth connectors also send their client secret, refresh tokens, authorization codes and (to revoke
// them) access tokens to the authorization server's token and revocation endpoints. Those are bound
// the same way, to the endpoints' origins after discovery (authConfig.oauth2.boundEndpointOrigins): a
// new token URL, or an issuer whose metadata names another host, stops them until someone who may
// set credentials re-enters the client secret or confirms. A connector with no endpoint binding yet
// (saved before it existed, or whose client secret was just entered) is bound at its next request to
// those endpoints (trust on first use: whoever typed the secret chose where it goes).
import 'server-only';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, providers, providerVersions, type AuthConfig, type EndpointOrigins } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { endpointsFor } from '@/lib/oauth/client';
import { resolveBaseUrl, type ConnectorTarget } from '@/lib/runtime/build-request';

export const originOf = (url: string) => new URL(url).origin;

/** Begins every status reason this file writes, so a save or confirmation knows which reason it clears. */
const REASON_START = "The connector's credentials were entered for ";

export function originMovedMessage(bound: string, now: string) {
  return `${REASON_START}${bound}; it now points to ${now}. Someone who may set credentials (a builder or admin) must confirm: re-enter them, or choose "Use the stored credentials with ${now}" on the connector's page. Until then no stored credential is sent.`;
}

export const isOriginReason = (reason: string | null | undefined) => Boolean(reason?.startsWith(REASON_START));

/** The origin the connector resolves to with its provider's current version, or null when it cannot resolve yet (no server, a missing variable). */
export async function currentOrigin({
  db,
  workspaceId,
  connector,
}: {
  db: Db;
  workspaceId: string;
  connector: Pick<ConnectorTarget, 'baseUrl' | 'serverVariables'> & { providerId: string };
}): Promise<string | null> {
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
export async function assertCredentialsOrigin({
  db,
  workspaceId,
  connector,
  origin,
}: {
  db: Db;
  workspaceId: string;
  connector: { id: string; credentialsOrigin: string | null };
  origin: string;
}) {
  const where = and(eq(connectors.id, connector.id), eq(connectors.workspaceId, workspaceId));
  if (connector.credentialsOrigin === null) {
    await db
      .update(connectors)
      .set({ credentialsOrigin: origin })
      .where(and(where, isNull(connectors.credentialsOrigin)));
    return;
  }
  if (connector.credentialsOrigin === origin) return;
  const reason = originMovedMessage(connector.credentialsOrigin, origin);
  await db
    .update(connectors)
    .set({ status: 'needs_attention', statusReason: reason })
    .where(and(where, ne(connectors.status, 'disabled')));
  throw new AppError('conflict', reason, { details: { credentialsOrigin: connector.credentialsOrigin, origin } });
}

export type OAuthEndpoint = 'token' | 'revocation';

/** Found anywhere in a status reason: Test connection, for one, puts its own words before it. */
const ENDPOINT_REASON = /The connector's OAuth (token|revocation) endpoint was at (\S+) when its client secret and tokens were entered; it is now at (\S+)\. /;

export function endpointMovedMessage(endpoint: OAuthEndpoint, bound: string, now: string) {
  return `The connector's OAuth ${endpoint} endpoint was at ${bound} when its client secret and tokens were entered; it is now at ${now}. Someone who may set credentials (a builder or admin) must confirm: re-enter the client secret, or choose "Use the stored credentials with ${now}" on the connector's page. Until then no client secret or token is sent there.`;
}

/** The endpoint move a status reason written here describes, or null. */
export function endpointMoveIn(reason: string | null | undefined): { endpoint: OAuthEndpoint; bound: string; now: string } | null {
  const match = reason ? ENDPOINT_REASON.exec(reason) : null;
  return match ? { endpoint: match[1] as OAuthEndpoint, bound: match[2]!, now: match[3]! } : null;
}

/** The origins of an authorization server's token and revocation endpoints (after discovery). */
export const endpointOriginsOf = (as: { token_endpoint?: string; revocation_endpoint?: string }): EndpointOrigins => ({
  ...(as.token_endpoint ? { tokenEndpoint: originOf(as.token_endpoint) } : {}),
  ...(as.revocation_endpoint ? { revocationEndpoint: originOf(as.revocation_endpoint) } : {}),
});

/** Where stored OAuth secrets may go for `endpoint`: a revocation endpoint unknown when they were bound may only be on the token endpoint's origin. */
const allowedOrigin = (bound: EndpointOrigins, endpoint: OAuthEndpoint) => (endpoint === 'token' ? bound.tokenEndpoint : (bound.revocationEndpoint ?? bound.tokenEndpoint));

/**
 * Before a request that carries a stored OAuth secret to `endpoint` of the authorization server in
 * effect now (`now`, after discovery): binds a connector not bound yet, lets the bound origin
 * through, and otherwise marks the connector as needing attention and returns the refusal. It is
 * returned, not thrown, so that a caller inside a transaction can commit the mark and then refuse.
 */
export async function refuseMovedEndpoint({
  db,
  workspaceId,
  connectorId,
  endpoint,
  now,
}: {
  db: Db;
  workspaceId: string;
  connectorId: string;
  endpoint: OAuthEndpoint;
  now: EndpointOrigins;
}): Promise<AppError | null> {
  const where = and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId));
  const [connector] = await db.select({ authConfig: connectors.authConfig, status: connectors.status, statusReason: connectors.statusReason }).from(connectors).where(where);
  const target = endpoint === 'token' ? now.tokenEndpoint : now.revocationEndpoint;
  if (!connector?.authConfig.oauth2 || !target) return null;
  const bound = connector.authConfig.oauth2.boundEndpointOrigins;
  if (!bound) {
    await db
      .update(connectors)
      .set({ authConfig: sql`jsonb_set(${connectors.authConfig}, '{oauth2,boundEndpointOrigins}', ${JSON.stringify(now)}::jsonb)` })
      .where(and(where, sql`${connectors.authConfig} -> 'oauth2' -> 'boundEndpointOrigins' is null`));
    return null;
  }
  const allowed = allowedOrigin(bound, endpoint);
  if (target === allowed) {
    if (connector.status === 'needs_attention' && endpointMoveIn(connector.statusReason)?.endpoint === endpoint)
      await db.update(connectors).set({ status: 'active', statusReason: null }).where(where);
    return null;
  }
  const reason = endpointMovedMessage(endpoint, allowed ?? 'no known address', target);
  await db
    .update(connectors)
    .set({ status: 'needs_attention', statusReason: reason })
    .where(and(where, ne(connectors.status, 'disabled')));
  return new AppError('conflict', reason, { details: { boundOrigin: allowed ?? null, origin: target } });
}

/** A move of the OAuth endpoints visible in the configuration alone (an entered token URL elsewhere), without asking the issuer. */
function endpointMoveInConfig(oauth2: AuthConfig['oauth2']): string | null {
  const bound = oauth2?.boundEndpointOrigins;
  if (!bound) return null;
  for (const [endpoint, url] of [
    ['token', oauth2.tokenUrl],
    ['revocation', oauth2.revocationUrl],
  ] as const) {
    if (!url || !URL.canParse(url)) continue;
    const allowed = allowedOrigin(bound, endpoint);
    if (originOf(url) !== allowed) return endpointMovedMessage(endpoint, allowed ?? 'no known address', originOf(url));
  }
  return null;
}

/**
 * After credentials are saved: binds them to the connector's current origin (`rebind`: also when it
 * was bound elsewhere; otherwise only a connector not bound yet), and clears an origin warning that
 * no longer holds. Returns the connector's binding afterwards.
 */
export async function bindCredentialsOrigin({ db, workspaceId, connectorId, rebind }: { db: Db; workspaceId: string; connectorId: string; rebind: boolean }) {
  const [connector] = await db
    .select({
      providerId: connectors.providerId,
      baseUrl: connectors.baseUrl,
      serverVariables: connectors.serverVariables,
      credentialsOrigin: connectors.credentialsOrigin,
      authConfig: connectors.authConfig,
      status: connectors.status,
      statusReason: connectors.statusReason,
    })
    .from(connectors)
    .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
  if (!connector) return null;
  const origin = await currentOrigin({ db, workspaceId, connector });
  const bound = origin && (rebind || connector.credentialsOrigin === null) ? origin : connector.credentialsOrigin;
  await db
    .update(connectors)
    .set({ credentialsOrigin: bound, ...statusAfter(connector, bound, origin, rebind) })
    .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
  return bound;
}

/**
 * The status a connector should show once its binding is `bound` and it points to `origin`. An OAuth
 * endpoint warning is cleared only by `rebind` (the secret re-entered, or confirmed) or when no
 * endpoint binding is left: whether an issuer still names another host is only known by asking it.
 */
function statusAfter(connector: { status: string; statusReason: string | null; authConfig: AuthConfig }, bound: string | null, origin: string | null, rebind: boolean) {
  if (connector.status === 'disabled') return {};
  if (bound && origin && bound !== origin) return { status: 'needs_attention' as const, statusReason: originMovedMessage(bound, origin) };
  const endpointMoved = endpointMoveInConfig(connector.authConfig.oauth2);
  if (endpointMoved) return { status: 'needs_attention' as const, statusReason: endpointMoved };
  const endpointReason = endpointMoveIn(connector.statusReason) !== null;
  const released = isOriginReason(connector.statusReason) || (endpointReason && (rebind || !connector.authConfig.oauth2?.boundEndpointOrigins));
  if (connector.status === 'needs_attention' && released) return { status: 'active' as const, statusReason: null };
  return {};
}

const sameOrigins = (a: EndpointOrigins | undefined, b: EndpointOrigins) => a?.tokenEndpoint === b.tokenEndpoint && a?.revocationEndpoint === b.revocationEndpoint;

/**
 * "Use the stored credentials with <new origin>": a builder's or admin's explicit, audited
 * confirmation. It covers where the calls go and, for OAuth, the token and revocation endpoints in
 * effect now (asking the issuer, before the transaction).
 */
export async function confirmCredentialsOrigin({
  db,
  workspaceId,
  actor,
  connectorId,
  allowPrivateNetwork,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  connectorId: string;
  allowPrivateNetwork?: boolean;
}) {
  const [current] = await db
    .select({ authType: connectors.authType, authConfig: connectors.authConfig })
    .from(connectors)
    .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
  if (!current) throw new AppError('not_found', 'That connector was not found in this workspace.');
  const oauth2 = current.authType === 'oauth2_code' || current.authType === 'oauth2_client_credentials' ? current.authConfig.oauth2 : undefined;
  const endpoints = oauth2 ? endpointOriginsOf((await endpointsFor(oauth2, undefined, allowPrivateNetwork)).as) : null;
  return db.transaction(async (tx) => {
    const [connector] = await tx
      .select({
        name: connectors.name,
        providerName: providers.name,
        providerId: connectors.providerId,
        baseUrl: connectors.baseUrl,
        serverVariables: connectors.serverVariables,
        credentialsOrigin: connectors.credentialsOrigin,
        authConfig: connectors.authConfig,
      })
      .from(connectors)
      .innerJoin(providers, eq(providers.id, connectors.providerId))
      .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)))
      .for('update', { of: connectors });
    if (!connector) throw new AppError('not_found', 'That connector was not found in this workspace.');
    const origin = await currentOrigin({ db: tx, workspaceId, connector });
    if (!origin) throw new AppError('conflict', 'The connector has no complete base URL yet, so there is no origin to confirm. Set its base URL or server variables first.');
    const boundEndpoints = connector.authConfig.oauth2?.boundEndpointOrigins;
    const endpointsMoved = endpoints !== null && connector.authConfig.oauth2 !== undefined && !sameOrigins(boundEndpoints, endpoints);
    if (origin === connector.credentialsOrigin && !endpointsMoved) return { changed: false, origin };
    if (endpointsMoved) {
      await tx
        .update(connectors)
        .set({ authConfig: { ...connector.authConfig, oauth2: { ...connector.authConfig.oauth2!, boundEndpointOrigins: endpoints } } })
        .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
    }
    await bindCredentialsOrigin({ db: tx, workspaceId, connectorId, rebind: true });
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'connector.credentials_origin_confirmed',
      target: { type: 'connector', id: connectorId, label: `${connector.providerName} · ${connector.name}` },
      summary: { from: connector.credentialsOrigin, to: origin, ...(endpointsMoved ? { oauthEndpoints: { from: boundEndpoints ?? null, to: endpoints } } : {}) },
    });
    return { changed: true, origin, ...(endpointsMoved ? { oauthEndpoints: endpoints } : {}) };
  });
}
