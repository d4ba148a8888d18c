import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, notifications, providers, providerVersions, repositorySelections } from '@/db/schema';
import { createConnector } from '@/lib/connectors/connectors';
import { connectorInputSchema } from '@/lib/connectors/schema';
import type { CatalogSource } from '@/lib/catalog/source';
import { ImportWorker } from '@/lib/openapi';
import { listVersions } from '@/lib/providers/queries';
import { directoryDocument, fixtureDocument, startCatalogServer, withExtraOperation, type CatalogServer, type TestCatalogProvider } from '@/test/catalog-server';
import { describe, expect, test } from '@/test/db';
import { actorOf, makeProvider, makeTeam } from '@/test/factories';
import { listSelections, selectProviders, setUpdatePolicy } from './selections';
import { loadCatalog } from './catalog';
import { applyAvailableUpdate, listSyncRuns, rollbackProvider, runSync, startSync } from './sync';

let catalog: CatalogServer;
let source: CatalogSource;
let worker: ImportWorker;

const shop = directoryDocument('shop.app.json');
const initial = (): TestCatalogProvider[] => [
  { id: 'pet-store', name: 'Pet Store', categories: ['Commerce'], versions: [{ version: '1.0.0', document: fixtureDocument('petstore-v1.yaml') }] },
  { id: 'shop', name: 'Shop', versions: [{ version: '1', document: shop }] },
  { id: 'exchange-rates', name: 'ExchangeRate-API', versions: [{ version: '1', document: directoryDocument('exchangerate-api.com.json') }] },
];

beforeAll(async () => {
  worker = new ImportWorker().start();
  catalog = await startCatalogServer();
  source = { kind: 'url', baseUrl: catalog.url, allowPrivateNetwork: true };
});
afterAll(async () => {
  await worker.close();
  await catalog.close();
});

async function setUp(db: Db) {
  catalog.setProviders(initial());
  const team = await makeTeam(db);
  const actor = actorOf(team.builder);
  const { index } = await loadCatalog({ db, source });
  await selectProviders({ db, workspaceId: team.workspace.id, actor, index, catalogIds: ['pet-store', 'shop', 'exchange-rates'] });
  const sync = async (trigger: 'manual' | 'cron' = 'manual') => {
    const run = await startSync({ db, workspaceId: team.workspace.id, actor, trigger, source });
    return runSync({ db, runId: run.id, workspaceId: team.workspace.id, actor, source, worker });
  };
  const selection = async (catalogId: string) => (await listSelections({ db, workspaceId: team.workspace.id, catalogIds: [catalogId] }))[0]!;
  const notificationsOf = (userId: string) =>
    db
      .select()
      .from(notifications)
      .where(and(eq(notifications.workspaceId, team.workspace.id), eq(notifications.userId, userId)));
  return { ...team, actor, sync, selection, notificationsOf };
}

const outcomes = (run: { results: { catalogId: string; outcome: string }[] }) => Object.fromEntries(run.results.map((r) => [r.catalogId, r.outcome]));

