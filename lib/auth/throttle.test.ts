import { and, eq } from 'drizzle-orm';
import { auditLog, notifications } from '@/db/schema';
import { committingDatabase, describe, expect, test } from '@/test/db';
import { addMember, makeWorkspace } from '@/test/factories';
import { accountKey, accountPolicy, addressKey, addressPolicy, delayAfter, signInWithPassword, throttledMessage, throttleRows } from './throttle';
import { createUser } from './users';

const RIGHT = 'the-right-password';
const T0 = new Date('2026-03-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

async function person(db: Parameters<typeof createUser>[0]['db']) {
  return createUser({ db, email: `throttle-${crypto.randomUUID()}@example.test`, name: 'Tess', password: RIGHT });
}

describe('sign-in throttle', () => {
  test('after five wrong passwords the right one is refused until the delay passes, then accepted', async ({ db }) => {
    const user = await person(db);
    const ip = freshIp();
    for (let i = 0; i < accountPolicy.freeAttempts - 1; i++) {
      expect(await signInWithPassword({ db, email: user.email, password: `wrong-${i}`, ip, now: at(i) })).toEqual({ ok: false, reason: 'wrong' });
    }
    // The fifth failure starts the first delay and says so.
    expect(await signInWithPassword({ db, email: user.email, password: 'wrong-5', ip, now: at(5) })).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 15 });
    // While blocked even the right password is refused, in any spelling of the email.
    expect(await signInWithPassword({ db, email: user.email.toUpperCase(), password: RIGHT, ip, now: at(10) })).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 10 });
    const [row] = await throttleRows({ db, keys: [accountKey(user.email)] });
    expect(row?.failures).toBe(5); // refused attempts are not checked, so they are not counted
    // Once the delay has passed, the right password works and the account starts afresh.
    const after = await signInWithPassword({ db, email: user.email, password: RIGHT, ip, now: at(21) });
    expect(after).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await throttleRows({ db, keys: [accountKey(user.email)] })).toHaveLength(0);
    expect(await signInWithPassword({ db, email: user.email, password: 'wrong-again', ip, now: at(22) })).toEqual({ ok: false, reason: 'wrong' });
  });

  test('delays double up to 15 minutes, and failures are forgotten after an hour of quiet', async ({ db }) => {
    const user = await person(db);
    const ip = freshIp();
    let clock = 0;
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const result = await signInWithPassword({ db, email: user.email, password: 'wrong', ip, now: at(clock) });
      if (!result.ok && result.reason === 'throttled') {
        delays.push(result.retryAfterSeconds);
        clock += result.retryAfterSeconds;
      } else clock += 1;
    }
    expect(delays).toEqual([15, 30, 60, 120, 240, 480, 900, 900]);
    expect(delays.map((d) => throttledMessage(d))).toContain('Too many attempts. Try again in 15 minutes.');
    expect(delayAfter(1000, accountPolicy)).toBe(900);
    // Never a permanent lock-out: an hour after the last failure the count starts again.
    expect(await signInWithPassword({ db, email: user.email, password: 'wrong', ip, now: at(clock + 3601) })).toEqual({ ok: false, reason: 'wrong' });
    expect((await throttleRows({ db, keys: [accountKey(user.email)] }))[0]?.failures).toBe(1);
  });

  test('an address guessing across many accounts is throttled; another address, and the accounts themselves, are not', async ({ db }) => {
    const user = await person(db);
    const attacker = freshIp();
    for (let i = 0; i < addressPolicy.freeAttempts - 1; i++) {
      expect(await signInWithPassword({ db, email: `nobody-${i}@example.test`, password: 'guess', ip: attacker, now: at(i) })).toEqual({ ok: false, reason: 'wrong' });
    }
    expect(await signInWithPassword({ db, email: 'nobody-last@example.test', password: 'guess', ip: attacker, now: at(60) })).toEqual({
      ok: false,
      reason: 'throttled',
      retryAfterSeconds: 15,
    });
    // From that address even a real person with the right password waits…
    expect(await signInWithPassword({ db, email: user.email, password: RIGHT, ip: attacker, now: at(61) })).toMatchObject({ ok: false, reason: 'throttled' });
    // …and their account was not charged for it; from their own address they sign in.
    expect(await throttleRows({ db, keys: [accountKey(user.email)] })).toHaveLength(0);
    expect(await signInWithPassword({ db, email: user.email, password: RIGHT, ip: freshIp(), now: at(62) })).toMatchObject({ ok: true });
    expect((await throttleRows({ db, keys: [addressKey(attacker)] }))[0]?.failures).toBe(addressPolicy.freeAttempts);
  });

  test('a right password gives back its own attempt at the address', async ({ db }) => {
    const user = await person(db);
    const ip = freshIp();
    for (let i = 0; i < 3; i++) await signInWithPassword({ db, email: user.email, password: 'wrong', ip, now: at(i) });
    expect(await signInWithPassword({ db, email: user.email, password: RIGHT, ip, now: at(5) })).toMatchObject({ ok: true });
    expect((await throttleRows({ db, keys: [addressKey(ip)] }))[0]?.failures).toBe(3);
  });

  test('a burst of concurrent guesses is counted: at most the free attempts are checked', async ({ database }) => {
    // Committed on PostgreSQL (a scratch database), so the guesses really run on separate connections.
    const { db, done } = await committingDatabase(database);
    try {
      const user = await person(db);
      const ip = freshIp();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signInWithPassword({ db, email: user.email, password: `wrong-${i}`, ip, now: at(0) })));
      const wrong = results.filter((r) => !r.ok && r.reason === 'wrong').length;
      const throttled = results.filter((r) => !r.ok && r.reason === 'throttled').length;
      expect(wrong).toBe(accountPolicy.freeAttempts - 1);
      expect(throttled).toBe(20 - wrong);
      expect((await throttleRows({ db, keys: [accountKey(user.email)] }))[0]?.failures).toBe(accountPolicy.freeAttempts);
      // The right password, in the same burst, is refused too.
      expect(await signInWithPassword({ db, email: user.email, password: RIGHT, ip, now: at(1) })).toMatchObject({ ok: false, reason: 'throttled' });
    } finally {
      await done();
    }
  });

  test('each delay is audited in every workspace of the account, and the person is notified once per burst', async ({ db }) => {
    const user = await person(db);
    const first = await makeWorkspace(db, { owner: user });
    const second = await makeWorkspace(db);
    await addMember(db, second.id, user.id, 'member');
    const ip = freshIp();
    let clock = 0;
    const burst = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const result = await signInWithPassword({ db, email: user.email, password: 'wrong', ip, now: at(clock) });
        clock += !result.ok && result.reason === 'throttled' ? result.retryAfterSeconds : 1;
      }
    };
    await burst(7); // five free, then three delays (15 s, 30 s, 60 s)
    for (const workspace of [first, second]) {
      const entries = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, 'user.sign_in_throttled')));
      expect(entries).toHaveLength(3);
      expect(entries[0]).toMatchObject({ targetId: user.id, ip, actorId: null });
      expect(JSON.stringify(entries)).not.toContain('wrong');
      const notes = await db
        .select()
        .from(notifications)
        .where(and(eq(notifications.workspaceId, workspace.id), eq(notifications.userId, user.id)));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ kind: 'security.sign_in_throttled', href: `/w/${workspace.slug}/account` });
    }
    // A new burst after an hour of quiet is news again.
    clock += 3601;
    await burst(5);
    const notes = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.workspaceId, first.id), eq(notifications.userId, user.id)));
    expect(notes).toHaveLength(2);
  });
});
