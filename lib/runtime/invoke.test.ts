import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { apiTokens, invocations } from '@/db/schema';
import { runtimeApiDocument } from '@/lib/api-docs/openapi';
import { authenticateApiToken, createApiToken, revokeApiToken } from '@/lib/api-tokens/tokens';
import { assignConnector } from '@/lib/connectors/assignments';
import { createConnector } from '@/lib/connectors/connectors';
import { createWorker } from '@/lib/connectors/platform';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { invokeTool, qualifiedToolName, recentInvocations, toolsInContext } from './invoke';

const KEY = 'runtime-key-SECRET-5';
const arrivals: { url?: string; key?: string }[] = [];
let api: http.Server;
let origin = '';

beforeAll(async () => {
  api = http.createServer((req, res) => {
    arrivals.push({ url: req.url, key: req.headers['x-api-key'] as string | undefined });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pets: [{ id: 7 }], echo: req.headers['x-api-key'] }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => api.close(resolve)));

async function world(db: Parameters<typeof saveImport>[0]['db']) {
  const team = await makeTeam(db);
  const actor = actorOf(team.builder);
  const text = fs.readFileSync(path.resolve('test/fixtures/petstore-v1.yaml'), 'utf8');
  const saved = await saveImport({ db, workspaceId: team.workspace.id, actor, imported: (await processDocument({ text })) as ImportedDocument, text, source: 'upload' });
  const connector = await createConnector({
    db,
    workspaceId: team.workspace.id,
    actor,
    providerId: saved.providerId,
    input: connectorInputSchema.parse({
      name: 'Pets',
      environment: 'production',
      credentialMode: 'shared',
      authType: 'api_key',
      apiKey: { name: 'X-API-Key', in: 'header' },
      secrets: { api_key: KEY },
      baseUrl: origin,
    }),
  });
  const worker = await createWorker({ db, workspaceId: team.workspace.id, actor, input: { name: 'Bot', skills: [] } });
  await assignConnector({ db, workspaceId: team.workspace.id, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
  return { ...team, connector, worker, context: { workerId: worker.id } };
}

describe('runtime invoke', () => {
  test('lists the context tools and calls one with the connector, recording the call without secrets', async ({ db }) => {
    const w = await world(db);
    const tools = await toolsInContext({ db, workspaceId: w.workspace.id, context: w.context });
    expect(tools.map((t) => t.name)).toContain('pet-store__listPets');

    arrivals.length = 0;
    const result = await invokeTool({
      db,
      workspaceId: w.workspace.id,
      caller: { type: 'api_token', label: 'bot token' },
      context: w.context,
      tool: { name: 'pet-store__showPetById' },
      args: { petId: 'rex 1' },
      allowPrivateNetwork: true,
    });
    expect(result.status).toBe(200);
    expect(arrivals).toEqual([{ url: '/pets/rex%201', key: KEY }]);
    expect(result.connector.name).toBe('Pets');

    const [logged] = await recentInvocations({ db, workspaceId: w.workspace.id, connectorId: w.connector.id });
    expect(logged).toMatchObject({ toolName: 'pet-store__showPetById', operation: 'GET /pets/{petId}', status: 200, callerLabel: 'bot token', error: null });
    expect(JSON.stringify(await db.select().from(invocations))).not.toContain(KEY);
  });

  test('bad arguments are refused field by field before any request; no assignment is explicit', async ({ db }) => {
    const w = await world(db);
    arrivals.length = 0;
    const call = (args: Record<string, unknown>, context: { workerId: string } = w.context) =>
      invokeTool({ db, workspaceId: w.workspace.id, caller: { type: 'api_token', label: 't' }, context, tool: { name: 'pet-store__listPets' }, args, allowPrivateNetwork: true });
    await expect(call({ limit: 'ten' })).rejects.toMatchObject({ code: 'invalid', fields: { limit: [expect.stringMatching(/integer/)] } });
    expect(arrivals).toHaveLength(0);
    const other = await createWorker({ db, workspaceId: w.workspace.id, actor: actorOf(w.builder), input: { name: 'Lonely', skills: [] } });
    await expect(call({}, { workerId: other.id })).rejects.toThrow('No connector is assigned for Pet Store to worker Lonely');
    const failures = (await db.select().from(invocations)).filter((i) => i.error);
    expect(failures).toHaveLength(2);
  });

  test('a per-user connector uses the credential of the member the call is for, and only a member', async ({ db }) => {
    const w = await world(db);
    const { setOwnCredential, updateConnector } = await import('@/lib/connectors/connectors');
    await updateConnector({
      db,
      workspaceId: w.workspace.id,
      actor: actorOf(w.builder),
      connectorId: w.connector.id,
      input: connectorInputSchema.parse({
        name: 'Pets',
        environment: 'production',
        credentialMode: 'per_user',
        authType: 'api_key',
        apiKey: { name: 'X-API-Key', in: 'header' },
        baseUrl: origin,
      }),
    });
    const call = (userId?: string) =>
      invokeTool({
        db,
        workspaceId: w.workspace.id,
        caller: { type: 'api_token', label: 't', userId },
        context: w.context,
        tool: { name: 'pet-store__listPets' },
        args: {},
        allowPrivateNetwork: true,
      });
    await expect(call()).rejects.toThrow(/is per user: say which person/);
    await expect(call(w.member.id)).rejects.toThrow(/Connect your account first/);
    await setOwnCredential({
      db,
      workspaceId: w.workspace.id,
      actor: actorOf(w.member),
      connectorId: w.connector.id,
      userId: w.member.id,
      values: { api_key: 'member-key-SECRET' },
    });
    arrivals.length = 0;
    expect((await call(w.member.id)).status).toBe(200);
    expect(arrivals[0]?.key).toBe('member-key-SECRET');
    const outsider = await makeTeam(db);
    await expect(call(outsider.member.id)).rejects.toThrow('That user is not a member of this workspace.');
  });

  test('tool names stay within 64 characters and unique', () => {
    const long = qualifiedToolName('a-very-long-provider-slug-for-testing', 'anExtremelyLongOperationIdThatGoesOnAndOn');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(qualifiedToolName('a-very-long-provider-slug-for-testing', 'anExtremelyLongOperationIdThatGoesOnAndOn2')).not.toBe(long);
  });
});

describe('API tokens', () => {
  test('shown once, stored hashed, scoped, revocable, expiring, and bound to their workspace', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const { token, id } = await createApiToken({ db, workspaceId: workspace.id, actor: actorOf(admin), input: { name: 'bot', scopes: ['tools:read'] } });
    expect(token).toMatch(/^pis_/);
    const caller = await authenticateApiToken({ db, authorization: `Bearer ${token}`, scope: 'tools:read' });
    expect(caller.workspaceId).toBe(workspace.id);
    await expect(authenticateApiToken({ db, authorization: `Bearer ${token}`, scope: 'tools:invoke' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(authenticateApiToken({ db, authorization: null, scope: 'tools:read' })).rejects.toMatchObject({ code: 'unauthenticated' });
    await revokeApiToken({ db, workspaceId: workspace.id, actor: actorOf(admin), tokenId: id });
    await expect(authenticateApiToken({ db, authorization: `Bearer ${token}`, scope: 'tools:read' })).rejects.toThrow(/unknown, revoked or expired/);

    const expired = await createApiToken({ db, workspaceId: workspace.id, actor: actorOf(admin), input: { name: 'old', scopes: ['tools:read'], expiresInDays: 1 } });
    await db.execute(sql`update api_tokens set expires_at = now() - interval '1 minute' where id = ${expired.id}`);
    await expect(authenticateApiToken({ db, authorization: `Bearer ${expired.token}`, scope: 'tools:read' })).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(JSON.stringify(await db.select().from(apiTokens))).not.toContain(token.slice(10));
  });
});

describe('the runtime API document', () => {
  test('imports as a provider of this app', async () => {
    const document = JSON.stringify(runtimeApiDocument('https://integrations.example.com/api/v1'));
    const result = await processDocument({ text: document, filename: 'openapi.json' });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.operations.map((o) => o.tool.name).sort()).toEqual([
        'estimateCost',
        'getConnectLink',
        'invokeTool',
        'listModels',
        'listTools',
        'listWorkers',
        'listWorkflows',
        'registerWorker',
        'registerWorkflow',
        'resolveConnector',
      ]);
  });
});
