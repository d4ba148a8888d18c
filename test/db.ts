// Integration tests get a real database: a PGlite copy of the migrated template per test file, or
// the PostgreSQL server named by TEST_DATABASE_URL. Each test runs inside a transaction that is
// rolled back, so tests never see each other's rows.
import fs from 'node:fs';
import path from 'node:path';
import { inject, test as base } from 'vitest';
import { openDatabase, pgliteSerializers, type Database, type Db } from '@/db/client';
import * as schema from '@/db/schema';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function openTestDatabase(): Promise<Database> {
  const url = inject('testDatabaseUrl');
  if (url) return openDatabase({ url, migrate: false });
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const template = fs.readFileSync(path.resolve('.test-data/pglite-template.tar.gz'));
  const client = await PGlite.create({ loadDataDir: new Blob([template]), extensions: { pg_trgm }, serializers: pgliteSerializers });
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return { db, kind: 'pglite', close: () => client.close() };
}

/**
 * For tests that must commit across several connections (PostgreSQL only): a freshly migrated
 * database of their own, so what they commit is never seen by tests running beside them.
 */
export async function scratchPostgres(): Promise<{ open: () => Promise<Database>; drop: () => Promise<void> }> {
  const base = inject('testDatabaseUrl');
  if (!base) throw new Error('scratchPostgres needs TEST_DATABASE_URL.');
  const { default: postgres } = await import('postgres');
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const name = `scratch_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  await (await openDatabase({ url: url.toString() })).close();
  return {
    open: () => openDatabase({ url: url.toString(), migrate: false }),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * A database a test may commit to without other test files seeing it: the worker's own PGlite copy,
 * or on PostgreSQL a scratch database. `done()` closes and drops what it opened.
 */
export async function committingDatabase(database: Database): Promise<{ db: Db; done: () => Promise<void> }> {
  if (!onPostgres) return { db: database.db, done: async () => {} };
  const scratch = await scratchPostgres();
  const opened = await scratch.open();
  return {
    db: opened.db,
    done: async () => {
      await opened.close();
      await scratch.drop();
    },
  };
}

class Rollback extends Error {}

export async function inRollback(db: Db, run: (tx: Db) => Promise<void>) {
  try {
    await db.transaction(async (tx) => {
      await run(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
}

export const test = base.extend<{ $test: { db: Db }; $worker: { database: Database } }>({
  database: [
    async ({}, use) => {
      const database = await openTestDatabase();
      await use(database);
      await database.close();
    },
    { scope: 'worker' },
  ],
  db: async ({ database }, use) => {
    await inRollback(database.db, (tx) => use(tx));
  },
});

export { expect, describe } from 'vitest';
