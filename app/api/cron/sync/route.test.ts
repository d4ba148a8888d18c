import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { providerVersions, syncRuns, workspaces } from '@/db/schema';
import { env } from '@/lib/env';
import { importWorker } from '@/lib/providers/jobs';
import { selectProviders } from '@/lib/repository/selections';
import { loadCatalog } from '@/lib/repository/catalog';
import { directoryDocument, fixtureDocument, startCatalogServer, type CatalogServer } from '@/test/catalog-server';
import { onPostgres, openTestDatabase, scratchPostgres } from '@/test/db';
import { actorOf, makeTeam } from '@/test/factories';
import { GET } from './route';

const holder = globalThis as unknown as { appDatabase?: Promise<Database> };
const SECRET = 'cron-secret-for-tests-0123456789';
let catalog: CatalogServer;
let database: Database;
let scratch: Awaited<ReturnType<typeof scratchPostgres>> | undefined;
let workspaceId: string;
const saved = { ...env };

beforeAll(async () => {
  catalog = await startCatalogServer({
    providers: [
      { id: 'pet-store', name: 'Pet Store', versions: [{ version: '1.0.0', document: fixtureDocument('petstore-v1.yaml') }] },
      { id: 'shop', name: 'Shop', versions: [{ version: '1', document: directoryDocument('shop.app.json') }] },
    ],
  });
  Object.assign(env, { CENTRAL_REPOSITORY_URL: catalog.url, ALLOW_PRIVATE_NETWORK: true, CRON_SECRET: SECRET });
  // The route opens the app's database; here that is a database of this file's own, not rolled back
  // (on PostgreSQL a scratch database, so the users it commits are never seen by other files).
  scratch = onPostgres ? await scratchPostgres() : undefined;
  database = scratch ? await scratch.open() : await openTestDatabase();
  holder.appDatabase = Promise.resolve(database);
  const team = await makeTeam(database.db);
  workspaceId = team.workspace.id;
  const { index } = await loadCatalog({ db: database.db, source: { kind: 'url', baseUrl: catalog.url, allowPrivateNetwork: true } });
  await selectProviders({ db: database.db, workspaceId, actor: actorOf(team.admin), index, catalogIds: ['pet-store', 'shop'] });
});

afterAll(async () => {
  // Committed, not rolled back: remove this file's workspace (its selections and runs go with it).
  await database.db.delete(workspaces).where(eq(workspaces.id, workspaceId));
  Object.assign(env, saved);
  holder.appDatabase = undefined;
  await importWorker().close();
  await database.close();
  await scratch?.drop();
  await catalog.close();
});

const call = (authorization?: string) =>
  GET(new NextRequest('http://localhost/api/cron/sync', { headers: authorization ? { authorization } : {} }), { params: Promise.resolve({}) });

describe('GET /api/cron/sync', () => {
  it('refuses a missing or wrong secret, and every call while CRON_SECRET is unset', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${SECRET}x`, SECRET, `Basic ${SECRET}`]) {
      const response = await call(authorization);
      expect(response.status).toBe(401);
      expect(JSON.stringify(await response.json())).not.toContain(SECRET);
    }
    env.CRON_SECRET = undefined;
    try {
      const response = await call(`Bearer ${SECRET}`);
      expect(response.status).toBe(503);
      expect((await response.json()).error.message).toMatch(/CRON_SECRET is not set/);
    } finally {
      env.CRON_SECRET = SECRET;
    }
    expect(await database.db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId))).toEqual([]);
  });

  it('two calls at once do the work once; a later call finds nothing to do', async () => {
    const responses = await Promise.all([call(`Bearer ${SECRET}`), call(`Bearer ${SECRET}`)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.filter((b) => b.skipped)).toHaveLength(1);
    const worked = bodies.find((b) => !b.skipped);
    expect(worked).toMatchObject({ runs: [{ workspaceId, status: 'succeeded', done: 2, total: 2 }] });
    expect(await database.db.select().from(providerVersions).where(eq(providerVersions.workspaceId, workspaceId))).toHaveLength(2);

    catalog.resetCounts();
    const later = await (await call(`Bearer ${SECRET}`)).json();
    expect(later).toMatchObject({ skipped: false, catalogue: 'unchanged', runs: [{ status: 'succeeded' }] });
    expect(catalog.requests).toEqual({ index: 1, notModified: 1, documents: 0 });
    expect((await database.db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId))).map((r) => r.trigger)).toEqual(['cron', 'cron']);
  });
});
