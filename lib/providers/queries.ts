import 'server-only';
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { gunzipSync } from 'node:zlib';
import type { Db } from '@/db/client';
import { connectors, disabledTools, operations, providers, providerVersions } from '@/db/schema';
import { AppError } from '@/lib/errors';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const providerSorts = ['name', 'updated', 'operations'] as const;
export type ProviderSort = (typeof providerSorts)[number];

export async function listProviders({
  db,
  workspaceId,
  search,
  sort = 'name',
  limit = 50,
  offset = 0,
}: {
  db: Db;
  workspaceId: string;
  search?: string;
  sort?: ProviderSort;
  limit?: number;
  offset?: number;
}) {
  const conditions: SQL[] = [eq(providers.workspaceId, workspaceId)];
  if (search?.trim()) {
    const pattern = `%${escapeLike(search.trim())}%`;
    conditions.push(or(ilike(providers.name, pattern), ilike(providers.slug, pattern), ilike(providers.description, pattern))!);
  }
  const order = sort === 'updated' ? [desc(providers.updatedAt)] : sort === 'operations' ? [desc(providers.operationCount), asc(providers.name)] : [asc(providers.name)];
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: providers.id,
        slug: providers.slug,
        name: providers.name,
        description: providers.description,
        logoUrl: providers.logoUrl,
        source: providers.source,
        operationCount: providers.operationCount,
        versionCount: providers.versionCount,
        connectorCount: sql<number>`(select count(*)::int from ${connectors} where ${connectors.providerId} = ${providers.id})`,
        updatedAt: providers.updatedAt,
        currentVersion: providerVersions.number,
        documentVersion: providerVersions.documentVersion,
      })
      .from(providers)
      .leftJoin(providerVersions, eq(providerVersions.id, providers.currentVersionId))
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(providers).where(where),
  ]);
  return { providers: rows, total: total?.n ?? 0 };
}

export async function getProviderBySlug({ db, workspaceId, slug }: { db: Db; workspaceId: string; slug: string }) {
  const [provider] = await db
    .select()
    .from(providers)
    .where(and(eq(providers.workspaceId, workspaceId), eq(providers.slug, slug)));
  if (!provider) throw new AppError('not_found', 'That provider was not found in this workspace.');
  return provider;
}

export async function getProviderById({ db, workspaceId, id }: { db: Db; workspaceId: string; id: string }) {
  const [provider] = await db
    .select()
    .from(providers)
    .where(and(eq(providers.workspaceId, workspaceId), eq(providers.id, id)));
  if (!provider) throw new AppError('not_found', 'That provider was not found in this workspace.');
  return provider;
}

const versionSummaryColumns = {
  id: providerVersions.id,
  number: providerVersions.number,
  documentVersion: providerVersions.documentVersion,
  openapiVersion: providerVersions.openapiVersion,
  format: providerVersions.format,
  source: providerVersions.source,
  sourceUrl: providerVersions.sourceUrl,
  operationCount: providerVersions.operationCount,
  toolTokens: providerVersions.toolTokens,
  documentBytes: providerVersions.documentBytes,
  contentHash: providerVersions.contentHash,
  diff: providerVersions.diff,
  createdAt: providerVersions.createdAt,
};

export async function listVersions({ db, workspaceId, providerId }: { db: Db; workspaceId: string; providerId: string }) {
  return db
    .select(versionSummaryColumns)
    .from(providerVersions)
    .where(and(eq(providerVersions.workspaceId, workspaceId), eq(providerVersions.providerId, providerId)))
    .orderBy(desc(providerVersions.number));
}

export async function getVersion({ db, workspaceId, versionId }: { db: Db; workspaceId: string; versionId: string }) {
  const [version] = await db
    .select({
      ...versionSummaryColumns,
      providerId: providerVersions.providerId,
      info: providerVersions.info,
      servers: providerVersions.servers,
      securitySchemes: providerVersions.securitySchemes,
      security: providerVersions.security,
      tags: providerVersions.tags,
      warnings: providerVersions.warnings,
      unresolvedRefs: providerVersions.unresolvedRefs,
    })
    .from(providerVersions)
    .where(and(eq(providerVersions.workspaceId, workspaceId), eq(providerVersions.id, versionId)));
  if (!version) throw new AppError('not_found', 'That version was not found in this workspace.');
  return version;
}

export async function getVersionByNumber({ db, workspaceId, providerId, number }: { db: Db; workspaceId: string; providerId: string; number: number }) {
  const [row] = await db
    .select({ id: providerVersions.id })
    .from(providerVersions)
    .where(and(eq(providerVersions.workspaceId, workspaceId), eq(providerVersions.providerId, providerId), eq(providerVersions.number, number)));
  if (!row) throw new AppError('not_found', `Version ${number} of this provider was not found.`);
  return getVersion({ db, workspaceId, versionId: row.id });
}

