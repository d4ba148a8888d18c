// Prepares the database the integration tests run on: a migrated PGlite template (each test file
// loads a copy of it, which is faster than migrating again), or, with TEST_DATABASE_URL, a freshly
// migrated schema on a real PostgreSQL server.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/client';

export const templatePath = path.resolve('.test-data/pglite-template.tar.gz');

export default async function globalSetup() {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { default: postgres } = await import('postgres');
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe('drop schema if exists drizzle cascade; drop schema if exists public cascade; create schema public;');
    await admin.end();
    const database = await openDatabase({ url });
    await database.close();
    return;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = await PGlite.create({ extensions: { pg_trgm } });
  await migrate(drizzle(client), { migrationsFolder: path.resolve('drizzle') });
  const dump = await client.dumpDataDir('gzip');
  fs.mkdirSync(path.dirname(templatePath), { recursive: true });
  fs.writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  await client.close();
}
