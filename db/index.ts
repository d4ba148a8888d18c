// The app's one database, opened on first use and kept for the life of the process.
import path from 'node:path';
import { dataDir, databaseKind, env } from '@/lib/env';
import { openDatabase, type Database } from './client';

const globalForDb = globalThis as unknown as { appDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  globalForDb.appDatabase ??= openDatabase({
    url: env.DATABASE_URL,
    dataDir: path.join(dataDir, 'pglite'),
  }).catch((error) => {
    globalForDb.appDatabase = undefined;
    throw error;
  });
  return globalForDb.appDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}

export { databaseKind };
export type { Db } from './client';
