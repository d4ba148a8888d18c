import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './_columns';

export const users = pgTable('users', {
  id: id(),
  /** Always stored lower-cased; the unique index relies on it. */
  email: text().notNull().unique(),
  name: text().notNull(),
  /** Null for people who only ever sign in through SSO. */
  passwordHash: text(),
  lastSignInAt: timestamp({ withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Links a user to an identity at an external OpenID Connect provider. */
export const userIdentities = pgTable(
  'user_identities',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    issuer: text().notNull(),
    subject: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique().on(t.issuer, t.subject), index().on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
