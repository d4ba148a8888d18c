// /api/v1/workers and /api/v1/workflows are one implementation: the same answers, with each kind's words.
import { NextRequest } from 'next/server';
import { afterEach } from 'vitest';
import type { Database, Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { createApiToken } from '@/lib/api-tokens/tokens';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import * as workers from './workers/route';
import * as workflows from './workflows/route';

const ORIGIN = 'https://integrations.example.test';
const holder = globalThis as unknown as { appDatabase?: Promise<Database> };
afterEach(() => {
  holder.appDatabase = undefined;
});

async function world(db: Db) {
  holder.appDatabase = Promise.resolve({ db, kind: 'pglite', close: async () => {} } as Database);
  const team = await makeTeam(db);
  const { token } = await createApiToken({ db, workspaceId: team.workspace.id, actor: actorOf(team.admin), input: { name: 'platform', scopes: ['tools:read', 'platform:write'] } });
  const { token: readOnly } = await createApiToken({ db, workspaceId: team.workspace.id, actor: actorOf(team.admin), input: { name: 'reader', scopes: ['tools:read'] } });
  const request = (plural: string, init: { method?: string; body?: unknown; bearer?: string } = {}) =>
    new NextRequest(`${ORIGIN}/api/v1/${plural}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.bearer ?? token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  return { ...team, readOnly, request };
}

const kinds = [
  { kind: 'worker', plural: 'workers', parts: 'skills', routes: workers },
  { kind: 'workflow', plural: 'workflows', parts: 'nodes', routes: workflows },
] as const;
const ctx = { params: Promise.resolve({}) };

describe('/api/v1/workers and /api/v1/workflows', () => {
  for (const { kind, plural, parts, routes } of kinds) {
    test(`${plural}: register, list with ${parts} in name order, refuse a duplicate, a bad body and a token without platform:write`, async ({ db }) => {
      const w = await world(db);
      const empty = await routes.GET(w.request(plural), ctx);
      expect(empty.status).toBe(200);
      expect(await empty.json()).toEqual({ [plural]: [] });

      const created = await routes.POST(w.request(plural, { method: 'POST', body: { name: ' Support bot ', [parts]: ['reply', 'triage'] } }), ctx);
      expect(created.status).toBe(201);
      const body = await created.json();
      expect(body).toEqual({ id: expect.any(String), name: 'Support bot' });

      const listed = await (await routes.GET(w.request(plural), ctx)).json();
      expect(listed[plural]).toHaveLength(1);
      expect(listed[plural][0]).toMatchObject({ id: body.id, name: 'Support bot', workspaceId: w.workspace.id, description: null });
      expect(listed[plural][0][parts].map((p: { name: string }) => p.name)).toEqual(['reply', 'triage']);
      expect(listed[plural][0][kind === 'worker' ? 'nodes' : 'skills']).toBeUndefined();

      const again = await routes.POST(w.request(plural, { method: 'POST', body: { name: 'Support bot' } }), ctx);
      expect(again.status).toBe(409);
      expect((await again.json()).error).toMatchObject({
        code: 'conflict',
        message: `A ${kind} named "Support bot" is already registered.`,
        issues: [{ path: 'name', message: 'Choose another name.' }],
      });

      const twice = await routes.POST(w.request(plural, { method: 'POST', body: { name: 'Other', [parts]: ['a', 'A'] } }), ctx);
      expect(twice.status).toBe(422);
      expect(JSON.stringify(await twice.json())).toContain('Each name must be different.');

      const refused = await routes.POST(w.request(plural, { method: 'POST', body: { name: 'Reader bot' }, bearer: w.readOnly }), ctx);
      expect(refused.status).toBe(403);

      const audit = await db.select().from(auditLog);
      expect(audit.filter((e) => e.action === `${kind}.registered`).map((e) => e.summary)).toEqual([{ [parts]: ['reply', 'triage'] }]);
    });
  }
});
