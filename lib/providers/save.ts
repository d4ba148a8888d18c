import 'server-only';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { operations, providers, providerVersions, type OperationDetail, type ProviderSource } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { diffVersionsInSlices, TimeSlices, type ImportedDocument, type Operation, type VersionDiff, type VersionSnapshot } from '@/lib/openapi';
import { slugify } from '@/lib/workspaces/workspaces';
import { diffableOperation, snapshotOfVersion, withoutSchemas } from './snapshot';

export type ProviderOverrides = { name?: string; slug?: string; description?: string; logoUrl?: string };

export type SaveImportInput = {
  db: Db;
  workspaceId: string;
  actor: Actor;
  imported: ImportedDocument;
  text: string;
  source: ProviderSource;
  sourceUrl?: string | null;
  /** Import as a new version of this provider. */
  providerId?: string;
  overrides?: ProviderOverrides;
  /** What a new import does when the slug is taken: refuse (the console) or add a version (the CLI). */
  onExistingSlug?: 'refuse' | 'new-version';
};

export type SaveImportResult = {
  providerId: string;
  providerSlug: string;
  versionId: string;
  versionNumber: number;
  created: 'provider' | 'version' | 'unchanged';
  operations: number;
  diff: VersionDiff | null;
};

const gzipInThreadPool = promisify(gzip);

/**
 * Operation rows per INSERT, adapted to how long the last one took. On PGlite the database runs on
 * the main thread, so one statement is one block of the event loop (a few hundred rows of a typical
 * operation take 100-300 ms there); on PostgreSQL the size bounds the parameters serialised at once.
 */
const insertBatch = { first: 50, min: 10, max: 500, targetMs: 40 };

function operationRow(workspaceId: string, providerId: string, versionId: string, operation: Operation) {
  const detail: OperationDetail = {
    parameters: operation.parameters,
    requestBody: operation.requestBody,
    responses: operation.responses,
    security: operation.security,
    servers: operation.servers,
    arguments: operation.arguments,
    inputSchema: operation.tool.inputSchema,
    toolDescription: operation.tool.description,
    toolTruncated: operation.tool.truncated,
    pointer: operation.pointer,
  };
  return {
    workspaceId,
    providerId,
    versionId,
    toolName: operation.tool.name,
    method: operation.method.toUpperCase(),
    path: operation.path,
    operationId: operation.operationId ?? null,
    summary: operation.summary ?? null,
    description: operation.description ?? null,
    tags: operation.tags,
    deprecated: operation.deprecated,
    fingerprint: operation.fingerprint,
    toolTokens: operation.toolTokens,
    searchText: [operation.path, operation.operationId, operation.summary, operation.description?.slice(0, 500)].filter(Boolean).join(' ').toLowerCase(),
    detail: withoutSchemas(detail),
  };
}

/**
 * Stores an imported document as a provider version, in one transaction: a new provider, a new
 * version with its diff against the current one, or nothing at all when the same content was
 * imported before (content hash).
 *
 * A version may hold 100,000 operations: the work is done in time slices (reading the previous
 * version, the diff, building and inserting rows in small batches) with a turn of the event loop
 * between them, and the document is compressed in the thread pool, so the server keeps answering
 * while a big version is saved. It is still one transaction: a failure leaves nothing behind.
 */
