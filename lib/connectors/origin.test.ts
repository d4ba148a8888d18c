import { afterAll, beforeAll } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog, connectors } from '@/db/schema';
import { assignConnector } from '@/lib/connectors/assignments';
import { createConnector, getConnector, updateConnector } from '@/lib/connectors/connectors';
import { createWorker } from '@/lib/connectors/platform';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { testConnection } from '@/lib/connectors/test-connection';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { invokeTool } from '@/lib/runtime/invoke';
import { startPeer, type Peer } from '@/lib/runtime/test-peer';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { startOidcServer, type OidcServer } from '@/test/oidc-server';
import { confirmCredentialsOrigin } from './origin';

const KEY = 'origin-bound-SECRET-key-41';
// Two loopback APIs: the one the key was entered for, and the one a builder points the connector to.
let home: Peer;
let elsewhere: Peer;
let as: OidcServer;
const CLIENT_SECRET = 'origin-client-SECRET-5';
beforeAll(async () => {
  [home, elsewhere, as] = await Promise.all([
    startPeer(),
    startPeer(),
    startOidcServer({ clients: [{ client_id: 'app', client_secret: CLIENT_SECRET, grant_types: ['client_credentials'], response_types: [], scope: 'pets:read' }] }),
  ]);
});
afterAll(async () => {
  await Promise.all([home.close(), elsewhere.close(), as.close()]);
});

type Server = { url: string; variables?: Record<string, { default: string }> };
const documentWith = (server: Server, version = '1') =>
  JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'Echo API', version },
    servers: [server],
    paths: { '/things': { get: { operationId: 'listThings', responses: { '200': { description: 'ok' } } } } },
  });

async function importDocument(db: Db, workspaceId: string, actor: ReturnType<typeof actorOf>, text: string, providerId?: string) {
  return saveImport({
    db,
    workspaceId,
    actor,
    imported: (await processDocument({ text, filename: 'echo.json' })) as ImportedDocument,
    text,
    source: 'upload',
    providerId,
    onExistingSlug: 'new-version',
  });
}

const input = (overrides: Record<string, unknown> = {}) =>
  connectorInputSchema.parse({
    name: 'Echo',
    environment: 'production',
    credentialMode: 'shared',
    authType: 'api_key',
    apiKey: { name: 'X-API-Key', in: 'header' },
    secrets: { api_key: KEY },
    ...overrides,
  });

