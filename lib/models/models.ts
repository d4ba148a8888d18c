import 'server-only';
import { and, arrayContains, asc, desc, eq, inArray, isNull, lte, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { llmModelPrices, llmModels, type LlmModel, type ModelStatus } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError, isUniqueViolation, notFound } from '@/lib/errors';
import { comparePrices, costOf, noPrices, normalisePrices, pricesAt, samePrice, samePrices, type Cost, type PricePoint, type Usage } from './prices';
import { priceFields, type ModelFeature, type ModelInput, type PriceSet } from './schema';

export type ModelView = Pick<
  LlmModel,
  'id' | 'provider' | 'identifier' | 'displayName' | 'status' | 'contextWindow' | 'maxOutputTokens' | 'source' | 'createdAt' | 'updatedAt' | 'deletedAt'
> & {
  features: ModelFeature[];
  inputModalities: ModelInput['inputModalities'];
  outputModalities: ModelInput['outputModalities'];
  /** The prices in effect now (all null when none were ever recorded). */
  prices: PriceSet;
  pricesEffectiveFrom: Date | null;
};

export type FieldChange = { field: string; from: unknown; to: unknown };

const priceColumns = {
  input: llmModelPrices.inputPerMillion,
  output: llmModelPrices.outputPerMillion,
  cachedInput: llmModelPrices.cachedInputPerMillion,
  cacheWrite: llmModelPrices.cacheWritePerMillion,
};

const pricesRowOf = (prices: PriceSet) => ({
  inputPerMillion: prices.input,
  outputPerMillion: prices.output,
  cachedInputPerMillion: prices.cachedInput,
  cacheWritePerMillion: prices.cacheWrite,
});

const labelOf = (model: { provider: string; identifier: string }) => `${model.provider} · ${model.identifier}`;

/** The latest price row at or before `at` of each of the given models. */
async function currentPrices(db: Db, workspaceId: string, modelIds: string[], at = new Date()) {
  if (modelIds.length === 0) return new Map<string, PricePoint>();
  const rows = await db
    .selectDistinctOn([llmModelPrices.modelId], { modelId: llmModelPrices.modelId, effectiveFrom: llmModelPrices.effectiveFrom, ...priceColumns })
    .from(llmModelPrices)
    .where(and(eq(llmModelPrices.workspaceId, workspaceId), inArray(llmModelPrices.modelId, modelIds), lte(llmModelPrices.effectiveFrom, at)))
    .orderBy(llmModelPrices.modelId, desc(llmModelPrices.effectiveFrom), desc(llmModelPrices.createdAt));
  return new Map(rows.map((row) => [row.modelId, { effectiveFrom: row.effectiveFrom, prices: normalisePrices(row) }]));
}

function viewOf(model: LlmModel, price: PricePoint | undefined): ModelView {
  const { workspaceId: _w, createdBy: _c, ...rest } = model;
  return {
    ...rest,
    features: model.features as ModelFeature[],
    inputModalities: model.inputModalities as ModelView['inputModalities'],
    outputModalities: model.outputModalities as ModelView['outputModalities'],
    prices: price?.prices ?? noPrices,
    pricesEffectiveFrom: price?.effectiveFrom ?? null,
  };
}

export const modelSortKeys = [
  'identifier',
  'displayName',
  'provider',
  'status',
  'contextWindow',
  'maxOutputTokens',
  'inputPrice',
  'outputPrice',
  'cachedInputPrice',
  'cacheWritePrice',
  'createdAt',
] as const;
export type ModelSortKey = (typeof modelSortKeys)[number];

const sortValue: Record<ModelSortKey, (m: ModelView) => string | number | null> = {
  identifier: (m) => m.identifier,
  displayName: (m) => m.displayName,
  provider: (m) => m.provider,
  status: (m) => m.status,
  contextWindow: (m) => m.contextWindow,
  maxOutputTokens: (m) => m.maxOutputTokens,
  inputPrice: (m) => m.prices.input,
  outputPrice: (m) => m.prices.output,
  cachedInputPrice: (m) => m.prices.cachedInput,
  cacheWritePrice: (m) => m.prices.cacheWrite,
  createdAt: (m) => m.createdAt.getTime(),
};

