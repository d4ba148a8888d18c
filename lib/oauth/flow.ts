// User OAuth: the authorization-code flow with PKCE (S256) for a connector. The state is random,
// stored only as its sha256, single use, expiring, and bound to the person who started the flow.
import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import * as oauth from 'oauth4webapi';
import type { Db } from '@/db/client';
import { connectors, oauthCredentials, oauthStates, workspaces, type OAuthCredential } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { safeReturnTo } from '@/lib/auth/return-to';
import { getConnector, type ConnectorView } from '@/lib/connectors/connectors';
import { bindCredentialsOrigin, endpointOriginsOf, refuseMovedEndpoint } from '@/lib/connectors/origin';
import { decryptSecret, encryptSecret } from '@/lib/connectors/vault';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { isMember } from '@/lib/workspaces/workspaces';
import { describeTokenFailure, endpointsFor, missingScopes } from './client';
import { clientSecretOf, connectionWhere, readConnection, storeTokens } from './tokens';

export const CALLBACK_PATH = '/api/oauth/callback';
const STATE_TTL_MS = 10 * 60_000;

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

/**
 * `returnTo` as a path of this app, or an error. Read as a browser reads it (lib/auth/return-to):
 * another host in any spelling (`//host`, `/\host`, `/a/..//host`, tabs inside), javascript: and
 * other origins are refused.
 */
export function safeReturnPath(returnTo: string | null | undefined, origin: string, fallback: string): string {
  if (!returnTo) return fallback;
  const path = safeReturnTo(returnTo, origin, '');
  if (path) return path;
  throw new AppError('invalid', 'The return URL must be a page of this app. Start the connection from the connector page.', {
    fields: { returnTo: ['Use a path of this app, like /w/acme/providers/connectors.'] },
  });
}

/** Whose connection a person makes on this connector: their own (per user) or the connector's (shared). */
export function connectionOwner(connector: Pick<ConnectorView, 'credentialMode'>, userId: string): string | null {
  return connector.credentialMode === 'per_user' ? userId : null;
}

/**
 * Starts the flow for the signed-in person and returns the authorization URL to send them to.
 * On a shared connector the action layer lets only builders and admins get here.
 */
export async function startAuthorization({
  db,
  workspaceId,
  connectorId,
  userId,
  origin,
  returnTo,
  allowPrivateNetwork,
}: {
  db: Db;
  workspaceId: string;
  connectorId: string;
  userId: string;
  origin: string;
  returnTo: string;
  allowPrivateNetwork?: boolean;
}): Promise<{ url: string }> {
  const connector = await getConnector({ db, workspaceId, connectorId });
  if (connector.authType !== 'oauth2_code') throw new AppError('conflict', `Connector "${connector.name}" does not use user OAuth; there is nothing to connect.`);
  if (connector.status === 'disabled') throw new AppError('conflict', `Connector "${connector.name}" is disabled. Ask a builder to enable it first.`);
  const config = connector.authConfig.oauth2!;
  const { as, client } = await endpointsFor(config, await clientSecretOf(db, { workspaceId, connectorId }), allowPrivateNetwork);
  if (!as.authorization_endpoint) throw new AppError('invalid', `Connector "${connector.name}" has no authorization URL, and its issuer publishes none. Edit its OAuth settings.`);

  const state = oauth.generateRandomState();
  const verifier = oauth.generateRandomCodeVerifier();
  const redirectUri = new URL(CALLBACK_PATH, origin).href;
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, new Date(Date.now() - STATE_TTL_MS)));
  await db.insert(oauthStates).values({
    workspaceId,
    connectorId,
    userId,
    ownerUserId: connectionOwner(connector, userId),
    stateHash: hashState(state),
    codeVerifier: encryptSecret(verifier),
    scopes: config.scopes,
    redirectUri,
    returnTo,
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
  });

  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  if (config.scopes.length) url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  // Refresh tokens for offline access are only issued after an explicit consent by some servers.
  if (config.scopes.includes('offline_access')) url.searchParams.set('prompt', 'consent');
  return { url: url.href };
}

