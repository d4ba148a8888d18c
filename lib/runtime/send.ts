// Sends a built request through the guarded fetch, waits out a short Retry-After, and turns the
// answer into something a person or a model can read.
import 'server-only';
import { guardedFetch, type GuardedResponse } from '@/lib/net/guarded-fetch';
import type { OutboundRequest } from './build-request';

export type SendOptions = {
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Beyond this the body is cut and `truncated` set. Default 1 MB. */
  maxResponseBytes?: number;
  /** Default: the deployment's ALLOW_PRIVATE_NETWORK. */
  allowPrivateNetwork?: boolean;
  /** Retries after a 429 or 503 that says when to come back. Default 2. */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for; the 429/503 is returned. Default 10 s. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
};

export type ResponseBody = { kind: 'json'; value: unknown } | { kind: 'text'; value: string } | { kind: 'binary'; contentType: string; bytes: number; note: string };

export type RuntimeResponse = {
  status: number;
  /** The headers worth showing (never Set-Cookie), names lower-case. */
  headers: Record<string, string>;
  body: ResponseBody;
  truncated: boolean;
  /** From the first attempt to the last answer, waits included. */
  durationMs: number;
  attempts: number;
};

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_RETRY_AFTER_MS = 10_000;
const RETRY_STATUSES = new Set([429, 503]);

const shownHeaders = new Set(['content-type', 'content-length', 'retry-after', 'location', 'www-authenticate', 'cf-ray', 'traceparent']);
const shownHeaderPattern = /ratelimit|rate-limit|request-?id$|correlation-id$|trace-?id$/i;

export function truncationMarker(maxBytes: number): string {
  return `\n… [truncated: the response is larger than ${formatBytes(maxBytes)}]`;
}

export async function sendRequest(request: OutboundRequest, options: SendOptions = {}): Promise<RuntimeResponse> {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const started = performance.now();
  let attempts = 0;
  for (;;) {
    attempts++;
    const response = await guardedFetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes,
      onOverflow: 'truncate',
      ...(options.allowPrivateNetwork !== undefined ? { allowPrivateNetwork: options.allowPrivateNetwork } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const wait = RETRY_STATUSES.has(response.status) ? retryAfterMs(response.headers.get('retry-after')) : undefined;
    if (wait === undefined || wait > maxRetryAfterMs || attempts > maxRetries) {
      return {
        status: response.status,
        headers: selectHeaders(response.headers),
        body: readBody(response, maxBytes),
        truncated: response.truncated,
        durationMs: Math.round(performance.now() - started),
        attempts,
      };
    }
    await sleep(wait, options.signal);
  }
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function selectHeaders(headers: GuardedResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') return;
    if (shownHeaders.has(lower) || shownHeaderPattern.test(lower)) out[lower] = value;
  });
  return out;
}

const isJson = (type: string) => /^application\/json\b/.test(type) || /^[^;]*\+json\b/.test(type);
const isTextual = (type: string) =>
  type.startsWith('text/') || /^[^;]*[/+]xml\b/.test(type) || /^application\/(javascript|ecmascript|x-www-form-urlencoded|yaml|x-yaml|graphql|x-ndjson|csv)\b/.test(type);

function readBody(response: GuardedResponse, maxBytes: number): ResponseBody {
  const bytes = response.body;
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  const marker = response.truncated ? truncationMarker(maxBytes) : '';
  if (bytes.byteLength === 0) return { kind: 'text', value: '' };

  const declaredText = isJson(contentType) || isTextual(contentType);
  const text = declaredText ? decode(bytes, contentType) : contentType === '' ? decodeIfText(bytes) : undefined;
  if (text === undefined) {
    const type = contentType.split(';')[0]?.trim() || 'application/octet-stream';
    const size = response.truncated ? `more than ${formatBytes(bytes.byteLength)}` : formatBytes(bytes.byteLength);
    return { kind: 'binary', contentType: type, bytes: bytes.byteLength, note: `Binary response (${type}, ${size}); its content is not shown.` };
  }
  const looksJson = isJson(contentType) || (contentType === '' && /^\s*[[{]/.test(text));
  if (looksJson && !response.truncated) {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      // A body that says JSON but is not: show it as text.
    }
  }
  return { kind: 'text', value: text + marker };
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset="?([^";\s]+)/i.exec(contentType)?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  // stream: true holds back a character cut in half by truncation instead of printing U+FFFD.
  return decoder.decode(bytes, { stream: true });
}

/** Undeclared content: text when it is valid UTF-8 without control bytes, else undefined (binary). */
function decodeIfText(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return /[\x00-\x08\x0e-\x1f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KB` : `${n} bytes`);
