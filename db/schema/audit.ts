import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './_columns';
import { users } from './users';
import { workspaces } from './workspaces';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** Who acted, as they were known then: an email, "system", "cron", an API token's name. */
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    targetLabel: text(),
    /** Already redacted when written: never holds a secret. */
    summary: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ip: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.workspaceId, t.createdAt.desc(), t.id.desc()), index().on(t.workspaceId, t.action), index().on(t.workspaceId, t.actorId)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
