import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { operations, providerVersions, type OperationDetail, type OperationRow } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { TimeSlices, type JsonObject, type VersionSnapshot } from '@/lib/openapi';

/**
 * Parameter and body schemas are the very objects inside the tool's input schema, so they are
 * stored once (in the input schema) and put back here: on Microsoft Graph this halves what each
 * version stores.
 */
export function withSchemas(detail: OperationDetail): OperationDetail {
  const properties = (detail.inputSchema.properties ?? {}) as Record<string, JsonObject>;
  const argumentFor = (location: string, name?: string) => detail.arguments.find((a) => a.in === location && (name === undefined || a.parameterName === name));
  return {
    ...detail,
    parameters: detail.parameters.map((p) => (p.schema ? p : { ...p, schema: properties[argumentFor(p.in, p.name)?.name ?? ''] })),
    requestBody: detail.requestBody && !detail.requestBody.schema ? { ...detail.requestBody, schema: properties[argumentFor('body')?.name ?? ''] } : detail.requestBody,
  };
}

/** The stored form of a detail: without the schemas `withSchemas` can put back. */
export function withoutSchemas(detail: OperationDetail): OperationDetail {
  return {
    ...detail,
    parameters: detail.parameters.map(({ schema: _schema, ...p }) => p),
    requestBody: detail.requestBody && (({ schema: _schema, ...b }) => b)(detail.requestBody),
  };
}

/** An operation row in the shape the version diff compares. */
export function diffableOperation(row: Pick<OperationRow, 'method' | 'path' | 'operationId' | 'summary' | 'description' | 'deprecated' | 'fingerprint' | 'toolName' | 'detail'>) {
  const detail = withSchemas(row.detail);
  return {
    method: row.method,
    path: row.path,
    operationId: row.operationId ?? undefined,
    summary: row.summary ?? undefined,
    description: row.description ?? undefined,
    deprecated: row.deprecated,
    fingerprint: row.fingerprint,
    parameters: detail.parameters,
    requestBody: detail.requestBody,
    responses: detail.responses,
    security: detail.security,
    servers: detail.servers,
    tool: { name: row.toolName, description: detail.toolDescription, inputSchema: detail.inputSchema },
  };
}

/** Rows fetched at a time when a version is read back for the diff. */
const snapshotPage = 250;

type StoredOperation = Parameters<typeof diffableOperation>[0];

/**
 * What the diff needs of a stored version: its operations, servers and security schemes. The
 * operations come through a cursor, a page at a time with a turn of the event loop between pages:
 * one query for 100,000 rows would block the server (on PGlite the database runs on the main
 * thread). A cursor reads the version once; paging with LIMIT re-planned every page and, without
 * statistics, sorted half the version again each time.
 */
export async function snapshotOfVersion({ db, workspaceId, versionId }: { db: Db; workspaceId: string; versionId: string }): Promise<VersionSnapshot> {
  const [version] = await db
    .select({ servers: providerVersions.servers, securitySchemes: providerVersions.securitySchemes })
    .from(providerVersions)
    .where(and(eq(providerVersions.id, versionId), eq(providerVersions.workspaceId, workspaceId)));
  if (!version) throw new AppError('not_found', 'That version was not found in this workspace.');
  const snapshot: VersionSnapshot = { operations: [], servers: version.servers, securitySchemes: version.securitySchemes };
  const slices = new TimeSlices();
  const cursor = `version_snapshot_${randomUUID().replaceAll('-', '')}`;
  // A cursor lives in a transaction: its own, or a savepoint in the caller's.
  await db.transaction(async (tx) => {
    await tx.execute(sql`declare ${sql.raw(cursor)} no scroll cursor for
      select ${operations.method} as "method", ${operations.path} as "path", ${operations.operationId} as "operationId", ${operations.summary} as "summary",
        ${operations.description} as "description", ${operations.deprecated} as "deprecated", ${operations.fingerprint} as "fingerprint",
        ${operations.toolName} as "toolName", ${operations.detail} as "detail"
      from ${operations} where ${operations.versionId} = ${versionId} and ${operations.workspaceId} = ${workspaceId}`);
    for (;;) {
      const result = (await tx.execute(sql.raw(`fetch ${snapshotPage} from ${cursor}`))) as unknown as StoredOperation[] | { rows: StoredOperation[] };
      const rows = Array.isArray(result) ? result : result.rows;
      for (const row of rows) {
        snapshot.operations.push(diffableOperation(row));
        await slices.check();
      }
      if (rows.length < snapshotPage) break;
      await slices.next();
    }
    await tx.execute(sql.raw(`close ${cursor}`));
  });
  return snapshot;
}
