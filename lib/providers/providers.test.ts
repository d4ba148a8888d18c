import fs from 'node:fs';
import path from 'node:path';
import { listAuditEntries } from '@/lib/audit/query';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import {
  deleteProvider,
  diffBetween,
  providerDetailsSchema,
  enabledToolSummary,
  exportEnabledTools,
  makeVersionCurrent,
  setToolsEnabled,
  setToolsEnabledByFilter,
  updateProviderDetails,
} from './manage';
import { getProviderById, listOperations, listProviders, listVersions, operationFacets, searchAllOperations, getVersionDocument } from './queries';
import { saveImport } from './save';

const fixture = (name: string) => fs.readFileSync(path.resolve('test/fixtures', name), 'utf8');

async function imported(text: string): Promise<ImportedDocument> {
  const result = await processDocument({ text, filename: 'petstore.yaml' });
  if (!result.ok) throw new Error(`fixture did not import: ${result.reason}`);
  return result;
}

describe('importing providers', () => {
  test("a document's x-logo names a third-party host: it is not kept as the provider's logo, and settings refuse such a URL", async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const text = fixture('petstore-v1.yaml').replace('  description: Sells pets.\n', '  description: Sells pets.\n  x-logo:\n    url: https://tracker.example.com/logo.png\n');
    const saved = await saveImport({ db, workspaceId: workspace.id, actor: actorOf(builder), imported: await imported(text), text, source: 'upload' });
    expect((await getProviderById({ db, workspaceId: workspace.id, id: saved.providerId })).logoUrl).toBeNull();
    const parsed = providerDetailsSchema.safeParse({ name: 'Pet Store', slug: 'pet-store', logoUrl: 'https://tracker.example.com/logo.png' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/shown only when this app serves them/);
  });

  test('a first import creates a provider, version 1 and its operations, and is audited', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const text = fixture('petstore-v1.yaml');
    const saved = await saveImport({ db, workspaceId: workspace.id, actor: actorOf(builder), imported: await imported(text), text, source: 'upload' });
    expect(saved).toMatchObject({ created: 'provider', versionNumber: 1, operations: 5, providerSlug: 'pet-store', diff: null });

    const { providers, total } = await listProviders({ db, workspaceId: workspace.id });
    expect(total).toBe(1);
    expect(providers[0]).toMatchObject({ name: 'Pet Store', operationCount: 5, versionCount: 1, currentVersion: 1, documentVersion: '1.0.0', source: 'upload' });

    const { operations } = await listOperations({ db, workspaceId: workspace.id, providerId: saved.providerId, versionId: saved.versionId });
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /pets', 'POST /pets', 'DELETE /pets/{petId}', 'GET /pets/{petId}', 'GET /store/inventory']);
    expect(operations.every((o) => o.enabled)).toBe(true);
    // The original document is kept, compressed, exactly as uploaded.
    expect((await getVersionDocument({ db, workspaceId: workspace.id, versionId: saved.versionId })).text).toBe(text);

    const [entry] = (await listAuditEntries({ db, workspaceId: workspace.id, filter: { action: 'provider.imported' } })).entries;
    expect(entry?.summary).toMatchObject({ version: 1, operations: 5, source: 'upload' });
  });

  test('identical content creates no new version; a slug that is taken is refused with a way out', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const text = fixture('petstore-v1.yaml');
    const first = await saveImport({ db, workspaceId: workspace.id, actor: actorOf(builder), imported: await imported(text), text, source: 'upload' });
    const reformatted = JSON.stringify((await import('js-yaml')).load(text), null, 1);
    const again = await saveImport({
      db,
      workspaceId: workspace.id,
      actor: actorOf(builder),
      imported: await imported(reformatted),
      text: reformatted,
      source: 'upload',
      providerId: first.providerId,
    });
    expect(again).toMatchObject({ created: 'unchanged', versionNumber: 1, versionId: first.versionId });
    expect(await listVersions({ db, workspaceId: workspace.id, providerId: first.providerId })).toHaveLength(1);

    await expect(saveImport({ db, workspaceId: workspace.id, actor: actorOf(builder), imported: await imported(text), text, source: 'upload' })).rejects.toThrow(
      /slug "pet-store" already exists/,
    );
    const renamed = await saveImport({
      db,
      workspaceId: workspace.id,
      actor: actorOf(builder),
      imported: await imported(text),
      text,
      source: 'upload',
      overrides: { name: 'Pets (staging)', slug: 'pets-staging' },
    });
    expect(renamed.created).toBe('provider');
  });

  test('a changed document becomes version 2 with a diff naming breaking changes; curation carries over; roll back', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const v1 = fixture('petstore-v1.yaml');
    const first = await saveImport({ db, workspaceId: workspace.id, actor, imported: await imported(v1), text: v1, source: 'upload' });
    await setToolsEnabled({ db, workspaceId: workspace.id, actor, providerId: first.providerId, toolNames: ['getInventory'], enabled: false });
    await setToolsEnabledByFilter({ db, workspaceId: workspace.id, actor, providerId: first.providerId, filter: { method: 'delete' }, enabled: false });
    expect((await enabledToolSummary({ db, workspaceId: workspace.id, providerId: first.providerId })).enabled).toBe(3);

    const v2 = fixture('petstore-v2.yaml');
    const second = await saveImport({ db, workspaceId: workspace.id, actor, imported: await imported(v2), text: v2, source: 'upload', providerId: first.providerId });
    expect(second.created).toBe('version');
    expect(second.versionNumber).toBe(2);
    const diff = second.diff!;
    expect(diff.breaking).toBe(true);
    expect(diff.added.map((a) => a.toolName)).toEqual(['placeOrder']);
    expect(diff.removed.map((r) => r.toolName)).toEqual(['deletePet']);
    const listPets = diff.changed.find((c) => c.toolName === 'listPets');
    expect(listPets?.breaking).toBe(true);
    expect(listPets?.changes.map((c) => c.kind)).toContain('parameter-required');

    // getInventory stays disabled in version 2 (by tool name); placeOrder is new and enabled.
    const { operations } = await listOperations({ db, workspaceId: workspace.id, providerId: first.providerId, versionId: second.versionId });
    expect(Object.fromEntries(operations.map((o) => [o.toolName, o.enabled]))).toEqual({
      listPets: true,
      createPet: true,
      showPetById: true,
      getInventory: false,
      placeOrder: true,
    });
    const openai = await exportEnabledTools({ db, workspaceId: workspace.id, providerId: first.providerId, format: 'openai' });
    expect((openai.tools as { function: { name: string } }[]).map((t) => t.function.name).sort()).toEqual(['createPet', 'listPets', 'placeOrder', 'showPetById']);

    // Roll back to version 1, and compare any two versions.
    await makeVersionCurrent({ db, workspaceId: workspace.id, actor, providerId: first.providerId, versionId: first.versionId });
    const provider = await getProviderById({ db, workspaceId: workspace.id, id: first.providerId });
    expect(provider).toMatchObject({ currentVersionId: first.versionId, operationCount: 5, versionCount: 2 });
    const backwards = await diffBetween({ db, workspaceId: workspace.id, providerId: first.providerId, fromVersionId: second.versionId, toVersionId: first.versionId });
    expect(backwards.added.map((a) => a.toolName)).toEqual(['deletePet']);
    expect(backwards.removed.map((r) => r.toolName)).toEqual(['placeOrder']);

    const actions = (await listAuditEntries({ db, workspaceId: workspace.id })).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['provider.imported', 'provider.version_added', 'provider.tools_disabled', 'provider.version_made_current']));
  });

  test('endpoint search, filters and facets; search across providers; another workspace sees nothing', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const text = fixture('petstore-v1.yaml');
    const saved = await saveImport({ db, workspaceId: workspace.id, actor: actorOf(builder), imported: await imported(text), text, source: 'upload' });
    const list = (filter: object) => listOperations({ db, workspaceId: workspace.id, providerId: saved.providerId, versionId: saved.versionId, filter });
    expect((await list({ search: 'SPECIFIC pet' })).operations.map((o) => o.toolName)).toEqual(['showPetById']);
    expect((await list({ search: '{petid}' })).total).toBe(2);
    expect((await list({ tag: 'store' })).operations.map((o) => o.toolName)).toEqual(['getInventory']);
    expect((await list({ method: 'post' })).total).toBe(1);
    const facets = await operationFacets({ db, workspaceId: workspace.id, versionId: saved.versionId });
    expect(facets.tags).toEqual([
      { tag: 'pets', count: 4 },
      { tag: 'store', count: 1 },
    ]);
    expect(facets.methods).toEqual([
      { method: 'DELETE', count: 1 },
      { method: 'GET', count: 3 },
      { method: 'POST', count: 1 },
    ]);
    expect((await searchAllOperations({ db, workspaceId: workspace.id, search: 'inventory' })).map((o) => o.providerSlug)).toEqual(['pet-store']);

    const other = await makeTeam(db);
    expect(await searchAllOperations({ db, workspaceId: other.workspace.id, search: 'inventory' })).toEqual([]);
    expect((await listProviders({ db, workspaceId: other.workspace.id })).total).toBe(0);
    await expect(getProviderById({ db, workspaceId: other.workspace.id, id: saved.providerId })).rejects.toThrow(/not found/);
    await expect(deleteProvider({ db, workspaceId: other.workspace.id, actor: actorOf(other.admin), providerId: saved.providerId })).rejects.toThrow(/not found/);
  });

  test('details can be edited; delete is refused while connectors use it unless confirmed', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const text = fixture('petstore-v1.yaml');
    const saved = await saveImport({ db, workspaceId: workspace.id, actor: actorOf(admin), imported: await imported(text), text, source: 'upload' });
    await updateProviderDetails({
      db,
      workspaceId: workspace.id,
      actor: actorOf(admin),
      providerId: saved.providerId,
      details: { name: 'Pets', slug: 'pets', description: 'Our pets API' },
    });
    expect(await getProviderById({ db, workspaceId: workspace.id, id: saved.providerId })).toMatchObject({ name: 'Pets', slug: 'pets', description: 'Our pets API' });

    const twoConnectors = async () => 2;
    await expect(deleteProvider({ db, workspaceId: workspace.id, actor: actorOf(admin), providerId: saved.providerId, countConnectors: twoConnectors })).rejects.toThrow(
      /2 connectors use Pets/,
    );
    await deleteProvider({ db, workspaceId: workspace.id, actor: actorOf(admin), providerId: saved.providerId, countConnectors: twoConnectors, confirmRemoveConnectors: true });
    expect((await listProviders({ db, workspaceId: workspace.id })).total).toBe(0);
    const [entry] = (await listAuditEntries({ db, workspaceId: workspace.id, filter: { action: 'provider.deleted' } })).entries;
    expect(entry?.summary).toMatchObject({ connectorsRemoved: 2 });
  });
});