/** Unknown (null) values sort last in either direction. */
function compareBy(key: ModelSortKey, direction: 'asc' | 'desc') {
  const value = sortValue[key];
  const isPrice = key.endsWith('Price');
  return (a: ModelView, b: ModelView) => {
    const [x, y] = [value(a), value(b)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = isPrice ? comparePrices(x as string, y as string) : typeof x === 'number' ? x - (y as number) : String(x).localeCompare(String(y));
    return (direction === 'asc' ? order : -order) || a.identifier.localeCompare(b.identifier);
  };
}

/** The workspace's models (not deleted) with the prices in effect now, filtered and sorted. */
export async function listModels({
  db,
  workspaceId,
  provider,
  status,
  feature,
  search,
  sort = 'provider',
  direction = 'asc',
}: {
  db: Db;
  workspaceId: string;
  provider?: string;
  status?: ModelStatus;
  feature?: ModelFeature;
  /** Matches identifier or display name, case-insensitively. */
  search?: string;
  sort?: ModelSortKey;
  direction?: 'asc' | 'desc';
}): Promise<ModelView[]> {
  const conditions: SQL[] = [eq(llmModels.workspaceId, workspaceId), isNull(llmModels.deletedAt)];
  if (provider) conditions.push(eq(llmModels.provider, provider));
  if (status) conditions.push(eq(llmModels.status, status));
  if (feature) conditions.push(arrayContains(llmModels.features, [feature]));
  const rows = await db
    .select()
    .from(llmModels)
    .where(and(...conditions))
    .orderBy(asc(llmModels.provider), asc(llmModels.identifier));
  const needle = search?.trim().toLowerCase();
  const matching = needle ? rows.filter((m) => m.identifier.toLowerCase().includes(needle) || m.displayName.toLowerCase().includes(needle)) : rows;
  const prices = await currentPrices(
    db,
    workspaceId,
    matching.map((m) => m.id),
  );
  const views = matching.map((m) => viewOf(m, prices.get(m.id)));
  return sort === 'provider' && direction === 'asc' ? views : views.sort(compareBy(sort, direction));
}

/** One model of the workspace; a deleted one still resolves (with `deletedAt` set) so past records can show it. */
export async function getModel({ db, workspaceId, modelId }: { db: Db; workspaceId: string; modelId: string }): Promise<ModelView> {
  const [model] = await db
    .select()
    .from(llmModels)
    .where(and(eq(llmModels.id, modelId), eq(llmModels.workspaceId, workspaceId)));
  if (!model) throw notFound('That model');
  return viewOf(model, (await currentPrices(db, workspaceId, [model.id])).get(model.id));
}

/** A model that can still be changed: in this workspace and not deleted. */
async function liveModel(tx: Db, workspaceId: string, modelId: string) {
  const model = await getModel({ db: tx, workspaceId, modelId });
  if (model.deletedAt) throw notFound('That model');
  return model;
}

/** Finds a live model by its natural key, for imports. */
export async function findModelByIdentifier({ db, workspaceId, provider, identifier }: { db: Db; workspaceId: string; provider: string; identifier: string }) {
  const [model] = await db
    .select({ id: llmModels.id })
    .from(llmModels)
    .where(and(eq(llmModels.workspaceId, workspaceId), eq(llmModels.provider, provider), eq(llmModels.identifier, identifier), isNull(llmModels.deletedAt)));
  return model ? getModel({ db, workspaceId, modelId: model.id }) : null;
}

function identifierTaken(input: { provider: string; identifier: string }) {
  return new AppError('conflict', `A model "${input.identifier}" from ${input.provider} already exists in this workspace.`, {
    fields: { identifier: [`${input.provider} already has a model "${input.identifier}". Edit that one, or use another identifier.`] },
  });
}

async function assertIdentifierFree(tx: Db, workspaceId: string, input: ModelInput, exceptId?: string) {
  const existing = await findModelByIdentifier({ db: tx, workspaceId, provider: input.provider, identifier: input.identifier });
  if (existing && existing.id !== exceptId) throw identifierTaken(input);
}

const modelColumnsOf = (input: ModelInput) => ({
  provider: input.provider,
  identifier: input.identifier,
  displayName: input.displayName,
  features: input.features,
  inputModalities: input.inputModalities,
  outputModalities: input.outputModalities,
  contextWindow: input.contextWindow,
  maxOutputTokens: input.maxOutputTokens,
});

/** What an input looks like for the model as stored now: the base of an edit form and of diffs. */
export function inputOf(model: ModelView): ModelInput {
  return { ...modelColumnsOf(model), prices: model.prices };
}

/** Field-by-field differences, prices compared as amounts ("2.50" = "2.5"). */
export function changesBetween(before: ModelInput | null, after: ModelInput): FieldChange[] {
  const changes: FieldChange[] = [];
  const columns = modelColumnsOf(after);
  for (const field of Object.keys(columns) as (keyof typeof columns)[]) {
    const from = before ? before[field] : null;
    const to = columns[field];
    const empty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);
    if (before ? JSON.stringify(from) !== JSON.stringify(to) : !empty(to)) changes.push({ field, from, to });
  }
  for (const field of priceFields) {
    const from = before?.prices[field] ?? null;
    const to = after.prices[field];
    if (!samePrice(from, to)) changes.push({ field: `prices.${field}`, from, to });
  }
  return changes;
}

