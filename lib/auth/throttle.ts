// Password sign-in with a throttle kept in the database, so it holds across app instances: per
// account and per client address, free attempts first, then delays that double up to a cap, and
// failures forgotten after a quiet period. Nothing locks an account for good.
import 'server-only';
import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { memberships, signInThrottles, workspaces, type User } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { log } from '@/lib/log';
import { notifyUsers } from '@/lib/notifications';
import { authenticate, findUserByEmail } from './users';

export type ThrottlePolicy = {
  /** Failures answered normally; the one that reaches this number starts the first delay. */
  freeAttempts: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** Failures older than this (counted from the last one) are forgotten. */
  quietSeconds: number;
};

export const accountPolicy: ThrottlePolicy = { freeAttempts: 5, firstDelaySeconds: 15, maxDelaySeconds: 15 * 60, quietSeconds: 60 * 60 };
/** Generous: an office behind one address, or a test suite, signs in many people from it. */
export const addressPolicy: ThrottlePolicy = { freeAttempts: 50, firstDelaySeconds: 15, maxDelaySeconds: 15 * 60, quietSeconds: 60 * 60 };

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

/** Seconds the next attempt waits after `failures` failures in a row. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeAttempts) return 0;
  return Math.min(policy.firstDelaySeconds * 2 ** Math.min(failures - policy.freeAttempts, 20), policy.maxDelaySeconds);
}

/** "Too many attempts. Try again in 2 minutes." */
export function throttledMessage(retryAfterSeconds: number): string {
  if (retryAfterSeconds < 60) return `Too many attempts. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`;
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

type Charged = { charged: true; key: string; failures: number; blockedUntil: Date | null };
type Blocked = { charged: false; key: string; blockedUntil: Date };

/**
 * Counts one attempt against `key` before the password is checked, in one atomic upsert, unless the
 * key is blocked now. Concurrent attempts queue on the row: once one of them starts a delay, the
 * others find the key blocked, so a burst cannot race past the limit.
 */
async function charge(db: Db, key: string, policy: ThrottlePolicy, now: Date): Promise<Charged | Blocked> {
  const t = signInThrottles;
  const at = sql`${now.toISOString()}::timestamptz`;
  const decayed = sql`${t.lastFailureAt} <= ${at} - make_interval(secs => ${policy.quietSeconds})`;
  const next = sql`(case when ${decayed} then 1 else ${t.failures} + 1 end)`;
  const exponent = sql`least(${next} - ${policy.freeAttempts}, 20)`;
  const blockedUntil = sql`(case when ${next} >= ${policy.freeAttempts}
    then ${at} + make_interval(secs => least(${policy.firstDelaySeconds} * power(2, ${exponent}), ${policy.maxDelaySeconds})) end)`;
  const firstDelay = delayAfter(1, policy);
  const [row] = await db
    .insert(t)
    .values({ key, failures: 1, lastFailureAt: now, blockedUntil: firstDelay ? new Date(now.getTime() + firstDelay * 1000) : null })
    .onConflictDoUpdate({
      target: t.key,
      set: { failures: sql`${next}`, blockedUntil: sql`${blockedUntil}`, lastFailureAt: sql`${at}`, notifiedAt: sql`case when ${decayed} then null else ${t.notifiedAt} end` },
      setWhere: or(isNull(t.blockedUntil), lte(t.blockedUntil, at)),
    })
    .returning({ failures: t.failures, blockedUntil: t.blockedUntil });
  if (row) return { charged: true, key, failures: row.failures, blockedUntil: row.blockedUntil };
  const [blocked] = await db.select({ blockedUntil: t.blockedUntil }).from(t).where(eq(t.key, key));
  return { charged: false, key, blockedUntil: blocked?.blockedUntil ?? new Date(now.getTime() + 1000) };
}

/** A right password takes back its own attempt: the account starts afresh, the address forgets one failure. */
async function forgive(db: Db, keys: { account: string; address: string | null }, policy: ThrottlePolicy) {
  await db.delete(signInThrottles).where(eq(signInThrottles.key, keys.account));
  if (!keys.address) return;
  const t = signInThrottles;
  await db
    .update(t)
    .set({ failures: sql`greatest(${t.failures} - 1, 0)`, blockedUntil: sql`case when ${t.failures} - 1 >= ${policy.freeAttempts} then ${t.blockedUntil} end` })
    .where(eq(t.key, keys.address));
}

const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

export type PasswordSignIn = { ok: true; user: User } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks an email and password behind the throttle. While the account or the address is blocked the
 * password is not checked at all (no argon2 work, and even the right one is refused); the delay
 * passes on its own. A failure that starts a delay is audited in each workspace of the account, and
 * its owner is notified once per burst.
 */
export async function signInWithPassword({
  db,
  email,
  password,
  ip,
  now = new Date(),
}: {
  db: Db;
  email: string;
  password: string;
  ip: string | null;
  now?: Date;
}): Promise<PasswordSignIn> {
  const keys = { account: accountKey(email), address: ip ? addressKey(ip) : null };
  // The address first: a blocked address spends nothing of the account's allowance.
  const charges: Charged[] = [];
  for (const [key, policy] of [
    [keys.address, addressPolicy],
    [keys.account, accountPolicy],
  ] as const) {
    if (!key) continue;
    const result = await charge(db, key, policy, now);
    if (!result.charged) return { ok: false, reason: 'throttled', retryAfterSeconds: secondsUntil(result.blockedUntil, now) };
    charges.push(result);
  }

  const user = await authenticate({ db, email, password });
  if (user) {
    await forgive(db, keys, addressPolicy);
    return { ok: true, user };
  }

  if (Math.random() < 0.02) await pruneThrottles({ db, now });
  const blocked = charges.filter((c) => c.blockedUntil && c.blockedUntil > now);
  if (blocked.length === 0) return { ok: false, reason: 'wrong' };
  const until = new Date(Math.max(...blocked.map((c) => c.blockedUntil!.getTime())));
  const retryAfterSeconds = secondsUntil(until, now);
  const account = blocked.find((c) => c.key === keys.account);
  if (account) await reportAccountThrottled({ db, email, ip, failures: account.failures, retryAfterSeconds, now });
  else log.warn('auth.sign_in_address_throttled', { failures: charges[0]?.failures, retryAfterSeconds });
  return { ok: false, reason: 'throttled', retryAfterSeconds };
}

async function reportAccountThrottled({
  db,
  email,
  ip,
  failures,
  retryAfterSeconds,
  now,
}: {
  db: Db;
  email: string;
  ip: string | null;
  failures: number;
  retryAfterSeconds: number;
  now: Date;
}) {
  const user = await findUserByEmail({ db, email });
  if (!user) return;
  const places = await db
    .select({ id: workspaces.id, slug: workspaces.slug })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, user.id));
  for (const workspace of places) {
    await recordAudit({
      db,
      workspaceId: workspace.id,
      actor: { id: null, label: 'sign-in attempt', ip },
      action: 'user.sign_in_throttled',
      target: { type: 'user', id: user.id, label: user.email },
      summary: { failures, retryAfterSeconds },
    });
  }
  // Once per burst: the first delay claims notifiedAt; it clears when the failures are forgotten.
  const [claimed] = await db
    .update(signInThrottles)
    .set({ notifiedAt: now })
    .where(and(eq(signInThrottles.key, accountKey(email)), isNull(signInThrottles.notifiedAt)))
    .returning({ key: signInThrottles.key });
  if (!claimed) return;
  for (const workspace of places) {
    await notifyUsers({
      db,
      workspaceId: workspace.id,
      userIds: [user.id],
      notification: {
        kind: 'security.sign_in_throttled',
        title: 'Several wrong passwords were entered for your account',
        body: `${failures} sign-in attempts with a wrong password${ip ? ` from ${ip}` : ''}; sign-in is paused for a while after each further one. If this was not you, change your password on your account page.`,
        href: `/w/${workspace.slug}/account`,
      },
    });
  }
}

/** Forgets keys whose failures are past the quiet period and that are not blocked now. */
export async function pruneThrottles({ db, now = new Date() }: { db: Db; now?: Date }) {
  const quiet = Math.max(accountPolicy.quietSeconds, addressPolicy.quietSeconds);
  const at = sql`${now.toISOString()}::timestamptz`;
  await db
    .delete(signInThrottles)
    .where(and(lte(signInThrottles.lastFailureAt, sql`${at} - make_interval(secs => ${quiet})`), or(isNull(signInThrottles.blockedUntil), lte(signInThrottles.blockedUntil, at))));
}

/** For tests and operators: the keys' rows. */
export function throttleRows({ db, keys }: { db: Db; keys: string[] }) {
  return db.select().from(signInThrottles).where(inArray(signInThrottles.key, keys));
}