export type CallbackOutcome = { ok: true; returnTo: string; connectorName: string; grantedScopes: string[] } | { ok: false; returnTo: string | null; message: string };

/**
 * Completes the flow at the callback: the state must be one this app issued, unused, unexpired and
 * started by the same person. The state is spent before anything else, so it works at most once.
 */
export async function completeAuthorization({
  db,
  actor,
  params,
  allowPrivateNetwork,
}: {
  db: Db;
  actor: Actor & { id: string };
  params: URLSearchParams;
  allowPrivateNetwork?: boolean;
}): Promise<CallbackOutcome> {
  const state = params.get('state');
  if (!state) return { ok: false, returnTo: null, message: 'The authorization server came back without a state. Start the connection again from the connector page.' };
  const [spent] = await db
    .update(oauthStates)
    .set({ usedAt: new Date() })
    .where(and(eq(oauthStates.stateHash, hashState(state)), isNull(oauthStates.usedAt)))
    .returning();
  if (!spent) {
    // Send the person who started it back to where they were; tell anyone else nothing about it.
    const [known] = await db
      .select({ userId: oauthStates.userId, returnTo: oauthStates.returnTo })
      .from(oauthStates)
      .where(eq(oauthStates.stateHash, hashState(state)));
    return {
      ok: false,
      returnTo: known?.userId === actor.id ? known.returnTo : null,
      message: 'This authorization response is not valid or was already used. Start the connection again from the connector page.',
    };
  }
  const returnTo = spent.returnTo;
  if (spent.expiresAt.getTime() < Date.now()) return { ok: false, returnTo, message: 'The connection took too long and expired (10 minutes). Start it again.' };
  if (spent.userId !== actor.id) {
    log.warn('oauth.callback_wrong_user', { connectorId: spent.connectorId });
    return { ok: false, returnTo: null, message: 'This connection was started by someone else; it can only be completed by the person who started it.' };
  }
  if (!(await isMember({ db, workspaceId: spent.workspaceId, userId: actor.id }))) return { ok: false, returnTo: null, message: 'You are no longer a member of that workspace.' };

  let connector: ConnectorView;
  try {
    connector = await getConnector({ db, workspaceId: spent.workspaceId, connectorId: spent.connectorId });
  } catch {
    return { ok: false, returnTo: null, message: 'The connector was deleted while you were signing in.' };
  }
  const config = connector.authConfig.oauth2;
  if (connector.authType !== 'oauth2_code' || !config) return { ok: false, returnTo, message: 'The connector no longer uses user OAuth.' };

  let response: oauth.TokenEndpointResponse;
  try {
    const { as, client, clientAuth, options } = await endpointsFor(
      config,
      await clientSecretOf(db, { workspaceId: spent.workspaceId, connectorId: spent.connectorId }),
      allowPrivateNetwork,
    );
    let callback: URLSearchParams;
    try {
      callback = oauth.validateAuthResponse(as, client, params, state);
    } catch (error) {
      if (error instanceof oauth.AuthorizationResponseError) {
        const detail = error.error_description ? ` (${error.error_description.slice(0, 200)})` : '';
        return { ok: false, returnTo, message: `${connector.providerName} did not grant access: ${error.error}${detail}.` };
      }
      throw error;
    }
    // The code exchange carries the client secret: only to the token endpoint it was entered for.
    const refusal = await refuseMovedEndpoint({ db, workspaceId: spent.workspaceId, connectorId: connector.id, endpoint: 'token', now: endpointOriginsOf(as) });
    if (refusal) return { ok: false, returnTo, message: `Could not complete the connection: ${refusal.message}` };
    response = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callback, spent.redirectUri, decryptSecret(spent.codeVerifier), options),
    );
  } catch (error) {
    const failure = describeTokenFailure(error);
    return { ok: false, returnTo, message: `Could not complete the connection: ${failure.message.replace(/ Connect again\.$/, '')}` };
  }

  const key = { workspaceId: spent.workspaceId, connectorId: spent.connectorId, userId: spent.ownerUserId };
  const granted = await db.transaction(async (tx) => {
    const saved = await storeTokens(tx, { key, response, requestedScopes: spent.scopes, connectedBy: actor.id });
    if (!key.userId && connector.status === 'needs_attention') {
      await tx.update(connectors).set({ status: 'active', statusReason: null }).where(eq(connectors.id, connector.id));
    }
    // A shared connection (made by a builder or admin) binds the credentials to where the connector
    // points now; a member's own connection binds only a connector not bound yet.
    await bindCredentialsOrigin({ db: tx, workspaceId: spent.workspaceId, connectorId: connector.id, rebind: !key.userId });
    await recordAudit({
      db: tx,
      workspaceId: spent.workspaceId,
      actor,
      action: 'connector.oauth_connected',
      target: { type: 'connector', id: connector.id, label: `${connector.providerName} · ${connector.name}` },
      summary: { connection: key.userId ? 'own' : 'shared', scopesGranted: saved.grantedScopes, scopesMissing: missingScopes(spent.scopes, saved.grantedScopes) },
    });
    return saved.grantedScopes;
  });
  return { ok: true, returnTo, connectorName: connector.name, grantedScopes: granted };
}

