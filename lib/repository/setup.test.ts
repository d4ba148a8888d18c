import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { providers, syncRuns } from '@/db/schema';
import type { CatalogSource } from '@/lib/catalog/source';
import { ImportWorker } from '@/lib/openapi';
import { directoryDocument, fixtureDocument, startCatalogServer, type CatalogServer } from '@/test/catalog-server';
import { describe, expect, test } from '@/test/db';
import { actorOf, makeTeam } from '@/test/factories';
import { loadCatalog } from './catalog';
import { selectProviders } from './selections';
import { setupStatus } from './setup';
import { runSync, startSync } from './sync';

let catalog: CatalogServer;
let source: CatalogSource;
let worker: ImportWorker;

beforeAll(async () => {
  worker = new ImportWorker().start();
  catalog = await startCatalogServer();
  catalog.setProviders([
    { id: 'pet-store', name: 'Pet Store', versions: [{ version: '1.0.0', document: fixtureDocument('petstore-v1.yaml') }] },
    { id: 'shop', name: 'Shop', versions: [{ version: '1', document: directoryDocument('shop.app.json') }] },
  ]);
  source = { kind: 'url', baseUrl: catalog.url, allowPrivateNetwork: true };
});
afterAll(async () => {
  await worker.close();
  await catalog.close();
});

describe('first-run setup status', () => {
  test('is not done before a setup sync, nor after a manual one; is done after a setup sync, naming its providers', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const sync = async (trigger: 'manual' | 'setup', catalogIds: string[]) => {
      const { index } = await loadCatalog({ db, source });
      await selectProviders({ db, workspaceId: workspace.id, actor, index, catalogIds });
      const run = await startSync({ db, workspaceId: workspace.id, actor, trigger, source, catalogIds });
      return runSync({ db, runId: run.id, workspaceId: workspace.id, actor, source, worker });
    };
    expect(await setupStatus({ db, workspaceId: workspace.id })).toEqual({ done: false });

    await sync('manual', ['shop']);
    expect(await setupStatus({ db, workspaceId: workspace.id })).toEqual({ done: false });

    const run = await sync('setup', ['pet-store']);
    const status = await setupStatus({ db, workspaceId: workspace.id });
    const [pets] = await db
      .select()
      .from(providers)
      .where(and(eq(providers.workspaceId, workspace.id), eq(providers.slug, 'pet-store')));
    expect(status).toEqual({
      done: true,
      runId: run.id,
      finishedAt: run.finishedAt,
      synced: 1,
      providers: [{ catalogId: 'pet-store', name: 'Pet Store', providerId: pets!.id, slug: 'pet-store', version: '1.0.0' }],
    });

    // Another workspace's setup says nothing about this one, and a setup run that synced nothing does not finish setup.
    const other = await makeTeam(db);
    await db.insert(syncRuns).values({
      workspaceId: other.workspace.id,
      trigger: 'setup',
      status: 'failed',
      source: 'bundled',
      total: 1,
      done: 1,
      results: [{ catalogId: 'shop', name: 'Shop', outcome: 'failed', message: 'unreachable' }],
      finishedAt: new Date(),
    });
    expect(await setupStatus({ db, workspaceId: other.workspace.id })).toEqual({ done: false });
  });
});
