import 'server-only';
// The model catalogue: @pydantic/genai-prices (prices) and llm-zoo (limits, capabilities) merged
// into one list an admin picks from, and the diff and import of the picked entries.
import { calcPrice, waitForUpdate, type ModelInfo, type ModelPrice } from '@pydantic/genai-prices';
import { MODEL_CONFIGS, type ModelConfig } from 'llm-zoo';
import type { Db } from '@/db/client';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { changesBetween, findModelByIdentifier, inputOf, insertModel, writeModelChanges, type FieldChange, type ModelView } from './models';
import { Decimal } from './prices';
import { fieldErrorsOf, modalities, modelFeatures, modelInputSchema, type Modality, type ModelFeature, type ModelInput, type PriceField } from './schema';

export type CatalogSource = 'genai-prices' | 'llm-zoo';

export type CatalogEntry = {
  /** `${provider}:${identifier}`, what `applyCatalogEntries` takes. */
  key: string;
  provider: string;
  identifier: string;
  displayName: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  features: ModelFeature[];
  inputModalities: Modality[];
  outputModalities: Modality[];
  /** Decimal strings, USD per million tokens; absent = the catalogue does not know. */
  prices: Partial<Record<PriceField, string>>;
  deprecated: boolean;
  sources: CatalogSource[];
};

export const catalogKey = (provider: string, identifier: string) => `${provider}:${identifier}`;

// One spelling per provider: genai-prices' ids, with the llm-zoo names and a few friendlier ones mapped onto them.
const fromGenai: Record<string, string> = { 'x-ai': 'xai', moonshotai: 'moonshot', zhipuai: 'zhipu' };
const fromZoo: Record<string, string> = { glm: 'zhipu', copilot: 'github-copilot', others: 'openrouter' };
const genaiIdOf = Object.fromEntries(Object.entries(fromGenai).map(([id, name]) => [name, id]));

/** Per million, rounded to the 6 decimals a stored price has; the catalogues hold binary floats. */
const priceOf = (value: number | undefined) => (value === undefined || !Number.isFinite(value) || value < 0 ? undefined : new Decimal(value).toDecimalPlaces(6).toFixed());

/** A price that may be tiered by prompt size: the base tier (prompts under the first threshold). */
function baseOf(value: ModelPrice[string]): number | undefined {
  if (typeof value === 'number') return value;
  return value && typeof value === 'object' && typeof value.base === 'number' ? value.base : undefined;
}

/** The price set in effect today: the latest started `start_date` variant, else the unconditional one. */
function currentPriceOf(model: ModelInfo, today = new Date().toISOString().slice(0, 10)): ModelPrice | undefined {
  if (!Array.isArray(model.prices)) return model.prices;
  const started = model.prices.filter((p) => p.constraint?.type === 'start_date' && p.constraint.start_date <= today);
  return (started.at(-1) ?? model.prices.find((p) => !p.constraint))?.prices;
}

type GenaiEntry = { provider: string; model: ModelInfo; prices: CatalogEntry['prices']; features: ModelFeature[]; inputModalities: Modality[]; outputModalities: Modality[] };

function fromGenaiModel(provider: string, model: ModelInfo): GenaiEntry | null {
  const price = currentPriceOf(model);
  if (!price) return null;
  const prices = {
    input: priceOf(baseOf(price.input_mtok)),
    output: priceOf(baseOf(price.output_mtok)),
    cachedInput: priceOf(baseOf(price.cache_read_mtok)),
    cacheWrite: priceOf(baseOf(price.cache_write_mtok)),
  };
  // Only token-priced models belong here (not per-hour transcription or per-page OCR).
  if (prices.input === undefined && prices.output === undefined) return null;
  const has = (key: string) => price[key] !== undefined;
  const features = modelFeatures.filter(
    (f) =>
      (f === 'prompt_caching' && has('cache_read_mtok')) ||
      (f === 'web_search' && has('web_searches_kcount')) ||
      (f === 'audio' && (has('input_audio_mtok') || has('output_audio_mtok'))) ||
      (f === 'vision' && has('input_image_mtok')),
  );
  const inputModalities = modalities.filter(
    (m) => m === 'text' || (m === 'image' && has('input_image_mtok')) || (m === 'audio' && has('input_audio_mtok')) || (m === 'video' && has('input_video_mtok')),
  );
  const outputModalities = modalities.filter(
    (m) => m === 'text' || (m === 'image' && has('output_image_mtok')) || (m === 'audio' && has('output_audio_mtok')) || (m === 'video' && has('output_video_mtok')),
  );
  return { provider, model, prices, features, inputModalities, outputModalities };
}