/**
 * What became of a removed connection's tokens at the provider: revoked; revocation failed (logged,
 * never thrown); not offered by the provider; or withheld, because the revocation endpoint is no
 * longer where the tokens were entered for (sending them there would hand them to another host).
 */
export type Revocation = 'revoked' | 'failed' | 'not_offered' | 'withheld';

/** Revokes a removed connection's tokens at the provider, best effort. */
export async function revokeAtProvider({
  db,
  workspaceId,
  connector,
  removed,
  allowPrivateNetwork,
}: {
  db: Db;
  workspaceId: string;
  connector: Pick<ConnectorView, 'id' | 'authConfig'>;
  removed: Pick<OAuthCredential, 'accessToken' | 'refreshToken'>;
  allowPrivateNetwork?: boolean;
}): Promise<Revocation> {
  const config = connector.authConfig.oauth2;
  if (!config) return 'not_offered';
  try {
    const { as, client, clientAuth, options } = await endpointsFor(config, await clientSecretOf(db, { workspaceId, connectorId: connector.id }), allowPrivateNetwork);
    if (!as.revocation_endpoint) return 'not_offered';
    if (await refuseMovedEndpoint({ db, workspaceId, connectorId: connector.id, endpoint: 'revocation', now: endpointOriginsOf(as) })) {
      log.warn('oauth.revoke_withheld', { connectorId: connector.id });
      return 'withheld';
    }
    // The refresh token first: revoking it ends the grant; the access token after, for servers that keep them apart.
    if (removed.refreshToken)
      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, client, clientAuth, decryptSecret(removed.refreshToken), { ...options, additionalParameters: { token_type_hint: 'refresh_token' } }),
      );
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, clientAuth, decryptSecret(removed.accessToken), { ...options, additionalParameters: { token_type_hint: 'access_token' } }),
    );
    return 'revoked';
  } catch (error) {
    log.warn('oauth.revoke_failed', { connectorId: connector.id, reason: describeTokenFailure(error).kind });
    return 'failed';
  }
}

