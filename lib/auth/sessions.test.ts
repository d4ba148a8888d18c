import { and, eq } from 'drizzle-orm';
import { auditLog, users } from '@/db/schema';
import { describe, expect, test } from '@/test/db';
import { makeWorkspace } from '@/test/factories';
import { changePassword, changePasswordSchema, endAllSessions, isSessionCurrent, signOutEverywhere } from './sessions';
import { authenticate, createUser } from './users';

const versionOf = async (db: Parameters<typeof createUser>[0]['db'], id: string) => (await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, id)))[0]!.v;

describe('session versions', () => {
  test('a session is current only with the version it was issued with', () => {
    expect(isSessionCurrent({ sessionVersion: 0 }, 0)).toBe(true);
    expect(isSessionCurrent({ sessionVersion: 1 }, 0)).toBe(false);
    // Tokens issued before versions existed carry none: they are over too.
    expect(isSessionCurrent({ sessionVersion: 0 }, undefined)).toBe(false);
    expect(isSessionCurrent({ sessionVersion: 0 }, '0')).toBe(false);
  });

  test('signing out ends every session issued before, but a stale cookie cannot sign its owner out again', async ({ db }) => {
    const user = await createUser({ db, email: `s-${crypto.randomUUID()}@example.test`, name: 'S', password: 'a-long-password' });
    const issued = await versionOf(db, user.id);
    expect(await endAllSessions({ db, userId: user.id, onlyFrom: issued })).toBe(true);
    const after = await versionOf(db, user.id);
    expect(isSessionCurrent({ sessionVersion: after }, issued)).toBe(false);
    // The old cookie's sign-out changes nothing: the sessions made since stay valid.
    expect(await endAllSessions({ db, userId: user.id, onlyFrom: issued })).toBe(false);
    expect(await versionOf(db, user.id)).toBe(after);
  });

  test('"sign out everywhere" ends every session and is audited in each workspace', async ({ db }) => {
    const user = await createUser({ db, email: `s-${crypto.randomUUID()}@example.test`, name: 'S', password: 'a-long-password' });
    const workspace = await makeWorkspace(db, { owner: user });
    const issued = await versionOf(db, user.id);
    await signOutEverywhere({ db, userId: user.id, actor: { id: user.id, label: user.email, ip: null } });
    expect(isSessionCurrent({ sessionVersion: await versionOf(db, user.id) }, issued)).toBe(false);
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, 'user.signed_out_everywhere'))),
    ).toHaveLength(1);
  });

  test('a password change needs the current password, ends every session and is audited without the password', async ({ db }) => {
    const user = await createUser({ db, email: `s-${crypto.randomUUID()}@example.test`, name: 'S', password: 'the-old-password' });
    const workspace = await makeWorkspace(db, { owner: user });
    const actor = { id: user.id, label: user.email, ip: null };
    const issued = await versionOf(db, user.id);
    await expect(changePassword({ db, userId: user.id, actor, input: { currentPassword: 'not-the-password', newPassword: 'the-new-password' } })).rejects.toThrow(
      /current password is not right/,
    );
    expect(await versionOf(db, user.id)).toBe(issued);

    await changePassword({ db, userId: user.id, actor, input: { currentPassword: 'the-old-password', newPassword: 'the-new-password' } });
    expect(isSessionCurrent({ sessionVersion: await versionOf(db, user.id) }, issued)).toBe(false);
    expect(await authenticate({ db, email: user.email, password: 'the-old-password' })).toBeNull();
    expect((await authenticate({ db, email: user.email, password: 'the-new-password' }))?.id).toBe(user.id);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, 'user.password_changed')));
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toMatch(/the-(old|new)-password/);

    expect(changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: 'short' }).success).toBe(false);
    expect(changePasswordSchema.safeParse({ currentPassword: 'same-password-1', newPassword: 'same-password-1' }).error?.issues[0]?.message).toMatch(/different/);
  });

  test('an SSO-only account has no password to change', async ({ db }) => {
    const user = await createUser({ db, email: `s-${crypto.randomUUID()}@example.test`, name: 'S' });
    await expect(
      changePassword({ db, userId: user.id, actor: { id: user.id, label: user.email }, input: { currentPassword: 'whatever', newPassword: 'a-new-password' } }),
    ).rejects.toThrow(/single sign-on/);
  });
});
