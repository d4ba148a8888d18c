import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, lt, min, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { jobLeases, repositorySelections, type SyncRun } from '@/db/schema';
import { systemActor } from '@/lib/audit/record';
import { CatalogError, defaultCatalogSource, type CatalogSource } from '@/lib/catalog/source';
import { log } from '@/lib/log';
import type { ImportWorker } from '@/lib/openapi';
import { loadCatalog, type LoadedCatalog } from './catalog';
import { failAbandonedRuns, runSync, startSync } from './sync';

export const SYNC_LEASE = 'repository-sync';

/**
 * Takes the named lease if it is free or expired: one conditional upsert, so of two callers at
 * the same moment exactly one gets it, on PostgreSQL and PGlite alike.
 */
export async function takeLease({ db, name, holder, ttlMs }: { db: Db; name: string; holder: string; ttlMs: number }): Promise<boolean> {
  const expiresAt = new Date(Date.now() + ttlMs);
  const taken = await db
    .insert(jobLeases)
    .values({ name, holder, expiresAt })
    .onConflictDoUpdate({ target: jobLeases.name, set: { holder, expiresAt }, setWhere: lt(jobLeases.expiresAt, sql`now()`) })
    .returning({ holder: jobLeases.holder });
  return taken[0]?.holder === holder;
}

export async function releaseLease({ db, name, holder }: { db: Db; name: string; holder: string }) {
  await db.delete(jobLeases).where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder)));
}

export type CronSyncResult =
  | { skipped: true; reason: string }
  | {
      skipped: false;
      catalogue: 'changed' | 'unchanged' | 'unreachable';
      runs: { workspaceId: string; runId: string; status: SyncRun['status']; done: number; total: number }[];
      workspacesLeft: number;
      error?: string;
    };

/**
 * The cron's work: every workspace's selections against the catalogue, within a budget. Overlapping
 * calls do the work once (a lease row); what does not fit is left for the next tick, the workspaces
 * synced longest ago first.
 */
export async function syncAllWorkspaces({
  db,
  source = defaultCatalogSource(),
  worker,
  budgetMs = 45_000,
  maxProviders = 25,
}: {
  db: Db;
  source?: CatalogSource;
  worker?: ImportWorker;
  budgetMs?: number;
  /** Providers downloaded or decided per invocation, over all workspaces. Unchanged ones do not count. */
  maxProviders?: number;
}): Promise<CronSyncResult> {
  const holder = randomUUID();
  // Longer than the budget plus one slow import, so a live run is never taken over; short enough
  // that a crashed one frees the next tick.
  if (!(await takeLease({ db, name: SYNC_LEASE, holder, ttlMs: budgetMs + 120_000 }))) {
    return { skipped: true, reason: 'Another sync run is in progress; this call did nothing.' };
  }
  try {
    const deadline = Date.now() + budgetMs;
    await failAbandonedRuns({ db });
    const actor = systemActor('central repository sync');
    const pending = await db
      .select({ workspaceId: repositorySelections.workspaceId, oldest: min(repositorySelections.lastSyncedAt) })
      .from(repositorySelections)
      .groupBy(repositorySelections.workspaceId)
      .orderBy(sql`${min(repositorySelections.lastSyncedAt)} asc nulls first`, asc(repositorySelections.workspaceId));

    let catalog: LoadedCatalog | undefined;
    let error: string | undefined;
    try {
      catalog = await loadCatalog({ db, source });
    } catch (cause) {
      if (!(cause instanceof CatalogError)) log.error('repository cron: catalogue load failed', { error: cause });
      error = cause instanceof CatalogError ? cause.message : 'The catalogue could not be read because of an error on our side.';
    }

    const runs: Extract<CronSyncResult, { skipped: false }>['runs'] = [];
    let budget = maxProviders;
    let left = 0;
    for (const { workspaceId } of pending) {
      if (budget <= 0 || Date.now() >= deadline) {
        left++;
        continue;
      }
      const run = await startSync({ db, workspaceId, actor, trigger: 'cron', source });
      // Without a catalogue, runSync records the failed run and changes nothing.
      const finished = await runSync({ db, runId: run.id, workspaceId, actor, source, worker, catalog, limits: { deadline, maxProviders: budget } });
      budget -= finished.results.filter((r) => r.outcome !== 'unchanged' && r.outcome !== 'pending').length;
      runs.push({ workspaceId, runId: finished.id, status: finished.status, done: finished.done, total: finished.total });
    }
    return { skipped: false, catalogue: catalog ? catalog.fetched : 'unreachable', runs, workspacesLeft: left, ...(error ? { error } : {}) };
  } finally {
    await releaseLease({ db, name: SYNC_LEASE, holder });
  }
}
