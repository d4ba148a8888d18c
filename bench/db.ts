// A migrated database with one user and one workspace, for the benchmarks: in-memory PGlite (in
// this process, so the process's peak RSS includes the database), or a database of its own on a
// PostgreSQL server, dropped on close.
import { openDatabase, type Db } from '@/db/client';
import type { Actor } from '@/lib/audit/record';
import { makeUser, makeWorkspace } from '@/test/factories';

export interface BenchDatabase {
  db: Db;
  workspaceId: string;
  actor: Actor;
  close: () => Promise<void>;
}

export async function openBenchDatabase(dataDir = 'memory://'): Promise<BenchDatabase> {
  const database = await openDatabase({ dataDir });
  const user = await makeUser(database.db);
  const workspace = await makeWorkspace(database.db, { owner: user });
  return { db: database.db, workspaceId: workspace.id, actor: { id: user.id, label: user.email }, close: database.close };
}

/** A migrated database of its own on the PostgreSQL server at `url`, dropped on close. */
export async function openServerBenchDatabase(url: string, label = 'bench'): Promise<BenchDatabase> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `${new URL(url).pathname.slice(1) || 'postgres'}_${label}_${process.pid}_${Date.now()}`;
  await admin.unsafe(`create database "${name}"`);
  const runUrl = new URL(url);
  runUrl.pathname = `/${name}`;
  const database = await openDatabase({ url: runUrl.toString() });
  const user = await makeUser(database.db);
  const workspace = await makeWorkspace(database.db, { owner: user });
  return {
    db: database.db,
    workspaceId: workspace.id,
    actor: { id: user.id, label: user.email },
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
