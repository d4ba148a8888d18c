import fs from 'node:fs/promises';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workspaces } from '@/db/schema';
import { systemActor } from '@/lib/audit/record';
import type { ImportWorker } from '@/lib/openapi';
import { createImportJob, runImportJob, type ImportSource } from '@/lib/providers/jobs';
import { findWorkspaceBySlug } from '@/lib/workspaces/workspaces';

export type ImportLine = { source: string; provider: string; version: number; operations: number; unchanged?: true } | { source: string; error: string };

/**
 * The workspace a CLI import goes into: the one named, or the first; on an empty database a new
 * "Default workspace" with no members yet, which first-run setup then hands to the first admin.
 */
export async function workspaceForImport({ db, slug }: { db: Db; slug?: string }) {
  if (slug) {
    const named = await findWorkspaceBySlug({ db, slug });
    if (!named) throw new Error(`No workspace has the slug "${slug}". List them in the console, or leave --workspace out to use the first.`);
    return named;
  }
  const [first] = await db.select().from(workspaces).orderBy(asc(workspaces.createdAt)).limit(1);
  if (first) return first;
  const [created] = await db.insert(workspaces).values({ name: 'Default workspace', slug: 'default' }).onConflictDoNothing().returning();
  return created ?? (await findWorkspaceBySlug({ db, slug: 'default' }))!;
}

const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** Imports each source (a file path or an http(s) URL) and describes the outcome as one line. */
export async function importSources({ db, workspaceId, sources, worker }: { db: Db; workspaceId: string; sources: string[]; worker: ImportWorker }): Promise<ImportLine[]> {
  const actor = systemActor('cli');
  const lines: ImportLine[] = [];
  for (const source of sources) {
    let input: ImportSource;
    if (isUrl(source)) {
      input = { kind: 'url', url: source };
    } else {
      try {
        input = { kind: 'text', text: await fs.readFile(source, 'utf8'), filename: path.basename(source) };
      } catch (error) {
        lines.push({ source, error: `Cannot read the file: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message}.` });
        continue;
      }
    }
    const job = await createImportJob({ db, workspaceId, actor, source: input });
    const outcome = await runImportJob({ db, job, actor, source: input, onExistingSlug: 'new-version', worker });
    if (!outcome.ok) {
      const first = outcome.problems.find((p) => p.severity === 'error');
      lines.push({
        source,
        error:
          first && first.message !== outcome.error
            ? `${outcome.error} First: ${first.pointer || '/'}${first.line ? ` (line ${first.line})` : ''}: ${first.message}`
            : outcome.error,
      });
      continue;
    }
    const { saved } = outcome;
    lines.push({
      source,
      provider: saved.providerSlug,
      version: saved.versionNumber,
      operations: saved.operations,
      ...(saved.created === 'unchanged' ? { unchanged: true as const } : {}),
    });
  }
  return lines;
}
