import 'server-only';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { providers, repositorySelections, syncRuns, workspaces, type RepositorySelection, type SyncOutcome, type SyncRun, type SyncTrigger } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { latestVersion, type CatalogChangelog, type CatalogProvider, type CatalogVersion } from '@/lib/catalog/format';
import { logoSrc } from '@/lib/catalog/logo-url';
import { CatalogError, defaultCatalogSource, fetchCatalogDocument, sourceKey, type CatalogSource } from '@/lib/catalog/source';
import { AppError, isAppError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { ImportWorker, VersionDiff } from '@/lib/openapi';
import { importWorker } from '@/lib/providers/jobs';
import { makeVersionCurrent } from '@/lib/providers/manage';
import { saveImport } from '@/lib/providers/save';
import { notifyRoles } from '@/lib/notifications';
import { changelogSince, findCatalogProvider, loadCatalog, summariseChangelog, type LoadedCatalog } from './catalog';
import { getSelection } from './selections';

export type SyncOptions = {
  source?: CatalogSource;
  worker?: ImportWorker;
  /** The catalogue already loaded by the caller (the cron loads it once for every workspace). */
  catalog?: LoadedCatalog;
  /** Providers that need a download or a decision past these are left "pending" for the next run. */
  limits?: { deadline?: number; maxProviders?: number };
  /** Providers whose waiting update a person chose to apply: applied even when breaking or under the manual policy. */
  approved?: string[];
};

const ROLES_TO_NOTIFY = ['admin', 'builder'] as const;

/** Creates the run (every selected provider pending) that runSync then works through. */
export async function startSync({
  db,
  workspaceId,
  actor,
  trigger,
  catalogIds,
  source = defaultCatalogSource(),
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  trigger: SyncTrigger;
  catalogIds?: string[];
  source?: CatalogSource;
}): Promise<SyncRun> {
  const conditions = [eq(repositorySelections.workspaceId, workspaceId)];
  if (catalogIds) conditions.push(inArray(repositorySelections.catalogId, catalogIds));
  const selected = await db
    .select({ catalogId: repositorySelections.catalogId, name: repositorySelections.name })
    .from(repositorySelections)
    .where(and(...conditions))
    .orderBy(repositorySelections.name);
  if (selected.length === 0) throw new AppError('invalid', 'No provider is selected. Select providers of the catalogue first, then sync.');
  const [run] = await db
    .insert(syncRuns)
    .values({
      workspaceId,
      trigger,
      source: sourceKey(source),
      total: selected.length,
      results: selected.map((s) => ({ catalogId: s.catalogId, name: s.name, outcome: 'pending' as const })),
      startedBy: actor.id,
    })
    .returning();
  return run!;
}

type Plan =
  | { kind: 'unchanged'; selection: RepositorySelection }
  | { kind: 'missing'; selection: RepositorySelection }
  | { kind: 'apply'; selection: RepositorySelection; provider: CatalogProvider; version: CatalogVersion; changelog: CatalogChangelog; first: boolean; approved: boolean }
  | { kind: 'hold'; selection: RepositorySelection; provider: CatalogProvider; version: CatalogVersion; changelog: CatalogChangelog };

/** What a selection needs, from the index alone: no document is read to decide. */
function planFor(selection: RepositorySelection, provider: CatalogProvider | undefined, approved: boolean): Plan {
  if (!provider) return { kind: 'missing', selection };
  const version = latestVersion(provider);
  const first = !selection.providerId;
  if (!first && selection.syncedSha256 === version.sha256) return { kind: 'unchanged', selection };
  const { changelog } = changelogSince(provider, first ? null : selection.syncedSha256);
  if (first || approved || (selection.policy === 'auto_non_breaking' && changelog.breaking.length === 0))
    return { kind: 'apply', selection, provider, version, changelog, first, approved };
  return { kind: 'hold', selection, provider, version, changelog };
}

/**
 * Works through a run: fetches the index (conditionally), then each selected provider in turn —
 * unchanged ones at once, new versions downloaded, verified, imported in the worker and saved in
 * one transaction each. Progress is written as each provider finishes, so a page can poll it.
 * A provider that fails changes nothing and does not stop the others; a catalogue that cannot be
 * read fails the run and changes nothing.
 */
export async function runSync({
  db,
  runId,
  workspaceId,
  actor,
  source = defaultCatalogSource(),
  worker,
  catalog,
  limits = {},
  approved = [],
}: { db: Db; runId: string; workspaceId: string; actor: Actor } & SyncOptions): Promise<SyncRun> {
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.workspaceId, workspaceId)));
  if (!run) throw new AppError('not_found', 'That sync run was not found in this workspace.');
  const results = new Map(run.results.map((r) => [r.catalogId, r]));
  let done = 0;
  const save = async (values: Partial<typeof syncRuns.$inferInsert> = {}) => {
    const [saved] = await db
      .update(syncRuns)
      .set({ done, results: [...results.values()], ...values })
      .where(eq(syncRuns.id, runId))
      .returning();
    return saved!;
  };

  let loaded: LoadedCatalog;
  try {
    loaded = catalog ?? (await loadCatalog({ db, source }));
  } catch (error) {
    const message = error instanceof CatalogError ? error.message : 'The catalogue could not be read because of an error on our side.';
    if (!(error instanceof CatalogError)) log.error('repository sync: catalogue load failed', { runId, error });
    for (const r of results.values()) Object.assign(r, { outcome: 'failed', message: 'Not checked: the catalogue could not be read.' });
    return save({ status: 'failed', error: message, finishedAt: new Date() });
  }

  const selections = await db
    .select()
    .from(repositorySelections)
    .where(and(eq(repositorySelections.workspaceId, workspaceId), inArray(repositorySelections.catalogId, [...results.keys()])));
  const [workspace] = await db.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, workspaceId));
  const plans = selections.map((s) => planFor(s, findCatalogProvider(loaded.index, s.catalogId), approved.includes(s.catalogId)));

  // Unchanged providers cost one statement together, however many there are.
  const unchanged = plans.filter((p) => p.kind === 'unchanged').map((p) => p.selection);
  if (unchanged.length) {
    await db
      .update(repositorySelections)
      .set({ lastSyncedAt: new Date(), lastError: null })
      .where(
        and(
          eq(repositorySelections.workspaceId, workspaceId),
          inArray(
            repositorySelections.id,
            unchanged.map((s) => s.id),
          ),
        ),
      );
    for (const s of unchanged) Object.assign(results.get(s.catalogId)!, { outcome: 'unchanged', version: s.syncedVersion ?? undefined, message: undefined });
    done += unchanged.length;
  }
  for (const id of results.keys()) {
    if (!selections.some((s) => s.catalogId === id)) {
      Object.assign(results.get(id)!, { outcome: 'failed', message: 'No longer selected.' });
      done++;
    }
  }
  await save({ indexHash: loaded.index.hash });

  const context = { db, workspaceId, workspaceSlug: workspace?.slug ?? '', actor, source, worker: worker ?? importWorker(), trigger: run.trigger };
  let worked = 0;
  for (const plan of plans) {
    if (plan.kind === 'unchanged') continue;
    const result = results.get(plan.selection.catalogId)!;
    if ((limits.maxProviders !== undefined && worked >= limits.maxProviders) || (limits.deadline !== undefined && Date.now() >= limits.deadline)) {
      Object.assign(result, { outcome: 'pending', message: 'Left for the next run (this run reached its time or size budget).' });
      continue;
    }
    worked++;
    Object.assign(result, await syncOne(context, plan));
    done++;
    await save();
  }

  const outcomes = [...results.values()].map((r) => r.outcome);
  const failed = outcomes.filter((o) => o === 'failed').length;
  const pending = outcomes.filter((o) => o === 'pending').length;
  const status = failed === outcomes.length ? 'failed' : failed || pending ? 'partial' : 'succeeded';
  return save({ status, finishedAt: new Date(), error: pending ? `${pending} provider${pending === 1 ? '' : 's'} left for the next run.` : null });
}

