// POST /api/v1/tools/invoke against an API that echoes its credentials: the HTTP answer (body and
// headers, success or error) carries none of the connector's stored secrets.
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import type { Database, Db } from '@/db/client';
import { createApiToken } from '@/lib/api-tokens/tokens';
import { alsoSays, echoBack, echoWorld, expectNothingLeaked, type EchoAuth } from '@/lib/runtime/test-echo';
import { startPeer, type Peer } from '@/lib/runtime/test-peer';
import { describe, expect, test } from '@/test/db';
import { actorOf } from '@/test/factories';
import { POST } from './route';

// The echo API listens on loopback, which the deployment's setting decides about; read when env.ts loads.
vi.hoisted(() => {
  process.env.ALLOW_PRIVATE_NETWORK = 'true';
});

const holder = globalThis as unknown as { appDatabase?: Promise<Database> };
let api: Peer;
beforeAll(async () => {
  api = await startPeer(echoBack);
});
afterAll(() => api.close());
beforeEach(() => {
  api.arrivals.length = 0;
  alsoSays.length = 0;
});
afterEach(() => {
  holder.appDatabase = undefined;
});

/** The route reads the app's database: here the test's own transaction, rolled back afterwards. */
async function world(db: Db, auth: EchoAuth) {
  holder.appDatabase = Promise.resolve({ db, kind: 'pglite', close: async () => {} } as Database);
  const w = await echoWorld(db, api.url, auth);
  alsoSays.push(...w.secrets);
  const { token } = await createApiToken({ db, workspaceId: w.workspaceId, actor: actorOf(w.admin), input: { name: 'echo bot', scopes: ['tools:invoke'] } });
  const call = async (petId: string) => {
    const response = await POST(
      new NextRequest('http://app.test/api/v1/tools/invoke', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ context: w.context, tool: 'pet-store__showPetById', arguments: { petId } }),
      }),
      { params: Promise.resolve({}) },
    );
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  };
  return { ...w, call };
}

describe('POST /api/v1/tools/invoke and an API that echoes its credentials', () => {
  test.for(['api_key', 'api_key_query', 'bearer'] as const)('%s: the HTTP answer, body and headers, carries no stored secret in any spelling', async (auth, { db }) => {
    const w = await world(db, auth);
    for (const petId of ['json', 'text']) {
      const answer = await w.call(petId);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 200, tool: 'pet-store__showPetById' });
      expectNothingLeaked(answer, w.secrets);
    }
    expect(api.arrivals).toHaveLength(2);
    const refused = await w.call('redirect');
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'unavailable' } });
    expectNothingLeaked(refused, w.secrets);
  });
});