async function addPriceRow(
  tx: Db,
  { workspaceId, modelId, prices, effectiveFrom, actor }: { workspaceId: string; modelId: string; prices: PriceSet; effectiveFrom: Date; actor: Actor },
) {
  await tx.insert(llmModelPrices).values({ workspaceId, modelId, effectiveFrom, createdBy: actor.id, ...pricesRowOf(prices) });
}

/** Inserts a model and its first prices. Shared by `createModel` and catalogue imports, which audit it. */
export async function insertModel(
  tx: Db,
  { workspaceId, actor, input, source, effectiveFrom = new Date() }: { workspaceId: string; actor: Actor; input: ModelInput; source: LlmModel['source']; effectiveFrom?: Date },
) {
  await assertIdentifierFree(tx, workspaceId, input);
  const [model] = await tx
    .insert(llmModels)
    .values({ workspaceId, createdBy: actor.id, source, ...modelColumnsOf(input) })
    .returning();
  // Even all-unknown prices get a row: it says since when the model's prices are on record.
  await addPriceRow(tx, { workspaceId, modelId: model!.id, prices: input.prices, effectiveFrom, actor });
  return model!;
}

/**
 * Saves an edit: the model's columns, and a new price row when any price changed (the old rows
 * stay as history). Returns the changes; shared by `updateModel` and catalogue imports.
 */
export async function writeModelChanges(
  tx: Db,
  { workspaceId, actor, model, input, effectiveFrom = new Date() }: { workspaceId: string; actor: Actor; model: ModelView; input: ModelInput; effectiveFrom?: Date },
) {
  if (model.provider !== input.provider || model.identifier !== input.identifier) await assertIdentifierFree(tx, workspaceId, input, model.id);
  const changes = changesBetween(inputOf(model), input);
  const pricesChanged = !samePrices(model.prices, input.prices);
  if (changes.some((c) => !c.field.startsWith('prices.'))) {
    await tx
      .update(llmModels)
      .set(modelColumnsOf(input))
      .where(and(eq(llmModels.id, model.id), eq(llmModels.workspaceId, workspaceId)));
  }
  if (pricesChanged) {
    await addPriceRow(tx, { workspaceId, modelId: model.id, prices: input.prices, effectiveFrom, actor });
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'model.price_changed',
      target: { type: 'model', id: model.id, label: labelOf(input) },
      summary: { from: model.prices, to: input.prices, effectiveFrom: effectiveFrom.toISOString() },
    });
  }
  return changes;
}

const rethrowConflict = (input: ModelInput) => (error: unknown) => {
  throw isUniqueViolation(error) ? identifierTaken(input) : error;
};

export async function createModel({ db, workspaceId, actor, input }: { db: Db; workspaceId: string; actor: Actor; input: ModelInput }): Promise<ModelView> {
  return db
    .transaction(async (tx) => {
      const model = await insertModel(tx, { workspaceId, actor, input, source: 'manual' });
      await recordAudit({
        db: tx,
        workspaceId,
        actor,
        action: 'model.created',
        target: { type: 'model', id: model.id, label: labelOf(input) },
        summary: { displayName: input.displayName, prices: input.prices },
      });
      return getModel({ db: tx, workspaceId, modelId: model.id });
    })
    .catch(rethrowConflict(input));
}