type SyncContext = { db: Db; workspaceId: string; workspaceSlug: string; actor: Actor; source: CatalogSource; worker: ImportWorker; trigger: SyncTrigger };

/** A change the catalogue did not call breaking, found breaking by our own diff: held for a person. */
class BreakingAfterAll extends Error {
  constructor(readonly diff: VersionDiff) {
    super('breaking');
  }
}

async function syncOne(ctx: SyncContext, plan: Exclude<Plan, { kind: 'unchanged' }>): Promise<SyncOutcome> {
  const { selection } = plan;
  const base = { catalogId: selection.catalogId, name: selection.name };
  try {
    if (plan.kind === 'missing') throw new AppError('not_found', `${selection.name} is no longer in the catalogue. Unselect it; the workspace's copy stays.`);
    if (plan.kind === 'hold') return { ...base, ...(await hold(ctx, plan)) };
    try {
      return { ...base, ...(await apply(ctx, plan, { holdIfBreaking: !plan.first && !plan.approved })) };
    } catch (error) {
      if (!(error instanceof BreakingAfterAll)) throw error;
      const removed = error.diff.removed.map((op) => `${op.method.toUpperCase()} ${op.path} removed`);
      const changed = error.diff.changed.filter((c) => c.breaking).map((c) => `${c.method.toUpperCase()} ${c.path} changed incompatibly`);
      const breaking = [...plan.changelog.breaking, ...removed, ...changed, ...(removed.length || changed.length ? [] : ['servers or security changed'])];
      const changelog = { ...plan.changelog, breaking };
      return { ...base, ...(await hold(ctx, { ...plan, changelog: { ...changelog, summary: summariseChangelog(changelog) } })) };
    }
  } catch (error) {
    const message =
      isAppError(error) || error instanceof CatalogError ? error.message : `The sync of ${selection.name} failed on our side; it will be tried again on the next sync.`;
    if (!isAppError(error) && !(error instanceof CatalogError)) log.error('repository sync: provider failed', { catalogId: selection.catalogId, error });
    await ctx.db
      .update(repositorySelections)
      .set({ lastError: message, lastSyncedAt: new Date() })
      .where(and(eq(repositorySelections.id, selection.id), eq(repositorySelections.workspaceId, ctx.workspaceId)));
    return { ...base, outcome: 'failed', message };
  }
}

