import 'server-only';
// Re-encrypts every stored credential under the keyring's current key, while the app keeps running.
import { and, asc, eq, getTableColumns, gt, notLike, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { connectorSecrets } from '@/db/schema';
import { decryptSecret, encryptSecret, VaultError, type Keyring } from './vault';

export type EncryptedColumn = { table: PgTable; id: PgColumn; column: PgColumn };

/** Every column that holds a vault ciphertext. A feature that stores secrets adds its column here. */
export const encryptedColumns: EncryptedColumn[] = [{ table: connectorSecrets, id: connectorSecrets.id, column: connectorSecrets.ciphertext }];

export type RotationResult = { reencrypted: number; remaining: number };

type Options = {
  db: Db;
  keyring: Keyring;
  batchSize?: number;
  columns?: EncryptedColumn[];
  /** Called after each committed batch (progress output; tests interleave writes here). */
  onBatch?: (progress: { reencrypted: number }) => void | Promise<void>;
};

// Rows skipped because another transaction held them, or written under an old key by an instance
// not yet redeployed, are picked up by the next pass; whatever is left after these is `remaining`.
const MAX_PASSES = 3;

const oldKeyPredicate = (entry: EncryptedColumn, keyring: Keyring) => notLike(entry.column, `v1:${keyring.current.id}:%`);

/** How many values each key id holds, over all registered columns. */
export async function countByKeyId({ db, columns = encryptedColumns }: { db: Db; columns?: EncryptedColumn[] }): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const entry of columns) {
    const kid = sql<string>`split_part(${entry.column}, ':', 2)`;
    const rows = await db
      .select({ kid, count: sql<number>`count(*)::int` })
      .from(entry.table)
      .groupBy(kid);
    for (const row of rows) counts.set(row.kid, (counts.get(row.kid) ?? 0) + Number(row.count));
  }
  return counts;
}

/**
 * Re-encrypts every value not under the current key, in batches of one short transaction each
 * (`for update skip locked`, so the app's own writes are never blocked for long). Idempotent.
 * Refuses to start when some value is under a key the keyring does not hold.
 */
export async function rotateSecrets({ db, keyring, batchSize = 200, columns = encryptedColumns, onBatch }: Options): Promise<RotationResult> {
  const known = new Set([keyring.current.id, ...keyring.previous.map((k) => k.id)]);
  const unknown = [...(await countByKeyId({ db, columns }))].filter(([kid]) => !known.has(kid));
  if (unknown.length > 0) {
    const list = unknown.map(([kid, count]) => `${kid} (${count})`).join(', ');
    throw new VaultError(
      `Some credentials are encrypted under keys this keyring does not have: ${list}. ` + 'Add those keys to CREDENTIALS_PREVIOUS_KEYS before rotating; nothing was changed.',
    );
  }

  let reencrypted = 0;
  let remaining = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    for (const entry of columns) {
      const set = setterFor(entry);
      let cursor: string | undefined;
      for (;;) {
        const batch = await db.transaction(async (tx) => {
          const rows = await tx
            .select({ id: entry.id, ciphertext: entry.column })
            .from(entry.table)
            .where(and(oldKeyPredicate(entry, keyring), cursor === undefined ? undefined : gt(entry.id, cursor)))
            .orderBy(asc(entry.id))
            .limit(batchSize)
            .for('update', { skipLocked: true });
          for (const row of rows) {
            const value = encryptSecret(decryptSecret(String(row.ciphertext), keyring), keyring);
            await tx.update(entry.table).set(set(value)).where(eq(entry.id, row.id));
          }
          return rows.map((row) => String(row.id));
        });
        if (batch.length === 0) break;
        reencrypted += batch.length;
        cursor = batch.at(-1);
        await onBatch?.({ reencrypted });
      }
    }
    remaining = await countRemaining({ db, keyring, columns });
    if (remaining === 0) break;
  }
  return { reencrypted, remaining };
}

async function countRemaining({ db, keyring, columns }: { db: Db; keyring: Keyring; columns: EncryptedColumn[] }): Promise<number> {
  let total = 0;
  for (const entry of columns) {
    const [row] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(entry.table)
      .where(oldKeyPredicate(entry, keyring));
    total += Number(row?.count ?? 0);
  }
  return total;
}

/**
 * The SET clause for a new ciphertext. Columns with `$onUpdate` (updatedAt) keep their value:
 * re-encrypting is not a change the person who set the secret made.
 */
function setterFor(entry: EncryptedColumn): (value: string) => Record<string, unknown> {
  const columns = Object.entries(getTableColumns(entry.table));
  const key = columns.find(([, column]) => column === entry.column)?.[0];
  if (!key) throw new Error(`encryptedColumns: ${entry.column.name} is not a column of its table`);
  const kept: Record<string, SQL> = {};
  for (const [name, column] of columns) if (column.onUpdateFn && column !== entry.column) kept[name] = sql`${column}`;
  return (value) => ({ ...kept, [key]: value });
}
