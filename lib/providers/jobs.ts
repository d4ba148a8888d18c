import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { importJobs, type ImportJob, type ProviderSource } from '@/db/schema';
import type { Actor } from '@/lib/audit/record';
import { AppError, isAppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { ImportWorker, type ImportResult, type Problem } from '@/lib/openapi';
import { fetchDocument } from './fetch-document';
import { MAX_DOCUMENT_BYTES as MAX_UPLOAD_BYTES } from './limits';
import { saveImport, type ProviderOverrides } from './save';

export type ImportSource = { kind: 'text'; text: string; filename?: string; source?: ProviderSource; sourceUrl?: string } | { kind: 'url'; url: string };

export { MAX_DOCUMENT_BYTES as MAX_UPLOAD_BYTES } from './limits';

// One worker per process runs imports one after another: a document that runs past its time or
// memory is stopped there, never in the app's own thread.
const globalForImports = globalThis as unknown as { importWorker?: ImportWorker };
export function importWorker(): ImportWorker {
  globalForImports.importWorker ??= new ImportWorker();
  return globalForImports.importWorker;
}

export function describeSource(source: ImportSource): string {
  if (source.kind === 'url') return source.url.split('?')[0]!.slice(0, 300);
  return source.filename ? source.filename.slice(0, 200) : 'pasted document';
}

export async function createImportJob({ db, workspaceId, actor, source, providerId }: { db: Db; workspaceId: string; actor: Actor; source: ImportSource; providerId?: string }) {
  const [job] = await db
    .insert(importJobs)
    .values({ workspaceId, sourceLabel: describeSource(source), providerId: providerId ?? null, createdBy: actor.id })
    .returning();
  return job!;
}

async function updateJob(db: Db, jobId: string, values: Partial<typeof importJobs.$inferInsert>) {
  await db.update(importJobs).set(values).where(eq(importJobs.id, jobId));
}

/** Runs one import job to its end, recording each phase so the person waiting sees progress. */
export async function runImportJob({
  db,
  job,
  actor,
  source,
  overrides,
  onExistingSlug = 'refuse',
  worker = importWorker(),
  allowPrivateNetwork,
}: {
  db: Db;
  job: Pick<ImportJob, 'id' | 'workspaceId' | 'providerId'>;
  actor: Actor;
  source: ImportSource;
  overrides?: ProviderOverrides;
  onExistingSlug?: 'refuse' | 'new-version';
  worker?: ImportWorker;
  /** Overrides ALLOW_PRIVATE_NETWORK for URL sources (tests fetch from loopback). */
  allowPrivateNetwork?: boolean;
}): Promise<{ ok: true; saved: Awaited<ReturnType<typeof saveImport>> } | { ok: false; error: string; problems: Problem[] }> {
  const fail = async (error: string, problems: Problem[] = []) => {
    await updateJob(db, job.id, { status: 'failed', phase: null, error, problems, finishedAt: new Date() });
    return { ok: false as const, error, problems };
  };
  try {
    await updateJob(db, job.id, { status: 'running', phase: source.kind === 'url' ? 'downloading' : 'reading' });
    const text = source.kind === 'url' ? await fetchDocument(source.url, allowPrivateNetwork === undefined ? {} : { allowPrivateNetwork }) : source.text;
    if (Buffer.byteLength(text) > MAX_UPLOAD_BYTES) {
      return await fail(`The document is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Remove unused parts or split it.`);
    }
    let lastPhase = '';
    const result: ImportResult = await worker.import(
      { text, filename: source.kind === 'url' ? new URL(source.url).pathname : source.filename },
      {
        onProgress: (phase) => {
          if (phase === lastPhase) return;
          lastPhase = phase;
          void updateJob(db, job.id, { phase }).catch(() => {});
        },
      },
    );
    if (!result.ok) return await fail(result.reason, result.problems);
    await updateJob(db, job.id, { phase: 'saving' });
    const saved = await saveImport({
      db,
      workspaceId: job.workspaceId,
      actor,
      imported: result,
      text,
      source: source.kind === 'url' ? 'url' : (source.source ?? 'upload'),
      sourceUrl: source.kind === 'url' ? source.url : (source.sourceUrl ?? null),
      providerId: job.providerId ?? undefined,
      overrides,
      onExistingSlug,
    });
    await updateJob(db, job.id, {
      status: 'succeeded',
      phase: null,
      problems: result.problems,
      result: {
        providerId: saved.providerId,
        providerSlug: saved.providerSlug,
        versionId: saved.versionId,
        versionNumber: saved.versionNumber,
        created: saved.created,
        operations: saved.operations,
      },
      finishedAt: new Date(),
    });
    return { ok: true, saved };
  } catch (error) {
    if (isAppError(error)) return await fail(error.message);
    log.error('import failed', { jobId: job.id, error });
    return await fail(`The import failed on our side (job ${job.id}). Try again; if it keeps failing, report the job id.`);
  }
}

export async function getImportJob({ db, workspaceId, jobId }: { db: Db; workspaceId: string; jobId: string }) {
  const [job] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, jobId), eq(importJobs.workspaceId, workspaceId)));
  if (!job) throw new AppError('not_found', 'That import was not found in this workspace.');
  return job;
}

export async function listRecentImportJobs({ db, workspaceId, limit = 10 }: { db: Db; workspaceId: string; limit?: number }) {
  return db.select().from(importJobs).where(eq(importJobs.workspaceId, workspaceId)).orderBy(desc(importJobs.createdAt)).limit(limit);
}

/** Jobs left "running" by a process that stopped are marked failed, so nobody waits forever. */
export async function failAbandonedJobs({ db, olderThanMinutes = 30 }: { db: Db; olderThanMinutes?: number }) {
  await db
    .update(importJobs)
    .set({ status: 'failed', phase: null, error: 'The import was interrupted (the server restarted). Start it again.', finishedAt: new Date() })
    .where(and(sql`${importJobs.status} in ('queued', 'running')`, sql`${importJobs.updatedAt} < now() - make_interval(mins => ${olderThanMinutes})`));
}
