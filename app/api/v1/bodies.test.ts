// Every /api/v1 POST route answers a bad body with what is wrong (413/415/400/422), never a 500,
// and never holds more than its limit of a chunked body in memory.
import { NextRequest } from 'next/server';
import { afterEach } from 'vitest';
import type { Database, Db } from '@/db/client';
import { createApiToken } from '@/lib/api-tokens/tokens';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { V1_BODY_LIMIT } from '@/server/api-v1';
import { POST as connectLink } from './connectors/connect-link/route';
import { POST as resolve } from './connectors/resolve/route';
import { POST as estimate } from './models/estimate/route';
import { POST as invoke } from './tools/invoke/route';
import { POST as workers } from './workers/route';
import { POST as workflows } from './workflows/route';

const holder = globalThis as unknown as { appDatabase?: Promise<Database> };
afterEach(() => {
  holder.appDatabase = undefined;
});

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: [string, Handler][] = [
  ['connectors/connect-link', connectLink],
  ['connectors/resolve', resolve],
  ['models/estimate', estimate],
  ['tools/invoke', invoke],
  ['workers', workers],
  ['workflows', workflows],
];

async function tokenFor(db: Db) {
  holder.appDatabase = Promise.resolve({ db, kind: 'pglite', close: async () => {} } as Database);
  const team = await makeTeam(db);
  const { token } = await createApiToken({
    db,
    workspaceId: team.workspace.id,
    actor: actorOf(team.admin),
    input: { name: 'bodies', scopes: ['connectors:resolve', 'models:read', 'tools:invoke', 'platform:write'] },
  });
  return token;
}

/** A chunked body (no Content-Length) of `chunks` × 64 KB, counting how many chunks were pulled. */
function chunked(chunks: number) {
  const pulled = { count: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.count >= chunks) return controller.close();
      pulled.count++;
      controller.enqueue(new TextEncoder().encode('{"name":"' + 'a'.repeat(64 * 1024 - 10) + '",'));
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { body, pulled };
}

function post(path: string, init: { token?: string; body?: BodyInit | null; contentType?: string | null }) {
  const headers = new Headers();
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.contentType !== null) headers.set('content-type', init.contentType ?? 'application/json');
  return new NextRequest(`https://app.example.test/api/v1/${path}`, { method: 'POST', headers, body: init.body ?? null, duplex: 'half' } as ConstructorParameters<
    typeof NextRequest
  >[1]);
}

const params = { params: Promise.resolve({}) };

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: { code: string; message: string; issues?: { path: string; message: string }[] } }).error };
}

describe('POST /api/v1/* bodies', () => {
  test.for(routes)('%s: a chunked body over the limit is a 413, read no further than the limit', async ([path, handler], { db }) => {
    const token = await tokenFor(db);
    const { body, pulled } = chunked(1000); // 64 MB offered, 1 MB allowed
    const error = await errorOf(await handler(post(path, { token, body }), params));
    expect(error).toMatchObject({ status: 413, code: 'too_large', message: 'The request body is larger than 1 MB. Send less data in one request (tool arguments included).' });
    expect(pulled.count * 64 * 1024).toBeLessThanOrEqual(V1_BODY_LIMIT + 2 * 64 * 1024);
    expect(pulled.cancelled).toBe(true);
  });

  test.for(routes)('%s: a declared Content-Length over the limit is a 413 before the token is checked', async ([path, handler], { db }) => {
    await tokenFor(db);
    const request = post(path, { token: 'not-a-token', body: '{}' });
    request.headers.set('content-length', String(V1_BODY_LIMIT + 1));
    expect((await errorOf(await handler(request, params))).status).toBe(413);
  });

  test.for(routes)('%s: 415 for a wrong or missing content type, 400 for an empty body or malformed JSON', async ([path, handler], { db }) => {
    const token = await tokenFor(db);
    const form = await errorOf(await handler(post(path, { token, body: 'a=1', contentType: 'application/x-www-form-urlencoded' }), params));
    expect(form).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(form.message).toContain('Content-Type: application/json');
    expect((await errorOf(await handler(post(path, { token, body: '{}', contentType: null }), params))).status).toBe(415);

    const empty = await errorOf(await handler(post(path, { token, body: '' }), params));
    expect(empty).toMatchObject({ status: 400, code: 'bad_request', message: 'The request body is empty. Send a JSON object.' });

    const malformed = await errorOf(await handler(post(path, { token, body: '{"context": {' }), params));
    expect(malformed.status).toBe(400);
    expect(malformed.message).toMatch(/^The request body is not valid JSON: .*position 13/);
  });

  test.for(routes)('%s: a NUL character anywhere in the JSON is a 422 naming the field', async ([path, handler], { db }) => {
    const token = await tokenFor(db);
    const body = JSON.stringify({ name: 'Bot\u0000', context: { workerId: '00000000-0000-4000-8000-000000000000' }, arguments: { q: 'x' } });
    const error = await errorOf(await handler(post(path, { token, body }), params));
    expect(error).toMatchObject({ status: 422, code: 'invalid', issues: [{ path: 'name', message: 'Contains a NUL character (\\u0000).' }] });
  });

  test('a NUL character inside a valid registration never reaches the database (was a 500)', async ({ db }) => {
    const token = await tokenFor(db);
    const response = await workers(post('workers', { token, body: '{"name":"a\\u0000b","skills":[]}' }), params);
    expect(response.status).toBe(422);
    expect((await errorOf(response)).message).toBe('The field name contains a NUL character (\\u0000), which cannot be stored. Remove it.');
  });

  test("a stranger's chunked body is not read: 401 first", async ({ db }) => {
    await tokenFor(db);
    const { body, pulled } = chunked(1000);
    const response = await workers(post('workers', { token: 'nope', body }), params);
    expect(response.status).toBe(401);
    expect(pulled.count).toBeLessThanOrEqual(1);
  });
});