function zooFeatures(config: ModelConfig): ModelFeature[] {
  const c = config.capabilities;
  const flags: Partial<Record<ModelFeature, boolean>> = {
    reasoning: c.supportsReasoning,
    function_calling: c.supportsFunctionCalling,
    predicted_outputs: c.supportsPredictiveOutput,
    vision: c.supportsVision,
    audio: c.supportsNativeAudio,
    web_search: c.supportsNativeWebSearch,
    code_execution: c.supportsNativeCodeExecution,
    prompt_caching: c.supportsPromptCaching || c.supportsAutoPromptCaching,
  };
  return modelFeatures.filter((f) => flags[f]);
}

const zooInputModalities = (config: ModelConfig): Modality[] =>
  modalities.filter(
    (m) =>
      m === 'text' ||
      (m === 'image' && config.capabilities.supportsVision) ||
      (m === 'audio' && config.capabilities.supportsNativeAudio) ||
      (m === 'pdf' && config.capabilities.supportsNativePdf),
  );

function zooPrices(config: ModelConfig): CatalogEntry['prices'] {
  const c = config.capabilities;
  const caches = c.supportsPromptCaching || c.supportsAutoPromptCaching;
  return {
    input: priceOf(config.inputPrice),
    output: priceOf(config.outputPrice),
    // llm-zoo states the cached price as a discount on the input price.
    cachedInput: caches && Number.isFinite(c.cacheDiscountFactor) ? new Decimal(config.inputPrice).times(c.cacheDiscountFactor).toDecimalPlaces(6).toFixed() : undefined,
  };
}

const union = <T extends string>(order: readonly T[], ...lists: T[][]) => order.filter((v) => lists.some((list) => list.includes(v)));

/** The genai-prices model that prices calls to `identifier`, by the library's own matching rules. */
function genaiMatch(provider: string, identifier: string): ModelInfo | undefined {
  try {
    return calcPrice({ input_tokens: 1, output_tokens: 1 }, identifier, { providerId: genaiIdOf[provider] ?? provider })?.model ?? undefined;
  } catch {
    return undefined;
  }
}

/** Drops what contradicts the validation rules, then checks the entry as an admin's input would be. */
function finish(entry: CatalogEntry): CatalogEntry | null {
  if (entry.contextWindow !== undefined && entry.maxOutputTokens !== undefined && entry.maxOutputTokens > entry.contextWindow) delete entry.maxOutputTokens;
  const { input, cachedInput } = entry.prices;
  if (input !== undefined && cachedInput !== undefined && new Decimal(cachedInput).gt(input)) delete entry.prices.cachedInput;
  return modelInputSchema.safeParse(inputOfEntry(entry)).success ? entry : null;
}

export type CatalogStats = { genaiPrices: number; llmZoo: number; merged: number; total: number; skipped: number };