const providerHref = (ctx: SyncContext, catalogId: string) => `/w/${ctx.workspaceSlug}/providers/repository/${catalogId}`;

/** Records that a newer version waits for a person, and tells admins and builders once per version. */
async function hold(
  ctx: SyncContext,
  plan: { selection: RepositorySelection; provider: CatalogProvider; version: CatalogVersion; changelog: CatalogChangelog },
): Promise<Omit<SyncOutcome, 'catalogId' | 'name'>> {
  const { selection, version, changelog } = plan;
  const breaking = changelog.breaking.length > 0;
  const why = breaking ? 'it has breaking changes' : 'the policy is manual';
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(repositorySelections)
      .set({
        availableVersion: version.version,
        availableSha256: version.sha256,
        availableChangelog: changelog,
        availableBreaking: breaking,
        lastError: null,
        lastSyncedAt: new Date(),
      })
      .where(and(eq(repositorySelections.id, selection.id), eq(repositorySelections.workspaceId, ctx.workspaceId)));
    if (selection.availableSha256 === version.sha256) return;
    await recordAudit({
      db: tx,
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: 'repository.update_available',
      target: { type: 'provider', id: selection.providerId, label: selection.name },
      summary: { catalogId: selection.catalogId, from: selection.syncedVersion, to: version.version, changelog: changelog.summary, breaking: changelog.breaking.length, held: why },
    });
    await notifyRoles({
      db: tx,
      workspaceId: ctx.workspaceId,
      roles: [...ROLES_TO_NOTIFY],
      notification: {
        kind: 'repository.update_available',
        title: `${selection.name}: ${changelog.summary}`,
        body: `Version ${version.version} is available (you have ${selection.syncedVersion}). It waits for you to apply it because ${why}.`,
        href: providerHref(ctx, selection.catalogId),
        dedupeKey: `repository:${selection.catalogId}:${version.sha256}`,
      },
    });
  });
  return { outcome: 'held', version: version.version, message: `Update to ${version.version} held: ${why}.` };
}

