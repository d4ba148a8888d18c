import 'server-only';
// Whether first-run setup of the catalogue is done, read from what it left behind: the last sync
// run started from the setup page ("setup" trigger) that finished with providers synced.
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { syncRuns } from '@/db/schema';
import { listSelections } from './selections';

export type SetupProvider = { catalogId: string; name: string; providerId: string; slug: string; version: string | null };

export type SetupStatus = { done: false } | { done: true; runId: string; finishedAt: Date; synced: number; providers: SetupProvider[] };

const SYNCED = new Set(['created', 'updated', 'unchanged']);

/** Done once a setup sync finished with at least one provider synced; lists those still in the workspace. */
export async function setupStatus({ db, workspaceId }: { db: Db; workspaceId: string }): Promise<SetupStatus> {
  const runs = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRuns.trigger, 'setup'), inArray(syncRuns.status, ['succeeded', 'partial']), ne(syncRuns.done, 0)))
    .orderBy(desc(syncRuns.finishedAt))
    .limit(5);
  const run = runs.find((r) => r.finishedAt && r.results.some((result) => SYNCED.has(result.outcome)));
  if (!run) return { done: false };
  const synced = run.results.filter((result) => SYNCED.has(result.outcome));
  const selections = await listSelections({ db, workspaceId, catalogIds: synced.map((result) => result.catalogId) });
  const byCatalogId = new Map(selections.map((s) => [s.selection.catalogId, s]));
  const providers = synced.flatMap((result) => {
    const found = byCatalogId.get(result.catalogId);
    if (!found?.provider) return [];
    return [{ catalogId: result.catalogId, name: found.selection.name, providerId: found.provider.id, slug: found.provider.slug, version: found.selection.syncedVersion }];
  });
  return { done: true, runId: run.id, finishedAt: run.finishedAt!, synced: synced.length, providers };
}
