import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { userIdentities, users, type User } from '@/db/schema';
import { AppError, invalid } from '@/lib/errors';
import { burnPasswordCheck, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address, like ada@example.com.' }));

export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(256, 'Use at most 256 characters.');

export const nameSchema = z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.');

export type PublicUser = Pick<User, 'id' | 'email' | 'name'>;

export async function findUserByEmail({ db, email }: { db: Db; email: string }) {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return user;
}

export async function findUserById({ db, id }: { db: Db; id: string }) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function createUser({ db, email, name, password }: { db: Db; email: string; name: string; password?: string }): Promise<User> {
  const passwordHash = password === undefined ? null : await hashPassword(password);
  const [user] = await db.insert(users).values({ email: email.trim().toLowerCase(), name: name.trim(), passwordHash }).onConflictDoNothing({ target: users.email }).returning();
  if (!user) throw new AppError('conflict', 'An account with this email already exists. Sign in instead.');
  return user;
}

/** Checks an email and password. Returns the user, or null without saying which part was wrong. */
export async function authenticate({ db, email, password }: { db: Db; email: string; password: string }) {
  const user = await findUserByEmail({ db, email });
  if (!user?.passwordHash) return burnPasswordCheck(password).then(() => null);
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

export async function recordSignIn({ db, userId }: { db: Db; userId: string }) {
  await db
    .update(users)
    .set({ lastSignInAt: sql`now()` })
    .where(eq(users.id, userId));
}

/**
 * Finds or creates the user for an OpenID Connect identity. An existing account is linked by
 * email only when the provider says the email is verified.
 */
export async function userForOidcIdentity({
  db,
  issuer,
  subject,
  email,
  emailVerified,
  name,
}: {
  db: Db;
  issuer: string;
  subject: string;
  email?: string | null;
  emailVerified?: boolean;
  name?: string | null;
}): Promise<User> {
  return db.transaction(async (tx) => {
    const [linked] = await tx
      .select({ user: users })
      .from(userIdentities)
      .innerJoin(users, eq(users.id, userIdentities.userId))
      .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)));
    if (linked) return linked.user;

    if (!email) throw invalid('The identity provider did not share an email address, so no account can be matched.');
    const normalised = email.trim().toLowerCase();
    let user = await findUserByEmail({ db: tx, email: normalised });
    if (user && !emailVerified) {
      throw new AppError('forbidden', 'An account with this email exists, but the identity provider did not verify the email. Sign in with your password.');
    }
    user ??= await createUser({ db: tx, email: normalised, name: name?.trim() || normalised.split('@')[0]! });
    await tx.insert(userIdentities).values({ userId: user.id, issuer, subject }).onConflictDoNothing();
    return user;
  });
}
