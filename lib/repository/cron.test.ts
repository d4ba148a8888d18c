import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { syncRuns } from '@/db/schema';
import type { CatalogSource } from '@/lib/catalog/source';
import { ImportWorker } from '@/lib/openapi';
import { directoryDocument, startCatalogServer, type CatalogServer } from '@/test/catalog-server';
import { describe, expect, test } from '@/test/db';
import { actorOf, makeTeam } from '@/test/factories';
import { loadCatalog } from './catalog';
import { releaseLease, SYNC_LEASE, syncAllWorkspaces, takeLease, type CronSyncResult } from './cron';
import { listSelections, selectProviders } from './selections';

let catalog: CatalogServer;
let source: CatalogSource;
let worker: ImportWorker;
const documents = ['shop.app.json', 'exchangerate-api.com.json', 'medcorder.com.json', 'koomalooma.com.json'];

beforeAll(async () => {
  worker = new ImportWorker().start();
  catalog = await startCatalogServer({
    providers: documents.map((file, i) => ({ id: `api-${i}`, name: `API ${i}`, versions: [{ version: '1', document: directoryDocument(file) }] })),
  });
  source = { kind: 'url', baseUrl: catalog.url, allowPrivateNetwork: true };
});
afterAll(async () => {
  await worker.close();
  await catalog.close();
});

describe('cron sync', () => {
  test('each tick does a bounded share; the rest is left pending for the next tick, across workspaces', async ({ db }) => {
    const { index } = await loadCatalog({ db, source });
    const teams = [await makeTeam(db), await makeTeam(db)];
    for (const team of teams) await selectProviders({ db, workspaceId: team.workspace.id, actor: actorOf(team.admin), index, catalogIds: index.providers.map((p) => p.id) });

    // Other test files on a shared PostgreSQL may have committed workspaces too: look at ours only.
    const ours = (result: CronSyncResult) => (result.skipped ? [] : result.runs.filter((run) => teams.some((t) => t.workspace.id === run.workspaceId)));
    const tick = () => syncAllWorkspaces({ db, source, worker, maxProviders: 3 });
    const first = await tick();
    expect(ours(first)).toEqual([expect.objectContaining({ status: 'partial', done: 3, total: 4 })]);
    expect(first).toMatchObject({ skipped: false, workspacesLeft: expect.any(Number) });
    for (let i = 0; i < 6; i++) await tick();
    for (const team of teams) {
      const selections = await listSelections({ db, workspaceId: team.workspace.id });
      expect(selections.map((s) => s.selection.syncedVersion)).toEqual(['1', '1', '1', '1']);
    }
    const quiet = await tick();
    expect(quiet).toMatchObject({ catalogue: 'unchanged' });
    expect(ours(quiet).map((run) => run.status)).toEqual(['succeeded', 'succeeded']);
  });

  test('a run left "running" by a stopped process is closed as failed by the next tick', async ({ db }) => {
    const { workspace } = await makeTeam(db);
    const [stale] = await db
      .insert(syncRuns)
      .values({ workspaceId: workspace.id, trigger: 'manual', source: catalog.url, total: 1, startedAt: new Date(Date.now() - 2 * 3600_000) })
      .returning();
    await syncAllWorkspaces({ db, source, worker });
    const [after] = await db.select().from(syncRuns).where(eq(syncRuns.id, stale!.id));
    expect(after).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
  });

  test('the lease is taken by one holder at a time and can be taken over once it expires', async ({ db }) => {
    expect(await takeLease({ db, name: SYNC_LEASE, holder: 'a', ttlMs: 60_000 })).toBe(true);
    expect(await takeLease({ db, name: SYNC_LEASE, holder: 'b', ttlMs: 60_000 })).toBe(false);
    expect(await syncAllWorkspaces({ db, source, worker })).toEqual({ skipped: true, reason: expect.stringMatching(/Another sync run is in progress/) });
    await releaseLease({ db, name: SYNC_LEASE, holder: 'b' }); // not b's to release
    expect(await takeLease({ db, name: SYNC_LEASE, holder: 'b', ttlMs: 60_000 })).toBe(false);
    await releaseLease({ db, name: SYNC_LEASE, holder: 'a' });
    expect(await takeLease({ db, name: SYNC_LEASE, holder: 'b', ttlMs: -1_000 })).toBe(true);
    expect(await takeLease({ db, name: SYNC_LEASE, holder: 'c', ttlMs: 60_000 })).toBe(true); // b's had expired
  });
});
