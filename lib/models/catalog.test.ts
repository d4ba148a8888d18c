import { listAuditEntries } from '@/lib/audit/query';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { applyCatalogEntries, catalogDiff, catalogEntries, loadCatalog } from './catalog';
import { createModel, getModel, listModels, priceHistory } from './models';
import { modelInputSchema } from './schema';

describe('model catalogue', () => {
  test('merges genai-prices and llm-zoo into one normalised list, built once', async () => {
    const started = performance.now();
    const { entries, stats } = await loadCatalog();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await loadCatalog()).toBe(await loadCatalog());
    expect(stats).toMatchObject({ skipped: 0, total: entries.length });
    expect(stats.genaiPrices).toBeGreaterThan(1000);
    expect(stats.llmZoo).toBeGreaterThan(50);
    expect(stats.merged).toBeGreaterThan(50);
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);

    const [gpt4o, sonnet] = await catalogEntries(['openai:gpt-4o', 'anthropic:claude-sonnet-4-5']);
    // Prices from genai-prices, limits and capabilities from llm-zoo.
    expect(gpt4o).toMatchObject({
      displayName: 'GPT-4o',
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      prices: { input: '2.5', output: '10', cachedInput: '1.25' },
      sources: ['genai-prices', 'llm-zoo'],
    });
    expect(gpt4o?.features).toEqual(expect.arrayContaining(['function_calling', 'vision']));
    expect(gpt4o?.inputModalities).toEqual(expect.arrayContaining(['text', 'image']));
    expect(sonnet).toMatchObject({ displayName: 'Sonnet 4.5', prices: { input: '3', output: '15', cachedInput: '0.3', cacheWrite: '3.75' } });
    expect(sonnet?.features).toContain('reasoning');
    // A genai-prices-only entry still has its prices.
    expect(entries.find((e) => e.sources.length === 1 && e.sources[0] === 'genai-prices' && e.prices.input)).toBeDefined();
    await expect(catalogEntries(['openai:no-such-model'])).rejects.toThrow('"openai:no-such-model" is not in the model catalogue.');
  });

  test('diffs field by field, then adds and updates (a price row only when prices change)', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const ctx = { db, workspaceId: workspace.id, actor: actorOf(admin) };
    const existing = await createModel({
      ...ctx,
      input: modelInputSchema.parse({
        provider: 'openai',
        identifier: 'gpt-4o',
        displayName: 'GPT-4o',
        features: ['streaming'],
        contextWindow: 128000,
        prices: { input: '5', output: '10' },
      }),
    });
    const entries = await catalogEntries(['openai:gpt-4o', 'anthropic:claude-sonnet-4-5']);
    const [gpt4o, sonnet] = await catalogDiff({ db, workspaceId: workspace.id, entries });
    expect(gpt4o).toMatchObject({ status: 'changed', modelId: existing.id, error: null });
    expect(gpt4o?.changes).toEqual(
      expect.arrayContaining([
        { field: 'prices.input', from: '5', to: '2.5' },
        { field: 'prices.cachedInput', from: null, to: '1.25' },
        { field: 'maxOutputTokens', from: null, to: 16384 },
      ]),
    );
    // What the admin added is kept; prices that did not change are not listed.
    expect(gpt4o?.changes.find((c) => c.field === 'features')?.to).toContain('streaming');
    expect(gpt4o?.changes.map((c) => c.field)).not.toContain('prices.output');
    expect(sonnet).toMatchObject({ status: 'new', modelId: null });
    expect(sonnet?.changes).toContainEqual({ field: 'prices.cacheWrite', from: null, to: '3.75' });

    const applied = await applyCatalogEntries({ ...ctx, keys: ['openai:gpt-4o', 'anthropic:claude-sonnet-4-5'] });
    expect(applied).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    expect((await getModel({ ...ctx, modelId: existing.id })).prices).toEqual({ input: '2.5', output: '10', cachedInput: '1.25', cacheWrite: null });
    expect(await priceHistory({ ...ctx, modelId: existing.id })).toHaveLength(2);
    const imported = (await listModels(ctx)).find((m) => m.identifier === 'claude-sonnet-4-5');
    expect(imported).toMatchObject({ source: 'catalog', provider: 'anthropic', contextWindow: 200000, prices: { input: '3', cacheWrite: '3.75' } });

    // Applying again changes nothing: no new price rows, no audit entries.
    const auditBefore = (await listAuditEntries({ db, workspaceId: workspace.id })).entries.length;
    expect(await catalogDiff({ db, workspaceId: workspace.id, entries })).toMatchObject([
      { status: 'same', changes: [] },
      { status: 'same', changes: [] },
    ]);
    expect(await applyCatalogEntries({ ...ctx, keys: ['openai:gpt-4o', 'anthropic:claude-sonnet-4-5'] })).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await priceHistory({ ...ctx, modelId: existing.id })).toHaveLength(2);
    expect((await listAuditEntries({ db, workspaceId: workspace.id })).entries.length).toBe(auditBefore);
    const actions = (await listAuditEntries({ db, workspaceId: workspace.id })).entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'model.imported')).toHaveLength(2);
    expect(actions).toContain('model.price_changed');

    // Another workspace sees both as new.
    const other = await makeTeam(db);
    expect((await catalogDiff({ db, workspaceId: other.workspace.id, entries })).map((d) => d.status)).toEqual(['new', 'new']);
  });

  test('refuses an import that would break a rule, naming the entry', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const ctx = { db, workspaceId: workspace.id, actor: actorOf(admin) };
    // The catalogue knows the context window but not the output limit, which the admin typed larger.
    const entry = (await loadCatalog()).entries.find((e) => e.contextWindow && !e.maxOutputTokens)!;
    await createModel({
      ...ctx,
      input: modelInputSchema.parse({ provider: entry.provider, identifier: entry.identifier, displayName: 'Mine', maxOutputTokens: entry.contextWindow! + 1 }),
    });
    const [diff] = await catalogDiff({ db, workspaceId: workspace.id, entries: [entry] });
    expect(diff).toMatchObject({ status: 'changed', error: expect.stringMatching(/^maxOutputTokens: The output limit .* cannot be above the context window/) });
    await expect(applyCatalogEntries({ ...ctx, keys: [entry.key] })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining(`(${entry.key}) cannot be imported`),
    });
  });
});
