import 'server-only';
import { and, asc, eq, gt } from 'drizzle-orm';
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

/** Rows read per query when a version is read back for the diff. */
const snapshotPage = 250;

/**
 * What the diff needs of a stored version: its operations, servers and security schemes. The
 * operations are read a page at a time (in tool-name order, along the unique index) with a turn
 * of the event loop between pages: one query for 100,000 rows would block the server (on PGlite
 * the database runs on the main thread).
 */
export async function snapshotOfVersion({ db, workspaceId, versionId }: { db: Db; workspaceId: string; versionId: string }): Promise<VersionSnapshot> {
  const [version] = await db
    .select({ servers: providerVersions.servers, securitySchemes: providerVersions.securitySchemes })
    .from(providerVersions)
    .where(and(eq(providerVersions.id, versionId), eq(providerVersions.workspaceId, workspaceId)));
  if (!version) throw new AppError('not_found', 'That version was not found in this workspace.');
  const snapshot: VersionSnapshot = { operations: [], servers: version.servers, securitySchemes: version.securitySchemes };
  const slices = new TimeSlices();
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({
        method: operations.method,
        path: operations.path,
        operationId: operations.operationId,
        summary: operations.summary,
        description: operations.description,
        deprecated: operations.deprecated,
        fingerprint: operations.fingerprint,
        toolName: operations.toolName,
        detail: operations.detail,
      })
      .from(operations)
      .where(and(eq(operations.versionId, versionId), eq(operations.workspaceId, workspaceId), after === undefined ? undefined : gt(operations.toolName, after)))
      .orderBy(asc(operations.toolName))
      .limit(snapshotPage);
    for (const row of rows) {
      snapshot.operations.push(diffableOperation(row));
      await slices.check();
    }
    if (rows.length < snapshotPage) return snapshot;
    after = rows[rows.length - 1]!.toolName;
    await slices.next();
  }
}
