import { foreignKey, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './_columns';
import { providers } from './providers';
import { users } from './users';
import { workspaces } from './workspaces';

export const authTypes = ['none', 'api_key', 'basic', 'bearer', 'oauth2_code', 'oauth2_client_credentials'] as const;
export type AuthType = (typeof authTypes)[number];

export const connectorStatuses = ['active', 'needs_attention', 'disabled'] as const;
export type ConnectorStatus = (typeof connectorStatuses)[number];

export const credentialModes = ['shared', 'per_user'] as const;
export type CredentialMode = (typeof credentialModes)[number];

/** What an auth type needs besides its secrets. Never holds a secret. */
export type AuthConfig = {
  /** api_key: where the key goes. */
  apiKey?: { name: string; in: 'header' | 'query' | 'cookie'; prefix?: string };
  /** basic: the user name is not secret; the password is. */
  username?: string;
  /** oauth2_*: endpoints, scopes and how the client authenticates at the token endpoint. */
  oauth2?: {
    issuer?: string;
    authorizationUrl?: string;
    tokenUrl?: string;
    revocationUrl?: string;
    scopes: string[];
    clientId?: string;
    clientAuth: 'basic' | 'post';
    /**
     * The origins of the token and revocation endpoints the stored client secret and tokens are
     * bound to (lib/connectors/origin.ts). Set by the app, never by the form; absent until first use.
     */
    boundEndpointOrigins?: EndpointOrigins;
  };
  /** The security scheme of the document this was derived from, if any. */
  schemeName?: string;
};

/** Where an authorization server's secret-bearing endpoints are, as origins (scheme://host:port). */
export type EndpointOrigins = { tokenEndpoint?: string; revocationEndpoint?: string };

export type ExtraParameter = { name: string; secret: boolean; value?: string };

export const connectors = pgTable(
  'connectors',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    providerId: uuid().notNull(),
    name: text().notNull(),
    description: text(),
    /** production, staging, development, or free text. */
    environment: text().notNull().default('production'),
    status: text().$type<ConnectorStatus>().notNull().default('active'),
    statusReason: text(),
    authType: text().$type<AuthType>().notNull(),
    authConfig: jsonb().$type<AuthConfig>().notNull().default({}),
    credentialMode: text().$type<CredentialMode>().notNull().default('shared'),
    /** A server of the document, or an override. Server variables fill its {placeholders}. */
    baseUrl: text(),
    serverVariables: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Named extra values (a tenant id…); the secret ones are kept in connector_secrets. */
    extraParameters: jsonb().$type<ExtraParameter[]>().notNull().default([]),
    /** The operation "Test connection" calls; chosen automatically when unset. */
    testToolName: text(),
    /**
     * The origin (scheme://host:port) the stored credentials were entered for. When the origin a
     * call would go to differs, no stored secret is sent until someone who may set them confirms.
     * Null: not bound yet (bound to the current origin when credentials are next saved).
     */
    credentialsOrigin: text(),
    lastTestedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.workspaceId, t.providerId, t.name),
    unique('connectors_workspace_id_id_key').on(t.workspaceId, t.id),
    index().on(t.workspaceId, t.providerId),
    foreignKey({ name: 'connectors_provider_fk', columns: [t.workspaceId, t.providerId], foreignColumns: [providers.workspaceId, providers.id] }).onDelete('cascade'),
  ],
);

/**
 * Encrypted credentials. `userId` is null for a shared connector's secrets and set for a person's
 * own on a per-user connector. The value is `v1:<key id>:<iv>:<ciphertext+tag>` (AES-256-GCM).
 */
export const connectorSecrets = pgTable(
  'connector_secrets',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    connectorId: uuid().notNull(),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    /** api_key, password, token, client_secret, access_token, refresh_token, param:<name>… */
    name: text().notNull(),
    ciphertext: text().notNull(),
    updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique().on(t.connectorId, t.userId, t.name).nullsNotDistinct(),
    index().on(t.workspaceId),
    foreignKey({ name: 'connector_secrets_connector_fk', columns: [t.workspaceId, t.connectorId], foreignColumns: [connectors.workspaceId, connectors.id] }).onDelete('cascade'),
  ],
);

export type Connector = typeof connectors.$inferSelect;
export type ConnectorSecret = typeof connectorSecrets.$inferSelect;
