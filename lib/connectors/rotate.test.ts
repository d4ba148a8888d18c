import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@/db/client';
import { connectors, connectorSecrets, providers } from '@/db/schema';
import { readSecretsFile, rotateKeyInSecretsFile, writeSecretsFile } from '@/cli/keys';
import { makeWorkspace } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { countByKeyId, rotateSecrets } from './rotate';
import { decryptSecret, encryptSecret, keyIdOf, keyringFrom, type Keyring } from './vault';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const onlyA = keyringFrom(keyA);
const onlyB = keyringFrom(keyB);
const rotating = keyringFrom(keyB, [keyA]);
const A = onlyA.current.id;
const B = onlyB.current.id;

async function makeConnector(db: Db) {
  const workspace = await makeWorkspace(db);
  const slug = `p-${randomUUID().slice(0, 8)}`;
  const [provider] = await db.insert(providers).values({ workspaceId: workspace.id, slug, name: slug, source: 'upload' }).returning();
  const [connector] = await db.insert(connectors).values({ workspaceId: workspace.id, providerId: provider!.id, name: 'prod', authType: 'api_key' }).returning();
  return connector!;
}

/** Stores `count` secrets under the keyring's current key; the plaintexts are returned by row id. */
async function storeSecrets(db: Db, keyring: Keyring, count: number, plain = new Map<string, string>()) {
  const connector = await makeConnector(db);
  for (let i = 0; i < count; i++) {
    const value = `secret-${randomUUID()}`;
    const [row] = await db
      .insert(connectorSecrets)
      .values({ workspaceId: connector.workspaceId, connectorId: connector.id, name: `param:${i}`, ciphertext: encryptSecret(value, keyring) })
      .returning();
    plain.set(row!.id, value);
  }
  return plain;
}

async function rowsById(db: Db, ids: Iterable<string>) {
  const rows = await db.select().from(connectorSecrets);
  const wanted = new Set(ids);
  return rows.filter((row) => wanted.has(row.id));
}

async function decryptsAll(db: Db, plain: Map<string, string>, keyring: Keyring) {
  const rows = await rowsById(db, plain.keys());
  expect(rows).toHaveLength(plain.size);
  for (const row of rows) expect(decryptSecret(row.ciphertext, keyring)).toBe(plain.get(row.id));
}

describe('rotateSecrets', () => {
  test('re-encrypts under the new key; afterwards only the new key is needed', async ({ db }) => {
    const plain = await storeSecrets(db, onlyA, 5);
    const before = await rowsById(db, plain.keys());

    // Deployed with {current B, previous [A]}: old rows still read, new writes use B.
    await decryptsAll(db, plain, rotating);
    await storeSecrets(db, rotating, 2, plain);
    expect((await rowsById(db, plain.keys())).map((r) => keyIdOf(r.ciphertext)).sort()).toEqual([...Array(5).fill(A), B, B].sort());

    const result = await rotateSecrets({ db, keyring: rotating, batchSize: 2 });
    expect(result).toEqual({ reencrypted: 5, remaining: 0 });
    const after = await rowsById(db, plain.keys());
    expect(after.every((row) => keyIdOf(row.ciphertext) === B)).toBe(true);
    await decryptsAll(db, plain, onlyB);
    for (const row of after) expect(() => decryptSecret(row.ciphertext, onlyA)).toThrow(new RegExp(`key ${B}`));
    // Re-encrypting is not an edit of the secret: updatedAt stays.
    for (const row of before) expect(after.find((r) => r.id === row.id)!.updatedAt).toEqual(row.updatedAt);

    // Idempotent.
    const untouched = await rowsById(db, plain.keys());
    expect(await rotateSecrets({ db, keyring: rotating })).toEqual({ reencrypted: 0, remaining: 0 });
    expect(await rowsById(db, plain.keys())).toEqual(untouched);
    expect((await countByKeyId({ db })).get(B)).toBeGreaterThanOrEqual(7);
  });

  test('every row decrypts at every point while the app keeps writing between batches', async ({ db }) => {
    const plain = await storeSecrets(db, onlyA, 6);
    let batches = 0;
    const result = await rotateSecrets({
      db,
      keyring: rotating,
      batchSize: 1,
      onBatch: async () => {
        batches++;
        await decryptsAll(db, plain, rotating);
        // The app, already on the new key, adds a secret; an instance not yet redeployed adds one under A.
        await storeSecrets(db, rotating, 1, plain);
        if (batches <= 2) await storeSecrets(db, onlyA, 1, plain);
        await decryptsAll(db, plain, rotating);
      },
    });
    expect(result.remaining).toBe(0);
    expect(result.reencrypted).toBe(8);
    await decryptsAll(db, plain, onlyB);
  });

  test('refuses to start, changing nothing, when a value is under a key it does not hold', async ({ db }) => {
    const keyC = keyringFrom(randomBytes(32).toString('base64'));
    const plain = await storeSecrets(db, onlyA, 2);
    await storeSecrets(db, keyC, 1, plain);
    const before = await rowsById(db, plain.keys());
    await expect(rotateSecrets({ db, keyring: rotating })).rejects.toThrow(new RegExp(`${keyC.current.id} \\(1\\).*CREDENTIALS_PREVIOUS_KEYS`));
    expect(await rowsById(db, plain.keys())).toEqual(before);
  });
});

describe('keys:rotate in the embedded default (DATA_DIR/secrets.json)', () => {
  test('moves to a new key, re-encrypts, then drops the old key from the file', async ({ db }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-rotate-'));
    const file = path.join(dir, 'secrets.json');
    try {
      writeSecretsFile(file, { sessionSecret: 'session-secret', credentialsKey: keyA });
      const plain = await storeSecrets(db, onlyA, 3);

      const report = await rotateKeyInSecretsFile({ db, file });
      const stored = readSecretsFile(file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dir)).toEqual(['secrets.json']);
      expect(stored.sessionSecret).toBe('session-secret');
      expect(stored.previousCredentialsKeys).toBeUndefined();
      const newRing = keyringFrom(stored.credentialsKey);
      expect(newRing.current.id).not.toBe(A);
      expect(report).toEqual({ reencrypted: 3, remaining: 0, currentKeyId: newRing.current.id });
      await decryptsAll(db, plain, newRing);

      // With --new-key, and resuming a run that stopped after writing the file.
      writeSecretsFile(file, { ...stored, credentialsKey: keyB, previousCredentialsKeys: [stored.credentialsKey] });
      const resumed = await rotateKeyInSecretsFile({ db, file });
      expect(resumed).toMatchObject({ reencrypted: 3, remaining: 0, currentKeyId: B });
      expect(readSecretsFile(file)).toEqual({ sessionSecret: 'session-secret', credentialsKey: keyB });
      await decryptsAll(db, plain, onlyB);

      const chosen = randomBytes(32).toString('base64url');
      expect((await rotateKeyInSecretsFile({ db, file, newKey: chosen })).currentKeyId).toBe(keyringFrom(chosen).current.id);
      expect(readSecretsFile(file).credentialsKey).toBe(chosen);
      await expect(rotateKeyInSecretsFile({ db, file, newKey: 'short' })).rejects.toThrow(/--new-key must be exactly 32 bytes/);
      expect(readSecretsFile(file).credentialsKey).toBe(chosen);
      const rows = await rowsById(db, plain.keys());
      expect(rows.every((row) => keyIdOf(row.ciphertext) === keyringFrom(chosen).current.id)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
