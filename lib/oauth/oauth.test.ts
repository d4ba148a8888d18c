// OAuth against a real authorization server (oidc-provider) in this process and a loopback API
// that accepts exactly the tokens that server still considers live.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, notifications, oauthCredentials, oauthStates } from '@/db/schema';
import { assignConnector } from '@/lib/connectors/assignments';
import { createConnector, getConnector, updateConnector } from '@/lib/connectors/connectors';
import { createWorker } from '@/lib/connectors/platform';
import { connectorInputSchema, type ConnectorInput } from '@/lib/connectors/schema';
import { decryptSecret, encryptSecret } from '@/lib/connectors/vault';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { invokeTool } from '@/lib/runtime/invoke';
import { actorOf, makeTeam } from '@/test/factories';
import type { Db } from '@/db/client';
import { describe, expect, onPostgres, scratchPostgres, test } from '@/test/db';
import { signInAndConsent, startOidcServer, type OidcServer } from '@/test/oidc-server';
import { completeAuthorization, connectionStatus, disconnect, safeReturnPath, startAuthorization } from './flow';
import { accessTokenFor } from './tokens';

const ORIGIN = 'http://app.example.test';
const CALLBACK = `${ORIGIN}/api/oauth/callback`;
const SECRET = 'clinic-client-SECRET-42';

let as: OidcServer;
let api: http.Server;
let apiOrigin = '';
const apiCalls: { auth?: string; status: number }[] = [];

