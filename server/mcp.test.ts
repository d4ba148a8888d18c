import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Db } from '@/db/client';
import { invocations } from '@/db/schema';
import { createApiToken, revokeApiToken } from '@/lib/api-tokens/tokens';
import { assignConnector } from '@/lib/connectors/assignments';
import { createConnector } from '@/lib/connectors/connectors';
import { createWorker } from '@/lib/connectors/platform';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { handleMcpRequest } from './mcp';

const KEY = 'mcp-key-SECRET-9';
const arrivals: { method?: string; url?: string; key?: string; body: string }[] = [];
let petApi: http.Server;
let petOrigin = '';
let mcp: http.Server;
let mcpUrl = '';
/** The handler the MCP test server adapts to: set per test, since each test has its own transaction. */
let handler: ((request: Request) => Promise<Response>) | undefined;
const clients: Client[] = [];

async function listen(server: http.Server) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  petApi = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    arrivals.push({ method: req.method, url: req.url, key: req.headers['x-api-key'] as string | undefined, body });
    if (req.url === '/pets/missing') return res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no such pet' }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pets: [{ id: 7, name: 'Rex' }] }));
  });
  petOrigin = await listen(petApi);

  mcp = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) for (const v of [value ?? []].flat()) headers.append(name, v);
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const response = await handler!(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  mcpUrl = `${await listen(mcp)}/api/mcp`;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await new Promise((resolve) => petApi.close(resolve));
  mcp.closeAllConnections();
  await new Promise((resolve) => mcp.close(resolve));
});

/** A document with `count` GET operations plus one POST /me/sendMail. */
function largeDocument(count: number) {
  const paths: Record<string, unknown> = {
    '/me/sendMail': {
      post: {
        operationId: 'sendMail',
        summary: 'Send a mail message',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['subject'], properties: { subject: { type: 'string' } } } } } },
        responses: { '202': { description: 'Accepted' } },
      },
    },
  };
  for (let i = 0; i < count; i++)
    paths[`/things/t${i}`] = { get: { operationId: `getThing${i}`, summary: `Get thing number ${i}`, responses: { '200': { description: 'The thing' } } } };
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'Mail Suite', version: '1.0.0' },
    servers: [{ url: 'https://mail.example.com' }],
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
    security: [{ apiKey: [] }],
    paths,
  });
}

async function world(db: Db, { large = false } = {}) {
  const team = await makeTeam(db);
  const workspaceId = team.workspace.id;
  const actor = actorOf(team.builder);
  const worker = await createWorker({ db, workspaceId, actor, input: { name: 'Support bot', skills: [] } });
  const documents = [{ text: fs.readFileSync(path.resolve('test/fixtures/petstore-v1.yaml'), 'utf8'), filename: 'petstore.yaml' }];
  if (large) documents.push({ text: largeDocument(60), filename: 'mail.json' });
  for (const { text, filename } of documents) {
    const saved = await saveImport({ db, workspaceId, actor, imported: (await processDocument({ text, filename })) as ImportedDocument, text, source: 'upload' });
    const connector = await createConnector({
      db,
      workspaceId,
      actor,
      providerId: saved.providerId,
      input: connectorInputSchema.parse({
        name: `Main ${filename}`,
        environment: 'production',
        credentialMode: 'shared',
        authType: 'api_key',
        apiKey: { name: 'X-API-Key', in: 'header' },
        secrets: { api_key: KEY },
        baseUrl: petOrigin,
      }),
    });
    await assignConnector({ db, workspaceId, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
  }
  const { token, id: tokenId } = await createApiToken({ db, workspaceId, actor: actorOf(team.admin), input: { name: 'support runtime', scopes: ['tools:read', 'tools:invoke'] } });
  handler = (request) => handleMcpRequest(request, { db, allowPrivateNetwork: true, afterResponse: (task) => void task() });
  return { ...team, worker, token, tokenId, headers: { authorization: `Bearer ${token}`, 'x-worker-id': worker.id } };
}

async function connect(headers: Record<string, string>) {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  clients.push(client);
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers } }));
  return client;
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as { type: string; text: string }[])[0]!.text;

