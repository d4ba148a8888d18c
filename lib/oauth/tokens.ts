// Access tokens for OAuth connectors, refreshed so that many concurrent calls in several app
// instances cause one token request: calls in one process share one promise, and processes
// serialise on a transaction-scoped advisory lock keyed by the connection, re-reading the row
// after taking it (whoever waited finds the token already renewed and uses it).
import 'server-only';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import * as oauth from 'oauth4webapi';
import type { Db } from '@/db/client';
import { connectors, connectorSecrets, oauthCredentials, type OAuthCredential } from '@/db/schema';
import { recordAudit, systemActor } from '@/lib/audit/record';
import { connectorPath, type ConnectorView } from '@/lib/connectors/connectors';
import { endpointOriginsOf, refuseMovedEndpoint } from '@/lib/connectors/origin';
import { decryptSecret, encryptSecret } from '@/lib/connectors/vault';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { notifyRoles, notifyUsers } from '@/lib/notifications';
import { describeTokenFailure, endpointsFor, scopeList, type TokenFailure } from './client';

/** Renew this long before the token expires, so no call goes out with a token about to lapse. */
export const REFRESH_SKEW_MS = 60_000;
/** Attempts at the token endpoint within one refresh when it fails for a transient reason. */
const ATTEMPTS = 3;
const BACKOFF_MS = [200, 800];

export type ConnectionKey = { workspaceId: string; connectorId: string; /** null: the connector's own connection. */ userId: string | null };

export type AccessToken = {
  token: string;
  grantedScopes: string[];
  expiresAt: Date | null;
  /** Never sent to the API; carried so that the runtime masks it should an answer contain it. */
  refreshToken?: string;
};

type OAuthConnector = Pick<ConnectorView, 'id' | 'name' | 'providerName' | 'authType' | 'authConfig' | 'credentialMode'>;

export const usesOAuth = (authType: string) => authType === 'oauth2_code' || authType === 'oauth2_client_credentials';

const fresh = (row: Pick<OAuthCredential, 'expiresAt'>, now = Date.now()) => !row.expiresAt || row.expiresAt.getTime() - REFRESH_SKEW_MS > now;

/** Which row holds a connection: a person's (userId), or the connector's own (null). */
export const connectionWhere = (key: ConnectionKey) =>
  and(
    eq(oauthCredentials.connectorId, key.connectorId),
    eq(oauthCredentials.workspaceId, key.workspaceId),
    key.userId ? eq(oauthCredentials.userId, key.userId) : isNull(oauthCredentials.userId),
  );

export async function readConnection(db: Db, key: ConnectionKey) {
  const [row] = await db.select().from(oauthCredentials).where(connectionWhere(key));
  return row;
}

/** The connector's OAuth client secret, if it has one (public clients do not). */
export async function clientSecretOf(db: Db, key: Pick<ConnectionKey, 'workspaceId' | 'connectorId'>) {
  const [row] = await db
    .select({ ciphertext: connectorSecrets.ciphertext })
    .from(connectorSecrets)
    .where(
      and(
        eq(connectorSecrets.connectorId, key.connectorId),
        eq(connectorSecrets.workspaceId, key.workspaceId),
        isNull(connectorSecrets.userId),
        eq(connectorSecrets.name, 'client_secret'),
      ),
    );
  return row ? decryptSecret(row.ciphertext) : undefined;
}

const toAccessToken = (row: OAuthCredential): AccessToken => ({
  token: decryptSecret(row.accessToken),
  grantedScopes: row.grantedScopes,
  expiresAt: row.expiresAt,
  ...(row.refreshToken ? { refreshToken: decryptSecret(row.refreshToken) } : {}),
});

/** One in-flight renewal per database handle and connection: a handle stands for an app instance. */
const inFlight = new WeakMap<Db, Map<string, Promise<AccessToken>>>();

function singleFlight(db: Db, key: ConnectionKey, run: () => Promise<AccessToken>): Promise<AccessToken> {
  let map = inFlight.get(db);
  if (!map) inFlight.set(db, (map = new Map()));
  const id = `${key.connectorId}:${key.userId ?? ''}`;
  const pending = map.get(id);
  if (pending) return pending;
  const promise = run().finally(() => map.delete(id));
  map.set(id, promise);
  return promise;
}

/**
 * A usable access token for the connection: the stored one while it is fresh, else a renewed one
 * (refresh token, or a new client-credentials token). `rejected` is the token an API just answered
 * 401 to: it is renewed even if it looks fresh, unless someone renewed it meanwhile.
 */
export async function accessTokenFor({
  db,
  connector,
  key,
  rejected,
  allowPrivateNetwork,
}: {
  db: Db;
  connector: OAuthConnector;
  key: ConnectionKey;
  rejected?: string;
  allowPrivateNetwork?: boolean;
}): Promise<AccessToken> {
  const row = await readConnection(db, key);
  if (row?.status === 'connected' && fresh(row) && (!rejected || decryptSecret(row.accessToken) !== rejected)) return toAccessToken(row);
  if (!row && connector.authType === 'oauth2_code') throw notConnected(connector, key);
  if (row?.status === 'needs_reconnect') throw needsReconnect(connector, row);
  return singleFlight(db, key, () => renew({ db, connector, key, rejected, allowPrivateNetwork }));
}

