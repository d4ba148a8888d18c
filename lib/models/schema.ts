// What an admin types to add or edit an LLM model, with the rules a person can understand.
import Decimal from 'decimal.js';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

/** The features a model can have. Extend by appending; stored values are these keys. */
export const modelFeatures = [
  'reasoning',
  'streaming',
  'structured_output',
  'function_calling',
  'fine_tuning',
  'realtime',
  'predicted_outputs',
  'vision',
  'audio',
  'web_search',
  'code_execution',
  'prompt_caching',
  'batch',
] as const;
export type ModelFeature = (typeof modelFeatures)[number];

export const featureLabels: Record<ModelFeature, string> = {
  reasoning: 'Reasoning',
  streaming: 'Streaming',
  structured_output: 'Structured output',
  function_calling: 'Function calling',
  fine_tuning: 'Fine-tuning',
  realtime: 'Realtime',
  predicted_outputs: 'Predicted outputs',
  vision: 'Vision',
  audio: 'Audio',
  web_search: 'Web search',
  code_execution: 'Code execution',
  prompt_caching: 'Prompt caching',
  batch: 'Batch',
};

export const modalities = ['text', 'image', 'audio', 'video', 'pdf'] as const;
export type Modality = (typeof modalities)[number];

export const modalityLabels: Record<Modality, string> = { text: 'Text', image: 'Image', audio: 'Audio', video: 'Video', pdf: 'PDF / file' };

export const priceFields = ['input', 'output', 'cachedInput', 'cacheWrite'] as const;
export type PriceField = (typeof priceFields)[number];
/** USD per million tokens as exact decimal strings ("2.5"); null = unknown, "0" = free. */
export type PriceSet = Record<PriceField, string | null>;

export const priceLabels: Record<PriceField, string> = { input: 'Input', output: 'Output', cachedInput: 'Cached input', cacheWrite: 'Cache write' };

/** numeric(18,6): at most 12 digits before the point and 6 after. */
const MAX_INTEGER_DIGITS = 12;
const MAX_DECIMALS = 6;

/**
 * A price per million tokens typed by a person: "2.50", "0", "" (unknown). Never a float: the
 * string is checked and kept exact, normalised ("2.50" → "2.5").
 */
export const decimalPrice = z
  .string()
  .nullish()
  .transform((value, ctx) => {
    const text = (value ?? '').trim().replace(/^\$/, '');
    if (text === '') return null;
    if (/^-/.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'A price cannot be negative. Use 0 for free.' });
      return z.NEVER;
    }
    const match = /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/.exec(text);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'Enter a number such as 2.50, 0 for free, or leave it empty if unknown.' });
      return z.NEVER;
    }
    const decimals = (match[2] ?? match[3] ?? '').replace(/0+$/, '');
    if (decimals.length > MAX_DECIMALS) {
      ctx.addIssue({ code: 'custom', message: `Use at most ${MAX_DECIMALS} decimal places.` });
      return z.NEVER;
    }
    const normalised = new Decimal(text.startsWith('.') ? `0${text}` : text);
    if (normalised.truncated().toFixed().length > MAX_INTEGER_DIGITS) {
      ctx.addIssue({ code: 'custom', message: 'That price is too large.' });
      return z.NEVER;
    }
    return normalised.toFixed();
  });

/** A token limit: a whole positive number, "" or null when unknown; "128,000" is accepted. */
const tokenLimit = (label: string) =>
  z.preprocess(
    (value) => (value === '' || value === null || value === undefined ? null : typeof value === 'string' ? Number(value.replace(/[\s,_]/g, '')) : value),
    z
      .number({ message: `Enter the ${label} as a whole number of tokens, or leave it empty if unknown.` })
      .int(`Enter the ${label} as a whole number of tokens.`)
      .positive(`The ${label} must be at least 1 token.`)
      .max(2_147_483_647, `The ${label} is too large.`)
      .nullable(),
  );

/** A set of choices from a fixed list, kept in the list's order without duplicates. */
const choices = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z.array(z.enum(values, { message: `Choose ${what} from the list.` })).transform((list) => values.filter((v) => list.includes(v)));

export const modelInputSchema = z
  .object({
    provider: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, 'Enter the provider, e.g. openai.')
      .max(60, 'Use at most 60 characters.')
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Use lower-case letters, digits, dots, dashes and underscores, e.g. openai.'),
    identifier: z
      .string()
      .trim()
      .min(1, 'Enter the identifier the provider’s API takes, e.g. gpt-4.1.')
      .max(200, 'Use at most 200 characters.')
      .regex(/^[\x21-\x7e]+$/, 'Use the identifier exactly as the API takes it, without spaces.'),
    displayName: z.string().trim().min(1, 'Give the model a display name.').max(200, 'Use at most 200 characters.'),
    features: choices(modelFeatures, 'features').default([]),
    inputModalities: choices(modalities, 'input modalities').default(['text']),
    outputModalities: choices(modalities, 'output modalities').default(['text']),
    contextWindow: tokenLimit('context window').default(null),
    maxOutputTokens: tokenLimit('output limit').default(null),
    prices: z
      .object({ input: decimalPrice, output: decimalPrice, cachedInput: decimalPrice, cacheWrite: decimalPrice })
      .default({ input: null, output: null, cachedInput: null, cacheWrite: null }),
  })
  .superRefine((model, ctx) => {
    if (model.contextWindow !== null && model.maxOutputTokens !== null && model.maxOutputTokens > model.contextWindow) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxOutputTokens'],
        message: `The output limit (${model.maxOutputTokens.toLocaleString('en-US')} tokens) cannot be above the context window (${model.contextWindow.toLocaleString('en-US')} tokens).`,
      });
    }
    const { input, cachedInput } = model.prices;
    if (input !== null && cachedInput !== null && new Decimal(cachedInput).gt(input)) {
      ctx.addIssue({ code: 'custom', path: ['prices', 'cachedInput'], message: `The cached-input price cannot be above the input price ($${input} per million tokens).` });
    }
  });

export type ModelInput = z.output<typeof modelInputSchema>;
export type ModelInputRaw = z.input<typeof modelInputSchema>;

/** Per-field messages keyed by dotted path ("prices.cachedInput"), the shape `AppError.fields` takes. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    // A bad item in a list belongs to the list's field ("features", not "features.2").
    const key = issue.path.filter((part) => typeof part === 'string').join('.') || '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Parses what a person typed, or throws an `invalid` AppError with per-field messages. */
export function parseModelInput(raw: unknown): ModelInput {
  const result = modelInputSchema.safeParse(raw);
  if (!result.success) throw new AppError('invalid', 'Some fields need attention.', { fields: fieldErrorsOf(result.error) });
  return result.data;
}
