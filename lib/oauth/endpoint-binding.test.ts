// The OAuth token and revocation endpoints are bound to the origins the client secret and tokens
// were entered for: a builder who moves them (a token URL, an issuer whose metadata names another
// host, a revocation URL) gets nothing sent there until someone confirms. A real authorization server
// (oidc-provider) in this process, and a second loopback server that counts what reaches it and,
// once trusted, relays token requests to the real one.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog, connectors, oauthCredentials } from '@/db/schema';
import { createConnector, getConnector, updateConnector } from '@/lib/connectors/connectors';
import { confirmCredentialsOrigin, endpointMoveIn } from '@/lib/connectors/origin';
import { testConnection } from '@/lib/connectors/test-connection';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { decryptSecret } from '@/lib/connectors/vault';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { startPeer, type Arrival, type Peer } from '@/lib/runtime/test-peer';
import { removeMember } from '@/lib/workspaces/members';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { signInAndConsent, startOidcServer, type OidcServer } from '@/test/oidc-server';
import { completeAuthorization, disconnect, startAuthorization } from './flow';
import { accessTokenFor } from './tokens';

const ORIGIN = 'http://app.example.test';
const CALLBACK = `${ORIGIN}/api/oauth/callback`;
const SECRET = 'bound-client-SECRET-77';

let as: OidcServer;
/** Another host: serves discovery metadata naming itself, and relays POSTs to the real token endpoint. */
let other: Peer;

beforeAll(async () => {
  as = await startOidcServer({
    clients: [
      { client_id: 'bound-user', client_secret: SECRET, redirect_uris: [CALLBACK], scope: 'pets:read offline_access' },
      { client_id: 'bound-app', client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], scope: 'pets:read' },
    ],
  });
  other = await startPeer((arrival, res) => {
    if (arrival.method === 'GET' && arrival.target.startsWith('/.well-known/')) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ issuer: other.url, authorization_endpoint: `${other.url}/auth`, token_endpoint: `${other.url}/token`, revocation_endpoint: `${other.url}/revoke` }));
      return;
    }
    const forwarded: Record<string, string> = { 'content-type': String(arrival.headers['content-type'] ?? '') };
    if (arrival.headers.authorization) forwarded.authorization = arrival.headers.authorization;
    void fetch(`${as.issuer}/token`, { method: 'POST', headers: forwarded, body: arrival.body.toString() }).then(async (answer) => {
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(await answer.text());
    });
  });
});
afterAll(async () => {
  await Promise.all([as.close(), other.close()]);
});
beforeEach(() => {
  as.tokenRequests.reset();
});

/** Requests at the other host that carry something secret (anything but reading its metadata). */
const secretBearing = () => other.arrivals.filter((a: Arrival) => a.method !== 'GET');
const document = fs.readFileSync(path.resolve('test/fixtures/pets-oauth.yaml'), 'utf8');

async function world(db: Db, { authType = 'oauth2_code' as 'oauth2_code' | 'oauth2_client_credentials' } = {}) {
  const team = await makeTeam(db);
  const builder = actorOf(team.builder);
  const saved = await saveImport({
    db,
    workspaceId: team.workspace.id,
    actor: builder,
    imported: (await processDocument({ text: document })) as ImportedDocument,
    text: document,
    source: 'upload',
  });
  const oauth2 = {
    issuer: as.issuer,
    scopes: authType === 'oauth2_code' ? ['pets:read', 'offline_access'] : ['pets:read'],
    clientId: authType === 'oauth2_code' ? 'bound-user' : 'bound-app',
    clientAuth: 'basic',
  };
  const input = (overrides: Record<string, unknown> = {}) =>
    connectorInputSchema.parse({
      name: 'Clinic',
      environment: 'production',
      credentialMode: authType === 'oauth2_code' ? 'per_user' : 'shared',
      authType,
      oauth2,
      secrets: { client_secret: SECRET },
      ...overrides,
    });
  const created = await createConnector({ db, workspaceId: team.workspace.id, actor: builder, providerId: saved.providerId, input: input() });
  const ws = team.workspace.id;
  const view = () => getConnector({ db, workspaceId: ws, connectorId: created.id });
  /** A builder saves new OAuth settings without typing the client secret again (unless given). */
  const edit = (changes: Record<string, unknown>, secrets: Record<string, string> = {}) =>
    updateConnector({ db, workspaceId: ws, actor: builder, connectorId: created.id, input: input({ oauth2: { ...oauth2, ...changes }, secrets }) });
  const connect = async (user: { id: string; email: string }) => {
    const { url } = await startAuthorization({ db, workspaceId: ws, connectorId: created.id, userId: user.id, origin: ORIGIN, returnTo: '/w/x', allowPrivateNetwork: true });
    const back = await signInAndConsent(url, { login: user.email, stopAt: CALLBACK });
    return completeAuthorization({ db, actor: { ...actorOf(user), id: user.id }, params: back.searchParams, allowPrivateNetwork: true });
  };
  const keyOf = (userId: string | null) => ({ workspaceId: ws, connectorId: created.id, userId });
  const token = async (userId: string | null) => accessTokenFor({ db, connector: await view(), key: keyOf(userId), allowPrivateNetwork: true });
  const expire = () =>
    db
      .update(oauthCredentials)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthCredentials.connectorId, created.id));
  const audits = (action: string) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ws), eq(auditLog.action, action)));
  return { ...team, connectorId: created.id, view, edit, connect, token, expire, audits, keyOf };
}

