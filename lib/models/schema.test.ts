import { describe, expect, test } from 'vitest';
import { AppError } from '@/lib/errors';
import { decimalPrice, modelInputSchema, parseModelInput } from './schema';

const base = { provider: 'OpenAI ', identifier: 'gpt-4.1', displayName: 'GPT-4.1' };

function fieldsOf(raw: unknown) {
  try {
    parseModelInput(raw);
  } catch (error) {
    if (error instanceof AppError) return error.fields;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('model input', () => {
  test('prices are exact decimal strings: empty is unknown, 0 is free', () => {
    expect(decimalPrice.parse('2.50')).toBe('2.5');
    expect(decimalPrice.parse(' 0 ')).toBe('0');
    expect(decimalPrice.parse('')).toBeNull();
    expect(decimalPrice.parse(undefined)).toBeNull();
    expect(decimalPrice.parse('.5')).toBe('0.5');
    expect(decimalPrice.parse('0.123456')).toBe('0.123456');
    expect(decimalPrice.parse('1.2300000')).toBe('1.23');
    for (const [value, message] of [
      ['-1', /negative/],
      ['1.1234567', /6 decimal places/],
      ['abc', /Enter a number/],
      ['1e3', /Enter a number/],
      ['1,5', /Enter a number/],
      ['1234567890123', /too large/],
    ] as const) {
      const result = decimalPrice.safeParse(value);
      expect(result.success, value).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(message);
    }
  });

  test('normalises provider, features and token limits', () => {
    const input = modelInputSchema.parse({
      ...base,
      features: ['vision', 'reasoning', 'vision'],
      contextWindow: '1,047,576',
      maxOutputTokens: 32768,
      prices: { input: '2', output: '8.00', cachedInput: '0.5', cacheWrite: '' },
    });
    expect(input).toMatchObject({
      provider: 'openai',
      features: ['reasoning', 'vision'],
      inputModalities: ['text'],
      contextWindow: 1_047_576,
      prices: { input: '2', output: '8', cachedInput: '0.5', cacheWrite: null },
    });
    expect(modelInputSchema.parse(base).prices).toEqual({ input: null, output: null, cachedInput: null, cacheWrite: null });
  });

  test('explains each broken rule on its field', () => {
    expect(fieldsOf({ ...base, contextWindow: 8000, maxOutputTokens: 16000 })).toEqual({
      maxOutputTokens: ['The output limit (16,000 tokens) cannot be above the context window (8,000 tokens).'],
    });
    expect(fieldsOf({ ...base, prices: { input: '1', cachedInput: '1.5' } })).toEqual({
      'prices.cachedInput': ['The cached-input price cannot be above the input price ($1 per million tokens).'],
    });
    const fields = fieldsOf({ provider: '', identifier: 'has space', displayName: ' ', features: ['telepathy'], contextWindow: '12.5', prices: { output: '-2' } });
    expect(Object.keys(fields ?? {}).sort()).toEqual(['contextWindow', 'displayName', 'features', 'identifier', 'prices.output', 'provider']);
    expect(fields?.['prices.output']).toEqual(['A price cannot be negative. Use 0 for free.']);
  });
});
