import { describe, expect, test } from 'vitest';
import { AppError } from '@/lib/errors';
import { comparePrices, costOf, currentPricePoint, formatPrice, normalisePrice, pricesAt, samePrice } from './prices';
import type { PriceSet } from './schema';

const prices = (p: Partial<PriceSet>): PriceSet => ({ input: null, output: null, cachedInput: null, cacheWrite: null, ...p });

describe('price arithmetic', () => {
  test('is exact where floats are not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    // 1 million tokens at $0.1 plus 1 million at $0.2 is exactly $0.3.
    expect(costOf(prices({ input: '0.1', output: '0.2' }), { inputTokens: 1_000_000, outputTokens: 1_000_000 }).total).toBe('0.3');
    expect(costOf(prices({ input: '2.5' }), { inputTokens: 1_234_567, outputTokens: 0 }).total).toBe('3.0864175');
    // Tiny prices over huge counts keep every digit.
    expect(costOf(prices({ input: '0.000001', output: '999999999999.999999' }), { inputTokens: 1, outputTokens: 9_007_199_254_740_991 }).parts).toMatchObject({
      input: '0.000000000001',
      output: '9007199254740990990992.800745259009',
    });
  });

  test('cached input tokens are counted within the input tokens and priced at the cached price', () => {
    const cost = costOf(prices({ input: '2.5', cachedInput: '1.25', output: '10' }), { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 });
    expect(cost.parts).toEqual({ input: '1.5', cachedInput: '0.5', cacheWrite: '0', output: '1' });
    expect(cost.total).toBe('3');
    expect(cost.unknown).toEqual([]);
    expect(() => costOf(prices({ input: '1' }), { inputTokens: 10, cachedInputTokens: 11, outputTokens: 0 })).toThrow(/cannot exceed/);
    expect(() => costOf(prices({ input: '1' }), { inputTokens: 1.5, outputTokens: 0 })).toThrow(AppError);
  });

  test('unknown prices are reported, not counted as free; free (0) is a known price', () => {
    const cost = costOf(prices({ input: '3', cachedInput: null, output: '0' }), { inputTokens: 2_000_000, cachedInputTokens: 1_000_000, outputTokens: 500 });
    expect(cost).toEqual({ total: '3', parts: { input: '3', cachedInput: null, cacheWrite: '0', output: '0' }, unknown: ['cachedInput'] });
    // No tokens of a kind: its price is not needed.
    expect(costOf(prices({ input: '3' }), { inputTokens: 10, outputTokens: 0 }).unknown).toEqual([]);
  });

  test('normalises and compares decimal strings', () => {
    expect(normalisePrice('2.500000')).toBe('2.5');
    expect(normalisePrice(null)).toBeNull();
    expect(samePrice('2.50', '2.5')).toBe(true);
    expect(samePrice(null, '0')).toBe(false);
    expect(['10', null, '9.99', '0'].sort(comparePrices)).toEqual(['0', '9.99', '10', null]);
  });

  test('finds the prices in effect at a date, and refuses a date before the first', () => {
    const history = [
      { effectiveFrom: new Date('2025-01-01T00:00:00Z'), prices: prices({ input: '5' }) },
      { effectiveFrom: new Date('2025-06-01T00:00:00Z'), prices: prices({ input: '2.5' }) },
    ];
    expect(pricesAt(history, new Date('2025-03-01')).prices.input).toBe('5');
    expect(pricesAt(history, new Date('2025-06-01T00:00:00Z')).prices.input).toBe('2.5');
    expect(pricesAt(history, new Date('2030-01-01')).prices.input).toBe('2.5');
    expect(() => pricesAt(history, new Date('2024-12-31'))).toThrow('first prices took effect on 2025-01-01');
  });
});

describe('prices as people read them', () => {
  test('money with at least two decimals, grouped thousands, "free" for zero and a placeholder for unknown', () => {
    expect(formatPrice('2.5')).toBe('$2.50');
    expect(formatPrice('2')).toBe('$2.00');
    expect(formatPrice('0.075')).toBe('$0.075');
    expect(formatPrice('0.0375')).toBe('$0.0375');
    expect(formatPrice('1200')).toBe('$1,200.00');
    expect(formatPrice('0')).toBe('free');
    expect(formatPrice(null)).toBe('—');
    expect(formatPrice(null, 'unknown price')).toBe('unknown price');
  });

  test('the current row of a price history is the latest in effect now, not a future one', () => {
    const point = (id: string, from: string) => ({ id, effectiveFrom: new Date(from), prices: { input: '1', output: null, cachedInput: null, cacheWrite: null } });
    const history = [point('future', '2031-01-01'), point('now', '2025-06-01'), point('old', '2025-01-01')];
    expect(currentPricePoint(history, new Date('2026-01-01'))?.id).toBe('now');
    expect(currentPricePoint(history, new Date('2024-01-01'))).toBeUndefined();
  });
});
