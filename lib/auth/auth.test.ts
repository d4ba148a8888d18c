import { makeUser } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { listWorkspacesOfUser } from '@/lib/workspaces/workspaces';
import { completeSetup, isSetupOpen } from './setup';
import { authenticate, createUser, userForOidcIdentity } from './users';

describe('first-run setup', () => {
  test('creates the first admin and workspace once, then closes', async ({ db }) => {
    // The rolled-back transaction starts from the empty, migrated database on PGlite; on a shared
    // PostgreSQL server other files' users may be visible, so only assert what holds on both.
    const open = await isSetupOpen({ db });
    if (open) {
      const { user, workspace } = await completeSetup({
        db,
        input: { email: 'First@Example.test', name: 'First', password: 'a-long-password', workspaceName: 'Acme Ops' },
        ip: null,
      });
      expect(user.email).toBe('first@example.test');
      expect((await listWorkspacesOfUser({ db, userId: user.id }))[0]).toMatchObject({ slug: workspace.slug, role: 'admin' });
    }
    expect(await isSetupOpen({ db })).toBe(false);
    await expect(completeSetup({ db, input: { email: 'second@example.test', name: 'Second', password: 'a-long-password', workspaceName: 'Other' }, ip: null })).rejects.toThrow(
      /Setup is already complete/,
    );
  });
});

describe('password sign-in', () => {
  test('accepts the right password only, with the same answer for unknown emails', async ({ db }) => {
    const user = await createUser({ db, email: `pw-${crypto.randomUUID()}@example.test`, name: 'P', password: 'a-long-password' });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await authenticate({ db, email: user.email.toUpperCase(), password: 'a-long-password' }))?.id).toBe(user.id);
    expect(await authenticate({ db, email: user.email, password: 'wrong-password' })).toBeNull();
    expect(await authenticate({ db, email: 'nobody@example.test', password: 'a-long-password' })).toBeNull();
    await expect(createUser({ db, email: user.email, name: 'Again' })).rejects.toThrow(/already exists/);
  });
});

describe('SSO identities', () => {
  test('link to an existing account only when the email is verified, and stay linked', async ({ db }) => {
    const existing = await makeUser(db);
    await expect(userForOidcIdentity({ db, issuer: 'https://idp.test', subject: 's-1', email: existing.email, emailVerified: false })).rejects.toThrow(/did not verify/);
    const linked = await userForOidcIdentity({ db, issuer: 'https://idp.test', subject: 's-1', email: existing.email, emailVerified: true });
    expect(linked.id).toBe(existing.id);
    // Later sign-ins find the identity even if the email at the provider changed.
    expect((await userForOidcIdentity({ db, issuer: 'https://idp.test', subject: 's-1', email: 'changed@example.test' })).id).toBe(existing.id);
  });

  test('create a password-less account for a new identity', async ({ db }) => {
    const email = `sso-${crypto.randomUUID()}@example.test`;
    const user = await userForOidcIdentity({ db, issuer: 'https://idp.test', subject: email, email, emailVerified: true, name: 'Sso Person' });
    expect(user).toMatchObject({ email, name: 'Sso Person', passwordHash: null });
    expect(await authenticate({ db, email, password: 'anything-at-all' })).toBeNull();
  });
});
