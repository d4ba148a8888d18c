import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { createConnector, getConnector } from './connectors';
import { connectorInputSchema } from './schema';
import { testConnection } from './test-connection';

const received: { method?: string; url?: string; headers: http.IncomingHttpHeaders }[] = [];
let server: http.Server;
let origin = '';
const API_KEY = 'pk-live-SECRET-77';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push({ method: req.method, url: req.url, headers: req.headers });
    if (req.headers['x-api-key'] !== API_KEY)
      return res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad key', echo: req.headers['x-api-key'] }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ id: 1, name: 'Rex' }]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function petstore(db: Parameters<typeof saveImport>[0]['db'], workspaceId: string, actor: ReturnType<typeof actorOf>) {
  const text = fs.readFileSync(path.resolve('test/fixtures/petstore-v1.yaml'), 'utf8');
  const imported = (await processDocument({ text })) as ImportedDocument;
  return saveImport({ db, workspaceId, actor, imported, text, source: 'upload' });
}

describe('test connection', () => {
  test('calls a harmless GET with the key in its place, marks the connector active, and shows no secret', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const saved = await petstore(db, workspace.id, actor);
    const connector = await createConnector({
      db,
      workspaceId: workspace.id,
      actor,
      providerId: saved.providerId,
      input: connectorInputSchema.parse({
        name: 'Main',
        environment: 'production',
        credentialMode: 'shared',
        authType: 'api_key',
        apiKey: { name: 'X-API-Key', in: 'header' },
        secrets: { api_key: API_KEY },
        baseUrl: origin,
      }),
    });
    received.length = 0;
    const outcome = await testConnection({ db, workspaceId: workspace.id, actor, connectorId: connector.id, userId: builder.id, allowPrivateNetwork: true });
    expect(outcome).toMatchObject({ ok: true, status: 200, operation: 'GET /pets' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'GET', url: '/pets' });
    expect(received[0]!.headers['x-api-key']).toBe(API_KEY);
    expect(JSON.stringify(outcome)).not.toContain(API_KEY);
    expect(outcome.excerpt).toContain('Rex');
    expect(await getConnector({ db, workspaceId: workspace.id, connectorId: connector.id })).toMatchObject({ status: 'active', statusReason: null });
  });

  test('a refused key sets "needs attention" with the reason; an echoed key is masked', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const saved = await petstore(db, workspace.id, actor);
    const wrong = 'pk-wrong-SECRET-00';
    const connector = await createConnector({
      db,
      workspaceId: workspace.id,
      actor,
      providerId: saved.providerId,
      input: connectorInputSchema.parse({
        name: 'Main',
        environment: 'production',
        credentialMode: 'shared',
        authType: 'api_key',
        apiKey: { name: 'X-API-Key', in: 'header' },
        secrets: { api_key: wrong },
        baseUrl: origin,
      }),
    });
    const outcome = await testConnection({ db, workspaceId: workspace.id, actor, connectorId: connector.id, userId: builder.id, allowPrivateNetwork: true });
    expect(outcome).toMatchObject({ ok: false, status: 401 });
    expect(outcome.summary).toBe('The API refused the credentials: GET /pets answered 401.');
    expect(JSON.stringify(outcome)).not.toContain(wrong);
    const after = await getConnector({ db, workspaceId: workspace.id, connectorId: connector.id });
    expect(after.status).toBe('needs_attention');
    expect(after.statusReason).toContain('credentials refused');
  });

  test('an unreachable or private base URL is reported, not thrown', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const saved = await petstore(db, workspace.id, actor);
    const connector = await createConnector({
      db,
      workspaceId: workspace.id,
      actor,
      providerId: saved.providerId,
      input: connectorInputSchema.parse({
        name: 'Main',
        environment: 'production',
        credentialMode: 'shared',
        authType: 'bearer',
        secrets: { token: 'tok-SECRET' },
        baseUrl: origin,
      }),
    });
    const outcome = await testConnection({ db, workspaceId: workspace.id, actor, connectorId: connector.id, userId: builder.id, allowPrivateNetwork: false });
    expect(outcome.ok).toBe(false);
    expect(outcome.summary).toMatch(/^Could not call GET \/pets: /);
    expect((await getConnector({ db, workspaceId: workspace.id, connectorId: connector.id })).status).toBe('needs_attention');
  });
});

describe('test connection to loopback when private networks are not allowed', () => {
  test('an open and a closed loopback port get the same message and status, and the open server receives nothing', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const saved = await petstore(db, workspace.id, actor);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const results: { summary: string; status: string; reason: string | null }[] = [];
    // 6000 is a port fetch itself refuses, with words of its own.
    for (const baseUrl of [origin, `http://127.0.0.1:${closedPort}`, 'http://127.0.0.1:6000']) {
      const connector = await createConnector({
        db,
        workspaceId: workspace.id,
        actor,
        providerId: saved.providerId,
        input: connectorInputSchema.parse({ name: `Port ${baseUrl}`, environment: 'production', credentialMode: 'shared', authType: 'none', baseUrl }),
      });
      received.length = 0;
      const outcome = await testConnection({ db, workspaceId: workspace.id, actor, connectorId: connector.id, userId: builder.id, allowPrivateNetwork: false });
      expect(received).toHaveLength(0);
      const after = await getConnector({ db, workspaceId: workspace.id, connectorId: connector.id });
      results.push({ summary: outcome.summary, status: after.status, reason: after.statusReason });
    }
    const message =
      '127.0.0.1 is a private or loopback address; requests to it are not allowed here. Ask an operator to set ALLOW_PRIVATE_NETWORK=true if this API runs on your network.';
    expect(results[0]).toEqual({ summary: `Could not call GET /pets: ${message}`, status: 'needs_attention', reason: `Test connection: ${message}` });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
