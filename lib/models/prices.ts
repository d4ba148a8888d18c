// Exact price arithmetic (decimal.js, never floats) and the cost of a call at a point in time.
import DecimalJs from 'decimal.js';
import { AppError } from '@/lib/errors';
import { priceFields, type PriceField, type PriceSet } from './schema';

/** Enough significant digits that tokens × price ÷ 1,000,000 is always exact (the default is 20). */
export const Decimal = DecimalJs.clone({ precision: 64 });
type Decimal = InstanceType<typeof Decimal>;

const MILLION = new Decimal(1_000_000);

export const noPrices: PriceSet = { input: null, output: null, cachedInput: null, cacheWrite: null };

/** "2.500000" (as numeric columns come back) → "2.5"; null stays null (unknown). */
export function normalisePrice(value: string | number | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : new Decimal(value).toFixed();
}

export function normalisePrices(prices: Partial<Record<PriceField, string | number | null | undefined>>): PriceSet {
  return {
    input: normalisePrice(prices.input),
    output: normalisePrice(prices.output),
    cachedInput: normalisePrice(prices.cachedInput),
    cacheWrite: normalisePrice(prices.cacheWrite),
  };
}

/** Equal as amounts: "2.5" and "2.500000" are the same price; unknown equals only unknown. */
export function samePrice(a: string | null, b: string | null): boolean {
  return a === null || b === null ? a === b : new Decimal(a).eq(b);
}

export function samePrices(a: PriceSet, b: PriceSet): boolean {
  return priceFields.every((field) => samePrice(a[field], b[field]));
}

/** Orders prices for sorting; unknown sorts after every known price. */
export function comparePrices(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return new Decimal(a).comparedTo(b);
}

/**
 * A price in US dollars as people write money: "$2.50", "$0.075", "$1,200.00" (at least two
 * decimals, more only when the price has them); "free" for zero, `unknown` when there is none.
 */
export function formatPrice(value: string | null, unknown = '—'): string {
  if (value === null) return unknown;
  const amount = new Decimal(value);
  if (amount.isZero()) return 'free';
  const [whole, fraction] = amount.abs().toFixed(Math.max(2, amount.decimalPlaces())).split('.');
  return `${amount.isNegative() ? '-' : ''}$${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** The row of a price history in effect at `at` (the current prices), or undefined before the first. */
export function currentPricePoint<T extends PricePoint>(history: readonly T[], at = new Date()): T | undefined {
  const inEffect = history.filter((point) => point.effectiveFrom <= at);
  return inEffect.sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime())[0];
}

export type PricePoint = { effectiveFrom: Date; prices: PriceSet };

/** The prices in effect at `at`: the latest change that took effect at or before it. */
export function pricesAt<T extends PricePoint>(history: readonly T[], at: Date): T {
  const inEffect = history.filter((point) => point.effectiveFrom <= at).sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime());
  if (inEffect[0]) return inEffect[0];
  const first = [...history].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())[0];
  throw new AppError(
    'invalid',
    first
      ? `No prices were recorded for this model on ${at.toISOString().slice(0, 10)}: its first prices took effect on ${first.effectiveFrom.toISOString().slice(0, 10)}.`
      : 'No prices have been recorded for this model.',
    { fields: { at: ['Choose a date on or after the first recorded prices.'] } },
  );
}

export type Usage = {
  /** All input tokens, cached ones included (as OpenAI reports `prompt_tokens`). */
  inputTokens: number;
  /** The part of `inputTokens` read from the prompt cache, priced at the cached-input price. */
  cachedInputTokens?: number;
  /** The part of `inputTokens` written to the prompt cache, priced at the cache-write price. */
  cacheWriteTokens?: number;
  outputTokens: number;
};

export type CostParts = Record<PriceField, string | null>;

export type Cost = {
  /** Sum of the parts whose price is known; a lower bound when `unknown` is not empty. */
  total: string;
  /** Dollars per kind of token; null where tokens were used at an unknown price. */
  parts: CostParts;
  /** The price fields that were needed but are unknown, e.g. ["cachedInput"]. */
  unknown: PriceField[];
};

function tokenCount(value: number | undefined, name: string): Decimal {
  const count = value ?? 0;
  if (!Number.isSafeInteger(count) || count < 0)
    throw new AppError('invalid', `${name} must be a whole number of tokens, 0 or more.`, { fields: { [name]: ['Use a whole number, 0 or more.'] } });
  return new Decimal(count);
}

/**
 * The cost of one usage at the given prices. Convention: `inputTokens` INCLUDES the cached and
 * cache-write tokens, as OpenAI reports them, so only the rest is priced at the input price. An
 * unknown price is reported in `unknown`, never treated as 0.
 */
export function costOf(prices: PriceSet, usage: Usage): Cost {
  const input = tokenCount(usage.inputTokens, 'inputTokens');
  const cachedInput = tokenCount(usage.cachedInputTokens, 'cachedInputTokens');
  const cacheWrite = tokenCount(usage.cacheWriteTokens, 'cacheWriteTokens');
  const output = tokenCount(usage.outputTokens, 'outputTokens');
  if (cachedInput.plus(cacheWrite).gt(input)) {
    throw new AppError('invalid', 'Cached and cache-write tokens are part of the input tokens, so together they cannot exceed them.', {
      fields: { cachedInputTokens: ['Count cached tokens within the input tokens.'] },
    });
  }
  const tokens: Record<PriceField, Decimal> = { input: input.minus(cachedInput).minus(cacheWrite), cachedInput, cacheWrite, output };
  const parts = { ...noPrices } as CostParts;
  const unknown: PriceField[] = [];
  let total = new Decimal(0);
  for (const field of priceFields) {
    const price = prices[field];
    if (tokens[field].isZero()) parts[field] = '0';
    else if (price === null) unknown.push(field);
    else {
      const amount = tokens[field].times(price).div(MILLION);
      parts[field] = amount.toFixed();
      total = total.plus(amount);
    }
  }
  return { total: total.toFixed(), parts, unknown };
}
