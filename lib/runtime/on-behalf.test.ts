import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '@/db/client';
import { authenticateApiToken, createApiToken, listApiTokens } from '@/lib/api-tokens/tokens';
import { assignConnector } from '@/lib/connectors/assignments';
import { createConnector, setOwnCredential } from '@/lib/connectors/connectors';
import { createWorker } from '@/lib/connectors/platform';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { handleMcpRequest } from '@/server/mcp';
import { invokeTool, recentInvocations } from './invoke';
import { startPeer, type Peer } from './test-peer';

const SHARED_KEY = 'shared-key-SECRET-on-behalf';
const MEMBER_KEY = 'member-key-SECRET-on-behalf';
let api: Peer;
beforeAll(async () => {
  api = await startPeer();
});
afterAll(() => api.close());

/** A worker with two providers: Pet Store through a shared connector, Pet Store v2 (same document, another slug) through a per-user one. */
async function world(db: Db) {
  const team = await makeTeam(db);
  const actor = actorOf(team.builder);
  const text = fs.readFileSync(path.resolve('test/fixtures/petstore-v1.yaml'), 'utf8');
  const imported = (await processDocument({ text })) as ImportedDocument;
  const shared = await saveImport({ db, workspaceId: team.workspace.id, actor, imported, text, source: 'upload' });
  const personal = await saveImport({ db, workspaceId: team.workspace.id, actor, imported, text, source: 'upload', overrides: { name: 'Personal Pets', slug: 'personal-pets' } });
  const base = { environment: 'production', authType: 'api_key', apiKey: { name: 'X-API-Key', in: 'header' }, baseUrl: api.url };
  const sharedConnector = await createConnector({
    db,
    workspaceId: team.workspace.id,
    actor,
    providerId: shared.providerId,
    input: connectorInputSchema.parse({ ...base, name: 'Shared', credentialMode: 'shared', secrets: { api_key: SHARED_KEY } }),
  });
  const personalConnector = await createConnector({
    db,
    workspaceId: team.workspace.id,
    actor,
    providerId: personal.providerId,
    input: connectorInputSchema.parse({ ...base, name: 'Mine', credentialMode: 'per_user' }),
  });
  await setOwnCredential({
    db,
    workspaceId: team.workspace.id,
    actor: actorOf(team.member),
    connectorId: personalConnector.id,
    userId: team.member.id,
    values: { api_key: MEMBER_KEY },
  });
  const worker = await createWorker({ db, workspaceId: team.workspace.id, actor, input: { name: 'Bot', skills: [] } });
  for (const connector of [sharedConnector, personalConnector])
    await assignConnector({ db, workspaceId: team.workspace.id, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });

  /** A call as the runtime API makes it, with a real token's identity and scopes. */
  const tokenWith = async (scopes: Parameters<typeof createApiToken>[0]['input']['scopes']) => {
    const { token } = await createApiToken({ db, workspaceId: team.workspace.id, actor: actorOf(team.admin), input: { name: `bot ${scopes.join(' ')}`, scopes } });
    return { token, ...(await authenticateApiToken({ db, authorization: `Bearer ${token}`, scope: 'tools:invoke' })) };
  };
  const call = (caller: Awaited<ReturnType<typeof tokenWith>>, tool: string, userId?: string) =>
    invokeTool({
      db,
      workspaceId: team.workspace.id,
      caller: { type: 'api_token', label: caller.name, userId, tokenId: caller.tokenId, scopes: caller.scopes },
      context: { workerId: worker.id },
      tool: { name: tool },
      args: {},
      allowPrivateNetwork: true,
    });
  return { ...team, worker, sharedConnector, personalConnector, tokenWith, call };
}

const keysSent = () => api.arrivals.map((a) => a.headers['x-api-key']);

describe('acting for a person', () => {
  test('a token without tools:invoke:on-behalf that names a person gets a 403 naming the scope, and nothing is sent', async ({ db }) => {
    const w = await world(db);
    const plain = await w.tokenWith(['tools:invoke']);
    const before = api.arrivals.length;
    await expect(w.call(plain, 'personal-pets__listPets', w.member.id)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('needs a token with the "tools:invoke:on-behalf" scope'),
    });
    // Even for a shared connector: naming a person is what needs the scope.
    await expect(w.call(plain, 'pet-store__listPets', w.member.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect(api.arrivals.length).toBe(before);
  });

  test('without naming anyone the token reaches shared connectors only; a per-user one has no shared credential', async ({ db }) => {
    const w = await world(db);
    const plain = await w.tokenWith(['tools:invoke']);
    expect((await w.call(plain, 'pet-store__listPets')).status).toBe(200);
    expect(keysSent().at(-1)).toBe(SHARED_KEY);
    const before = api.arrivals.length;
    await expect(w.call(plain, 'personal-pets__listPets')).rejects.toThrow(
      /is per user and has no shared credential: this token may use shared connectors only.*tools:invoke:on-behalf/,
    );
    expect(api.arrivals.length).toBe(before);
    expect(keysSent()).not.toContain(MEMBER_KEY);
  });

  test("a token with the scope uses the member's own key; each call records the token and the person it acted for", async ({ db }) => {
    const w = await world(db);
    const onBehalf = await w.tokenWith(['tools:invoke', 'tools:invoke:on-behalf']);
    expect((await w.call(onBehalf, 'personal-pets__listPets', w.member.id)).status).toBe(200);
    expect(keysSent().at(-1)).toBe(MEMBER_KEY);
    const [personal] = await recentInvocations({ db, workspaceId: w.workspace.id, connectorId: w.personalConnector.id });
    expect(personal).toMatchObject({ apiTokenId: onBehalf.tokenId, actingUserId: w.member.id, actingUserName: w.member.name, status: 200 });

    expect((await w.call(onBehalf, 'pet-store__listPets')).status).toBe(200);
    const [shared] = await recentInvocations({ db, workspaceId: w.workspace.id, connectorId: w.sharedConnector.id });
    expect(shared).toMatchObject({ apiTokenId: onBehalf.tokenId, actingUserId: null });
  });

  test('over MCP, x-user-id needs the scope too: a 403 before any tool is listed or called', async ({ db }) => {
    const w = await world(db);
    const mcp = (token: string) =>
      handleMcpRequest(
        new Request('http://app.example.test/api/mcp', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'x-worker-id': w.worker.id,
            'x-user-id': w.member.id,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'personal-pets__listPets', arguments: {} } }),
        }),
        { db, allowPrivateNetwork: true },
      );
    const before = api.arrivals.length;
    const refused = await mcp((await w.tokenWith(['tools:read', 'tools:invoke'])).token);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).toContain('x-user-id');
    expect(api.arrivals.length).toBe(before);

    const allowed = await mcp((await w.tokenWith(['tools:read', 'tools:invoke', 'tools:invoke:on-behalf'])).token);
    expect(allowed.status).toBe(200);
    expect(JSON.stringify(await allowed.json())).toContain('200');
    expect(keysSent().at(-1)).toBe(MEMBER_KEY);
  });

  test("the token's owner is recorded and listed", async ({ db }) => {
    const w = await world(db);
    const caller = await w.tokenWith(['tools:invoke']);
    expect(caller.createdBy).toBe(w.admin.id);
    const [listed] = await listApiTokens({ db, workspaceId: w.workspace.id });
    expect(listed).toMatchObject({ createdBy: w.admin.id, createdByName: w.admin.name });
  });
});