beforeAll(async () => {
  as = await startOidcServer({
    clients: [
      { client_id: 'clinic-user', client_secret: SECRET, redirect_uris: [CALLBACK], scope: 'pets:read pets:write offline_access' },
      { client_id: 'clinic-post', client_secret: SECRET, redirect_uris: [CALLBACK], scope: 'pets:read offline_access', token_endpoint_auth_method: 'client_secret_post' },
      { client_id: 'clinic-app', client_secret: SECRET, grant_types: ['client_credentials'], response_types: [], scope: 'pets:read' },
    ],
  });
  // The API: a token is good if the authorization server still knows it.
  api = http.createServer(async (req, res) => {
    const auth = req.headers.authorization;
    const scopes = auth?.startsWith('Bearer ') ? await as.verify(auth.slice(7)) : null;
    const status = scopes ? 200 : 401;
    apiCalls.push({ auth, status });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(scopes ? { pets: [{ id: 1, name: 'Rex' }] } : { error: 'invalid_token' }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await as.close();
  await new Promise((resolve) => api.close(resolve));
});
beforeEach(() => {
  as.setTokenEndpoint('ok');
  as.tokenRequests.reset();
  apiCalls.length = 0;
});

const document = fs.readFileSync(path.resolve('test/fixtures/pets-oauth.yaml'), 'utf8');

type World = Awaited<ReturnType<typeof world>>;

async function world(
  db: Db,
  {
    mode = 'per_user',
    authType = 'oauth2_code',
    clientId = 'clinic-user',
    clientAuth = 'basic',
    scopes = ['pets:read', 'offline_access'],
  }: { mode?: 'per_user' | 'shared'; authType?: 'oauth2_code' | 'oauth2_client_credentials'; clientId?: string; clientAuth?: 'basic' | 'post'; scopes?: string[] } = {},
) {
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
  const input = connectorInputSchema.parse({
    name: 'Clinic',
    environment: 'production',
    credentialMode: mode,
    authType,
    oauth2: { issuer: as.issuer, scopes, clientId, clientAuth },
    secrets: { client_secret: SECRET },
    baseUrl: apiOrigin,
  });
  const created = await createConnector({ db, workspaceId: team.workspace.id, actor: builder, providerId: saved.providerId, input });
  const connector = await getConnector({ db, workspaceId: team.workspace.id, connectorId: created.id });
  const worker = await createWorker({ db, workspaceId: team.workspace.id, actor: builder, input: { name: 'Vet bot', skills: [] } });
  await assignConnector({ db, workspaceId: team.workspace.id, actor: builder, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
  return { ...team, connector, input: input as Extract<ConnectorInput, { authType: 'oauth2_code' }>, context: { workerId: worker.id } };
}

/** Starts the code flow for a person of the world's workspace. */
const start = (db: Db, w: World, user: { id: string }, returnTo: string) =>
  startAuthorization({ db, workspaceId: w.workspace.id, connectorId: w.connector.id, userId: user.id, origin: ORIGIN, returnTo, allowPrivateNetwork: true });

/** A person connects through the server's real login and consent pages. */
async function connect(db: Db, w: World, user: { id: string; email: string }, { login = 'alice' } = {}) {
  const { url } = await start(db, w, user, '/w/x/providers/connectors');
  const back = await signInAndConsent(url, { login, stopAt: CALLBACK });
  return { back, outcome: await completeAuthorization({ db, actor: { ...actorOf(user), id: user.id }, params: back.searchParams, allowPrivateNetwork: true }) };
}

const keyOf = (w: World, userId: string | null) => ({ workspaceId: w.workspace.id, connectorId: w.connector.id, userId });

async function expireAccessToken(db: Db, w: World, userId: string | null) {
  await db
    .update(oauthCredentials)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(oauthCredentials.connectorId, w.connector.id));
  return keyOf(w, userId);
}

describe('user OAuth (authorization code + PKCE)', () => {
  test('a member connects their own account and sees it connected with the granted scopes; tokens are stored encrypted', async ({ db }) => {
    const w = await world(db);
    const { url } = await start(db, w, w.member, '/w/x/providers/connectors');
    const sent = new URL(url);
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sent.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(sent.searchParams.get('scope')).toBe('pets:read offline_access');

    const back = await signInAndConsent(url, { login: 'alice', stopAt: CALLBACK });
    const outcome = await completeAuthorization({ db, actor: { ...actorOf(w.member), id: w.member.id }, params: back.searchParams, allowPrivateNetwork: true });
    expect(outcome).toMatchObject({ ok: true, returnTo: '/w/x/providers/connectors', grantedScopes: ['pets:read', 'offline_access'] });

    const status = await connectionStatus({ db, workspaceId: w.workspace.id, connector: w.connector, ownerUserId: w.member.id });
    expect(status).toMatchObject({ status: 'connected', grantedScopes: ['pets:read', 'offline_access'], missingScopes: [] });
    // Nobody else in the workspace has a connection from this.
    expect(await connectionStatus({ db, workspaceId: w.workspace.id, connector: w.connector, ownerUserId: w.builder.id })).toBeNull();

    const [row] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connector.id));
    expect(row!.accessToken).toMatch(/^v1:/);
    expect(row!.refreshToken).toMatch(/^v1:/);
    expect(await as.verify(decryptSecret(row!.accessToken))).toEqual(['pets:read']);
    const [state] = await db.select().from(oauthStates).where(eq(oauthStates.connectorId, w.connector.id));
    expect(state!.stateHash).not.toBe(sent.searchParams.get('state'));
    expect(state!.codeVerifier).toMatch(/^v1:/);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, w.workspace.id), eq(auditLog.action, 'connector.oauth_connected')));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(decryptSecret(row!.accessToken));

    // The call goes out with the person's token.
    const result = await invokeTool({
      db,
      workspaceId: w.workspace.id,
      caller: { type: 'api_token', label: 'bot', userId: w.member.id },
      context: w.context,
      tool: { name: 'pet-clinic__listPets' },
      args: {},
      allowPrivateNetwork: true,
    });
    expect(result.status).toBe(200);
    expect(apiCalls.at(-1)!.auth).toBe(`Bearer ${decryptSecret(row!.accessToken)}`);
  });

  test('a replayed state is refused, and so is an expired one', async ({ db }) => {
    const w = await world(db);
    const { back, outcome } = await connect(db, w, w.member);
    expect(outcome.ok).toBe(true);
    const replay = await completeAuthorization({ db, actor: { ...actorOf(w.member), id: w.member.id }, params: back.searchParams, allowPrivateNetwork: true });
    expect(replay).toMatchObject({ ok: false, returnTo: '/w/x/providers/connectors', message: expect.stringContaining('already used') });

    const { url } = await start(db, w, w.member, '/w/x');
    const late = await signInAndConsent(url, { login: 'alice', stopAt: CALLBACK });
    await db
      .update(oauthStates)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthStates.connectorId, w.connector.id));
    const expired = await completeAuthorization({ db, actor: { ...actorOf(w.member), id: w.member.id }, params: late.searchParams, allowPrivateNetwork: true });
    expect(expired).toMatchObject({ ok: false, message: expect.stringContaining('expired') });
  });

  test('someone else cannot complete a flow another person started, and the state is spent', async ({ db }) => {
    const w = await world(db);
    const { url } = await start(db, w, w.member, '/w/x');
    const back = await signInAndConsent(url, { login: 'mallory', stopAt: CALLBACK });
    const stolen = await completeAuthorization({ db, actor: { ...actorOf(w.builder), id: w.builder.id }, params: back.searchParams, allowPrivateNetwork: true });
    expect(stolen).toMatchObject({ ok: false, message: expect.stringContaining('started by someone else') });
    expect(await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connector.id))).toHaveLength(0);
    expect(stolen.returnTo).toBeNull();
    const after = await completeAuthorization({ db, actor: { ...actorOf(w.member), id: w.member.id }, params: back.searchParams, allowPrivateNetwork: true });
    expect(after.ok).toBe(false);
  });

  test('a PKCE verifier that does not match the challenge is refused by the server and nothing is stored', async ({ db }) => {
    const w = await world(db);
    const { url } = await start(db, w, w.member, '/w/x');
    const back = await signInAndConsent(url, { login: 'alice', stopAt: CALLBACK });
    await db
      .update(oauthStates)
      .set({ codeVerifier: encryptSecret('a-different-verifier-of-enough-length-0123456789abcdef') })
      .where(eq(oauthStates.connectorId, w.connector.id));
    const outcome = await completeAuthorization({ db, actor: { ...actorOf(w.member), id: w.member.id }, params: back.searchParams, allowPrivateNetwork: true });
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('invalid_grant') });
    expect(await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connector.id))).toHaveLength(0);
  });

  test('a return URL is accepted only on this app', () => {
    expect(safeReturnPath('/w/acme/providers/connectors?x=1', ORIGIN, '/')).toBe('/w/acme/providers/connectors?x=1');
    expect(safeReturnPath(`${ORIGIN}/w/acme`, ORIGIN, '/')).toBe('/w/acme');
    expect(safeReturnPath(undefined, ORIGIN, '/fallback')).toBe('/fallback');
    expect(safeReturnPath('/a/..//evil.example/w', ORIGIN, '/')).toBe('/evil.example/w');
    for (const foreign of [
      'https://evil.example/w/acme',
      '//evil.example/w',
      '/\\evil.example',
      '/\t/evil.example',
      '\\\\evil.example',
      ' //evil.example',
      'javascript:alert(1)',
      'http://app.example.test.evil.example/',
    ]) {
      expect(() => safeReturnPath(foreign, ORIGIN, '/'), foreign).toThrow(/must be a page of this app/);
    }
  });

  test('client authentication by post works as by basic', async ({ db }) => {
    const w = await world(db, { clientId: 'clinic-post', clientAuth: 'post' });
    const { outcome } = await connect(db, w, w.member);
    expect(outcome.ok).toBe(true);
  });

  test('a shared connector is connected once, by a builder, for everyone', async ({ db }) => {
    const w = await world(db, { mode: 'shared' });
    const { outcome } = await connect(db, w, w.builder);
    expect(outcome.ok).toBe(true);
    const [row] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connector.id));
    expect(row!.userId).toBeNull();
    const result = await invokeTool({
      db,
      workspaceId: w.workspace.id,
      caller: { type: 'api_token', label: 'bot' },
      context: w.context,
      tool: { name: 'pet-clinic__listPets' },
      args: {},
      allowPrivateNetwork: true,
    });
    expect(result.status).toBe(200);
  });

  test('disconnect removes the tokens and revokes them at the provider', async ({ db }) => {
    const w = await world(db);
    await connect(db, w, w.member);
    const [row] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connector.id));
    const access = decryptSecret(row!.accessToken);
    expect(await as.verify(access)).not.toBeNull();
    const { revoked } = await disconnect({
      db,
      workspaceId: w.workspace.id,
      actor: actorOf(w.member),
      connectorId: w.connector.id,
      ownerUserId: w.member.id,
      allowPrivateNetwork: true,
    });
    expect(revoked).toBe(true);
    expect(await as.verify(access)).toBeNull();
    expect(await connectionStatus({ db, workspaceId: w.workspace.id, connector: w.connector, ownerUserId: w.member.id })).toBeNull();
  });

  test('a person who has not connected gets the connect link from the runtime', async ({ db }) => {
    const w = await world(db);
    const call = invokeTool({
      db,
      workspaceId: w.workspace.id,
      caller: { type: 'api_token', label: 'bot', userId: w.member.id },
      context: w.context,
      tool: { name: 'pet-clinic__listPets' },
      args: {},
      origin: ORIGIN,
      allowPrivateNetwork: true,
    });
    await expect(call).rejects.toMatchObject({ code: 'conflict', details: { connectLink: `${ORIGIN}/w/${w.workspace.slug}/providers/connectors/${w.connector.id}/connect` } });
    await expect(call).rejects.toThrow(/Connect your account first/);
  });

  test('when the configured scopes grow, the runtime names the scopes a connection lacks', async ({ db }) => {
    const w = await world(db);
    await connect(db, w, w.member);
    await updateConnector({
      db,
      workspaceId: w.workspace.id,
      actor: actorOf(w.builder),
      connectorId: w.connector.id,
      input: { ...w.input, oauth2: { ...w.input.oauth2, scopes: ['pets:read', 'pets:write', 'offline_access'] } },
    });
    const status = await connectionStatus({
      db,
      workspaceId: w.workspace.id,
      connector: { id: w.connector.id, authConfig: { oauth2: { ...w.input.oauth2!, scopes: ['pets:read', 'pets:write', 'offline_access'] } } },
      ownerUserId: w.member.id,
    });
    expect(status!.missingScopes).toEqual(['pets:write']);
    const asked = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.workspaceId, w.workspace.id), eq(notifications.kind, 'oauth.scopes_added')));
    expect(asked.map((n) => [n.userId, n.href])).toEqual([[w.member.id, `/w/${w.workspace.slug}/providers/connectors/${w.connector.id}`]]);
    const add = invokeTool({
      db,
      workspaceId: w.workspace.id,
      caller: { type: 'api_token', label: 'bot', userId: w.member.id },
      context: w.context,
      tool: { name: 'pet-clinic__addPet' },
      args: { body: { name: 'Tom' } },
      origin: ORIGIN,
      allowPrivateNetwork: true,
    });
    await expect(add).rejects.toMatchObject({ code: 'forbidden', details: { missingScopes: ['pets:write'] } });
    // Operations within the granted scopes still work.
    const list = await invokeTool({
      db,
      workspaceId: w.workspace.id,
      caller: { type: 'api_token', label: 'bot', userId: w.member.id },
      context: w.context,
      tool: { name: 'pet-clinic__listPets' },
      args: {},
      allowPrivateNetwork: true,
    });
    expect(list.status).toBe(200);
  });
});

