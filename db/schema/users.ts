import { index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './_columns';

export const users = pgTable('users', {
  id: id(),
  /** Always stored lower-cased; the unique index relies on it. */
  email: text().notNull().unique(),
  name: text().notNull(),
  /** Null for people who only ever sign in through SSO. */
  passwordHash: text(),
  lastSignInAt: timestamp({ withTimezone: true }),
  /** Bumped by sign-out, "sign out everywhere" and a password change: sessions carrying an older one are over. */
  sessionVersion: integer().notNull().default(0),
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

/**
 * Failed sign-ins, per account (`account:<email>`) and per client address (`ip:<address>`), kept in
 * the database so the throttle holds across app instances. Delays grow with the failures and
 * expire; nothing locks an account for good.
 */
export const signInThrottles = pgTable('sign_in_throttles', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  /** No attempt is checked before this time (429 with Retry-After). */
  blockedUntil: timestamp({ withTimezone: true }),
  lastFailureAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** When the account's owner was last told about failed attempts (once per burst). */
  notifiedAt: timestamp({ withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type SignInThrottle = typeof signInThrottles.$inferSelect;
export type NewUser = typeof users.$inferInsert;