/**
 * Edits a model. A price change adds a history row effective `pricesEffectiveFrom` (default now)
 * and is audited as `model.price_changed`; nothing changed means nothing written.
 */
export async function updateModel({
  db,
  workspaceId,
  actor,
  modelId,
  input,
  pricesEffectiveFrom,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  modelId: string;
  input: ModelInput;
  pricesEffectiveFrom?: Date;
}): Promise<{ model: ModelView; changes: FieldChange[] }> {
  return db
    .transaction(async (tx) => {
      const model = await liveModel(tx, workspaceId, modelId);
      const changes = await writeModelChanges(tx, { workspaceId, actor, model, input, effectiveFrom: pricesEffectiveFrom });
      if (changes.length)
        await recordAudit({ db: tx, workspaceId, actor, action: 'model.updated', target: { type: 'model', id: modelId, label: labelOf(input) }, summary: { changes } });
      return { model: await getModel({ db: tx, workspaceId, modelId }), changes };
    })
    .catch(rethrowConflict(input));
}

export async function setModelStatus({ db, workspaceId, actor, modelId, status }: { db: Db; workspaceId: string; actor: Actor; modelId: string; status: ModelStatus }) {
  return db.transaction(async (tx) => {
    const model = await liveModel(tx, workspaceId, modelId);
    if (model.status === status) return { changed: false };
    await tx
      .update(llmModels)
      .set({ status })
      .where(and(eq(llmModels.id, modelId), eq(llmModels.workspaceId, workspaceId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: status === 'active' ? 'model.enabled' : 'model.disabled',
      target: { type: 'model', id: modelId, label: labelOf(model) },
    });
    return { changed: true };
  });
}

/** Soft delete: the row stays so past records resolve; the identifier is free for a new model. */
export async function deleteModel({ db, workspaceId, actor, modelId }: { db: Db; workspaceId: string; actor: Actor; modelId: string }) {
  await db.transaction(async (tx) => {
    const model = await liveModel(tx, workspaceId, modelId);
    await tx
      .update(llmModels)
      .set({ deletedAt: new Date() })
      .where(and(eq(llmModels.id, modelId), eq(llmModels.workspaceId, workspaceId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'model.deleted',
      target: { type: 'model', id: modelId, label: labelOf(model) },
      summary: { displayName: model.displayName },
    });
  });
}

export type PriceHistoryEntry = PricePoint & { id: string; createdBy: string | null; createdAt: Date };

/** Every price the model has had, newest first, each with the date it took effect. */
export async function priceHistory({ db, workspaceId, modelId }: { db: Db; workspaceId: string; modelId: string }): Promise<PriceHistoryEntry[]> {
  await getModel({ db, workspaceId, modelId });
  const rows = await db
    .select({ id: llmModelPrices.id, effectiveFrom: llmModelPrices.effectiveFrom, createdBy: llmModelPrices.createdBy, createdAt: llmModelPrices.createdAt, ...priceColumns })
    .from(llmModelPrices)
    .where(and(eq(llmModelPrices.modelId, modelId), eq(llmModelPrices.workspaceId, workspaceId)))
    .orderBy(desc(llmModelPrices.effectiveFrom), desc(llmModelPrices.createdAt));
  return rows.map((row) => ({ id: row.id, effectiveFrom: row.effectiveFrom, createdBy: row.createdBy, createdAt: row.createdAt, prices: normalisePrices(row) }));
}

/**
 * The cost of a call at the prices in effect `at` (default now), in exact decimals. Input tokens
 * INCLUDE the cached ones (see `costOf`); unknown prices are listed in `unknown`, not counted as 0.
 */
export async function estimateCost({
  db,
  workspaceId,
  modelId,
  at = new Date(),
  ...usage
}: { db: Db; workspaceId: string; modelId: string; at?: Date } & Usage): Promise<Cost & { prices: PriceSet; priceEffectiveFrom: Date }> {
  const history = await priceHistory({ db, workspaceId, modelId });
  const point = pricesAt(history, at);
  return { ...costOf(point.prices, usage), prices: point.prices, priceEffectiveFrom: point.effectiveFrom };
}