describe('refresh', () => {
  test('an access token about to expire is renewed before the call, and the rotated refresh token replaces the spent one', async ({ db }) => {
    const w = await world(db);
    await connect(db, w, w.member);
    const [before] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connector.id));
    await db
      .update(oauthCredentials)
      .set({ expiresAt: new Date(Date.now() + 20_000) })
      .where(eq(oauthCredentials.id, before!.id));
    as.tokenRequests.reset();

    const token = await accessTokenFor({ db, connector: w.connector, key: keyOf(w, w.member.id), allowPrivateNetwork: true });
    expect(as.tokenRequests.byGrant).toEqual({ refresh_token: 1 });
    expect(token.token).not.toBe(decryptSecret(before!.accessToken));
    const [after] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.id, before!.id));
    expect(decryptSecret(after!.refreshToken!)).not.toBe(decryptSecret(before!.refreshToken!));
    expect(after!.lastRefreshedAt).not.toBeNull();

    // A second renewal uses the new refresh token: the server would end the grant on a spent one.
    await expireAccessToken(db, w, w.member.id);
    const again = await accessTokenFor({ db, connector: w.connector, key: keyOf(w, w.member.id), allowPrivateNetwork: true });
    expect(await as.verify(again.token)).toEqual(['pets:read']);
  });

  test('a 401 from the API renews the token once and retries the call once', async ({ db }) => {
    const w = await world(db);
    await connect(db, w, w.member);
    const [row] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connector.id));
    await as.revokeAccessToken(decryptSecret(row!.accessToken));
    as.tokenRequests.reset();
    apiCalls.length = 0;

    const result = await invokeTool({
      db,
      workspaceId: w.workspace.id,
      caller: { type: 'api_token', label: 'bot', userId: w.member.id },
      context: w.context,
      tool: { name: 'pet-clinic__listPets' },
      args: {},
      allowPrivateNetwork: true,
    });
    expect(result.status).toBe(200);
    expect(apiCalls.map((c) => c.status)).toEqual([401, 200]);
    expect(as.tokenRequests.byGrant).toEqual({ refresh_token: 1 });
  });

  test('invalid_grant marks the connection "needs reconnect", tells its owner once, and stops asking the server', async ({ db }) => {
    const w = await world(db);
    await connect(db, w, w.member);
    await db
      .update(oauthCredentials)
      .set({ refreshToken: encryptSecret('revoked-refresh-token'), expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthCredentials.connectorId, w.connector.id));
    as.tokenRequests.reset();

    await expect(accessTokenFor({ db, connector: w.connector, key: keyOf(w, w.member.id), allowPrivateNetwork: true })).rejects.toThrow(/needs to be made again.*invalid_grant/);
    await expect(accessTokenFor({ db, connector: w.connector, key: keyOf(w, w.member.id), allowPrivateNetwork: true })).rejects.toThrow(/needs to be made again/);
    expect(as.tokenRequests.total).toBe(1);

    const status = await connectionStatus({ db, workspaceId: w.workspace.id, connector: w.connector, ownerUserId: w.member.id });
    expect(status!.status).toBe('needs_reconnect');
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.workspaceId, w.workspace.id), eq(notifications.kind, 'oauth.needs_reconnect')));
    expect(told.map((n) => n.userId)).toEqual([w.member.id]);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, w.workspace.id), eq(auditLog.action, 'connector.oauth_refresh_failed')));
    expect(audit).toHaveLength(1);

    // Connecting again clears it.
    const { outcome } = await connect(db, w, w.member);
    expect(outcome.ok).toBe(true);
    expect((await connectionStatus({ db, workspaceId: w.workspace.id, connector: w.connector, ownerUserId: w.member.id }))!.status).toBe('connected');
  });

  test('on a shared connector, invalid_grant tells the builders and admins', async ({ db }) => {
    const w = await world(db, { mode: 'shared' });
    await connect(db, w, w.builder);
    await db
      .update(oauthCredentials)
      .set({ refreshToken: encryptSecret('revoked'), expiresAt: new Date(Date.now() - 1000) })
      .where(eq(oauthCredentials.connectorId, w.connector.id));
    await expect(accessTokenFor({ db, connector: w.connector, key: keyOf(w, null), allowPrivateNetwork: true })).rejects.toThrow(/needs to be made again/);
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.workspaceId, w.workspace.id), eq(notifications.kind, 'oauth.needs_reconnect')));
    expect(told.map((n) => n.userId).sort()).toEqual([w.admin.id, w.builder.id].sort());
    expect(await getConnector({ db, workspaceId: w.workspace.id, connectorId: w.connector.id })).toMatchObject({
      status: 'needs_attention',
      statusReason: expect.stringContaining('must be made again'),
    });
    await connect(db, w, w.builder);
    expect((await getConnector({ db, workspaceId: w.workspace.id, connectorId: w.connector.id })).status).toBe('active');
  });

  test('a token endpoint that is down keeps the credential, retries with backoff, and recovers', async ({ db }) => {
    const w = await world(db);
    await connect(db, w, w.member);
    const key = await expireAccessToken(db, w, w.member.id);
    as.setTokenEndpoint('unavailable');
    as.tokenRequests.reset();

    await expect(accessTokenFor({ db, connector: w.connector, key, allowPrivateNetwork: true })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('503'),
    });
    expect(as.tokenRequests.total).toBe(3);
    const [row] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connector.id));
    expect(row).toMatchObject({ status: 'connected', refreshFailures: 1 });
    expect(row!.retryAfter!.getTime()).toBeGreaterThan(Date.now());
    // Within the back-off, no request is made at all.
    await expect(accessTokenFor({ db, connector: w.connector, key, allowPrivateNetwork: true })).rejects.toThrow(/failed recently/);
    expect(as.tokenRequests.total).toBe(3);

    // A dropped connection is also transient.
    as.setTokenEndpoint('reset');
    await db.update(oauthCredentials).set({ retryAfter: null }).where(eq(oauthCredentials.id, row!.id));
    await expect(accessTokenFor({ db, connector: w.connector, key, allowPrivateNetwork: true })).rejects.toMatchObject({ code: 'unavailable' });

    as.setTokenEndpoint('ok');
    await db.update(oauthCredentials).set({ retryAfter: null }).where(eq(oauthCredentials.id, row!.id));
    const token = await accessTokenFor({ db, connector: w.connector, key, allowPrivateNetwork: true });
    expect(await as.verify(token.token)).toEqual(['pets:read']);
    const [healed] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.id, row!.id));
    expect(healed).toMatchObject({ status: 'connected', refreshFailures: 0, retryAfter: null });
  });

  test('50 concurrent calls on an expired token cause one token request and 50 successful calls', async ({ db }) => {
    const w = await world(db);
    await connect(db, w, w.member);
    await expireAccessToken(db, w, w.member.id);
    as.tokenRequests.reset();
    apiCalls.length = 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        invokeTool({
          db,
          workspaceId: w.workspace.id,
          caller: { type: 'api_token', label: 'bot', userId: w.member.id },
          context: w.context,
          tool: { name: 'pet-clinic__listPets' },
          args: {},
          allowPrivateNetwork: true,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(as.tokenRequests.total).toBe(1);
    expect(new Set(apiCalls.map((c) => c.auth)).size).toBe(1);
  });
});

