import { bigint, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './_columns';
import { connectors } from './connectors';
import { providers } from './providers';
import { users } from './users';
import { workspaces } from './workspaces';

/** `tools:invoke:on-behalf` lets a token act for a named member (their own credentials); without it only shared connectors are used. */
export const apiScopes = ['tools:read', 'tools:invoke', 'tools:invoke:on-behalf', 'connectors:resolve', 'models:read', 'platform:write'] as const;
export type ApiScope = (typeof apiScopes)[number];

/** Workspace API tokens for machine clients. The token is shown once; only its sha256 is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** The token's first characters, to recognise it in lists ("pis_3fA9…"). */
    prefix: text().notNull(),
    tokenHash: text().notNull().unique(),
    scopes: text().array().$type<ApiScope[]>().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.workspaceId), unique('api_tokens_workspace_id_id_key').on(t.workspaceId, t.id)],
);

/** One call through the runtime: who, in which context, through which connector, how it went. Never bodies or secrets. */
export const invocations = pgTable(
  'invocations',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    callerType: text().$type<'api_token' | 'mcp' | 'user'>().notNull(),
    callerLabel: text().notNull(),
    context: jsonb().$type<Record<string, string>>().notNull(),
    /** The API token that made the call, when one did. */
    apiTokenId: uuid(),
    /** The member the call acted for (their own credentials), when it acted for one. */
    actingUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    providerId: uuid(),
    connectorId: uuid(),
    toolName: text().notNull(),
    operation: text(),
    status: integer(),
    latencyMs: integer().notNull(),
    attempts: integer().notNull().default(1),
    error: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.workspaceId, t.connectorId, t.createdAt.desc()),
    index().on(t.workspaceId, t.createdAt.desc()),
    // Deleting the token, provider or connector clears only that column (see migration 0006).
    foreignKey({ name: 'invocations_api_token_fk', columns: [t.workspaceId, t.apiTokenId], foreignColumns: [apiTokens.workspaceId, apiTokens.id] }).onDelete('set null'),
    foreignKey({ name: 'invocations_provider_fk', columns: [t.workspaceId, t.providerId], foreignColumns: [providers.workspaceId, providers.id] }).onDelete('set null'),
    foreignKey({ name: 'invocations_connector_fk', columns: [t.workspaceId, t.connectorId], foreignColumns: [connectors.workspaceId, connectors.id] }).onDelete('set null'),
  ],
);

export type ApiToken = typeof apiTokens.$inferSelect;
export type Invocation = typeof invocations.$inferSelect;
