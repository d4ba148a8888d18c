import { boolean, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './_columns';
import { providers } from './providers';
import { users } from './users';
import { workspaces } from './workspaces';

/** The changelog the catalogue publishes for a version, against the version before it. */
export type CatalogChangelog = { added: number; removed: number; changed: number; breaking: string[]; summary: string };

/**
 * The last catalogue index fetched from a source (bundled or CENTRAL_REPOSITORY_URL), kept so a
 * re-sync can ask "changed since?" with one conditional request.
 */
export const catalogSnapshots = pgTable('catalog_snapshots', {
  /** The catalogue's base URL, or "bundled". */
  source: text().primaryKey(),
  indexHash: text().notNull(),
  etag: text(),
  lastModified: text(),
  /** The parsed index (lib/catalog/format.ts `CatalogIndex`). */
  index: jsonb().notNull(),
  fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const updatePolicies = ['auto_non_breaking', 'manual'] as const;
export type UpdatePolicy = (typeof updatePolicies)[number];

/** A catalogue provider a workspace selected, and where its copy stands against the catalogue. */
export const repositorySelections = pgTable(
  'repository_selections',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The provider's id in the catalogue. */
    catalogId: text().notNull(),
    name: text().notNull(),
    /** The workspace provider it became, once synced. */
    providerId: uuid(),
    policy: text().$type<UpdatePolicy>().notNull().default('auto_non_breaking'),
    /** The catalogue version the workspace's current copy came from. */
    syncedVersion: text(),
    syncedSha256: text(),
    /** A newer catalogue version not applied yet (held because breaking, or manual policy). */
    availableVersion: text(),
    availableSha256: text(),
    availableChangelog: jsonb().$type<CatalogChangelog>(),
    availableBreaking: boolean().notNull().default(false),
    lastSyncedAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.catalogId),
    index().on(t.providerId),
    foreignKey({ name: 'repository_selections_provider_fk', columns: [t.workspaceId, t.providerId], foreignColumns: [providers.workspaceId, providers.id] }).onDelete('set null'),
  ],
);

export const syncTriggers = ['manual', 'cron', 'setup'] as const;
export type SyncTrigger = (typeof syncTriggers)[number];
export const syncRunStatuses = ['running', 'succeeded', 'partial', 'failed'] as const;
export type SyncRunStatus = (typeof syncRunStatuses)[number];

export type SyncOutcome = {
  catalogId: string;
  name: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'held' | 'failed' | 'pending';
  version?: string;
  message?: string;
};

/** One sync of a workspace's selections, manual or by cron, with the outcome per provider. */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    trigger: text().$type<SyncTrigger>().notNull(),
    status: text().$type<SyncRunStatus>().notNull().default('running'),
    source: text().notNull(),
    indexHash: text(),
    /** Progress while it runs: providers done out of total. */
    total: integer().notNull().default(0),
    done: integer().notNull().default(0),
    results: jsonb().$type<SyncOutcome[]>().notNull().default([]),
    error: text(),
    startedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    startedAt: createdAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.workspaceId, t.startedAt)],
);

/** A named lease that makes overlapping cron runs do the work once, on PGlite and PostgreSQL alike. */
export const jobLeases = pgTable('job_leases', {
  name: text().primaryKey(),
  holder: text().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  updatedAt: updatedAt(),
});

export type RepositorySelection = typeof repositorySelections.$inferSelect;
export type SyncRun = typeof syncRuns.$inferSelect;