async function buildCatalog(): Promise<{ entries: CatalogEntry[]; stats: CatalogStats }> {
  const byKey = new Map<string, CatalogEntry>();
  const stats: CatalogStats = { genaiPrices: 0, llmZoo: 0, merged: 0, total: 0, skipped: 0 };
  const add = (entry: CatalogEntry) => {
    const done = finish(entry);
    if (done) byKey.set(done.key.toLowerCase(), done);
    else stats.skipped += 1;
  };

  // llm-zoo first: limits and capabilities, and the identifiers people call the API with.
  const zoo = new Map<string, ModelConfig[]>();
  for (const config of Object.values(MODEL_CONFIGS)) {
    if (config.retired) continue;
    const provider = fromZoo[config.provider] ?? config.provider;
    const identifier = config.provider === 'others' ? (config.openrouterFullName ?? config.fullName) : config.shortName;
    const key = catalogKey(provider, identifier);
    zoo.set(key, [...(zoo.get(key) ?? []), config]);
  }
  for (const [key, configs] of zoo) {
    stats.llmZoo += 1;
    // A model listed once per mode (thinking, fast tier…) is one API model with the union of features.
    // The plain one names it: standard tier, default mode, the shortest label ("Sonnet 4.5", not "Sonnet 4.5 (Thinking)").
    const plain = configs.filter((c) => !c.serviceTier && !c.capabilities.reasoningMode);
    const main = (plain.length ? plain : configs).reduce((a, b) => (b.label.length < a.label.length ? b : a));
    const [provider, ...rest] = key.split(':');
    const identifier = rest.join(':');
    const genai = genaiMatch(provider!, identifier);
    const priced = genai && fromGenaiModel(provider!, genai);
    if (priced) stats.merged += 1;
    add({
      key,
      provider: provider!,
      identifier,
      displayName: main.label,
      contextWindow: main.contextWindow,
      maxOutputTokens: main.maxOutputTokens,
      features: union(modelFeatures, ...configs.map(zooFeatures), priced?.features ?? []),
      inputModalities: union(modalities, ...configs.map(zooInputModalities), priced?.inputModalities ?? []),
      outputModalities: union(modalities, ['text'], priced?.outputModalities ?? []),
      prices: priced ? priced.prices : zooPrices(main),
      deprecated: Boolean(main.deprecated || genai?.deprecated),
      sources: priced ? ['genai-prices', 'llm-zoo'] : ['llm-zoo'],
    });
  }

  // Then every token-priced genai-prices model not already listed under the same identifier.
  for (const provider of (await waitForUpdate()) ?? []) {
    for (const model of provider.models) {
      const priced = fromGenaiModel(fromGenai[provider.id] ?? provider.id, model);
      if (!priced) continue;
      stats.genaiPrices += 1;
      const key = catalogKey(priced.provider, model.id);
      if (byKey.has(key.toLowerCase())) continue;
      add({
        key,
        provider: priced.provider,
        identifier: model.id,
        displayName: model.name ?? model.id,
        contextWindow: model.context_window,
        features: priced.features,
        inputModalities: priced.inputModalities,
        outputModalities: priced.outputModalities,
        prices: priced.prices,
        deprecated: Boolean(model.deprecated),
        sources: ['genai-prices'],
      });
    }
  }
  const entries = [...byKey.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.identifier.localeCompare(b.identifier));
  stats.total = entries.length;
  return { entries, stats };
}

let cached: ReturnType<typeof buildCatalog> | undefined;