/** A shared api-key connector on a provider whose document names `server`, assigned to a worker. */
async function world(db: Db, { server = { url: `${home.url}/v1` } as Server, baseUrl }: { server?: Server; baseUrl?: string } = {}) {
  const team = await makeTeam(db);
  const actor = actorOf(team.builder);
  const saved = await importDocument(db, team.workspace.id, actor, documentWith(server));
  const connector = await createConnector({ db, workspaceId: team.workspace.id, actor, providerId: saved.providerId, input: input(baseUrl ? { baseUrl } : {}) });
  const worker = await createWorker({ db, workspaceId: team.workspace.id, actor, input: { name: 'Bot', skills: [] } });
  await assignConnector({ db, workspaceId: team.workspace.id, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
  const call = () =>
    invokeTool({
      db,
      workspaceId: team.workspace.id,
      caller: { type: 'api_token', label: 'bot' },
      context: { workerId: worker.id },
      tool: { name: 'echo-api__listThings' },
      args: {},
      allowPrivateNetwork: true,
    });
  const edit = (overrides: Record<string, unknown>) =>
    updateConnector({ db, workspaceId: team.workspace.id, actor, connectorId: connector.id, input: input({ secrets: {}, ...overrides }) });
  const view = () => getConnector({ db, workspaceId: team.workspace.id, connectorId: connector.id });
  return { ...team, actor, providerId: saved.providerId, connector, call, edit, view };
}

const keysAt = (peer: Peer) => peer.arrivals.filter((a) => a.headers['x-api-key'] === KEY).length;

describe('credentials bound to the origin they were entered for', () => {
  test('a new base URL on another host: the call is refused, nothing reaches that host, the connector says why; a builder confirms and it goes through', async ({ db }) => {
    const w = await world(db, { baseUrl: `${home.url}/v1` });
    expect((await w.view()).credentialsOrigin).toBe(home.url);
    expect((await w.call()).status).toBe(200);

    await w.edit({ baseUrl: `${elsewhere.url}/v1` });
    const before = elsewhere.arrivals.length;
    const expected = `The connector's credentials were entered for ${home.url}; it now points to ${elsewhere.url}. Someone who may set credentials`;
    await expect(w.call()).rejects.toThrow(expected);
    expect(elsewhere.arrivals.length).toBe(before);
    const flagged = await w.view();
    expect(flagged.status).toBe('needs_attention');
    expect(flagged.statusReason).toContain(expected);

    // Test connection refuses too, without sending anything.
    const tested = await testConnection({ db, workspaceId: w.workspace.id, actor: w.actor, connectorId: w.connector.id, userId: null, allowPrivateNetwork: true });
    expect(tested.ok).toBe(false);
    expect(tested.summary).toContain(expected);
    expect(elsewhere.arrivals.length).toBe(before);

    const confirmed = await confirmCredentialsOrigin({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), connectorId: w.connector.id });
    expect(confirmed).toEqual({ changed: true, origin: elsewhere.url });
    expect(await w.view()).toMatchObject({ status: 'active', statusReason: null, credentialsOrigin: elsewhere.url });
    expect((await w.call()).status).toBe(200);
    expect(keysAt(elsewhere)).toBeGreaterThan(0);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, w.workspace.id), eq(auditLog.action, 'connector.credentials_origin_confirmed')));
    expect(audit).toMatchObject({ actorId: w.admin.id, targetId: w.connector.id, summary: { from: home.url, to: elsewhere.url } });
    expect(JSON.stringify(audit)).not.toContain(KEY);
  });

  test('saving a new base URL flags the connector at once; re-entering the key with it binds the key to the new origin', async ({ db }) => {
    const w = await world(db, { baseUrl: `${home.url}/v1` });
    await w.edit({ baseUrl: `${elsewhere.url}/v1` });
    expect((await w.view()).status).toBe('needs_attention');
    await w.edit({ baseUrl: `${elsewhere.url}/v1`, secrets: { api_key: KEY } });
    expect(await w.view()).toMatchObject({ status: 'active', credentialsOrigin: elsewhere.url });
    const before = keysAt(elsewhere);
    expect((await w.call()).status).toBe(200);
    expect(keysAt(elsewhere)).toBe(before + 1);
  });

  test('a new provider version whose server is elsewhere is refused', async ({ db }) => {
    const w = await world(db);
    expect((await w.view()).credentialsOrigin).toBe(home.url);
    expect((await w.call()).status).toBe(200);
    await importDocument(db, w.workspace.id, w.actor, documentWith({ url: `${elsewhere.url}/v1` }, '2'), w.providerId);
    const before = elsewhere.arrivals.length;
    await expect(w.call()).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`it now points to ${elsewhere.url}`) });
    expect(elsewhere.arrivals.length).toBe(before);
    expect((await w.view()).status).toBe('needs_attention');
  });

  test('a server variable that moves the host is refused', async ({ db }) => {
    const hostOf = (url: string) => new URL(url).host;
    const w = await world(db, { server: { url: 'http://{host}/v1', variables: { host: { default: hostOf(home.url) } } } });
    expect((await w.call()).status).toBe(200);
    await w.edit({ serverVariables: { host: hostOf(elsewhere.url) } });
    const before = elsewhere.arrivals.length;
    await expect(w.call()).rejects.toThrow(`it now points to ${elsewhere.url}`);
    expect(elsewhere.arrivals.length).toBe(before);
  });

  test('a change that keeps the origin (another path) still works', async ({ db }) => {
    const w = await world(db, { baseUrl: `${home.url}/v1` });
    await w.edit({ baseUrl: `${home.url}/v2/api` });
    expect((await w.view()).status).toBe('active');
    const before = keysAt(home);
    expect((await w.call()).status).toBe(200);
    expect(keysAt(home)).toBe(before + 1);
    expect(home.arrivals.at(-1)?.target).toBe('/v2/api/things');
  });

  test('an OAuth connector moved elsewhere gets no token: none is requested, none is sent', async ({ db }) => {
    const oauth = {
      authType: 'oauth2_client_credentials',
      oauth2: { issuer: as.issuer, scopes: ['pets:read'], clientId: 'app', clientAuth: 'basic' },
      secrets: { client_secret: CLIENT_SECRET },
    };
    const w = await world(db, { baseUrl: `${home.url}/v1` });
    await w.edit({ ...oauth, baseUrl: `${home.url}/v1` });
    expect((await w.call()).status).toBe(200);
    expect(home.arrivals.at(-1)?.headers.authorization).toMatch(/^Bearer /);

    await w.edit({ ...oauth, secrets: {}, baseUrl: `${elsewhere.url}/v1` });
    as.tokenRequests.reset();
    const before = elsewhere.arrivals.length;
    await expect(w.call()).rejects.toThrow(`it now points to ${elsewhere.url}`);
    expect(elsewhere.arrivals.length).toBe(before);
    expect(as.tokenRequests.total).toBe(0);
  });

  test('a connector saved before the binding existed is bound to the origin of its first call', async ({ db }) => {
    const w = await world(db, { baseUrl: `${home.url}/v1` });
    await db.update(connectors).set({ credentialsOrigin: null }).where(eq(connectors.id, w.connector.id));
    expect((await w.call()).status).toBe(200);
    expect((await w.view()).credentialsOrigin).toBe(home.url);
    // And a builder who moves it afterwards is stopped like any other.
    await db
      .update(connectors)
      .set({ baseUrl: `${elsewhere.url}/v1` })
      .where(eq(connectors.id, w.connector.id));
    await expect(w.call()).rejects.toThrow('now points to');
  });
});