/**
 * Downloads the version, checks its sha256, imports it in the worker (which validates it again),
 * then saves, in one transaction: the provider version with its diff and audit entry, the
 * selection's new state and the notification.
 */
async function apply(
  ctx: SyncContext,
  plan: { selection: RepositorySelection; provider: CatalogProvider; version: CatalogVersion; changelog: CatalogChangelog; first: boolean },
  { holdIfBreaking }: { holdIfBreaking: boolean },
): Promise<Omit<SyncOutcome, 'catalogId' | 'name'>> {
  const { provider, version, changelog, first } = plan;
  const text = await fetchCatalogDocument(ctx.source, version.sha256);
  const imported = await ctx.worker.import({ text, filename: `${provider.id}.json`, contentType: 'application/json' });
  if (!imported.ok) throw new AppError('invalid', `Version ${version.version} of ${provider.name} in the catalogue is not a valid OpenAPI document: ${imported.reason}`);

  return ctx.db.transaction(async (tx) => {
    // Another sync may have got here first; it then did exactly this.
    const [selection] = await tx
      .select()
      .from(repositorySelections)
      .where(and(eq(repositorySelections.id, plan.selection.id), eq(repositorySelections.workspaceId, ctx.workspaceId)))
      .for('update');
    if (!selection) throw new AppError('not_found', `${plan.selection.name} was unselected while it was syncing.`);
    if (selection.providerId && selection.syncedSha256 === version.sha256) return { outcome: 'unchanged' as const, version: version.version };
    if (!selection.providerId) {
      const [clash] = await tx
        .select({ name: providers.name })
        .from(providers)
        .where(and(eq(providers.workspaceId, ctx.workspaceId), eq(providers.slug, provider.id)));
      if (clash)
        throw new AppError(
          'conflict',
          `This workspace already has a provider with the slug "${provider.id}" (${clash.name}) that did not come from the catalogue. Change its slug in its Settings, then sync again.`,
        );
    }

    const saved = await saveImport({
      db: tx,
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      imported,
      text,
      source: 'repository',
      sourceUrl: provider.originUrl ?? provider.homepage ?? null,
      providerId: selection.providerId ?? undefined,
      // The logo as this app serves it, never a third-party URL ('' keeps the document's x-logo out too).
      overrides: { name: provider.name, slug: provider.id, description: provider.description || undefined, logoUrl: logoSrc(provider.logo) ?? '' },
    });
    if (holdIfBreaking && saved.diff?.breaking) throw new BreakingAfterAll(saved.diff);
    // A provider synced before logos were bundled may still point at another host: move it to ours.
    await tx
      .update(providers)
      .set({ logoUrl: logoSrc(provider.logo) })
      .where(and(eq(providers.id, saved.providerId), eq(providers.workspaceId, ctx.workspaceId), sql`${providers.logoUrl} ~* '^(https?:)?//'`));

    await tx
      .update(repositorySelections)
      .set({
        providerId: saved.providerId,
        syncedVersion: version.version,
        syncedSha256: version.sha256,
        availableVersion: null,
        availableSha256: null,
        availableChangelog: null,
        availableBreaking: false,
        lastSyncedAt: new Date(),
        lastError: null,
      })
      .where(eq(repositorySelections.id, selection.id));
    await recordAudit({
      db: tx,
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: first ? 'repository.provider_synced' : 'repository.update_applied',
      target: { type: 'provider', id: saved.providerId, label: provider.name },
      summary: {
        catalogId: provider.id,
        version: version.version,
        sha256: version.sha256,
        providerVersion: saved.versionNumber,
        trigger: ctx.trigger,
        ...(first ? {} : { from: selection.syncedVersion, changelog: changelog.summary }),
      },
    });
    if (!first) {
      await notifyRoles({
        db: tx,
        workspaceId: ctx.workspaceId,
        roles: [...ROLES_TO_NOTIFY],
        notification: {
          kind: 'repository.update_applied',
          title: `${provider.name}: ${changelog.summary}`,
          body: `Updated from ${selection.syncedVersion} to ${version.version}${ctx.trigger === 'cron' ? ' automatically (no breaking change)' : ''}. Roll back from the provider's Versions tab if needed.`,
          href: providerHref(ctx, provider.id),
          dedupeKey: `repository:${provider.id}:${version.sha256}`,
        },
      });
    }
    return { outcome: first ? ('created' as const) : ('updated' as const), version: version.version, message: first ? `${saved.operations} operations` : changelog.summary };
  });
}

