// Request bodies read with a limit that holds while the stream is read: a declared Content-Length
// over the limit is refused before reading, a chunked body is counted and cancelled as soon as it
// passes the limit, so no more than the limit plus one chunk is ever held in memory.
import 'server-only';
import type { z } from 'zod';
import { AppError } from '@/lib/errors';

export type BodyLimit = {
  /** Most bytes accepted. */
  limit: number;
  /** What the body is, for messages: "The document", "The request body" (default). */
  what?: string;
  /** What to do instead, appended to the too-large message. */
  hint?: string;
};

const KB = 1024;
const MB = 1024 * 1024;

/** 60 MB, 64 KB, 1.5 MB: the limit as a person reads it (a little slack above 10 MB is not shown). */
export function formatBytes(bytes: number): string {
  if (bytes >= 10 * MB) return `${Math.floor(bytes / MB)} MB`;
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= KB) return `${Number((bytes / KB).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

export function tooLarge({ limit, what = 'The request body', hint }: BodyLimit): AppError {
  const advice = hint ?? 'Send less data in one request.';
  return new AppError('too_large', `${what} is larger than ${formatBytes(limit)}. ${advice}`, { details: { limitBytes: limit } });
}

/** 413 at once when the request declares a Content-Length over `limit` (nothing is read). */
export async function refuseDeclaredOver(request: Request, options: BodyLimit): Promise<void> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > options.limit) {
    await request.body?.cancel('body over the limit').catch(() => undefined);
    throw tooLarge(options);
  }
}

/** The body's bytes, refusing (413) as soon as it passes `limit`. An absent body is empty. */
export async function readBodyBytes(request: Request, options: BodyLimit): Promise<Uint8Array> {
  await refuseDeclaredOver(request, options);
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.limit) {
        await reader.cancel('body over the limit').catch(() => undefined);
        throw tooLarge(options);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text, within `limit` bytes; bytes that are not UTF-8 are a 400. */
export async function readBodyText(request: Request, options: BodyLimit): Promise<string> {
  const bytes = await readBodyBytes(request, options);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError('bad_request', `${options.what ?? 'The request body'} is not valid UTF-8 text. Send it encoded as UTF-8.`);
  }
}

/** A multipart or urlencoded form within `limit` bytes; a form that cannot be parsed is a 400. */
export async function readFormBody(request: Request, options: BodyLimit): Promise<FormData> {
  const bytes = await readBodyBytes(request, options);
  try {
    return await new Response(bytes as BodyInit, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    throw new AppError('bad_request', 'The form could not be read: the multipart body is malformed. Send it again from the form, or as multipart/form-data with a boundary.');
  }
}

/** True for application/json and the application/*+json types (problem+json, merge-patch+json…). */
export function isJsonContentType(contentType: string | null): boolean {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * A JSON body: 415 without a JSON content type, 413 over `limit`, 400 when empty or malformed
 * (with the position), 422 naming the field that holds a NUL character (PostgreSQL text refuses
 * it), and the schema's 422 with field paths when one is given.
 */
export async function readJsonBody<T = unknown>(request: Request, options: BodyLimit & { schema?: z.ZodType<T> }): Promise<T> {
  const contentType = request.headers.get('content-type');
  if (!isJsonContentType(contentType)) {
    throw new AppError(
      'unsupported_media_type',
      contentType
        ? `The request body is sent as ${contentType.split(';')[0]!.trim()}; this endpoint takes JSON. Send it with Content-Type: application/json.`
        : 'The request has no Content-Type; this endpoint takes JSON. Send it with Content-Type: application/json.',
    );
  }
  const text = await readBodyText(request, options);
  if (!text.trim()) throw new AppError('bad_request', 'The request body is empty. Send a JSON object.');

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'it could not be parsed';
    throw new AppError('bad_request', `The request body is not valid JSON: ${reason}. Check the JSON syntax.`);
  }
  assertNoNulCharacters(value);
  return options.schema ? options.schema.parse(value) : (value as T);
}

/** 422 naming the first field whose name or text holds U+0000, which PostgreSQL cannot store. */
export function assertNoNulCharacters(value: unknown): void {
  const path = findNulCharacter(value, []);
  if (!path) return;
  const field = path.length ? path.join('.') : '(the body)';
  throw new AppError('invalid', `The field ${field} contains a NUL character (\\u0000), which cannot be stored. Remove it.`, {
    fields: { [field]: ['Contains a NUL character (\\u0000).'] },
  });
}

function findNulCharacter(value: unknown, path: (string | number)[]): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulCharacter(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\u0000')];
      const found = findNulCharacter(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