describe('central repository sync', () => {
  test('first sync creates ordinary providers from the catalogue, with progress and an audit entry each', async ({ db }) => {
    const { workspace, builder, sync, selection } = await setUp(db);
    const run = await sync();
    expect(run).toMatchObject({ status: 'succeeded', done: 3, total: 3, source: catalog.url });
    expect(outcomes(run)).toEqual({ 'pet-store': 'created', shop: 'created', 'exchange-rates': 'created' });

    const rows = await db.select().from(providers).where(eq(providers.workspaceId, workspace.id)).orderBy(providers.slug);
    expect(rows.map((p) => [p.slug, p.name, p.source, p.operationCount, p.versionCount])).toEqual([
      ['exchange-rates', 'ExchangeRate-API', 'repository', 1, 1],
      ['pet-store', 'Pet Store', 'repository', 5, 1],
      ['shop', 'Shop', 'repository', 2, 1],
    ]);
    expect((await selection('pet-store')).selection).toMatchObject({ syncedVersion: '1.0.0', availableVersion: null, lastError: null });

    // Connectors work on it as on any provider.
    const petStore = rows.find((p) => p.slug === 'pet-store')!;
    const connector = await createConnector({
      db,
      workspaceId: workspace.id,
      actor: actorOf(builder),
      providerId: petStore.id,
      input: connectorInputSchema.parse({
        name: 'Main',
        environment: 'production',
        credentialMode: 'shared',
        authType: 'api_key',
        apiKey: { name: 'X-API-Key', in: 'header' },
        secrets: { api_key: 'k' },
      }),
    });
    expect(connector.providerId).toBe(petStore.id);

    const audit = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.workspaceId, workspace.id));
    expect(audit.filter((a) => a.action === 'repository.provider_synced')).toHaveLength(3);
    expect(audit.filter((a) => a.action === 'provider.imported')).toHaveLength(3);
  });

  test('a re-sync with no change is one conditional request and writes no version', async ({ db }) => {
    const { workspace, sync } = await setUp(db);
    await sync();
    catalog.resetCounts();
    const again = await sync();
    expect(catalog.requests).toEqual({ index: 1, notModified: 1, documents: 0 });
    expect(again).toMatchObject({ status: 'succeeded', done: 3 });
    expect(outcomes(again)).toEqual({ 'pet-store': 'unchanged', shop: 'unchanged', 'exchange-rates': 'unchanged' });
    expect(await db.select().from(providerVersions).where(eq(providerVersions.workspaceId, workspace.id))).toHaveLength(3);
  });

  test('a non-breaking update is applied automatically; a breaking one is held and notified once; apply and roll back', async ({ db }) => {
    const { workspace, admin, builder, member, actor, sync, selection, notificationsOf } = await setUp(db);
    await sync();
    catalog.publish('shop', { version: '2', document: withExtraOperation(shop, '/status', 'getStatus') });
    catalog.publish('pet-store', { version: '2.0.0', document: fixtureDocument('petstore-v2.yaml') });
    catalog.resetCounts();

    const run = await sync('cron');
    expect(outcomes(run)).toEqual({ 'pet-store': 'held', shop: 'updated', 'exchange-rates': 'unchanged' });
    expect(catalog.requests.documents).toBe(1); // only the applied one was downloaded

    const shopNow = await selection('shop');
    expect(shopNow.selection).toMatchObject({ syncedVersion: '2', availableVersion: null });
    expect(shopNow.provider).toMatchObject({ operationCount: 3, versionCount: 2 });

    const pet = await selection('pet-store');
    expect(pet.selection).toMatchObject({ syncedVersion: '1.0.0', availableVersion: '2.0.0', availableBreaking: true });
    expect(pet.selection.availableChangelog!.breaking).toEqual(['DELETE /pets/{petId} removed']);
    expect(pet.provider).toMatchObject({ versionCount: 1 });

    const titles = async (userId: string) => (await notificationsOf(userId)).map((n) => n.title).sort();
    expect(await titles(admin.id)).toEqual(['Pet Store: 1 operation added, 1 removed; 1 breaking change', 'Shop: 1 operation added']);
    expect(await titles(builder.id)).toHaveLength(2);
    expect(await titles(member.id)).toEqual([]);

    // Syncing again tells nobody twice.
    await sync('cron');
    expect(await titles(admin.id)).toHaveLength(2);

    // A person applies the held update…
    const applied = await applyAvailableUpdate({ db, workspaceId: workspace.id, actor, catalogId: 'pet-store', source, worker });
    expect(applied).toMatchObject({ outcome: 'updated', version: '2.0.0' });
    const afterApply = await selection('pet-store');
    expect(afterApply.selection).toMatchObject({ syncedVersion: '2.0.0', availableVersion: null, availableBreaking: false });
    const versions = await listVersions({ db, workspaceId: workspace.id, providerId: afterApply.provider!.id });
    expect(versions.map((v) => [v.number, v.source, v.diff?.breaking ?? null])).toEqual([
      [2, 'repository', true],
      [1, 'repository', null],
    ]);

    // …and rolls back to the first version; the next sync leaves that choice alone.
    await rollbackProvider({ db, workspaceId: workspace.id, actor, catalogId: 'pet-store', versionId: versions[1]!.id });
    expect((await selection('pet-store')).provider!.currentVersionId).toBe(versions[1]!.id);
    expect(outcomes(await sync())['pet-store']).toBe('unchanged');
    expect((await selection('pet-store')).provider!.currentVersionId).toBe(versions[1]!.id);
  });

  test('under the manual policy even a non-breaking update waits for a person', async ({ db }) => {
    const { workspace, admin, sync, selection, notificationsOf } = await setUp(db);
    await sync();
    await setUpdatePolicy({ db, workspaceId: workspace.id, actor: actorOf(admin), catalogId: 'shop', policy: 'manual' });
    catalog.publish('shop', { version: '2', document: withExtraOperation(shop, '/status', 'getStatus') });
    expect(outcomes(await sync())).toMatchObject({ shop: 'held' });
    expect((await selection('shop')).selection).toMatchObject({ syncedVersion: '1', availableVersion: '2', availableBreaking: false });
    expect((await notificationsOf(admin.id))[0]).toMatchObject({ title: 'Shop: 1 operation added', dedupeKey: expect.stringMatching(/^repository:shop:[0-9a-f]{64}$/) });
  });

  test('a breaking change the catalogue did not declare is found by our own diff and held', async ({ db }) => {
    const { sync, selection } = await setUp(db);
    await sync();
    catalog.publish('pet-store', { version: '2.0.0', document: fixtureDocument('petstore-v2.yaml'), changelog: { breaking: [], summary: '1 operation added' } });
    expect(outcomes(await sync())['pet-store']).toBe('held');
    const pet = await selection('pet-store');
    expect(pet.provider!.versionCount).toBe(1);
    expect(pet.selection.availableBreaking).toBe(true);
    expect(pet.selection.availableChangelog!.breaking.join()).toContain('DELETE /pets/{petId} removed');
  });

  test('a corrupted document is refused and changes nothing; the other providers sync', async ({ db }) => {
    const { workspace, sync, selection } = await setUp(db);
    await sync();
    const published = catalog.publish('shop', { version: '2', document: withExtraOperation(shop, '/status', 'getStatus') });
    catalog.publish('exchange-rates', { version: '2', document: withExtraOperation(directoryDocument('exchangerate-api.com.json'), '/health', 'health') });
    catalog.corrupt(published.sha256);

    const run = await sync();
    expect(run.status).toBe('partial');
    expect(outcomes(run)).toEqual({ 'pet-store': 'unchanged', shop: 'failed', 'exchange-rates': 'updated' });
    expect(run.results.find((r) => r.catalogId === 'shop')!.message).toMatch(/altered or corrupted in transit/);
    const shopNow = await selection('shop');
    expect(shopNow.selection).toMatchObject({ syncedVersion: '1', lastError: expect.stringMatching(/refused/) });
    expect(shopNow.provider!.versionCount).toBe(1);
    expect(await db.select().from(providerVersions).where(eq(providerVersions.workspaceId, workspace.id))).toHaveLength(4);
  });

  test('an unreachable catalogue records a failed run and changes nothing', async ({ db }) => {
    const { workspace, sync, selection } = await setUp(db);
    await sync();
    catalog.setDown(true);
    try {
      const run = await sync();
      expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/answered 503/) });
      expect(outcomes(run)).toEqual({ 'pet-store': 'failed', shop: 'failed', 'exchange-rates': 'failed' });
    } finally {
      catalog.setDown(false);
    }
    expect((await selection('shop')).selection).toMatchObject({ syncedVersion: '1', lastError: null });
    const history = await listSyncRuns({ db, workspaceId: workspace.id });
    expect(history.map((r) => r.status)).toEqual(['failed', 'succeeded']);
  });

  test('a provider whose slug is taken by an uploaded one fails with what to do, and the others sync', async ({ db }) => {
    const { workspace, sync, selection } = await setUp(db);
    await makeProvider(db, workspace.id, 'Shop');
    const run = await sync();
    expect(outcomes(run)).toEqual({ 'pet-store': 'created', shop: 'failed', 'exchange-rates': 'created' });
    expect((await selection('shop')).selection.lastError).toMatch(/already has a provider with the slug "shop" \(Shop\) .* Change its slug in its Settings/);
  });

  test('selections belong to their workspace', async ({ db }) => {
    const { sync } = await setUp(db);
    await sync();
    const other = await makeTeam(db);
    expect(await db.select().from(repositorySelections).where(eq(repositorySelections.workspaceId, other.workspace.id))).toEqual([]);
    await expect(startSync({ db, workspaceId: other.workspace.id, actor: actorOf(other.admin), trigger: 'manual', source })).rejects.toThrow(/No provider is selected/);
  });
});