/**
 * Starts applying the newer version a selection holds (breaking, or under the manual policy): a
 * run of that one provider, which runSync with `approved: [catalogId]` then works through.
 */
export async function startApplyUpdate({
  db,
  workspaceId,
  actor,
  catalogId,
  source = defaultCatalogSource(),
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  catalogId: string;
  source?: CatalogSource;
}) {
  const selection = await getSelection({ db, workspaceId, catalogId });
  if (!selection.availableSha256 || !selection.providerId) throw new AppError('conflict', `${selection.name} has no update waiting. Sync it to check the catalogue for one.`);
  return startSync({ db, workspaceId, actor, trigger: 'manual', catalogIds: [catalogId], source });
}

/** Applies the waiting update now and returns its outcome. */
export async function applyAvailableUpdate({
  db,
  workspaceId,
  actor,
  catalogId,
  source = defaultCatalogSource(),
  worker,
}: { db: Db; workspaceId: string; actor: Actor; catalogId: string } & Pick<SyncOptions, 'source' | 'worker'>) {
  const run = await startApplyUpdate({ db, workspaceId, actor, catalogId, source });
  const finished = await runSync({ db, runId: run.id, workspaceId, actor, source, worker, approved: [catalogId] });
  return finished.results[0]!;
}

/** Makes an earlier version of a synced provider current again; later syncs do not undo it until a newer version arrives. */
export async function rollbackProvider({ db, workspaceId, actor, catalogId, versionId }: { db: Db; workspaceId: string; actor: Actor; catalogId: string; versionId: string }) {
  const selection = await getSelection({ db, workspaceId, catalogId });
  if (!selection.providerId) throw new AppError('conflict', `${selection.name} has not been synced yet, so it has no version to roll back to.`);
  return makeVersionCurrent({ db, workspaceId, actor, providerId: selection.providerId, versionId });
}

export async function getSyncRun({ db, workspaceId, runId }: { db: Db; workspaceId: string; runId: string }) {
  const [run] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.workspaceId, workspaceId)));
  if (!run) throw new AppError('not_found', 'That sync run was not found in this workspace.');
  return run;
}

export async function listSyncRuns({ db, workspaceId, limit = 30 }: { db: Db; workspaceId: string; limit?: number }) {
  return db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspaceId)).orderBy(desc(syncRuns.startedAt), desc(syncRuns.finishedAt)).limit(limit);
}

/** Runs left "running" by a process that stopped are closed as failed, so no page polls them forever. */
export async function failAbandonedRuns({ db, olderThanMinutes = 30 }: { db: Db; olderThanMinutes?: number }) {
  await db
    .update(syncRuns)
    .set({ status: 'failed', error: 'The sync was interrupted (the server stopped). Providers it had not reached are synced by the next run.', finishedAt: new Date() })
    .where(and(eq(syncRuns.status, 'running'), lt(syncRuns.startedAt, sql`now() - make_interval(mins => ${olderThanMinutes})`)));
}
