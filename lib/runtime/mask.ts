// Keeps credentials out of what a person or a log sees of a request the runtime sent.
import { isSecretKey } from '@/lib/redact';
import { encode, type Credentials, type OutboundRequest } from './build-request';

export const MASK = '••••';

const MAX_BODY_CHARS = 8192;

/** The secrets to mask for a set of credentials, including the `user:password` pair basic auth encodes. */
export function secretsOf(credentials: Credentials, username?: string): string[] {
  const user = credentials.username ?? username;
  const pair = user !== undefined && credentials.password ? `${user}:${credentials.password}` : undefined;
  return [credentials.apiKey, credentials.password, credentials.token, pair].filter((s): s is string => typeof s === 'string' && s !== '');
}

/** Each spelling a secret can take in a request: as is, URL-encoded, form-encoded, base64. */
function spellings(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  let uriComponent = secret;
  try {
    uriComponent = encodeURIComponent(secret);
  } catch {
    // A lone surrogate: encode() below covers it.
  }
  return [
    secret,
    uriComponent,
    encode(secret),
    encode(secret).replace(/%20/g, '+'),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
}

/** `text` with every occurrence of each secret (and its encoded forms) replaced by ••••. */
export function maskSecrets(text: string, secrets: string[]): string {
  const forms = [...new Set(secrets.filter((s) => s !== '').flatMap(spellings))].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(MASK);
  return out;
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
      headers[name] = maskSecrets(value, secrets);
    }
  }
  return {
    method: request.method,
    url: maskUrl(request.url, secrets),
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, maskSecrets(value, secrets)])),
    ...(request.body !== undefined ? { body: describeBody(request.body, headers['content-type'], secrets) } : {}),
  };
}

function maskUrl(url: string, secrets: string[]): string {
  const hash = url.indexOf('#');
  const withoutFragment = hash === -1 ? url : url.slice(0, hash);
  const question = withoutFragment.indexOf('?');
  if (question === -1) return maskSecrets(withoutFragment, secrets);
  const query = withoutFragment
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = pair.slice(0, equals);
      const value = decode(pair.slice(equals + 1));
      const holdsSecret = maskSecrets(value, secrets) !== value;
      return isSecretKey(decode(name)) || holdsSecret ? `${name}=${MASK}` : pair;
    })
    .join('&');
  return maskSecrets(`${withoutFragment.slice(0, question)}?${query}`, secrets);
}

function describeBody(body: string | Uint8Array, contentType: string | undefined, secrets: string[]): string {
  if (typeof body !== 'string') return `(${contentType?.split(';')[0] ?? 'binary'} body, ${body.byteLength} bytes)`;
  const masked = maskSecrets(body, secrets);
  return masked.length > MAX_BODY_CHARS ? `${masked.slice(0, MAX_BODY_CHARS)}… (${masked.length} characters in all)` : masked;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