export async function saveImport(input: SaveImportInput): Promise<SaveImportResult> {
  const { db, workspaceId, actor, imported, overrides = {} } = input;
  const slices = new TimeSlices();
  return db.transaction(async (tx) => {
    let provider = input.providerId
      ? (
          await tx
            .select()
            .from(providers)
            .where(and(eq(providers.id, input.providerId), eq(providers.workspaceId, workspaceId)))
            .for('update')
        )[0]
      : undefined;
    if (input.providerId && !provider) throw new AppError('not_found', 'That provider was not found in this workspace.');

    const slug = overrides.slug ?? slugify(overrides.name ?? imported.info.title);
    if (!provider) {
      const [existing] = await tx
        .select()
        .from(providers)
        .where(and(eq(providers.workspaceId, workspaceId), eq(providers.slug, slug)))
        .for('update');
      if (existing && input.onExistingSlug !== 'new-version') {
        throw new AppError('conflict', `A provider with the slug "${slug}" already exists. Open it and import a new version there, or choose another slug.`, {
          fields: { slug: ['This slug is taken in this workspace.'] },
        });
      }
      provider = existing;
    }

    if (provider) {
      const [same] = await tx
        .select({ id: providerVersions.id, number: providerVersions.number })
        .from(providerVersions)
        .where(and(eq(providerVersions.providerId, provider.id), eq(providerVersions.contentHash, imported.contentHash)));
      if (same) {
        return {
          providerId: provider.id,
          providerSlug: provider.slug,
          versionId: same.id,
          versionNumber: same.number,
          created: 'unchanged',
          operations: imported.operations.length,
          diff: null,
        };
      }
    }

    const createdProvider = !provider;
    if (!provider) {
      [provider] = await tx
        .insert(providers)
        .values({
          workspaceId,
          slug,
          name: overrides.name?.trim() || imported.info.title,
          description: overrides.description ?? imported.info.description?.slice(0, 2000) ?? null,
          // Only a logo served by this app (a catalogue's bundled one); a document's x-logo names a third-party host.
          logoUrl: overrides.logoUrl ?? null,
          source: input.source,
          sourceUrl: input.sourceUrl ?? null,
          createdBy: actor.id,
        })
        .returning();
    }
    const target = provider!;

    let diff: VersionDiff | null = null;
    if (target.currentVersionId) {
      // Both sides in their stored form, so the comparison sees exactly what will be kept.
      const before = await snapshotOfVersion({ db: tx, workspaceId, versionId: target.currentVersionId });
      const after: VersionSnapshot = { operations: [], servers: imported.servers, securitySchemes: imported.securitySchemes };
      for (const op of imported.operations) {
        after.operations.push(diffableOperation(operationRow(workspaceId, target.id, '', op)));
        await slices.check();
      }
      diff = await diffVersionsInSlices(before, after, slices);
    }

    const number = target.versionCount + 1;
    const [version] = await tx
      .insert(providerVersions)
      .values({
        workspaceId,
        providerId: target.id,
        number,
        contentHash: imported.contentHash,
        documentVersion: imported.info.version,
        openapiVersion: imported.originalVersion,
        format: imported.format,
        document: await gzipInThreadPool(input.text),
        documentBytes: Buffer.byteLength(input.text),
        source: input.source,
        sourceUrl: input.sourceUrl ?? null,
        info: imported.info,
        servers: imported.servers,
        securitySchemes: imported.securitySchemes,
        security: imported.security,
        tags: imported.tags,
        warnings: imported.problems,
        unresolvedRefs: imported.unresolvedRefs,
        diff,
        previousVersionId: target.currentVersionId,
        operationCount: imported.operations.length,
        toolTokens: imported.counts.toolTokens,
        createdBy: actor.id,
      })
      .returning({ id: providerVersions.id });

    let size = insertBatch.first;
    for (let start = 0; start < imported.operations.length;) {
      await slices.next();
      const started = performance.now();
      const batch = imported.operations.slice(start, start + size).map((op) => operationRow(workspaceId, target.id, version!.id, op));
      start += batch.length;
      await tx.insert(operations).values(batch);
      const ms = Math.max(performance.now() - started, 1);
      size = Math.round(Math.min(insertBatch.max, Math.max(insertBatch.min, size * Math.min(2, insertBatch.targetMs / ms))));
    }

    await tx
      .update(providers)
      .set({
        currentVersionId: version!.id,
        operationCount: imported.operations.length,
        versionCount: sql`${providers.versionCount} + 1`,
        ...(createdProvider ? {} : { sourceUrl: input.sourceUrl ?? target.sourceUrl }),
      })
      .where(eq(providers.id, target.id));

    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: createdProvider ? 'provider.imported' : 'provider.version_added',
      target: { type: 'provider', id: target.id, label: target.name },
      summary: {
        version: number,
        documentVersion: imported.info.version,
        operations: imported.operations.length,
        source: input.source,
        ...(input.sourceUrl ? { url: input.sourceUrl.split('?')[0] } : {}),
        ...(diff ? { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, breaking: diff.breaking } : {}),
      },
    });

    return {
      providerId: target.id,
      providerSlug: target.slug,
      versionId: version!.id,
      versionNumber: number,
      created: createdProvider ? 'provider' : 'version',
      operations: imported.operations.length,
      diff,
    };
  });
}
