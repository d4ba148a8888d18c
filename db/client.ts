// Opens the database: postgres.js when DATABASE_URL is set, an embedded PGlite under DATA_DIR
// otherwise. Migrations run on open, on either backend.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { acquireLock } from './lock';

export type Schema = typeof schema;
/** A database handle or a transaction: both expose the same query API. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  db: Db;
  kind: DatabaseKind;
  close: () => Promise<void>;
};

export const migrationsFolder = path.join(process.cwd(), 'drizzle');

/**
 * PGlite writes bytea parameters as hex one byte at a time (~600 ms for a 1 MB document, measured
 * in bench/README.md); Buffer does the same in milliseconds.
 */
export const pgliteSerializers = {
  17: (value: Uint8Array) => `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`,
};

type OpenOptions = { url?: string; dataDir?: string; migrate?: boolean };

export async function openDatabase({ url, dataDir, migrate = true }: OpenOptions): Promise<Database> {
  return url ? openPostgres(url, migrate) : openPglite(dataDir ?? 'memory://', migrate);
}

async function openPostgres(url: string, runMigrations: boolean): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  if (runMigrations) {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    // One connection holds an advisory lock so that instances starting together migrate once.
    const migrator = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrator`select pg_advisory_lock(7306001)`;
      await migrate(drizzle(migrator, { casing: 'snake_case' }), { migrationsFolder });
      await migrator`select pg_advisory_unlock(7306001)`;
    } finally {
      await migrator.end();
    }
  }
  const client = postgres(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return { db, kind: 'postgres', close: () => client.end() };
}

async function openPglite(dataDir: string, runMigrations: boolean): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  let release = () => {};
  if (!dataDir.startsWith('memory://')) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    release = acquireLock(`${dataDir}.lock`);
  }
  try {
    const client = await PGlite.create(dataDir, { extensions: { pg_trgm }, serializers: pgliteSerializers });
    const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
    if (runMigrations) {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(db as never, { migrationsFolder });
    }
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
