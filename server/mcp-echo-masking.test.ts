// The MCP endpoint, driven by the SDK's own client: an API that echoes its credentials gets none of
// them back to the client; and the invocation records of its tool calls are written by the task the
// handler schedules for after the response (Next's after() in the route).
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Db } from '@/db/client';
import { invocations, workspaces } from '@/db/schema';
import { createApiToken } from '@/lib/api-tokens/tokens';
import { alsoSays, echoBack, echoWorld, expectNothingLeaked } from '@/lib/runtime/test-echo';
import { startPeer, type Peer } from '@/lib/runtime/test-peer';
import { committingDatabase, describe, expect, test } from '@/test/db';
import { actorOf } from '@/test/factories';
import { nextAfter, type AfterResponse } from './after-response';
import { handleMcpRequest } from './mcp';

let api: Peer;
const clients: Client[] = [];
beforeAll(async () => {
  api = await startPeer(echoBack);
});
afterAll(() => api.close());
beforeEach(() => {
  api.arrivals.length = 0;
  alsoSays.length = 0;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** An MCP client whose requests go straight to the handler, as the route would pass them. */
async function mcpClient(db: Db, headers: Record<string, string>, afterResponse: AfterResponse) {
  const client = new Client({ name: 'echo-test', version: '1.0.0' });
  clients.push(client);
  const fetch = (url: string | URL, init?: RequestInit) => handleMcpRequest(new Request(url, init), { db, allowPrivateNetwork: true, afterResponse });
  await client.connect(new StreamableHTTPClientTransport(new URL('http://app.test/api/mcp'), { requestInit: { headers }, fetch }));
  return client;
}

async function tokenFor(db: Db, w: Awaited<ReturnType<typeof echoWorld>>) {
  const { token } = await createApiToken({ db, workspaceId: w.workspaceId, actor: actorOf(w.admin), input: { name: 'echo bot', scopes: ['tools:read', 'tools:invoke'] } });
  return { authorization: `Bearer ${token}`, 'x-worker-id': w.worker.id };
}

describe('MCP and an API that echoes its credentials', () => {
  test.for(['api_key', 'basic', 'oauth2_client_credentials'] as const)('%s: the tool result the client receives carries no stored secret in any spelling', async (auth, { db }) => {
    const w = await echoWorld(db, api.url, auth);
    alsoSays.push(...w.secrets);
    const client = await mcpClient(db, await tokenFor(db, w), (task) => void task());
    for (const petId of ['json', 'text']) {
      const result = await client.callTool({ name: 'pet-store__showPetById', arguments: { petId } });
      expect(result.isError).toBeFalsy();
      expect(api.arrivals).toHaveLength(petId === 'json' ? 1 : 2);
      expectNothingLeaked(result, w.secrets);
      expect(JSON.stringify(result)).toContain(`/pets/${petId}`);
    }
    const refused = await client.callTool({ name: 'pet-store__showPetById', arguments: { petId: 'redirect' } });
    expect(refused.isError).toBe(true);
    expectNothingLeaked(refused, w.secrets);
  });
});

// Written outside a transaction (the log queues only there), so on PostgreSQL in a scratch database.
describe('the invocation log behind MCP', () => {
  test('the handler schedules one task for after the response, and that task writes the records of its calls', async ({ database }) => {
    const own = await committingDatabase(database);
    const db = own.db;
    const w = await echoWorld(db, api.url, 'api_key');
    try {
      const scheduled: (() => Promise<void>)[] = [];
      const client = await mcpClient(db, await tokenFor(db, w), (task) => void scheduled.push(task));
      scheduled.length = 0;
      await client.callTool({ name: 'pet-store__showPetById', arguments: { petId: 'json' } });
      expect(scheduled).toHaveLength(1);
      await scheduled[0]!();
      const rows = await db.select().from(invocations).where(eq(invocations.workspaceId, w.workspaceId));
      expect(rows).toMatchObject([{ toolName: 'pet-store__showPetById', callerType: 'mcp', status: 200 }]);
    } finally {
      await db.delete(workspaces).where(eq(workspaces.id, w.workspaceId));
      await own.done();
    }
  });

  test('outside a Next request (a script, a test) the task starts at once instead of being lost', async () => {
    let ran = false;
    nextAfter(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
