// Removes secrets from anything that is about to be logged, audited or shown.

/** Words that name a secret, also at the end of a word run together ("accesstoken", "x-apikey"). */
const SECRET_WORDS = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'authorization', 'cookie', 'credential', 'credentials'];
/** `key` is a secret after these words (api key, private key), not alone (a map key, a sort key). */
const SECRET_KEY_QUALIFIERS = new Set(['api', 'private', 'secret', 'signing', 'access', 'encryption', 'master', 'client', 'subscription']);
/** A last word that makes the name describe a secret rather than hold one: tokenType, credentialMode, tokenUrl. */
const DESCRIPTORS = new Set([
  'type',
  'types',
  'mode',
  'kind',
  'method',
  'scheme',
  'style',
  'format',
  'in',
  'location',
  'placement',
  'url',
  'uri',
  'endpoint',
  'path',
  'id',
  'ids',
  'name',
  'names',
  'label',
  'prefix',
  'hint',
  'length',
  'count',
  'origin',
  'status',
  'at',
  'expires',
  'expiry',
  'expiration',
  'ttl',
  'lifetime',
  'version',
  'configured',
  'present',
  'set',
  'required',
  'policy',
  'scope',
  'scopes',
  'field',
  'fields',
]);

export const REDACTED = '[redacted]';

/** The words of a key: camelCase, snake_case, kebab-case and spaces split, lower-cased. */
function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const namesSecret = (word: string, previous: string | undefined) =>
  word === 'pass' ||
  SECRET_WORDS.some((secret) => word.endsWith(secret)) ||
  (word === 'key' && previous !== undefined && SECRET_KEY_QUALIFIERS.has(previous)) ||
  /^(private|secret|signing|client)key$/.test(word);

/**
 * Whether a field, header or parameter named `key` holds a secret: password, token, secret,
 * api_key, client_secret, authorization, cookie, credentials and the like, but not a name that
 * only describes one (credentialMode, authType, tokenType, tokenUrl, apiTokenId, maxTokens).
 */
export function isSecretKey(key: string): boolean {
  const words = wordsOf(key);
  if (words.length === 0 || DESCRIPTORS.has(words.at(-1)!)) return false;
  return words.some((word, index) => namesSecret(word, words[index - 1]));
}

/** A deep copy of `value` with every value under a secret-looking key replaced by "[redacted]". */
export function redact<T>(value: T, depth = 0): T {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isSecretKey(key) && item !== null && item !== undefined && item !== '' ? REDACTED : redact(item, depth + 1);
  }
  return out as T;
}
