'use server';

import { z } from 'zod';
import { applyCatalogEntries, catalogDiff, catalogEntries, loadCatalog } from '@/lib/models/catalog';
import { createModel, deleteModel, estimateCost, setModelStatus, updateModel } from '@/lib/models/models';
import { modelInputSchema } from '@/lib/models/schema';
import { workspaceAction } from '@/server/action';
import { appliedSummary, searchCatalogEntries, type AppliedModel } from './import/picks';

const modelId = z.uuid();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-28.');

export const createModelAction = workspaceAction('models.create', { input: z.object({ model: modelInputSchema }), role: 'admin' }, async (input, ctx) => {
  const model = await createModel({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, input: input.model });
  return { id: model.id };
});

export const updateModelAction = workspaceAction(
  'models.update',
  { input: z.object({ modelId, model: modelInputSchema, pricesEffectiveFrom: day.optional() }), role: 'admin' },
  async (input, ctx) => {
    const { model } = await updateModel({
      db: ctx.db,
      workspaceId: ctx.workspace.id,
      actor: ctx.actor,
      modelId: input.modelId,
      input: input.model,
      pricesEffectiveFrom: input.pricesEffectiveFrom ? new Date(`${input.pricesEffectiveFrom}T00:00:00Z`) : undefined,
    });
    return { id: model.id };
  },
);

export const setModelStatusAction = workspaceAction('models.set_status', { input: z.object({ modelId, active: z.boolean() }), role: 'admin' }, (input, ctx) =>
  setModelStatus({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, modelId: input.modelId, status: input.active ? 'active' : 'inactive' }),
);

export const deleteModelAction = workspaceAction('models.delete', { input: z.object({ modelId }), role: 'admin' }, async (input, ctx) => {
  await deleteModel({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, modelId: input.modelId });
  return null;
});

const tokens = z.coerce.number({ message: 'Enter a number of tokens.' }).int('Use a whole number.').min(0, 'Use 0 or more.');

export const estimateCostAction = workspaceAction(
  'models.estimate',
  { input: z.object({ modelId, inputTokens: tokens, cachedInputTokens: tokens.default(0), outputTokens: tokens, at: day.optional() }), role: 'member' },
  async ({ at, ...input }, ctx) => {
    const cost = await estimateCost({ db: ctx.db, workspaceId: ctx.workspace.id, ...input, at: at ? new Date(`${at}T23:59:59Z`) : undefined });
    return { ...cost, priceEffectiveFrom: cost.priceEffectiveFrom.toISOString() };
  },
);

const keys = z.array(z.string().max(300)).min(1, 'Pick at least one model.').max(200);

export const previewCatalogAction = workspaceAction('models.catalog_preview', { input: z.object({ keys }), role: 'admin' }, async (input, ctx) => {
  const diffs = await catalogDiff({ db: ctx.db, workspaceId: ctx.workspace.id, entries: await catalogEntries(input.keys) });
  return diffs.map((d) => ({
    key: d.key,
    name: d.entry.displayName,
    status: d.status,
    changes: d.changes.map((c) => ({ field: c.field, from: c.from ?? null, to: c.to ?? null })),
    error: d.error,
  }));
});

export const applyCatalogAction = workspaceAction('models.catalog_apply', { input: z.object({ keys }), role: 'admin' }, async (input, ctx) => {
  const applied = await applyCatalogEntries({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, keys: input.keys });
  const names = new Map((await catalogEntries(applied.results.map((r) => r.key))).map((e) => [e.key, e.displayName]));
  const results: AppliedModel[] = applied.results.map((r) => ({ key: r.key, name: names.get(r.key) ?? r.key, status: r.status }));
  return { created: applied.created, updated: applied.updated, unchanged: applied.unchanged, results, summary: appliedSummary(results) };
});

/** The catalogue entries a search finds, for the picker (which keeps its picks while searching). */
export const searchCatalogAction = workspaceAction('models.catalog_search', { input: z.object({ q: z.string().max(200).default('') }), role: 'admin' }, async (input) =>
  searchCatalogEntries((await loadCatalog()).entries, input.q),
);
