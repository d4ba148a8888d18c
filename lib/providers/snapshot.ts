import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { operations, providerVersions, type OperationRow } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { VersionSnapshot } from '@/lib/openapi';

/** An operation row in the shape the version diff compares. */
export function diffableOperation(row: Pick<OperationRow, 'method' | 'path' | 'operationId' | 'summary' | 'description' | 'deprecated' | 'fingerprint' | 'toolName' | 'detail'>) {
  return {
    method: row.method,
    path: row.path,
    operationId: row.operationId ?? undefined,
    summary: row.summary ?? undefined,
    description: row.description ?? undefined,
    deprecated: row.deprecated,
    fingerprint: row.fingerprint,
    parameters: row.detail.parameters,
    requestBody: row.detail.requestBody,
    responses: row.detail.responses,
    security: row.detail.security,
    servers: row.detail.servers,
    tool: { name: row.toolName, description: row.detail.toolDescription, inputSchema: row.detail.inputSchema },
  };
}

/** What the diff needs of a stored version: its operations, servers and security schemes. */
export async function snapshotOfVersion({ db, workspaceId, versionId }: { db: Db; workspaceId: string; versionId: string }): Promise<VersionSnapshot> {
  const [version] = await db
    .select({ servers: providerVersions.servers, securitySchemes: providerVersions.securitySchemes })
    .from(providerVersions)
    .where(and(eq(providerVersions.id, versionId), eq(providerVersions.workspaceId, workspaceId)));
  if (!version) throw new AppError('not_found', 'That version was not found in this workspace.');
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
    .where(and(eq(operations.versionId, versionId), eq(operations.workspaceId, workspaceId)));
  return { operations: rows.map(diffableOperation), servers: version.servers, securitySchemes: version.securitySchemes };
}