describe('MCP endpoint', () => {
  test('lists the worker tools and calls one through the connector, with the key, recording the token as caller', async ({ db }) => {
    const w = await world(db);
    const client = await connect(w.headers);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['pet-store__listPets', 'pet-store__showPetById', 'pet-store__createPet']));
    const listPets = tools.find((t) => t.name === 'pet-store__listPets')!;
    expect(listPets.description).toBeTruthy();
    expect(listPets.inputSchema).toMatchObject({ type: 'object', properties: { limit: { type: 'integer' } } });

    arrivals.length = 0;
    const result = await client.callTool({ name: 'pet-store__listPets', arguments: { limit: 2 } });
    expect(result.isError).toBe(false);
    expect(JSON.parse(textOf(result))).toEqual({ status: 200, body: { pets: [{ id: 7, name: 'Rex' }] }, truncated: false });
    expect(arrivals).toMatchObject([{ method: 'GET', url: '/pets?limit=2', key: KEY }]);

    const missing = await client.callTool({ name: 'pet-store__showPetById', arguments: { petId: 'missing' } });
    expect(missing.isError).toBe(true);
    expect(JSON.parse(textOf(missing))).toMatchObject({ status: 404, body: { error: 'no such pet' } });

    const logged = await db.select().from(invocations).where(eq(invocations.workspaceId, w.workspace.id));
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ callerType: 'mcp', callerLabel: 'support runtime' });
  });

  test('bad arguments and unknown tools are tool errors naming the field; nothing is sent', async ({ db }) => {
    const w = await world(db);
    const client = await connect(w.headers);
    arrivals.length = 0;
    const bad = await client.callTool({ name: 'pet-store__listPets', arguments: { limit: 'ten' } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^The arguments do not match the tool\.\n- limit: .*integer/);
    const unknown = await client.callTool({ name: 'pet-store__adoptPet', arguments: {} });
    expect(unknown).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('has no tool "adoptPet"') }] });
    expect(arrivals).toHaveLength(0);
  });

  test('no token, a wrong or revoked token is a 401 before any MCP; context headers are required', async ({ db }) => {
    const w = await world(db);
    const initialize = (headers: Record<string, string>) =>
      fetch(mcpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
        }),
      });
    const none = await initialize({ 'x-worker-id': w.worker.id });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await none.json()).error.message).toMatch(/Authorization: Bearer/);
    expect((await initialize({ ...w.headers, authorization: `Bearer pis_${'x'.repeat(40)}` })).status).toBe(401);

    expect((await initialize(w.headers)).status).toBe(200);
    const noContext = await initialize({ authorization: w.headers.authorization });
    expect(noContext.status).toBe(422);
    expect((await noContext.json()).error.message).toMatch(/x-worker-id/);
    expect((await initialize({ ...w.headers, 'x-worker-id': 'not-a-uuid' })).status).toBe(422);
    expect((await fetch(mcpUrl, { headers: w.headers })).status).toBe(405);

    await revokeApiToken({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), tokenId: w.tokenId });
    const revoked = await initialize(w.headers);
    expect(revoked.status).toBe(401);
    await expect(connect(w.headers)).rejects.toThrow();
  });

  test("another workspace's token cannot see or call this workspace's worker", async ({ db }) => {
    const w = await world(db);
    const other = await makeTeam(db);
    const { token } = await createApiToken({
      db,
      workspaceId: other.workspace.id,
      actor: actorOf(other.admin),
      input: { name: 'intruder', scopes: ['tools:read', 'tools:invoke'] },
    });
    arrivals.length = 0;
    // The worker is not in the token's workspace: the client cannot even connect, and learns why.
    await expect(connect({ authorization: `Bearer ${token}`, 'x-worker-id': w.worker.id })).rejects.toThrow(`No worker ${w.worker.id} in this workspace`);
    expect(arrivals).toHaveLength(0);
  });

  test('a provider with more than 50 tools is offered as search and call tools that reach all of them', async ({ db }) => {
    const w = await world(db, { large: true });
    const client = await connect(w.headers);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('pet-store__listPets');
    expect(names.filter((n) => n.startsWith('mail-suite__')).sort()).toEqual(['mail-suite__call', 'mail-suite__search']);

    const found = await client.callTool({ name: 'mail-suite__search', arguments: { query: 'send mail' } });
    expect(found.isError).toBeFalsy();
    const { tools } = JSON.parse(textOf(found)) as { tools: { name: string; inputSchema: unknown }[] };
    expect(tools.map((t) => t.name)).toEqual(['sendMail']);
    expect(JSON.stringify(tools[0]!.inputSchema)).toContain('subject');
    const page = JSON.parse(textOf(await client.callTool({ name: 'mail-suite__search', arguments: { query: 'thing', limit: 5 } })));
    expect(page.tools).toHaveLength(5);
    expect(page.more).toBe(true);

    arrivals.length = 0;
    const sent = await client.callTool({ name: 'mail-suite__call', arguments: { tool: 'sendMail', arguments: { body: { subject: 'Hello' } } } });
    expect(sent.isError).toBe(false);
    expect(JSON.parse(textOf(sent))).toMatchObject({ status: 200 });
    expect(arrivals).toMatchObject([{ method: 'POST', url: '/me/sendMail', key: KEY }]);
    expect(JSON.parse(arrivals[0]!.body)).toEqual({ subject: 'Hello' });

    const wrong = await client.callTool({ name: 'mail-suite__call', arguments: { tool: 'sendMail', arguments: { body: {} } } });
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)).toMatch(/subject/);
  });
});