/** The uploaded document of a version, as it was uploaded. */
export async function getVersionDocument({ db, workspaceId, versionId }: { db: Db; workspaceId: string; versionId: string }) {
  const [row] = await db
    .select({ document: providerVersions.document, format: providerVersions.format, number: providerVersions.number })
    .from(providerVersions)
    .where(and(eq(providerVersions.workspaceId, workspaceId), eq(providerVersions.id, versionId)));
  if (!row) throw new AppError('not_found', 'That version was not found in this workspace.');
  return { text: gunzipSync(row.document).toString('utf8'), format: row.format, number: row.number };
}

export type OperationFilter = { search?: string; tag?: string; method?: string };

function operationConditions(workspaceId: string, versionId: string, filter: OperationFilter): SQL[] {
  const conditions: SQL[] = [eq(operations.workspaceId, workspaceId), eq(operations.versionId, versionId)];
  if (filter.search?.trim()) conditions.push(sql`${operations.searchText} like ${`%${escapeLike(filter.search.trim().toLowerCase())}%`}`);
  if (filter.tag) conditions.push(sql`${filter.tag} = any(${operations.tags})`);
  if (filter.method) conditions.push(eq(operations.method, filter.method.toUpperCase()));
  return conditions;
}

const operationListColumns = {
  id: operations.id,
  toolName: operations.toolName,
  method: operations.method,
  path: operations.path,
  operationId: operations.operationId,
  summary: operations.summary,
  tags: operations.tags,
  deprecated: operations.deprecated,
  toolTokens: operations.toolTokens,
};

/** One page of a version's endpoints, with the total that match, each with its enabled state. */
export async function listOperations({
  db,
  workspaceId,
  providerId,
  versionId,
  filter = {},
  limit = 50,
  offset = 0,
}: {
  db: Db;
  workspaceId: string;
  providerId: string;
  versionId: string;
  filter?: OperationFilter;
  limit?: number;
  offset?: number;
}) {
  const where = and(...operationConditions(workspaceId, versionId, filter));
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...operationListColumns, disabled: sql<boolean>`${disabledTools.toolName} is not null` })
      .from(operations)
      .leftJoin(disabledTools, and(eq(disabledTools.providerId, providerId), eq(disabledTools.toolName, operations.toolName)))
      .where(where)
      .orderBy(asc(operations.path), asc(operations.method))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(operations).where(where),
  ]);
  return { operations: rows.map(({ disabled, ...row }) => ({ ...row, enabled: !disabled })), total: total?.n ?? 0 };
}

/** Tags and methods of a version with their operation counts, for the endpoint filters. */
export async function operationFacets({ db, workspaceId, versionId }: { db: Db; workspaceId: string; versionId: string }) {
  const [tags, methods] = await Promise.all([
    db.execute<{ tag: string; n: number }>(
      sql`select tag, count(*)::int as n from ${operations}, unnest(${operations.tags}) as tag where ${operations.workspaceId} = ${workspaceId} and ${operations.versionId} = ${versionId} group by tag order by tag`,
    ),
    db
      .select({ method: operations.method, n: count() })
      .from(operations)
      .where(and(eq(operations.workspaceId, workspaceId), eq(operations.versionId, versionId)))
      .groupBy(operations.method)
      .orderBy(operations.method),
  ]);
  return { tags: rowsOf<{ tag: string; n: number }>(tags).map((r) => ({ tag: r.tag, count: Number(r.n) })), methods: methods.map((m) => ({ method: m.method, count: m.n })) };
}

/** drizzle returns rows directly on postgres.js and inside `.rows` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

export async function getOperation({ db, workspaceId, operationId }: { db: Db; workspaceId: string; operationId: string }) {
  const [row] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.workspaceId, workspaceId), eq(operations.id, operationId)));
  if (!row) throw new AppError('not_found', 'That operation was not found in this workspace.');
  return row;
}

/** Endpoint search across the current versions of every provider of the workspace. */
export async function searchAllOperations({ db, workspaceId, search, limit = 50 }: { db: Db; workspaceId: string; search: string; limit?: number }) {
  const term = search.trim().toLowerCase();
  if (term.length < 2) return [];
  return db
    .select({ ...operationListColumns, providerSlug: providers.slug, providerName: providers.name })
    .from(operations)
    .innerJoin(providers, and(eq(providers.currentVersionId, operations.versionId), eq(providers.workspaceId, workspaceId)))
    .where(and(eq(operations.workspaceId, workspaceId), sql`${operations.searchText} like ${`%${escapeLike(term)}%`}`))
    .orderBy(asc(providers.name), asc(operations.path))
    .limit(limit);
}

export async function toolNamesOf({ db, workspaceId, versionId, filter }: { db: Db; workspaceId: string; versionId: string; filter: OperationFilter }) {
  const rows = await db
    .select({ toolName: operations.toolName })
    .from(operations)
    .where(and(...operationConditions(workspaceId, versionId, filter)));
  return rows.map((r) => r.toolName);
}