/** Removes a connection's tokens, revoking them at the provider where it offers revocation. */
export async function disconnect({
  db,
  workspaceId,
  actor,
  connectorId,
  ownerUserId,
  allowPrivateNetwork,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  connectorId: string;
  ownerUserId: string | null;
  allowPrivateNetwork?: boolean;
}) {
  const connector = await getConnector({ db, workspaceId, connectorId });
  const [removed] = await db
    .delete(oauthCredentials)
    .where(connectionWhere({ workspaceId, connectorId, userId: ownerUserId }))
    .returning();
  if (!removed) throw new AppError('not_found', 'There is no connection to remove.');
  const revocation = await revokeAtProvider({ db, workspaceId, connector, removed, allowPrivateNetwork });
  const revoked = revocation === 'revoked' ? true : revocation === 'not_offered' ? null : false;
  await recordAudit({
    db,
    workspaceId,
    actor,
    action: 'connector.oauth_disconnected',
    target: { type: 'connector', id: connectorId, label: `${connector.providerName} · ${connector.name}` },
    summary: { connection: ownerUserId ? 'own' : 'shared', revokedAtProvider: revoked, ...(revocation === 'withheld' ? { revocationWithheld: true } : {}) },
  });
  return { revoked, revocation };
}

export type ConnectionView = {
  status: 'connected' | 'needs_reconnect';
  statusReason: string | null;
  grantedScopes: string[];
  requestedScopes: string[];
  /** Scopes the connector now asks for that this connection was not granted. */
  missingScopes: string[];
  expiresAt: Date | null;
  connectedAt: Date;
  lastRefreshedAt: Date | null;
};

/** The person's (or the connector's) connection as the page shows it: never a token. */
export async function connectionStatus({
  db,
  workspaceId,
  connector,
  ownerUserId,
}: {
  db: Db;
  workspaceId: string;
  connector: Pick<ConnectorView, 'id' | 'authConfig'>;
  ownerUserId: string | null;
}): Promise<ConnectionView | null> {
  const row = await readConnection(db, { workspaceId, connectorId: connector.id, userId: ownerUserId });
  if (!row) return null;
  return {
    status: row.status,
    statusReason: row.statusReason,
    grantedScopes: row.grantedScopes,
    requestedScopes: row.requestedScopes,
    missingScopes: missingScopes(connector.authConfig.oauth2?.scopes ?? [], row.grantedScopes),
    expiresAt: row.expiresAt,
    connectedAt: row.connectedAt,
    lastRefreshedAt: row.lastRefreshedAt,
  };
}

/** How many people have connected a per-user connector, for the builder's view. */
export async function connectionCounts({ db, workspaceId, connectorId }: { db: Db; workspaceId: string; connectorId: string }) {
  const [row] = await db
    .select({
      connected: sql<number>`count(*) filter (where ${oauthCredentials.status} = 'connected')::int`,
      needsReconnect: sql<number>`count(*) filter (where ${oauthCredentials.status} = 'needs_reconnect')::int`,
    })
    .from(oauthCredentials)
    .where(and(eq(oauthCredentials.connectorId, connectorId), eq(oauthCredentials.workspaceId, workspaceId)));
  return row ?? { connected: 0, needsReconnect: 0 };
}

/** The URL that leads a person through connecting a per-user connector and back. */
export async function connectLinkFor({ db, workspaceId, connectorId, origin, returnTo }: { db: Db; workspaceId: string; connectorId: string; origin: string; returnTo?: string }) {
  const [workspace] = await db.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!workspace) throw new AppError('not_found', 'That workspace was not found.');
  const url = new URL(`/w/${workspace.slug}/providers/connectors/${connectorId}/connect`, origin);
  if (returnTo) url.searchParams.set('returnTo', returnTo);
  return url.href;
}

/** A person's own OAuth connections in a workspace, by connector, for the connector list. */
export async function ownConnections({ db, workspaceId, userId }: { db: Db; workspaceId: string; userId: string }) {
  const rows = await db
    .select({ connectorId: oauthCredentials.connectorId, status: oauthCredentials.status })
    .from(oauthCredentials)
    .where(and(eq(oauthCredentials.workspaceId, workspaceId), eq(oauthCredentials.userId, userId)));
  return new Map(rows.map((r) => [r.connectorId, r.status]));
}