describe('MCP endpoint with the context in the URL', () => {
  const rpc = (url: string, headers: Record<string, string>, id: number | string = 7) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list', params: {} }),
    });

  test('the official client connects with only the URL and the bearer token, lists and calls a tool', async ({ db }) => {
    const w = await world(db);
    const client = new Client({ name: 'url-only', version: '1.0.0' });
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcpUrl}?workerId=${w.worker.id}`), { requestInit: { headers: { authorization: `Bearer ${w.token}` } } }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('pet-store__listPets');
    arrivals.length = 0;
    const result = await client.callTool({ name: 'pet-store__listPets', arguments: { limit: 1 } });
    expect(JSON.parse(textOf(result))).toMatchObject({ status: 200, body: { pets: [{ id: 7, name: 'Rex' }] } });
    expect(arrivals).toMatchObject([{ url: '/pets?limit=1', key: KEY }]);
    // The same value in the URL and the header is not a conflict.
    expect((await rpc(`${mcpUrl}?workerId=${w.worker.id}`, w.headers)).status).toBe(200);
  });

  test('every refusal is a JSON-RPC 2.0 error with the request id, a message saying what to do, and the HTTP status', async ({ db }) => {
    const w = await world(db);
    const bearer = { authorization: `Bearer ${w.token}` };

    const noContext = await rpc(mcpUrl, bearer, 11);
    expect(noContext.status).toBe(422);
    const noContextBody = await noContext.json();
    expect(noContextBody).toMatchObject({
      jsonrpc: '2.0',
      id: 11,
      error: { code: -32602, data: { status: 422, fields: { workerId: expect.any(Array), workflowId: expect.any(Array) } } },
    });
    expect(noContextBody.error.message).toMatch(/workerId.*workflowId.*\?workerId=/s);

    const ghost = '00000000-0000-4000-8000-000000000000';
    const unknown = await rpc(`${mcpUrl}?workerId=${ghost}`, bearer, 'req-2');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      jsonrpc: '2.0',
      id: 'req-2',
      error: { code: -32602, message: `No worker ${ghost} in this workspace. Copy the URL from the worker's page.`, data: { status: 404 } },
    });

    const badToken = await rpc(`${mcpUrl}?workerId=${w.worker.id}`, { authorization: `Bearer pis_${'x'.repeat(40)}` });
    expect(badToken.status).toBe(401);
    expect(badToken.headers.get('www-authenticate')).toBe('Bearer');
    expect(await badToken.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32001, message: expect.any(String), data: { status: 401 } } });

    const conflicting = await rpc(`${mcpUrl}?workerId=${w.worker.id}`, { ...bearer, 'x-worker-id': ghost }, 3);
    expect(conflicting.status).toBe(422);
    const conflict = await conflicting.json();
    expect(conflict).toMatchObject({ jsonrpc: '2.0', id: 3, error: { code: -32602, data: { fields: { workerId: [expect.stringContaining('x-worker-id header')] } } } });
    expect(conflict.error.message).toContain(`workerId is "${w.worker.id}" in the URL but "${ghost}" in the x-worker-id header`);

    const mixed = await rpc(`${mcpUrl}?workerId=${w.worker.id}&workflowId=${ghost}`, bearer);
    expect(mixed.status).toBe(422);
    expect((await mixed.json()).error.message).toMatch(/a worker or a workflow, not both/);

    // The official client surfaces the reason when it cannot connect.
    const client = new Client({ name: 'url-only', version: '1.0.0' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: bearer } }))).rejects.toThrow(/No context given/);
  });
});
