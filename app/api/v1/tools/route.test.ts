// GET /api/v1/tools and /api/mcp read the context the same way and compute "tools in a context" once:
// no context is a 422 naming the parameters, an unknown worker the same 404 from both.
import { NextRequest } from 'next/server';
import { afterEach } from 'vitest';
import type { Database, Db } from '@/db/client';
import { createApiToken } from '@/lib/api-tokens/tokens';
import { echoWorld } from '@/lib/runtime/test-echo';
import { handleMcpRequest } from '@/server/mcp';
import { describe, expect, test } from '@/test/db';
import { actorOf } from '@/test/factories';
import { GET } from './route';
import { POST as invoke } from './invoke/route';

const holder = globalThis as unknown as { appDatabase?: Promise<Database> };
afterEach(() => {
  holder.appDatabase = undefined;
});

async function world(db: Db) {
  holder.appDatabase = Promise.resolve({ db, kind: 'pglite', close: async () => {} } as Database);
  const w = await echoWorld(db, 'http://127.0.0.1:9', 'bearer');
  const { token } = await createApiToken({ db, workspaceId: w.workspaceId, actor: actorOf(w.admin), input: { name: 'lister', scopes: ['tools:read', 'tools:invoke'] } });
  const list = async (query: string, headers: Record<string, string> = {}) => {
    const response = await GET(new NextRequest(`http://app.test/api/v1/tools${query}`, { headers: { authorization: `Bearer ${token}`, ...headers } }), {
      params: Promise.resolve({}),
    });
    return { status: response.status, body: await response.json() };
  };
  const mcp = async (query: string) => {
    const response = await handleMcpRequest(
      new Request(`http://app.test/api/mcp${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
      }),
      { db, afterResponse: (task) => void task() },
    );
    return { status: response.status, body: await response.json() };
  };
  return { ...w, token, list, mcp };
}

describe('GET /api/v1/tools', () => {
  test('without a context: 422 naming workerId and workflowId and where to put them', async ({ db }) => {
    const w = await world(db);
    const answer = await w.list('');
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('invalid');
    expect(answer.body.error.message).toMatch(/workerId \(and optionally skillId\) or workflowId \(and optionally nodeId\)/);
    expect(answer.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['workerId', 'workflowId']);
  });

  test('the context from the query or the header lists the same tools as MCP; a conflict between them is a 422', async ({ db }) => {
    const w = await world(db);
    const byQuery = await w.list(`?workerId=${w.worker.id}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.tools.map((t: { name: string }) => t.name)).toContain('pet-store__listPets');
    expect((await w.list('', { 'x-worker-id': w.worker.id })).body).toEqual(byQuery.body);
    const viaMcp = await w.mcp(`?workerId=${w.worker.id}`);
    expect(viaMcp.body.result.tools.map((t: { name: string }) => t.name)).toEqual(byQuery.body.tools.map((t: { name: string }) => t.name));

    const conflict = await w.list(`?workerId=${w.worker.id}`, { 'x-worker-id': '00000000-0000-4000-8000-000000000000' });
    expect(conflict.status).toBe(422);
    expect(conflict.body.error.message).toMatch(/in the URL but .* in the x-worker-id header/);
    // A token pasted into the wrong header is not repeated whole.
    const pasted = await w.list(`?workerId=${w.worker.id}`, { 'x-worker-id': w.token });
    expect(pasted.status).toBe(422);
    expect(JSON.stringify(pasted.body)).not.toContain(w.token);
  });

  test('an unknown worker, skill or workflow: the same 404 and message from /api/v1/tools and /api/mcp', async ({ db }) => {
    const w = await world(db);
    const ghost = '00000000-0000-4000-8000-000000000000';
    for (const query of [`?workerId=${ghost}`, `?workerId=${w.worker.id}&skillId=${ghost}`, `?workflowId=${ghost}`]) {
      const api = await w.list(query);
      const mcp = await w.mcp(query);
      expect(api.status).toBe(404);
      expect(mcp.status).toBe(404);
      expect(api.body.error.message).toMatch(/^No (worker|skill|workflow) 00000000-0000-4000-8000-000000000000 in /);
      expect(mcp.body.error.message).toBe(api.body.error.message);
    }
  });

  test('POST /api/v1/tools/invoke takes the context from the URL too, and refuses none with the same 422', async ({ db }) => {
    const w = await world(db);
    const call = (query: string, body: Record<string, unknown>) =>
      invoke(
        new NextRequest(`http://app.test/api/v1/tools/invoke${query}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({}) },
      );
    const none = await call('', { tool: 'pet-store__listPets' });
    expect(none.status).toBe(422);
    expect((await none.json()).error.message).toMatch(/No context given/);
    const conflict = await call(`?workerId=${w.worker.id}`, { tool: 'pet-store__listPets', context: { workerId: '00000000-0000-4000-8000-000000000000' } });
    expect(conflict.status).toBe(422);
    expect((await conflict.json()).error.message).toMatch(/in the body's "context" but .* in the URL/);
  });
});
