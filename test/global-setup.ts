// Prepares the database the integration tests run on: a migrated PGlite template (each test file
// loads a copy of it, which is faster than migrating again), or, with TEST_DATABASE_URL, a freshly
// migrated schema on a real PostgreSQL server.
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseUrl: string | null;
  }
}

export const templatePath = path.resolve('.test-data/pglite-template.tar.gz');

export default async function globalSetup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  project.provide('testDatabaseUrl', null);
  if (url) {
    // A database of its own per run, dropped afterwards: runs on one server never see each other.
    const { default: postgres } = await import('postgres');
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    const name = `${new URL(url).pathname.slice(1) || 'test'}_run_${process.pid}_${Date.now()}`;
    await admin.unsafe(`create database "${name}"`);
    const runUrl = new URL(url);
    runUrl.pathname = `/${name}`;
    const database = await openDatabase({ url: runUrl.toString() });
    await database.close();
    project.provide('testDatabaseUrl', runUrl.toString());
    return async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    };
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
