import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  foreignKey,
  type PgTableExtraConfigValue,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  DocumentInfo,
  JsonObject,
  OperationParameter,
  OperationRequestBody,
  OperationResponse,
  Problem,
  SecurityRequirement,
  Server,
  ToolArgument,
  UnresolvedRef,
  VersionDiff,
} from '@/lib/openapi';
import { createdAt, id, updatedAt } from './_columns';
import { users } from './users';
import { workspaces } from './workspaces';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const providerSources = ['upload', 'url', 'repository'] as const;
export type ProviderSource = (typeof providerSources)[number];
export const providerSourceEnum = pgEnum('provider_source', providerSources);

export const providers = pgTable(
  'providers',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    slug: text().notNull(),
    name: text().notNull(),
    description: text(),
    logoUrl: text(),
    source: providerSourceEnum().notNull(),
    /** Where the document came from, for URL and repository sources. */
    sourceUrl: text(),
    /** Same-workspace version (composite key); deleting it clears only this column (see migration 0006). */
    currentVersionId: uuid(),
    /** Kept in step with the current version and the version count, so the list needs no joins. */
    operationCount: integer().notNull().default(0),
    versionCount: integer().notNull().default(0),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Annotated: providers and provider_versions reference each other.
  (t): PgTableExtraConfigValue[] => [
    unique().on(t.workspaceId, t.slug),
    unique('providers_workspace_id_id_key').on(t.workspaceId, t.id),
    index().on(t.workspaceId, t.name),
    index().on(t.workspaceId, t.updatedAt),
    foreignKey({
      name: 'providers_current_version_fk',
      columns: [t.workspaceId, t.currentVersionId],
      foreignColumns: [providerVersions.workspaceId, providerVersions.id],
    }).onDelete('set null'),
  ],
);

export const providerVersions = pgTable(
  'provider_versions',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    providerId: uuid().notNull(),
    /** 1, 2, 3… per provider. */
    number: integer().notNull(),
    contentHash: text().notNull(),
    /** The document's own info.version. */
    documentVersion: text().notNull(),
    /** 2.0, 3.0.3, 3.1.0… as uploaded. */
    openapiVersion: text().notNull(),
    format: text().$type<'json' | 'yaml'>().notNull(),
    /** The uploaded text, gzip-compressed. Never the dereferenced document (it can be exponential). */
    document: bytea().notNull(),
    documentBytes: integer().notNull(),
    source: providerSourceEnum().notNull(),
    sourceUrl: text(),
    info: jsonb().$type<DocumentInfo>().notNull(),
    servers: jsonb().$type<Server[]>().notNull(),
    securitySchemes: jsonb().$type<Record<string, JsonObject>>().notNull(),
    security: jsonb().$type<SecurityRequirement[]>().notNull(),
    tags: jsonb().$type<{ name: string; description?: string }[]>().notNull(),
    warnings: jsonb().$type<Problem[]>().notNull(),
    unresolvedRefs: jsonb().$type<UnresolvedRef[]>().notNull(),
    /** Against the version imported before this one; null for the first. */
    diff: jsonb().$type<VersionDiff>(),
    previousVersionId: uuid(),
    operationCount: integer().notNull(),
    toolTokens: integer().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t): PgTableExtraConfigValue[] => [
    unique().on(t.providerId, t.number),
    unique().on(t.providerId, t.contentHash),
    unique('provider_versions_workspace_id_id_key').on(t.workspaceId, t.id),
    index().on(t.workspaceId),
    foreignKey({ name: 'provider_versions_provider_fk', columns: [t.workspaceId, t.providerId], foreignColumns: [providers.workspaceId, providers.id] }).onDelete('cascade'),
  ],
);

export type OperationDetail = {
  parameters: OperationParameter[];
  requestBody?: OperationRequestBody;
  responses: OperationResponse[];
  security: SecurityRequirement[];
  servers?: Server[];
  arguments: ToolArgument[];
  inputSchema: JsonObject;
  toolDescription: string;
  toolTruncated: boolean;
  pointer: string;
};

export const operations = pgTable(
  'operations',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    providerId: uuid().notNull(),
    versionId: uuid().notNull(),
    toolName: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    operationId: text(),
    summary: text(),
    description: text(),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    deprecated: boolean().notNull().default(false),
    fingerprint: text().notNull(),
    toolTokens: integer().notNull(),
    /** Lower-cased path, operationId, summary and description: what endpoint search matches. */
    searchText: text().notNull(),
    detail: jsonb().$type<OperationDetail>().notNull(),
  },
  (t) => [
    unique().on(t.versionId, t.toolName),
    index().on(t.versionId, t.path, t.method),
    index('operations_search_trgm').using('gin', t.searchText.op('gin_trgm_ops')),
    index().on(t.workspaceId),
    foreignKey({ name: 'operations_provider_fk', columns: [t.workspaceId, t.providerId], foreignColumns: [providers.workspaceId, providers.id] }).onDelete('cascade'),
    foreignKey({ name: 'operations_version_fk', columns: [t.workspaceId, t.versionId], foreignColumns: [providerVersions.workspaceId, providerVersions.id] }).onDelete('cascade'),
  ],
);

/**
 * Curation: the tools a person turned off, by name. Keyed by provider and tool name rather than
 * by operation row, so it carries over to every later version that keeps the tool.
 */
export const disabledTools = pgTable(
  'disabled_tools',
  {
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    providerId: uuid().notNull(),
    toolName: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.providerId, t.toolName] }),
    foreignKey({ name: 'disabled_tools_provider_fk', columns: [t.workspaceId, t.providerId], foreignColumns: [providers.workspaceId, providers.id] }).onDelete('cascade'),
  ],
);

export const importJobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ImportJobStatus = (typeof importJobStatuses)[number];

export type ImportJobResult = {
  providerId: string;
  providerSlug: string;
  versionId: string;
  versionNumber: number;
  created: 'provider' | 'version' | 'unchanged';
  operations: number;
};

/** One import as the person waiting for it sees it: its phase while it runs, its outcome after. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    status: text().$type<ImportJobStatus>().notNull().default('queued'),
    phase: text(),
    sourceLabel: text().notNull(),
    /** Set when the import targets an existing provider (a re-import). */
    providerId: uuid(),
    result: jsonb().$type<ImportJobResult>(),
    error: text(),
    problems: jsonb().$type<Problem[]>(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.workspaceId, t.createdAt),
    foreignKey({ name: 'import_jobs_provider_fk', columns: [t.workspaceId, t.providerId], foreignColumns: [providers.workspaceId, providers.id] }).onDelete('cascade'),
  ],
);

export type Provider = typeof providers.$inferSelect;
export type ProviderVersion = typeof providerVersions.$inferSelect;
export type OperationRow = typeof operations.$inferSelect;
export type ImportJob = typeof importJobs.$inferSelect;
