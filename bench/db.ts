// A migrated in-memory PGlite database with one user and one workspace, for the benchmarks that
// save imports (bench/import.ts, bench/search.ts). PGlite runs in this process, so the process's
// peak RSS includes the database.
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
