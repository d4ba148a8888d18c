import 'server-only';
// Encryption at rest for credentials: AES-256-GCM, each value labelled `v1:<key id>:<iv>:<ciphertext+tag>`
// so the key can rotate while old values stay readable (see rotate.ts).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { secrets } from '@/lib/env';

export type Key = { id: string; key: Buffer };
/** `current` encrypts; `current` and `previous` decrypt. */
export type Keyring = { current: Key; previous: Key[] };

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const ALGORITHM = 'aes-256-gcm';

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

/** Deterministic, so every instance computes the same id for a key; reveals nothing about it. */
export function keyIdFor(key: Buffer): string {
  return createHash('sha256').update('pis-key-id:').update(key).digest('hex').slice(0, 12);
}

/** A 32-byte key in base64 or base64url. `name` says where it came from, for the error (never the value). */
export function parseKey(value: string, name = 'CREDENTIALS_KEY'): Key {
  const trimmed = value.trim();
  const hint = `Generate one with: openssl rand -base64 32`;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new VaultError(`${name} is not base64: it must be 32 random bytes in base64. ${hint}`);
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new VaultError(`${name} must be exactly ${KEY_BYTES} bytes in base64; it is ${key.length} bytes. ${hint}`);
  return { id: keyIdFor(key), key };
}

export function keyringFrom(current: string, previous: string[] = []): Keyring {
  const currentKey = parseKey(current, 'CREDENTIALS_KEY');
  const seen = new Set([currentKey.id]);
  const previousKeys: Key[] = [];
  previous.forEach((value, index) => {
    const key = parseKey(value, `CREDENTIALS_PREVIOUS_KEYS (entry ${index + 1})`);
    if (seen.has(key.id)) return;
    seen.add(key.id);
    previousKeys.push(key);
  });
  return { current: currentKey, previous: previousKeys };
}

let cachedKeyring: Keyring | undefined;

/** The keyring this process runs with, from CREDENTIALS_KEY and CREDENTIALS_PREVIOUS_KEYS (or DATA_DIR/secrets.json). */
export function appKeyring(): Keyring {
  if (!cachedKeyring) {
    const { credentialsKey, previousCredentialsKeys } = secrets();
    cachedKeyring = keyringFrom(credentialsKey, previousCredentialsKeys);
  }
  return cachedKeyring;
}

const aad = (kid: string) => Buffer.from(`${VERSION}:${kid}`, 'utf8');

export function encryptSecret(plaintext: string, keyring: Keyring = appKeyring()): string {
  const { id, key } = keyring.current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(id));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}:${id}:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

type Parsed = { kid: string; iv: Buffer; body: Buffer };

function parse(ciphertext: string): Parsed {
  const parts = ciphertext.split(':');
  const [version, kid, iv, body] = parts;
  if (parts.length !== 4 || version !== VERSION || !kid || !iv || body === undefined) {
    throw new VaultError('This is not an encrypted credential this app wrote (expected v1:<key id>:<iv>:<data>).');
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const bodyBytes = Buffer.from(body, 'base64url');
  if (ivBytes.length !== IV_BYTES || bodyBytes.length < TAG_BYTES) {
    throw new VaultError(`The encrypted credential under key ${kid} is damaged (wrong length).`);
  }
  return { kid, iv: ivBytes, body: bodyBytes };
}

/** The key id a ciphertext was written under. */
export function keyIdOf(ciphertext: string): string {
  return parse(ciphertext).kid;
}

/** True when the value was not written with the keyring's current key. */
export function needsReencryption(ciphertext: string, keyring: Keyring = appKeyring()): boolean {
  return keyIdOf(ciphertext) !== keyring.current.id;
}

export function decryptSecret(ciphertext: string, keyring: Keyring = appKeyring()): string {
  const { kid, iv, body } = parse(ciphertext);
  const key = [keyring.current, ...keyring.previous].find((k) => k.id === kid);
  if (!key) {
    throw new VaultError(
      `A credential is encrypted under key ${kid}, which this server does not have (it has ${keyring.current.id}` +
        `${keyring.previous.length ? `, ${keyring.previous.map((k) => k.id).join(', ')}` : ''}). ` +
        'Add the old key to CREDENTIALS_PREVIOUS_KEYS (comma-separated), restart, and run `npm run cli -- keys:rotate`.',
    );
  }
  const decipher = createDecipheriv(ALGORITHM, key.key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(kid));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new VaultError(`An encrypted credential under key ${kid} failed its integrity check: it was altered or damaged. Set the credential again.`);
  }
}