const moved = (endpoint: string, from: string, to: string) =>
  `The connector's OAuth ${endpoint} endpoint was at ${from} when its client secret and tokens were entered; it is now at ${to}.`;

describe('OAuth endpoints bound to where the client secret and tokens were entered for', () => {
  test('a new token URL: the refresh is refused and the other host receives nothing; a builder confirms and the refresh goes there', async ({ db }) => {
    const w = await world(db);
    expect(await w.connect(w.member)).toMatchObject({ ok: true });
    expect((await w.view()).authConfig.oauth2?.boundEndpointOrigins).toEqual({ tokenEndpoint: as.issuer, revocationEndpoint: as.issuer });

    await w.edit({ tokenUrl: `${other.url}/token` });
    // Flagged as soon as it is saved: the entered URL says where it points.
    expect(await w.view()).toMatchObject({ status: 'needs_attention', statusReason: expect.stringContaining(moved('token', as.issuer, other.url)) });
    await w.expire();
    as.tokenRequests.reset();
    const before = other.arrivals.length;
    await expect(w.token(w.member.id)).rejects.toThrow(moved('token', as.issuer, other.url));
    expect(other.arrivals.length).toBe(before);
    expect(as.tokenRequests.total).toBe(0);

    const confirmed = await confirmCredentialsOrigin({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), connectorId: w.connectorId, allowPrivateNetwork: true });
    expect(confirmed).toMatchObject({ changed: true, oauthEndpoints: { tokenEndpoint: other.url, revocationEndpoint: as.issuer } });
    expect(await w.view()).toMatchObject({ status: 'active', statusReason: null });
    const [audit] = await w.audits('connector.credentials_origin_confirmed');
    expect(audit).toMatchObject({
      actorId: w.admin.id,
      summary: { oauthEndpoints: { from: { tokenEndpoint: as.issuer, revocationEndpoint: as.issuer }, to: { tokenEndpoint: other.url, revocationEndpoint: as.issuer } } },
    });
    expect(JSON.stringify(audit)).not.toContain(SECRET);

    const renewed = await w.token(w.member.id);
    expect(await as.verify(renewed.token)).toEqual(['pets:read']);
    const relayed = secretBearing().filter((a) => a.target === '/token');
    expect(relayed.length).toBe(1);
    expect(relayed[0]!.body.toString()).toContain('grant_type=refresh_token');
  });

  test('an issuer whose metadata names another token endpoint: refused, nothing secret reaches it, the connector needs attention', async ({ db }) => {
    const w = await world(db);
    expect(await w.connect(w.member)).toMatchObject({ ok: true });
    await w.edit({ issuer: other.url });
    await w.expire();
    as.tokenRequests.reset();
    const before = secretBearing().length;
    await expect(w.token(w.member.id)).rejects.toThrow(moved('token', as.issuer, other.url));
    expect(secretBearing().length).toBe(before);
    expect(as.tokenRequests.total).toBe(0);
    expect(await w.view()).toMatchObject({ status: 'needs_attention', statusReason: expect.stringContaining(`"Use the stored credentials with ${other.url}"`) });
  });

  test('a member completing a connection after the token URL moved: the code exchange (with the client secret) is refused and sends nothing', async ({ db }) => {
    const w = await world(db);
    expect(await w.connect(w.builder)).toMatchObject({ ok: true });
    await w.edit({ tokenUrl: `${other.url}/token` });
    const before = other.arrivals.length;
    const outcome = await w.connect(w.member);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining(moved('token', as.issuer, other.url)) });
    expect(other.arrivals.length).toBe(before);
    expect(
      await db
        .select()
        .from(oauthCredentials)
        .where(and(eq(oauthCredentials.connectorId, w.connectorId), eq(oauthCredentials.userId, w.member.id))),
    ).toEqual([]);
  });

  test('re-entering the client secret with the new token URL binds the endpoints there', async ({ db }) => {
    const w = await world(db);
    expect(await w.connect(w.member)).toMatchObject({ ok: true });
    await w.edit({ tokenUrl: `${other.url}/token` });
    expect((await w.view()).status).toBe('needs_attention');
    await w.edit({ tokenUrl: `${other.url}/token` }, { client_secret: SECRET });
    expect(await w.view()).toMatchObject({ status: 'active', statusReason: null });
    await w.expire();
    const before = secretBearing().length;
    expect(await as.verify((await w.token(w.member.id)).token)).toEqual(['pets:read']);
    expect(secretBearing().length).toBe(before + 1);
    expect((await w.view()).authConfig.oauth2?.boundEndpointOrigins).toMatchObject({ tokenEndpoint: other.url });
  });

  test('a new revocation URL: disconnect deletes the connection here, sends no token there, and records that revocation was withheld', async ({ db }) => {
    const w = await world(db);
    expect(await w.connect(w.member)).toMatchObject({ ok: true });
    const [row] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connectorId));
    const accessToken = decryptSecret(row!.accessToken);
    // The form has no revocation URL field today; a stored one (or an API that sets it) is honoured.
    const connector = await w.view();
    await db
      .update(connectors)
      .set({ authConfig: { ...connector.authConfig, oauth2: { ...connector.authConfig.oauth2!, revocationUrl: `${other.url}/revoke` } } })
      .where(eq(connectors.id, w.connectorId));
    const before = other.arrivals.length;

    const result = await disconnect({ db, workspaceId: w.workspace.id, actor: actorOf(w.member), connectorId: w.connectorId, ownerUserId: w.member.id, allowPrivateNetwork: true });
    expect(result).toEqual({ revoked: false, revocation: 'withheld' });
    expect(other.arrivals.length).toBe(before);
    expect(await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connectorId))).toEqual([]);
    const [audit] = await w.audits('connector.oauth_disconnected');
    expect(audit?.summary).toMatchObject({ revokedAtProvider: false, revocationWithheld: true });
    expect(await w.view()).toMatchObject({ status: 'needs_attention', statusReason: expect.stringContaining(moved('revocation', as.issuer, other.url)) });
    // Not revoked anywhere: the real server still knows the token.
    expect(await as.verify(accessToken)).toEqual(['pets:read']);
  });

  test('removing a member whose connector now names another revocation endpoint withholds the revocation and says so', async ({ db }) => {
    const w = await world(db);
    expect(await w.connect(w.member)).toMatchObject({ ok: true });
    await w.edit({ issuer: other.url });
    const before = secretBearing().length;
    const result = await removeMember({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), userId: w.member.id, allowPrivateNetwork: true });
    expect(result).toEqual({ oauthConnectionsRevoked: 0, oauthRevocationFailed: 0 });
    expect(secretBearing().length).toBe(before);
    const [audit] = await w.audits('member.oauth_revoked');
    expect(audit?.summary).toEqual({ revokedAtProvider: 0, revocationFailed: 0, noRevocationOffered: 0, revocationWithheld: 1 });
  });

  test('client credentials with a new token URL: no client secret is sent anywhere', async ({ db }) => {
    const w = await world(db, { authType: 'oauth2_client_credentials' });
    expect(await as.verify((await w.token(null)).token)).toEqual(['pets:read']);
    expect((await w.view()).authConfig.oauth2?.boundEndpointOrigins).toEqual({ tokenEndpoint: as.issuer, revocationEndpoint: as.issuer });
    await w.edit({ tokenUrl: `${other.url}/token` });
    await w.expire();
    as.tokenRequests.reset();
    const before = other.arrivals.length;
    await expect(w.token(null)).rejects.toThrow(moved('token', as.issuer, other.url));
    expect(other.arrivals.length).toBe(before);
    expect(as.tokenRequests.total).toBe(0);
    expect(other.arrivals.some((a) => JSON.stringify(a.headers).includes(Buffer.from(`bound-app:${SECRET}`).toString('base64')))).toBe(false);

    // Test connection is refused the same way, and the page can still tell which endpoint moved.
    const tested = await testConnection({ db, workspaceId: w.workspace.id, actor: actorOf(w.builder), connectorId: w.connectorId, userId: null, allowPrivateNetwork: true });
    expect(tested).toMatchObject({ ok: false, summary: expect.stringContaining(moved('token', as.issuer, other.url)) });
    expect(other.arrivals.length).toBe(before);
    expect(endpointMoveIn((await w.view()).statusReason)).toEqual({ endpoint: 'token', bound: as.issuer, now: other.url });
  });

  test('a connector saved before the binding existed is bound at its next token request', async ({ db }) => {
    const w = await world(db, { authType: 'oauth2_client_credentials' });
    const connector = await w.view();
    expect(connector.authConfig.oauth2?.boundEndpointOrigins).toBeUndefined();
    await w.token(null);
    expect((await w.view()).authConfig.oauth2?.boundEndpointOrigins).toEqual({ tokenEndpoint: as.issuer, revocationEndpoint: as.issuer });
  });
});
