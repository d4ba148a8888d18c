// Keeps credentials out of what a person, a client or a log sees: of a request the runtime sent, and
// of every part of the answer it got (an API may echo what it was sent, in any encoding).
import { AppError, isAppError } from '@/lib/errors';
import { isSecretKey } from '@/lib/redact';
import { encode, type Credentials, type OutboundRequest } from './build-request';
import type { ResponseBody } from './send';

export const MASK = '••••';

const MAX_BODY_CHARS = 8192;
/** Shorter runs of base64 that merely line up with a secret would mask innocent text. */
const MIN_BASE64_CORE = 6;
/** A truncated answer may end part-way through a secret: a trailing piece this long is masked. */
const MIN_TRAILING_PIECE = 4;
/** Base64 inside base64 (a JSON document holding a base64'd header, base64'd again) is looked into this deep. */
const MAX_DECODE_DEPTH = 2;
const MIN_DECODED_FORM = 6;
const BASE64_RUN = /[A-Za-z0-9+/_-]{12,}={0,2}/g;
/** A run of URL- or form-encoded text: no space, quote or angle bracket, and at least one %XX. */
const URL_RUN = /[^\s"'<>\\]*%[0-9A-Fa-f]{2}[^\s"'<>\\]*/g;

/** A URL-encoded run decoded, with `+` as itself and as a space (form encoding); a broken escape stays as it is. */
function urlDecodings(run: string): string[] {
  const decode = (text: string) =>
    text.replace(/(%[0-9A-Fa-f]{2})+/g, (escapes) => {
      try {
        return decodeURIComponent(escapes);
      } catch {
        return escapes;
      }
    });
  return run.includes('+') ? [decode(run), decode(run.replace(/\+/g, ' '))] : [decode(run)];
}

/** Base64 of nine or more bytes of text has both cases; ids, words and hex mostly do not. */
const looksEncoded = (run: string) => /[A-Z]/.test(run) && /[a-z]/.test(run);

/** The secrets to mask for a set of credentials, including the `user:password` pair basic auth encodes. */
export function secretsOf(credentials: Credentials, username?: string): string[] {
  const user = credentials.username ?? username;
  const pair = user !== undefined && credentials.password ? `${user}:${credentials.password}` : undefined;
  return [credentials.apiKey, credentials.password, credentials.token, pair].filter((s): s is string => typeof s === 'string' && s !== '');
}

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** How JSON writers escape a string: standard, with `/` escaped too (PHP), ASCII-only (Python), with <>& escaped (Go). */
function jsonSpellings(text: string): string[] {
  const standard = JSON.stringify(text).slice(1, -1);
  return [standard, standard.replace(/\//g, '\\/'), standard.replace(/[\u007f-\uffff]/g, unicodeEscape), standard.replace(/[<>&]/g, unicodeEscape)];
}

/** How HTML (an error page, say) escapes a text, with named and numeric references. */
function htmlSpellings(text: string): string[] {
  const named = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return [named, named.replace(/&quot;/g, '&#34;').replace(/&#39;/g, '&#x27;')];
}

/**
 * The part of base64 (and base64url) text that stands for `bytes` wherever they sit in a longer
 * message: for each of the three alignments, only the characters no neighbouring byte changes.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (const shift of [0, 1, 2]) {
    const total = shift + bytes.length;
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const start = [0, 2, 3][shift]!;
    const end = 4 * Math.floor(total / 3) + [0, 1, 2][total % 3]!;
    const core = encoded.slice(start, end);
    if (core.length >= MIN_BASE64_CORE) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

const lowerHexEscapes = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

/** The ways one text is URL- or form-encoded, in either case of hex. */
function urlEncodings(text: string): string[] {
  let uriComponent = encode(text);
  let uri = uriComponent;
  try {
    uriComponent = encodeURIComponent(text);
    uri = encodeURI(text);
  } catch {
    // A lone surrogate: encode() covers it.
  }
  const form = encode(text).replace(/%20/g, '+');
  return [uriComponent, lowerHexEscapes(uriComponent), uri, encode(text), form, lowerHexEscapes(form), uriComponent.replace(/%20/g, '+')];
}

/** base64 and base64url (also inside longer base64), and hex. */
function byteEncodings(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const base64 = bytes.toString('base64');
  return [base64, base64.replace(/=+$/, ''), bytes.toString('base64url'), ...base64Cores(bytes), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
}

/**
 * Each spelling a secret can take in an answer: as is, encoded, JSON-escaped, and URL-encoded once
 * JSON-escaped (an API that URL-encodes a JSON document it built), with `/` escaped as some JSON
 * writers do. Base64 of a JSON document is looked into by decoding it (see `secretMasker`).
 */
function spellings(secret: string): string[] {
  const escaped = jsonSpellings(secret);
  const forms = [secret, ...urlEncodings(secret), ...byteEncodings(secret), ...escaped, ...escaped.flatMap(urlEncodings), ...htmlSpellings(secret)];
  return forms.flatMap((form) => (form.includes('/') ? [form, form.replace(/\//g, '\\/')] : [form]));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type SecretMasker = {
  /** `text` with every spelling of every secret replaced by ••••. */
  text(text: string): string;
  /** A deep copy of a JSON-like value with every secret masked in its strings, numbers and object keys. */
  value<T>(value: T): T;
  /** A response as a caller may see it: status, headers (names and values) and body of any kind masked. */
  response<R extends { headers: Record<string, string>; body: ResponseBody; truncated?: boolean }>(response: R): R;
  /** An error fit to pass on: an AppError with its message, fields and details masked; anything else as is. */
  error(error: unknown): unknown;
};

/**
 * Maskers of recent calls, by their secrets: building one costs more than most calls' masking.
 * The secrets are held here no longer than the masker that needs them anyway.
 */
const recentMaskers = new Map<string, SecretMasker>();
const MAX_RECENT_MASKERS = 200;

/** One masker for the secrets of a call, to apply to everything a caller sees of it. */
export function secretMasker(secrets: Iterable<string | null | undefined>): SecretMasker {
  const known = [...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s !== ''))].sort();
  const key = known.join('\u0000');
  const cached = recentMaskers.get(key);
  if (cached) {
    // Most recently used last: the first entry is the one to drop.
    recentMaskers.delete(key);
    recentMaskers.set(key, cached);
    return cached;
  }
  const masker = buildMasker(known);
  recentMaskers.set(key, masker);
  if (recentMaskers.size > MAX_RECENT_MASKERS) recentMaskers.delete(recentMaskers.keys().next().value!);
  return masker;
}

function buildMasker(known: string[]): SecretMasker {
  const forms = [...new Set(known.flatMap(spellings))].filter((s) => s !== '' && s !== MASK).sort((a, b) => b.length - a.length);
  const pattern = forms.length ? new RegExp(forms.map(escapeRegExp).join('|'), 'g') : null;

  // Long enough not to turn up by chance in decoded bytes that were never text.
  const decodedPattern = forms.some((f) => f.length >= MIN_DECODED_FORM)
    ? new RegExp(
        forms
          .filter((f) => f.length >= MIN_DECODED_FORM)
          .map(escapeRegExp)
          .join('|'),
      )
    : null;

  const anyPattern = pattern ? new RegExp(pattern.source) : null;

  /** Decoded text holds a secret: in any spelling, or encoded again (base64 of a URL-encoded JSON, say). */
  const found = (decoded: string, depth: number, test: RegExp): boolean => test.test(decoded) || (depth < MAX_DECODE_DEPTH && encodedRunHolds(decoded, depth + 1));
  const base64RunHolds = (run: string, depth: number) => decodedPattern !== null && looksEncoded(run) && found(Buffer.from(run, 'base64').toString('utf8'), depth, decodedPattern);
  const urlRunHolds = (run: string, depth: number) => urlDecodings(run).some((decoded) => found(decoded, depth, anyPattern!));
  const encodedRunHolds = (value: string, depth: number): boolean =>
    [...value.matchAll(BASE64_RUN)].some(([run]) => base64RunHolds(run, depth)) || [...value.matchAll(URL_RUN)].some(([run]) => urlRunHolds(run, depth));

  /**
   * Every spelling replaced by ••••; then a run of base64 or of URL-encoding that decodes to a secret
   * (encoded once more, or spelled in a way not listed) is masked whole.
   */
  const text = (value: string) => {
    if (!pattern || !value) return value;
    return value
      .replace(pattern, MASK)
      .replace(BASE64_RUN, (run) => (base64RunHolds(run, 1) ? MASK : run))
      .replace(URL_RUN, (run) => (urlRunHolds(run, 1) ? MASK : run));
  };

  // Most answers hold no secret: one look at the whole (as JSON.stringify spells it) spares walking it.
  const serializedPattern = pattern ? new RegExp([...new Set(forms.map((f) => JSON.stringify(f).slice(1, -1)))].map(escapeRegExp).join('|')) : null;
  const mayHoldSecret = (input: unknown) => {
    let serialized: string | undefined;
    try {
      serialized = JSON.stringify(input);
    } catch {
      return true;
    }
    if (serialized === undefined) return false;
    return serializedPattern!.test(serialized) || encodedRunHolds(serialized, 1);
  };

  /** A text that was cut off may end with the start of a secret. */
  const trailingPiece = (value: string) => {
    for (const form of forms) {
      for (let length = Math.min(form.length - 1, value.length); length >= MIN_TRAILING_PIECE; length--) {
        if (value.endsWith(form.slice(0, length))) return value.slice(0, value.length - length) + MASK;
      }
    }
    return value;
  };

  const value = <T>(input: T, depth = 0): T => {
    if (!pattern) return input;
    if (typeof input === 'string') return text(input) as T;
    if (typeof input === 'number') {
      const spelled = String(input);
      return (text(spelled) === spelled ? input : MASK) as T;
    }
    if (input === null || typeof input !== 'object') return input;
    // Deeper than any real answer: masked as the text it would print as, rather than walked.
    if (depth > 64) return text(JSON.stringify(input)) as T;
    if (Array.isArray(input)) return input.map((item) => value(item, depth + 1)) as T;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input as Record<string, unknown>)) {
      let name = text(key);
      // Two keys masked alike must not overwrite each other.
      for (let n = 2; name !== key && name in out; n++) name = `${text(key)} (${n})`;
      out[name] = value(item, depth + 1);
    }
    return out as T;
  };

  const body = (input: ResponseBody, truncated: boolean): ResponseBody => {
    if (input.kind === 'json') return { kind: 'json', value: pattern && mayHoldSecret(input.value) ? value(input.value) : input.value };
    if (input.kind === 'binary') return { ...input, contentType: text(input.contentType), note: text(input.note) };
    if (!truncated) return { kind: 'text', value: text(input.value) };
    const marker = input.value.lastIndexOf('\n… [truncated');
    const [kept, tail] = marker === -1 ? [input.value, ''] : [input.value.slice(0, marker), input.value.slice(marker)];
    return { kind: 'text', value: trailingPiece(text(kept)) + tail };
  };

  return {
    text,
    value: (input) => (pattern && mayHoldSecret(input) ? value(input) : input),
    response: (response) => ({
      ...response,
      headers: value(response.headers),
      body: body(response.body, Boolean(response.truncated)),
    }),
    error: (error) => {
      if (!pattern || !isAppError(error)) return error;
      const fields = error.fields ? value(error.fields) : undefined;
      const details = error.details ? value(error.details) : undefined;
      const message = text(error.message);
      if (message === error.message && JSON.stringify([fields, details]) === JSON.stringify([error.fields, error.details])) return error;
      // No cause: the original, unmasked, must not travel on to a log or a client.
      return new AppError(error.code, message, { fields, details });
    },
  };
}

/** `text` with every occurrence of each secret (and its encoded forms) replaced by ••••. */
export function maskSecrets(text: string, secrets: string[]): string {
  return secretMasker(secrets).text(text);
}

export type SafeRequestDescription = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
};

/**
 * "What was sent", fit to show: query values that hold a secret or sit under a secret-looking name
 * masked, Authorization kept to its scheme, cookie values and key-like headers masked, and every
 * remaining occurrence of a secret masked wherever it appears.
 */
export function describeRequestSafely(request: OutboundRequest, secrets: string[]): SafeRequestDescription {
  const mask = secretMasker(secrets);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      const scheme = /^(\S+)\s+\S/.exec(value)?.[1];
      headers[name] = scheme ? `${scheme} ${MASK}` : MASK;
    } else if (lower === 'cookie') {
      headers[name] = value
        .split(/;\s*/)
        .map((pair) => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=${MASK}` : MASK))
        .join('; ');
    } else if (isSecretKey(lower)) {
      headers[name] = MASK;
    } else {
      headers[name] = mask.text(value);
    }
  }
  return {
    method: request.method,
    url: maskUrl(request.url, mask),
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [mask.text(name), mask.text(value)])),
    ...(request.body !== undefined ? { body: describeBody(request.body, headers['content-type'], mask) } : {}),
  };
}

function maskUrl(url: string, mask: SecretMasker): string {
  const hash = url.indexOf('#');
  const withoutFragment = hash === -1 ? url : url.slice(0, hash);
  const question = withoutFragment.indexOf('?');
  if (question === -1) return mask.text(withoutFragment);
  const query = withoutFragment
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = pair.slice(0, equals);
      const value = decode(pair.slice(equals + 1));
      const holdsSecret = mask.text(value) !== value;
      return isSecretKey(decode(name)) || holdsSecret ? `${name}=${MASK}` : pair;
    })
    .join('&');
  return mask.text(`${withoutFragment.slice(0, question)}?${query}`);
}

function describeBody(body: string | Uint8Array, contentType: string | undefined, mask: SecretMasker): string {
  if (typeof body !== 'string') return `(${contentType?.split(';')[0] ?? 'binary'} body, ${body.byteLength} bytes)`;
  const masked = mask.text(body);
  return masked.length > MAX_BODY_CHARS ? `${masked.slice(0, MAX_BODY_CHARS)}… (${masked.length} characters in all)` : masked;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