describe('refresh across app instances', () => {
  // Two instances need two real connections to one server: PGlite has a single connection per
  // process, so this runs on PostgreSQL (CI runs the suite on both).
  test.skipIf(!onPostgres)('50 concurrent calls split over two independent database connections cause exactly one token request', async () => {
    const scratch = await scratchPostgres();
    const first = await scratch.open();
    const second = await scratch.open();
    try {
      const w = await world(first.db);
      await connect(first.db, w, w.member);
      await expireAccessToken(first.db, w, w.member.id);
      as.tokenRequests.reset();
      apiCalls.length = 0;
      const call = (db: Db) =>
        invokeTool({
          db,
          workspaceId: w.workspace.id,
          caller: { type: 'api_token', label: 'bot', userId: w.member.id },
          context: w.context,
          tool: { name: 'pet-clinic__listPets' },
          args: {},
          allowPrivateNetwork: true,
        });
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => call(i % 2 ? second.db : first.db)));
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(as.tokenRequests.total).toBe(1);
      expect(new Set(apiCalls.map((c) => c.auth)).size).toBe(1);
    } finally {
      await first.close();
      await second.close();
      await scratch.drop();
    }
  });
});

describe('app token (client credentials)', () => {
  test('obtains a system token, caches it, and renews it before it expires', async ({ db }) => {
    const w = await world(db, { mode: 'shared', authType: 'oauth2_client_credentials', clientId: 'clinic-app', scopes: ['pets:read'] });
    const first = await invokeTool({
      db,
      workspaceId: w.workspace.id,
      caller: { type: 'api_token', label: 'bot' },
      context: w.context,
      tool: { name: 'pet-clinic__listPets' },
      args: {},
      allowPrivateNetwork: true,
    });
    expect(first.status).toBe(200);
    await invokeTool({
      db,
      workspaceId: w.workspace.id,
      caller: { type: 'api_token', label: 'bot' },
      context: w.context,
      tool: { name: 'pet-clinic__listPets' },
      args: {},
      allowPrivateNetwork: true,
    });
    expect(as.tokenRequests.byGrant).toEqual({ client_credentials: 1 });
    const [row] = await db.select().from(oauthCredentials).where(eq(oauthCredentials.connectorId, w.connector.id));
    expect(row).toMatchObject({ userId: null, grantedScopes: ['pets:read'] });

    await db
      .update(oauthCredentials)
      .set({ expiresAt: new Date(Date.now() + 10_000) })
      .where(eq(oauthCredentials.id, row!.id));
    const renewed = await accessTokenFor({ db, connector: w.connector, key: keyOf(w, null), allowPrivateNetwork: true });
    expect(as.tokenRequests.byGrant).toEqual({ client_credentials: 2 });
    expect(renewed.token).not.toBe(decryptSecret(row!.accessToken));
  });

  test('a wrong client secret is reported as a refusal, naming what to check', async ({ db }) => {
    const w = await world(db, { mode: 'shared', authType: 'oauth2_client_credentials', clientId: 'clinic-app', scopes: ['pets:read'] });
    await updateConnector({ db, workspaceId: w.workspace.id, actor: actorOf(w.builder), connectorId: w.connector.id, input: { ...w.input, secrets: { client_secret: 'wrong' } } });
    await expect(accessTokenFor({ db, connector: w.connector, key: keyOf(w, null), allowPrivateNetwork: true })).rejects.toThrow(/refused the request \(invalid_client/);
  });
});
