import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decryptSecret, encryptSecret, keyIdOf, keyringFrom, needsReencryption, parseKey } from './vault';

const newKey = () => randomBytes(32).toString('base64');
const keyA = newKey();
const keyB = newKey();
const ringA = keyringFrom(keyA);
const ringB = keyringFrom(keyB);
const plaintext = 'sk_live_do-not-leak-7f3a';

describe('vault', () => {
  it('round-trips, with a fresh IV each time and the key id in the clear', () => {
    const first = encryptSecret(plaintext, ringA);
    const second = encryptSecret(plaintext, ringA);
    expect(first).not.toBe(second);
    expect(first).not.toContain(plaintext);
    expect(first).toMatch(new RegExp(`^v1:${ringA.current.id}:[\\w-]{16}:[\\w-]+$`));
    expect(keyIdOf(first)).toBe(ringA.current.id);
    expect(decryptSecret(first, ringA)).toBe(plaintext);
    expect(decryptSecret(second, ringA)).toBe(plaintext);
    expect(decryptSecret(encryptSecret('', ringA), ringA)).toBe('');
    expect(decryptSecret(encryptSecret('päss ✓', ringA), ringA)).toBe('päss ✓');
  });

  it('derives the same key id on every instance, and the id is not the key', () => {
    expect(keyringFrom(keyA).current.id).toBe(ringA.current.id);
    expect(parseKey(Buffer.from(keyA, 'base64').toString('base64url')).id).toBe(ringA.current.id);
    expect(ringA.current.id).toMatch(/^[0-9a-f]{12}$/);
    expect(ringA.current.id).not.toBe(ringB.current.id);
    expect(Buffer.from(keyA, 'base64').toString('hex')).not.toContain(ringA.current.id);
  });

  it('detects tampering, and a value relabelled with another key id', () => {
    const value = encryptSecret(plaintext, ringA);
    const [v, kid, iv, body] = value.split(':') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    const tampered = [v, kid, iv, flipped.toString('base64url')].join(':');
    expect(() => decryptSecret(tampered, ringA)).toThrow(/altered or damaged/);
    expect(() => decryptSecret(`${value.slice(0, -2)}AA`, ringA)).toThrow(/altered or damaged/);
    expect(() => decryptSecret('not a ciphertext', ringA)).toThrow(/not an encrypted credential/);
    // Same bytes, claimed to be under key B: the AAD binds the key id.
    const both = keyringFrom(keyB, [keyA]);
    const relabelled = [v, ringB.current.id, iv, body].join(':');
    expect(() => decryptSecret(relabelled, both)).toThrow(/altered or damaged/);
  });

  it('names a missing key id and what to do, and never the secret', () => {
    const value = encryptSecret(plaintext, ringA);
    let message = '';
    try {
      decryptSecret(value, ringB);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(ringA.current.id);
    expect(message).toContain('CREDENTIALS_PREVIOUS_KEYS');
    expect(message).not.toContain(plaintext);
    expect(message).not.toContain(value.split(':')[3]);
    expect(message).not.toContain(keyA);
  });

  it('decrypts with previous keys and encrypts with the current one', () => {
    const rotating = keyringFrom(keyB, [keyA]);
    const old = encryptSecret(plaintext, ringA);
    expect(needsReencryption(old, rotating)).toBe(true);
    expect(decryptSecret(old, rotating)).toBe(plaintext);
    const fresh = encryptSecret(plaintext, rotating);
    expect(keyIdOf(fresh)).toBe(ringB.current.id);
    expect(needsReencryption(fresh, rotating)).toBe(false);
    expect(decryptSecret(fresh, ringB)).toBe(plaintext);
  });

  it('rejects keys that are not 32 bytes of base64, naming the variable and not the value', () => {
    expect(() => keyringFrom('too-short')).toThrow(/CREDENTIALS_KEY must be exactly 32 bytes.*it is 6 bytes/);
    expect(() => keyringFrom(randomBytes(16).toString('base64'))).toThrow(/CREDENTIALS_KEY must be exactly 32 bytes/);
    expect(() => keyringFrom('not base64 at all!')).toThrow(/CREDENTIALS_KEY is not base64/);
    expect(() => keyringFrom(keyA, [keyB, 'nope'])).toThrow(/CREDENTIALS_PREVIOUS_KEYS \(entry 2\)/);
    const long = randomBytes(33).toString('base64');
    expect(() => keyringFrom(long)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(long) }));
    // The current key listed again among the previous ones is harmless.
    expect(keyringFrom(keyA, [keyA, keyB, keyB]).previous.map((k) => k.id)).toEqual([ringB.current.id]);
  });
});

describe('appKeyring', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('reads CREDENTIALS_KEY and CREDENTIALS_PREVIOUS_KEYS', async () => {
    vi.stubEnv('CREDENTIALS_KEY', keyB);
    vi.stubEnv('NEXTAUTH_SECRET', 'x'.repeat(32));
    vi.stubEnv('CREDENTIALS_PREVIOUS_KEYS', ` ${keyA} ,`);
    vi.resetModules();
    const vault = await import('./vault');
    const ring = vault.appKeyring();
    expect(ring.current.id).toBe(ringB.current.id);
    expect(ring.previous.map((k) => k.id)).toEqual([ringA.current.id]);
  });

  it('reads previousCredentialsKeys from the generated DATA_DIR/secrets.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-'));
    fs.writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ sessionSecret: 's', credentialsKey: keyB, previousCredentialsKeys: [keyA] }));
    vi.stubEnv('DATA_DIR', dir);
    vi.stubEnv('CREDENTIALS_KEY', '');
    vi.stubEnv('CREDENTIALS_PREVIOUS_KEYS', '');
    vi.stubEnv('DATABASE_URL', '');
    vi.resetModules();
    const vault = await import('./vault');
    const ring = vault.appKeyring();
    expect(ring.current.id).toBe(ringB.current.id);
    expect(ring.previous.map((k) => k.id)).toEqual([ringA.current.id]);
    expect(vault.decryptSecret(encryptSecret(plaintext, ringA))).toBe(plaintext);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
