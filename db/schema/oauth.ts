import { foreignKey, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './_columns';
import { connectors } from './connectors';
import { users } from './users';
import { workspaces } from './workspaces';

/**
 * One authorization-code flow in progress. The state sent to the provider is random; only its
 * sha256 is stored. Single use (`usedAt`), expiring, and bound to the person who started it.
 */
export const oauthStates = pgTable(
  'oauth_states',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    connectorId: uuid().notNull(),
    /** Who started the flow; only they may complete it. */
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Whose tokens the flow produces: the person's (per-user connector) or the connector's (null). */
    ownerUserId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    stateHash: text().notNull().unique(),
    /** The PKCE code verifier, encrypted like any other secret. */
    codeVerifier: text().notNull(),
    scopes: text().array().notNull(),
    redirectUri: text().notNull(),
    /** A path of this app to send the person back to. */
    returnTo: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.workspaceId),
    index().on(t.expiresAt),
    foreignKey({ name: 'oauth_states_connector_fk', columns: [t.workspaceId, t.connectorId], foreignColumns: [connectors.workspaceId, connectors.id] }).onDelete('cascade'),
  ],
);

export const oauthCredentialStatuses = ['connected', 'needs_reconnect'] as const;
export type OAuthCredentialStatus = (typeof oauthCredentialStatuses)[number];

/**
 * The tokens of one OAuth connection: a person's on a per-user connector, or the connector's own
 * (a builder's shared connection, or a client-credentials app token) when `userId` is null. The
 * row is also the lock that makes refresh single-flight across processes (SELECT … FOR UPDATE).
 */
export const oauthCredentials = pgTable(
  'oauth_credentials',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    connectorId: uuid().notNull(),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    status: text().$type<OAuthCredentialStatus>().notNull().default('connected'),
    statusReason: text(),
    /** Encrypted (vault format). */
    accessToken: text().notNull(),
    refreshToken: text(),
    tokenType: text().notNull().default('bearer'),
    expiresAt: timestamp({ withTimezone: true }),
    /** What the authorization server granted, which may differ from what was asked for. */
    grantedScopes: text().array().notNull(),
    /** What the connector asked for when this connection was made. */
    requestedScopes: text().array().notNull(),
    /** Consecutive failed refreshes for a transient reason (network, 5xx), and when to try again. */
    refreshFailures: integer().notNull().default(0),
    retryAfter: timestamp({ withTimezone: true }),
    lastRefreshedAt: timestamp({ withTimezone: true }),
    connectedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    connectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.connectorId, t.userId).nullsNotDistinct(),
    index().on(t.workspaceId),
    foreignKey({ name: 'oauth_credentials_connector_fk', columns: [t.workspaceId, t.connectorId], foreignColumns: [connectors.workspaceId, connectors.id] }).onDelete('cascade'),
  ],
);

export type OAuthState = typeof oauthStates.$inferSelect;
export type OAuthCredential = typeof oauthCredentials.$inferSelect;
