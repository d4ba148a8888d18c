import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { readBodyBytes, readBodyText, readJsonBody } from './body';

/** A chunked body: a stream without Content-Length that counts how many chunks were pulled. */
function chunkedRequest(chunkBytes: number, chunks: number, headers: Record<string, string> = {}) {
  const pulled = { count: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.count >= chunks) return controller.close();
      pulled.count++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  const request = new Request('http://app.test/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return { request, pulled };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const json = (body: string, contentType = 'application/json') => new Request('http://app.test/x', { method: 'POST', body, headers: { 'content-type': contentType } });

describe('readBodyBytes', () => {
  test('refuses a declared Content-Length over the limit before reading anything', async () => {
    const { request, pulled } = chunkedRequest(1024, 10, { 'content-length': String(10 * 1024) });
    const error = await refusal(readBodyBytes(request, { limit: 1024, what: 'The document' }));
    expect(error.code).toBe('too_large');
    expect(error.message).toBe('The document is larger than 1 KB. Send less data in one request.');
    expect(pulled.count).toBeLessThanOrEqual(1); // the stream's own first pull, nothing read
    expect(pulled.cancelled).toBe(true);
  });

  test('stops a chunked body one chunk past the limit and cancels the stream', async () => {
    const { request, pulled } = chunkedRequest(64 * 1024, 1000); // 64 MB offered
    const error = await refusal(readBodyBytes(request, { limit: 1024 * 1024, hint: 'Split it.' }));
    expect(error.code).toBe('too_large');
    expect(error.message).toBe('The request body is larger than 1 MB. Split it.');
    expect(pulled.count).toBeLessThanOrEqual(1024 / 64 + 2);
    expect(pulled.cancelled).toBe(true);
  });

  test('reads a chunked body up to the limit whole', async () => {
    const { request } = chunkedRequest(100, 10);
    expect((await readBodyBytes(request, { limit: 1000 })).byteLength).toBe(1000);
  });

  test('a body that is not UTF-8 is a 400', async () => {
    const request = new Request('http://app.test/x', { method: 'POST', body: new Uint8Array([0xff, 0xfe, 0x00]) });
    expect((await refusal(readBodyText(request, { limit: 100 }))).code).toBe('bad_request');
  });
});

describe('readJsonBody', () => {
  test('a missing or wrong content type is 415', async () => {
    const missing = new Request('http://app.test/x', { method: 'POST', body: new Blob(['{}']) });
    expect((await refusal(readJsonBody(missing, { limit: 100 }))).code).toBe('unsupported_media_type');
    const form = await refusal(readJsonBody(json('a=1', 'application/x-www-form-urlencoded'), { limit: 100 }));
    expect(form.code).toBe('unsupported_media_type');
    expect(form.message).toContain('application/x-www-form-urlencoded');
    expect(await readJsonBody(json('{"a":1}', 'application/json; charset=utf-8'), { limit: 100 })).toEqual({ a: 1 });
    expect(await readJsonBody(json('{"a":1}', 'application/merge-patch+json'), { limit: 100 })).toEqual({ a: 1 });
  });

  test('an empty body is a 400 that says so', async () => {
    const error = await refusal(readJsonBody(json('  '), { limit: 100 }));
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/empty/);
  });

  test('malformed JSON is a 400 with the position', async () => {
    const error = await refusal(readJsonBody(json('{"a": 1,}'), { limit: 100 }));
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/not valid JSON: .*position 8/);
  });

  test('a NUL character in a nested string or key is a 422 naming the field', async () => {
    const error = await refusal(readJsonBody(json('{"input":{"items":[{"name":"a\\u0000b"}]}}'), { limit: 200 }));
    expect(error.code).toBe('invalid');
    expect(error.fields).toEqual({ 'input.items.0.name': ['Contains a NUL character (\\u0000).'] });
    const key = await refusal(readJsonBody(json('{"a\\u0000":1}'), { limit: 200 }));
    expect(Object.keys(key.fields ?? {})).toEqual(['a\\u0000']);
  });

  test('the schema decides the shape (its ZodError becomes 422 with field paths)', async () => {
    const schema = z.object({ name: z.string() });
    await expect(readJsonBody(json('{"name":3}'), { limit: 100, schema })).rejects.toBeInstanceOf(z.ZodError);
    expect(await readJsonBody(json('{"name":"x"}'), { limit: 100, schema })).toEqual({ name: 'x' });
  });
});