/** The merged catalogue, built once per process (about 2,000 entries). */
export async function loadCatalog(): Promise<{ entries: CatalogEntry[]; stats: CatalogStats }> {
  cached ??= buildCatalog().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** The catalogue entries with these keys, in the order given; an unknown key is an error. */
export async function catalogEntries(keys: string[]): Promise<CatalogEntry[]> {
  const { entries } = await loadCatalog();
  const byKey = new Map(entries.map((e) => [e.key, e]));
  return keys.map((key) => byKey.get(key) ?? throwUnknown(key));
}

function throwUnknown(key: string): never {
  throw new AppError('invalid', `"${key}" is not in the model catalogue.`, { fields: { keys: [`Unknown catalogue entry: ${key}.`] } });
}

/** The entry as a brand-new model's input. */
function inputOfEntry(entry: CatalogEntry): ModelInput {
  return {
    provider: entry.provider,
    identifier: entry.identifier,
    displayName: entry.displayName,
    features: entry.features,
    inputModalities: entry.inputModalities,
    outputModalities: entry.outputModalities,
    contextWindow: entry.contextWindow ?? null,
    maxOutputTokens: entry.maxOutputTokens ?? null,
    prices: { input: entry.prices.input ?? null, output: entry.prices.output ?? null, cachedInput: entry.prices.cachedInput ?? null, cacheWrite: entry.prices.cacheWrite ?? null },
  };
}

/**
 * What applying the entry to an existing model makes of it. What the catalogue does not know is
 * kept; features and modalities are added, never removed, so an admin's additions survive.
 */
function mergedInput(model: ModelView, entry: CatalogEntry): ModelInput {
  const current = inputOf(model);
  return {
    ...current,
    displayName: entry.displayName,
    features: union(modelFeatures, current.features, entry.features),
    inputModalities: union(modalities, current.inputModalities, entry.inputModalities),
    outputModalities: union(modalities, current.outputModalities, entry.outputModalities),
    contextWindow: entry.contextWindow ?? current.contextWindow,
    maxOutputTokens: entry.maxOutputTokens ?? current.maxOutputTokens,
    prices: {
      input: entry.prices.input ?? current.prices.input,
      output: entry.prices.output ?? current.prices.output,
      cachedInput: entry.prices.cachedInput ?? current.prices.cachedInput,
      cacheWrite: entry.prices.cacheWrite ?? current.prices.cacheWrite,
    },
  };
}

export type CatalogDiff = {
  key: string;
  entry: CatalogEntry;
  /** The workspace's model with this provider and identifier, if any. */
  modelId: string | null;
  status: 'new' | 'changed' | 'same';
  /** For a new model, every field it will have; prices as decimal strings. */
  changes: FieldChange[];
  /** Why applying would be refused (e.g. the catalogue's output limit is above this model's context window), else null. */
  error: string | null;
};

async function diffOne(db: Db, workspaceId: string, entry: CatalogEntry) {
  const model = await findModelByIdentifier({ db, workspaceId, provider: entry.provider, identifier: entry.identifier });
  const input = model ? mergedInput(model, entry) : inputOfEntry(entry);
  const changes = changesBetween(model ? inputOf(model) : null, input);
  const checked = modelInputSchema.safeParse(input);
  const error = checked.success
    ? null
    : Object.entries(fieldErrorsOf(checked.error))
        .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
        .join(' ');
  const diff: CatalogDiff = { key: entry.key, entry, modelId: model?.id ?? null, status: !model ? 'new' : changes.length ? 'changed' : 'same', changes, error };
  return { diff, model, input };
}

/** Field-by-field what importing each entry would do in this workspace. */
export async function catalogDiff({ db, workspaceId, entries }: { db: Db; workspaceId: string; entries: CatalogEntry[] }): Promise<CatalogDiff[]> {
  const diffs: CatalogDiff[] = [];
  for (const entry of entries) diffs.push((await diffOne(db, workspaceId, entry)).diff);
  return diffs;
}

/**
 * Adds or updates the picked catalogue entries in one transaction. A price change adds a price
 * row effective now; unchanged prices add none. Each entry that changes anything is audited as
 * `model.imported` (and `model.price_changed` for updated prices).
 */
export async function applyCatalogEntries({ db, workspaceId, actor, keys }: { db: Db; workspaceId: string; actor: Actor; keys: string[] }) {
  const entries = await catalogEntries([...new Set(keys)]);
  return db.transaction(async (tx) => {
    const results: { key: string; modelId: string; status: CatalogDiff['status'] }[] = [];
    for (const entry of entries) {
      const { diff, model, input } = await diffOne(tx, workspaceId, entry);
      if (diff.error) throw new AppError('invalid', `${entry.displayName} (${entry.key}) cannot be imported: ${diff.error}`);
      let modelId = model?.id;
      if (!model) modelId = (await insertModel(tx, { workspaceId, actor, input, source: 'catalog' })).id;
      else if (diff.status === 'changed') await writeModelChanges(tx, { workspaceId, actor, model, input });
      if (diff.status !== 'same') {
        await recordAudit({
          db: tx,
          workspaceId,
          actor,
          action: 'model.imported',
          target: { type: 'model', id: modelId, label: `${entry.provider} · ${entry.identifier}` },
          summary: { status: diff.status, sources: entry.sources, changes: diff.changes },
        });
      }
      results.push({ key: entry.key, modelId: modelId!, status: diff.status });
    }
    return {
      results,
      created: results.filter((r) => r.status === 'new').length,
      updated: results.filter((r) => r.status === 'changed').length,
      unchanged: results.filter((r) => r.status === 'same').length,
    };
  });
}
