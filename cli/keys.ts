// `keys:rotate`: re-encrypts every stored credential under a new credentials key.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Db } from '@/db/client';
import { rotateSecrets, type RotationResult } from '@/lib/connectors/rotate';
import { appKeyring, keyringFrom, parseKey } from '@/lib/connectors/vault';
import { env, secretsFilePath, type SecretsFile } from '@/lib/env';

export type KeysRotateReport = RotationResult & { currentKeyId: string };

export function readSecretsFile(file: string): SecretsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`There is no credentials key to rotate: ${file} does not exist yet (the app creates it on first start).`);
    }
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<SecretsFile>;
  if (typeof parsed.credentialsKey !== 'string' || typeof parsed.sessionSecret !== 'string') {
    throw new Error(`${file} has no credentialsKey or sessionSecret; restore it from your backup.`);
  }
  return parsed as SecretsFile;
}

/** Replaces the file in one step (temp file, fsync, rename), so a crash leaves the old or the new contents, never half. */
export function writeSecretsFile(file: string, contents: SecretsFile): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(contents, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dir = fs.openSync(path.dirname(file), 'r');
    fs.fsyncSync(dir);
    fs.closeSync(dir);
  } catch {
    // Not every platform can fsync a directory; the rename is still atomic.
  }
}

/**
 * The embedded default, where the key lives in DATA_DIR/secrets.json and the server is stopped
 * (the caller holds the embedded database). The new key becomes current with the old ones kept as
 * previous, everything is re-encrypted, and only then are the old keys dropped from the file. A
 * run that stopped half-way is finished by running again.
 */
export async function rotateKeyInSecretsFile({ db, file, newKey, batchSize }: { db: Db; file: string; newKey?: string; batchSize?: number }): Promise<KeysRotateReport> {
  const stored = readSecretsFile(file);
  const storedPrevious = stored.previousCredentialsKeys ?? [];
  const resuming = !newKey && storedPrevious.length > 0;
  const current = newKey?.trim() ?? (resuming ? stored.credentialsKey : randomBytes(32).toString('base64'));
  const currentId = parseKey(current, newKey ? '--new-key' : 'credentialsKey').id;
  const previous = [stored.credentialsKey, ...storedPrevious].filter((key) => parseKey(key, 'a key in secrets.json').id !== currentId);
  const keyring = keyringFrom(current, previous);

  writeSecretsFile(file, { ...stored, credentialsKey: current, previousCredentialsKeys: previous });
  const result = await rotateSecrets({ db, keyring, batchSize });
  if (result.remaining === 0) {
    const { previousCredentialsKeys: _retired, ...rest } = stored;
    writeSecretsFile(file, { ...rest, credentialsKey: current });
  }
  return { ...result, currentKeyId: keyring.current.id };
}

/**
 * Keys from the environment (production): the deployment already runs with CREDENTIALS_KEY=<new>
 * and CREDENTIALS_PREVIOUS_KEYS=<old>; this re-encrypts what is still under an old key.
 */
export async function rotateDeployedKey({ db, expectedKey, batchSize }: { db: Db; expectedKey?: string; batchSize?: number }): Promise<KeysRotateReport> {
  const keyring = appKeyring();
  if (expectedKey && parseKey(expectedKey, '--new-key').id !== keyring.current.id) {
    throw new Error(
      `CREDENTIALS_KEY (key ${keyring.current.id}) is not the key given with --new-key. Deploy with CREDENTIALS_KEY=<new key> ` +
        'and CREDENTIALS_PREVIOUS_KEYS=<old key> first, then run keys:rotate with the same environment.',
    );
  }
  const result = await rotateSecrets({ db, keyring, batchSize });
  return { ...result, currentKeyId: keyring.current.id };
}

export async function runKeysRotate({ newKey, open }: { newKey?: string; open: () => Promise<Database> }): Promise<number> {
  const keysFromEnv = Boolean(env.CREDENTIALS_KEY);
  if (!keysFromEnv && env.DATABASE_URL) {
    throw new Error(
      `The credentials key is in ${secretsFilePath()}, and with DATABASE_URL a running server may hold it in memory. ` +
        'Rotate through the environment instead: set CREDENTIALS_KEY to a new key (openssl rand -base64 32) and ' +
        'CREDENTIALS_PREVIOUS_KEYS to the credentialsKey from that file, restart every instance, then run keys:rotate.',
    );
  }
  const previousIds = keysFromEnv ? appKeyring().previous.map((k) => k.id) : [];
  // Opening the embedded database first makes the command refuse while the server is running.
  const database = await open();
  let report: KeysRotateReport;
  try {
    report = keysFromEnv ? await rotateDeployedKey({ db: database.db, expectedKey: newKey }) : await rotateKeyInSecretsFile({ db: database.db, file: secretsFilePath(), newKey });
  } finally {
    await database.close();
  }
  console.log(JSON.stringify({ reencrypted: report.reencrypted, remaining: report.remaining, currentKeyId: report.currentKeyId }));
  if (report.remaining > 0) {
    console.error(
      `${report.remaining} credentials are still under an old key: an instance may still be writing with the old CREDENTIALS_KEY. ` +
        'Make sure every instance runs with the new key, then run keys:rotate again. Keep the old key until it reports remaining 0.',
    );
    return 1;
  }
  if (!keysFromEnv) {
    console.error(
      `All credentials are encrypted under the new key ${report.currentKeyId}; the old key was removed from ${secretsFilePath()}. Back that file up with the database.`,
    );
  } else if (previousIds.length === 0) {
    console.error(
      `All credentials are under key ${report.currentKeyId}. To rotate, deploy with CREDENTIALS_KEY=<new key> and CREDENTIALS_PREVIOUS_KEYS=<old key>, then run keys:rotate again.`,
    );
  } else {
    console.error(
      `All credentials are encrypted under key ${report.currentKeyId}. You may now remove CREDENTIALS_PREVIOUS_KEYS (key ${previousIds.join(', ')}) from every instance and redeploy.`,
    );
  }
  return 0;
}
