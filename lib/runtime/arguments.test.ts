import { describe, expect, it } from 'vitest';
import type { JsonObject } from '@/lib/openapi';
import { formatArgumentErrors, validateArguments } from './arguments';

const schema: JsonObject = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    status: { type: 'string', enum: ['open', 'closed'] },
    since: { type: 'string', format: 'date-time' },
    id: { type: ['string', 'null'] },
    body: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 2 },
        email: { type: 'string', format: 'email' },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
        owner: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        file: { type: 'string', format: 'binary' },
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
  required: ['limit', 'body'],
};

describe('validateArguments', () => {
  it('accepts valid arguments, including a file given as { filename, contentType, data }', () => {
    const file = { filename: 'a.txt', contentType: 'text/plain', data: 'aGk=' };
    expect(validateArguments(schema, { limit: 5, status: 'open', id: null, body: { name: 'Ann', tags: ['x'], owner: 3, file } })).toEqual({ ok: true });
    expect(validateArguments(schema, { limit: 5, body: { name: 'Ann', file: 'aGk=' } })).toEqual({ ok: true });
  });

  it('lists each invalid field with a message a person understands', () => {
    const result = validateArguments(schema, {
      limit: '10',
      status: 'pending',
      since: 'yesterday',
      body: { name: 'A', email: 'nope', tags: ['a', 'b', 'c'], owner: true, extra: 1, file: 5 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { field: 'limit', message: 'must be an integer' },
        { field: 'status', message: 'must be one of: "open", "closed"' },
        { field: 'since', message: 'must be a valid date-time' },
        { field: 'body.name', message: 'must be at least 2 characters long' },
        { field: 'body.email', message: 'must be a valid email' },
        { field: 'body.tags', message: 'must have at most 2 items' },
        { field: 'body.owner', message: 'must be a string or an integer' },
        { field: 'body.extra', message: 'is not an accepted field' },
        { field: 'body.file', message: 'must be a string or an object' },
      ]),
    );
    expect(result.errors).toHaveLength(9);
  });

  it('names missing required fields, nested ones by their dotted path', () => {
    expect(validateArguments(schema, {})).toEqual({
      ok: false,
      errors: [
        { field: 'limit', message: 'is required' },
        { field: 'body', message: 'is required' },
      ],
    });
    const nested = validateArguments(schema, { limit: 1, body: { tags: [1] } });
    expect(nested).toEqual({
      ok: false,
      errors: [
        { field: 'body.name', message: 'is required' },
        { field: 'body.tags[0]', message: 'must be a string' },
      ],
    });
    expect(formatArgumentErrors(nested.ok ? [] : nested.errors)).toBe('Invalid arguments: body.name is required; body.tags[0] must be a string.');
  });

  it('refuses arguments that are not an object', () => {
    for (const args of [null, [], 'x']) {
      expect(validateArguments(schema, args)).toEqual({ ok: false, errors: [{ field: '(arguments)', message: 'must be an object of named arguments' }] });
    }
  });

  it('compiles a schema once, also when it is a fresh copy from storage', () => {
    const copy = JSON.parse(JSON.stringify(schema)) as JsonObject;
    const started = performance.now();
    for (let i = 0; i < 200; i++) validateArguments(i % 2 ? schema : JSON.parse(JSON.stringify(copy)), { limit: 1, body: { name: 'Ann' } });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('falls back to the required list when a schema cannot be compiled', () => {
    const broken: JsonObject = { type: 'object', properties: { a: { $ref: '#/nowhere' } }, required: ['a'] };
    expect(validateArguments(broken, {})).toEqual({ ok: false, errors: [{ field: 'a', message: 'is required' }] });
    expect(validateArguments(broken, { a: 1 })).toEqual({ ok: true });
  });
});