function notConnected(connector: OAuthConnector, key: ConnectionKey) {
  return new AppError(
    'conflict',
    key.userId
      ? `Connect your account first: connector "${connector.name}" has no connection of yours yet.`
      : `Connector "${connector.name}" is not connected yet: a builder connects it once for everyone on its page.`,
  );
}

function needsReconnect(connector: OAuthConnector, row: OAuthCredential) {
  return new AppError(
    'conflict',
    `The connection of connector "${connector.name}" needs to be made again: ${row.statusReason ?? 'the authorization server no longer accepts it.'}`,
  );
}

type Outcome = { ok: true; token: AccessToken } | { ok: false; error: AppError };

async function renew({
  db,
  connector,
  key,
  rejected,
  allowPrivateNetwork,
}: {
  db: Db;
  connector: OAuthConnector;
  key: ConnectionKey;
  rejected?: string;
  allowPrivateNetwork?: boolean;
}): Promise<AccessToken> {
  // Decide inside the lock, commit what was learnt (new tokens, a failure), then answer: throwing
  // inside would roll back the record of an invalid_grant or of a transient failure.
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`oauth:${key.connectorId}:${key.userId ?? ''}`}, 0))`);
    const row = await readConnection(tx, key);
    if (row && row.status === 'connected' && fresh(row) && (!rejected || decryptSecret(row.accessToken) !== rejected)) return { ok: true, token: toAccessToken(row) };
    if (row?.status === 'needs_reconnect') return { ok: false, error: needsReconnect(connector, row) };
    if (!row && connector.authType === 'oauth2_code') return { ok: false, error: notConnected(connector, key) };
    const stillUsable = row && !rejected && row.expiresAt && row.expiresAt.getTime() > Date.now();
    if (row?.retryAfter && row.retryAfter.getTime() > Date.now()) {
      if (stillUsable) return { ok: true, token: toAccessToken(row) };
      return {
        ok: false,
        error: new AppError('unavailable', `The token endpoint of connector "${connector.name}" failed recently; the next attempt is after ${row.retryAfter.toISOString()}.`),
      };
    }
    const refreshToken = row?.refreshToken ? decryptSecret(row.refreshToken) : undefined;
    if (connector.authType === 'oauth2_code' && !refreshToken) {
      return {
        ok: false,
        error: await markNeedsReconnect(tx, { connector, key, row: row!, reason: 'The access token expired and the authorization server gave no refresh token. Connect again.' }),
      };
    }

    const config = connector.authConfig.oauth2!;
    const clientSecret = await clientSecretOf(tx, key);
    let failure: TokenFailure | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS[attempt - 1]));
      try {
        const { as, client, clientAuth, options } = await endpointsFor(config, clientSecret, allowPrivateNetwork);
        // The client secret and refresh token go only to the token endpoint they were entered for.
        const refusal = await refuseMovedEndpoint({ db: tx, workspaceId: key.workspaceId, connectorId: connector.id, endpoint: 'token', now: endpointOriginsOf(as) });
        if (refusal) return { ok: false, error: refusal };
        const response =
          connector.authType === 'oauth2_code'
            ? await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken!, options))
            : await oauth.processClientCredentialsResponse(
                as,
                client,
                await oauth.clientCredentialsGrantRequest(as, client, clientAuth, config.scopes.length ? { scope: config.scopes.join(' ') } : {}, options),
              );
        const saved = await storeTokens(tx, { key, response, previous: row, requestedScopes: row?.requestedScopes ?? config.scopes, connectedBy: row?.connectedBy ?? null });
        return { ok: true, token: toAccessToken(saved) };
      } catch (error) {
        failure = describeTokenFailure(error);
        if (failure.kind !== 'unavailable') break;
      }
    }
    if (failure!.kind === 'invalid_grant' && row) return { ok: false, error: await markNeedsReconnect(tx, { connector, key, row, reason: failure!.message }) };
    const error = await recordTransientFailure(tx, { connector, key, row, failure: failure! });
    // A token that is still valid stays in use while the endpoint recovers.
    return stillUsable ? { ok: true, token: toAccessToken(row) } : { ok: false, error };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.token;
}

/**
 * RFC 6749 §5.1: `scope` may be omitted when it equals what was asked for. `offline_access` is
 * granted by handing out a refresh token, which servers rarely echo in `scope`.
 */
function grantedScopesOf(response: oauth.TokenEndpointResponse, previous: OAuthCredential | undefined, requested: string[]): string[] {
  const granted = response.scope !== undefined ? scopeList(response.scope) : (previous?.grantedScopes ?? requested);
  const hasRefresh = Boolean(response.refresh_token ?? previous?.refreshToken);
  return requested.includes('offline_access') && hasRefresh && !granted.includes('offline_access') ? [...granted, 'offline_access'] : granted;
}

/** Stores a token response over the connection's row; a rotated refresh token replaces the old one in the same statement. */
export async function storeTokens(
  tx: Db,
  {
    key,
    response,
    previous,
    requestedScopes,
    connectedBy,
  }: { key: ConnectionKey; response: oauth.TokenEndpointResponse; previous?: OAuthCredential; requestedScopes: string[]; connectedBy: string | null },
): Promise<OAuthCredential> {
  const now = new Date();
  const values = {
    accessToken: encryptSecret(response.access_token),
    // A server that does not rotate refresh tokens answers without one: keep the one we have.
    refreshToken: response.refresh_token ? encryptSecret(response.refresh_token) : (previous?.refreshToken ?? null),
    tokenType: response.token_type,
    expiresAt: typeof response.expires_in === 'number' ? new Date(now.getTime() + response.expires_in * 1000) : null,
    grantedScopes: grantedScopesOf(response, previous, requestedScopes),
    status: 'connected' as const,
    statusReason: null,
    refreshFailures: 0,
    retryAfter: null,
  };
  const [row] = previous
    ? await tx
        .update(oauthCredentials)
        .set({ ...values, lastRefreshedAt: now })
        .where(eq(oauthCredentials.id, previous.id))
        .returning()
    : await tx
        .insert(oauthCredentials)
        .values({ ...values, workspaceId: key.workspaceId, connectorId: key.connectorId, userId: key.userId, requestedScopes, connectedBy, connectedAt: now })
        .onConflictDoUpdate({
          target: [oauthCredentials.connectorId, oauthCredentials.userId],
          set: { ...values, requestedScopes, connectedBy, connectedAt: now, lastRefreshedAt: null },
        })
        .returning();
  return row!;
}

async function markNeedsReconnect(tx: Db, { connector, key, row, reason }: { connector: OAuthConnector; key: ConnectionKey; row: OAuthCredential; reason: string }) {
  await tx.update(oauthCredentials).set({ status: 'needs_reconnect', statusReason: reason, retryAfter: null }).where(eq(oauthCredentials.id, row.id));
  // The connector's own connection is everyone's: the connector needs attention until it is remade.
  if (!key.userId)
    await tx
      .update(connectors)
      .set({ status: 'needs_attention', statusReason: `The OAuth connection must be made again: ${reason}` })
      .where(and(eq(connectors.id, connector.id), ne(connectors.status, 'disabled')));
  const label = `${connector.providerName} · ${connector.name}`;
  await recordAudit({
    db: tx,
    workspaceId: key.workspaceId,
    actor: systemActor('oauth refresh'),
    action: 'connector.oauth_refresh_failed',
    target: { type: 'connector', id: connector.id, label },
    summary: { userId: key.userId, outcome: 'needs_reconnect', reason },
  });
  // Once per connection: the key carries when the connection was made, so a later reconnect that
  // fails again is told again.
  const notification = {
    kind: 'oauth.needs_reconnect',
    title: `${label}: connect again`,
    body: reason,
    href: await connectorPath(tx, key.workspaceId, connector.id),
    dedupeKey: `oauth-reconnect:${row.id}:${row.connectedAt.getTime()}`,
  };
  if (key.userId) await notifyUsers({ db: tx, workspaceId: key.workspaceId, userIds: [key.userId], notification });
  else await notifyRoles({ db: tx, workspaceId: key.workspaceId, roles: ['admin', 'builder'], notification });
  log.warn('oauth.needs_reconnect', { connectorId: connector.id, userId: key.userId });
  return new AppError('conflict', `The connection of connector "${connector.name}" needs to be made again: ${reason}`);
}

async function recordTransientFailure(tx: Db, { connector, key, row, failure }: { connector: OAuthConnector; key: ConnectionKey; row?: OAuthCredential; failure: TokenFailure }) {
  const failures = (row?.refreshFailures ?? 0) + 1;
  // 5 s, 10 s, 20 s… at most 5 minutes between attempts while the endpoint is down.
  const retryAfter = new Date(Date.now() + Math.min(5_000 * 2 ** (failures - 1), 300_000));
  if (row) await tx.update(oauthCredentials).set({ refreshFailures: failures, retryAfter }).where(eq(oauthCredentials.id, row.id));
  await recordAudit({
    db: tx,
    workspaceId: key.workspaceId,
    actor: systemActor('oauth refresh'),
    action: 'connector.oauth_refresh_failed',
    target: { type: 'connector', id: connector.id, label: `${connector.providerName} · ${connector.name}` },
    summary: { userId: key.userId, outcome: failure.kind, reason: failure.message, failures },
  });
  log.warn('oauth.refresh_failed', { connectorId: connector.id, userId: key.userId, kind: failure.kind, failures });
  return new AppError(failure.kind === 'rejected' ? 'conflict' : 'unavailable', `Could not get an access token for connector "${connector.name}": ${failure.message}`);
}
