import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, numeric, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './_columns';
import { users } from './users';
import { workspaces } from './workspaces';

export const modelStatuses = ['active', 'inactive'] as const;
export type ModelStatus = (typeof modelStatuses)[number];

/** A large language model the platform may use. Deleted models stay (soft delete) so past records resolve. */
export const llmModels = pgTable(
  'llm_models',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** openai, anthropic, google, mistral… lower-case. */
    provider: text().notNull(),
    /** The model identifier the provider's API takes, e.g. gpt-4.1. */
    identifier: text().notNull(),
    displayName: text().notNull(),
    status: text().$type<ModelStatus>().notNull().default('active'),
    features: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    inputModalities: text()
      .array()
      .notNull()
      .default(sql`'{text}'::text[]`),
    outputModalities: text()
      .array()
      .notNull()
      .default(sql`'{text}'::text[]`),
    /** Maximum input tokens (context window); null when unknown. */
    contextWindow: integer(),
    maxOutputTokens: integer(),
    /** Where it came from: typed by an admin, or a catalogue entry. */
    source: text().$type<'manual' | 'catalog'>().notNull().default('manual'),
    deletedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('llm_models_identifier_unique')
      .on(t.workspaceId, t.provider, t.identifier)
      .where(sql`${t.deletedAt} is null`),
    index().on(t.workspaceId),
    unique('llm_models_workspace_id_id_key').on(t.workspaceId, t.id),
  ],
);

/**
 * Prices per million tokens, as exact decimals (USD). Every change is a new row effective from a
 * date, so a cost can be computed at any past date. Null means unknown; 0 means free.
 */
export const llmModelPrices = pgTable(
  'llm_model_prices',
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    modelId: uuid().notNull(),
    effectiveFrom: timestamp({ withTimezone: true }).notNull(),
    inputPerMillion: numeric({ precision: 18, scale: 6 }),
    outputPerMillion: numeric({ precision: 18, scale: 6 }),
    cachedInputPerMillion: numeric({ precision: 18, scale: 6 }),
    cacheWritePerMillion: numeric({ precision: 18, scale: 6 }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.modelId, t.effectiveFrom),
    foreignKey({ name: 'llm_model_prices_model_fk', columns: [t.workspaceId, t.modelId], foreignColumns: [llmModels.workspaceId, llmModels.id] }).onDelete('cascade'),
  ],
);

export type LlmModel = typeof llmModels.$inferSelect;
export type LlmModelPrice = typeof llmModelPrices.$inferSelect;
