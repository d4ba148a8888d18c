import { and, eq } from 'drizzle-orm';
import { llmModelPrices } from '@/db/schema';
import { listAuditEntries } from '@/lib/audit/query';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { createModel, deleteModel, estimateCost, getModel, listModels, priceHistory, setModelStatus, updateModel } from './models';
import { modelInputSchema, type ModelInputRaw } from './schema';

const input = (overrides: Partial<ModelInputRaw> = {}) =>
  modelInputSchema.parse({
    provider: 'openai',
    identifier: 'gpt-4.1',
    displayName: 'GPT-4.1',
    features: ['function_calling', 'streaming'],
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    prices: { input: '2.00', output: '8', cachedInput: '0.5', cacheWrite: '' },
    ...overrides,
  });

const actionsOf = async (db: Parameters<typeof listAuditEntries>[0]['db'], workspaceId: string) =>
  (await listAuditEntries({ db, workspaceId })).entries.map((e) => e.action).reverse();

describe('llm models', () => {
  test('create, edit with price history, estimate at today’s and past prices', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const ctx = { db, workspaceId: workspace.id, actor: actorOf(admin) };
    const created = await createModel({ ...ctx, input: input() });
    expect(created).toMatchObject({
      provider: 'openai',
      identifier: 'gpt-4.1',
      status: 'active',
      source: 'manual',
      prices: { input: '2', output: '8', cachedInput: '0.5', cacheWrite: null },
    });

    // Edits that keep the prices add no price row; a price change adds one, effective from its date.
    await updateModel({ ...ctx, modelId: created.id, input: input({ displayName: 'GPT-4.1 (main)', prices: { input: '2', output: '8.000', cachedInput: '0.50' } }) });
    expect(await priceHistory({ ...ctx, modelId: created.id })).toHaveLength(1);
    const priceDay = new Date(Date.now() + 1000);
    const { changes } = await updateModel({
      ...ctx,
      modelId: created.id,
      input: input({ displayName: 'GPT-4.1 (main)', prices: { input: '1.5', output: '8', cachedInput: '0.5' } }),
      pricesEffectiveFrom: priceDay,
    });
    expect(changes).toEqual([{ field: 'prices.input', from: '2', to: '1.5' }]);
    const history = await priceHistory({ ...ctx, modelId: created.id });
    expect(history.map((h) => h.prices.input)).toEqual(['1.5', '2']);
    expect(history[0]!.effectiveFrom).toEqual(priceDay);

    const usage = { inputTokens: 1_000_000, cachedInputTokens: 200_000, outputTokens: 10_000 };
    const before = await estimateCost({ ...ctx, modelId: created.id, ...usage });
    expect(before).toMatchObject({ total: '1.78', parts: { input: '1.6', cachedInput: '0.1', output: '0.08' }, unknown: [] });
    const after = await estimateCost({ ...ctx, modelId: created.id, ...usage, at: new Date(priceDay.getTime() + 1) });
    expect(after).toMatchObject({ total: '1.38', priceEffectiveFrom: priceDay });
    await expect(estimateCost({ ...ctx, modelId: created.id, ...usage, at: new Date('2020-01-01') })).rejects.toThrow(/No prices were recorded for this model on 2020-01-01/);

    await setModelStatus({ ...ctx, modelId: created.id, status: 'inactive' });
    expect((await getModel({ ...ctx, modelId: created.id })).status).toBe('inactive');
    expect(await actionsOf(db, workspace.id)).toEqual(['model.created', 'model.updated', 'model.price_changed', 'model.updated', 'model.disabled']);
    const [priceAudit] = (await listAuditEntries({ db, workspaceId: workspace.id, filter: { action: 'model.price_changed' } })).entries;
    expect(priceAudit?.summary).toMatchObject({ from: { input: '2' }, to: { input: '1.5' } });
  });

  test('unknown prices are reported by the estimate', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const model = await createModel({ db, workspaceId: workspace.id, actor: actorOf(admin), input: input({ prices: { input: '3', output: '' } }) });
    const cost = await estimateCost({ db, workspaceId: workspace.id, modelId: model.id, inputTokens: 1_000_000, outputTokens: 1 });
    expect(cost).toMatchObject({ total: '3', unknown: ['output'], parts: { output: null } });
  });

  test('identifier is unique per provider; soft delete frees it and the old model still resolves', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const ctx = { db, workspaceId: workspace.id, actor: actorOf(admin) };
    const first = await createModel({ ...ctx, input: input() });
    await createModel({ ...ctx, input: input({ provider: 'azure' }) });
    await expect(createModel({ ...ctx, input: input() })).rejects.toMatchObject({
      code: 'conflict',
      message: 'A model "gpt-4.1" from openai already exists in this workspace.',
      fields: { identifier: [expect.stringContaining('gpt-4.1')] },
    });
    const other = await createModel({ ...ctx, input: input({ identifier: 'gpt-4.1-mini' }) });
    await expect(updateModel({ ...ctx, modelId: other.id, input: input() })).rejects.toMatchObject({ code: 'conflict' });

    await deleteModel({ ...ctx, modelId: first.id });
    expect((await getModel({ ...ctx, modelId: first.id })).deletedAt).toBeInstanceOf(Date);
    expect((await listModels(ctx)).map((m) => `${m.provider}:${m.identifier}`)).toEqual(['azure:gpt-4.1', 'openai:gpt-4.1-mini']);
    await expect(updateModel({ ...ctx, modelId: first.id, input: input() })).rejects.toMatchObject({ code: 'not_found' });
    const again = await createModel({ ...ctx, input: input() });
    expect(again.id).not.toBe(first.id);
    expect((await actionsOf(db, workspace.id)).filter((a) => a === 'model.deleted')).toHaveLength(1);
  });

  test('lists with current prices, filters and sorts (unknown last)', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const ctx = { db, workspaceId: workspace.id, actor: actorOf(admin) };
    const cheap = await createModel({ ...ctx, input: input({ identifier: 'cheap', features: ['vision'], prices: { input: '0.1' } }) });
    await createModel({ ...ctx, input: input({ identifier: 'dear', prices: { input: '10' } }) });
    await createModel({ ...ctx, input: input({ provider: 'anthropic', identifier: 'unpriced', features: ['vision'], prices: {} }) });
    await createModel({ ...ctx, input: input({ identifier: 'mid', prices: { input: '9.5' } }) });
    await setModelStatus({ ...ctx, modelId: cheap.id, status: 'inactive' });
    const ids = (models: { identifier: string }[]) => models.map((m) => m.identifier);
    expect(ids(await listModels({ ...ctx, sort: 'inputPrice' }))).toEqual(['cheap', 'mid', 'dear', 'unpriced']);
    expect(ids(await listModels({ ...ctx, sort: 'inputPrice', direction: 'desc' }))).toEqual(['dear', 'mid', 'cheap', 'unpriced']);
    expect(ids(await listModels({ ...ctx, feature: 'vision' }))).toEqual(['unpriced', 'cheap']);
    expect(ids(await listModels({ ...ctx, provider: 'openai', status: 'active' }))).toEqual(['dear', 'mid']);
    expect(ids(await listModels({ ...ctx, search: 'EA' }))).toEqual(['cheap', 'dear']);
    expect((await listModels({ ...ctx, search: 'mid' }))[0]?.prices.input).toBe('9.5');
  });

  test('another workspace cannot see or change a model', async ({ db }) => {
    const mine = await makeTeam(db);
    const theirs = await makeTeam(db);
    const model = await createModel({ db, workspaceId: mine.workspace.id, actor: actorOf(mine.admin), input: input() });
    const them = { db, workspaceId: theirs.workspace.id, actor: actorOf(theirs.admin), modelId: model.id };
    expect(await listModels(them)).toEqual([]);
    await expect(getModel(them)).rejects.toMatchObject({ code: 'not_found' });
    await expect(updateModel({ ...them, input: input({ prices: { input: '0' } }) })).rejects.toMatchObject({ code: 'not_found' });
    await expect(setModelStatus({ ...them, status: 'inactive' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteModel(them)).rejects.toMatchObject({ code: 'not_found' });
    await expect(priceHistory(them)).rejects.toMatchObject({ code: 'not_found' });
    await expect(estimateCost({ ...them, inputTokens: 1, outputTokens: 1 })).rejects.toMatchObject({ code: 'not_found' });
    // The same identifier is free in their workspace.
    await createModel({ ...them, input: input() });
    const rows = await db
      .select()
      .from(llmModelPrices)
      .where(and(eq(llmModelPrices.modelId, model.id)));
    expect(rows).toHaveLength(1);
    expect((await getModel({ db, workspaceId: mine.workspace.id, modelId: model.id })).prices.input).toBe('2');
  });
});