describe('logos of synced providers', () => {
  test('a synced provider shows the logo this app serves, never a third-party URL, and an old third-party one is replaced', async ({ db }) => {
    const bundled = `logos/${'c'.repeat(64)}.png`;
    const withLogos = (): TestCatalogProvider[] => {
      const [pets, shopEntry, rates] = initial();
      return [{ ...pets!, logo: bundled }, { ...shopEntry!, logo: 'https://cdn.example.com/shop.png' }, rates!];
    };
    const { workspace, sync } = await setUp(db);
    catalog.setProviders(withLogos());
    await sync();
    const logoOf = async (slug: string) =>
      (
        await db
          .select({ logoUrl: providers.logoUrl })
          .from(providers)
          .where(and(eq(providers.workspaceId, workspace.id), eq(providers.slug, slug)))
      )[0]!.logoUrl;
    expect(await logoOf('pet-store')).toBe(`/api/repository/logos/${'c'.repeat(64)}.png`);
    // Neither the index's third-party URL nor the document's own x-logo reaches the browser.
    for (const slug of ['shop', 'exchange-rates']) expect(await logoOf(slug), slug).not.toMatch(/^(https?:)?\/\//);

    // A provider synced before logos were bundled keeps a third-party URL until its next update.
    await db
      .update(providers)
      .set({ logoUrl: 'https://cdn.example.com/old.png' })
      .where(and(eq(providers.workspaceId, workspace.id), eq(providers.slug, 'shop')));
    const [pets, shopEntry, rates] = withLogos();
    catalog.setProviders([
      pets!,
      { ...shopEntry!, logo: bundled, versions: [...shopEntry!.versions, { version: '2', document: withExtraOperation(shop, '/extra', 'extra') }] },
      rates!,
    ]);
    await sync();
    expect(await logoOf('shop')).toBe(`/api/repository/logos/${'c'.repeat(64)}.png`);
  });
});
