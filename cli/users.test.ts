import { listMembers } from '@/lib/workspaces/members';
import { findMembership } from '@/lib/workspaces/workspaces';
import { authenticate } from '@/lib/auth/users';
import { makeWorkspace } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { createAdmin } from './users';

describe('users:create-admin', () => {
  test('creates a user who can sign in, as admin of a new workspace named on the command line', async ({ db }) => {
    const { user, workspace, createdUser } = await createAdmin({ db, email: 'Op@Example.test', name: 'Operator', password: 'a-long-cli-password', workspace: 'Night Shift' });
    expect(createdUser).toBe(true);
    expect(user.email).toBe('op@example.test');
    expect(workspace.slug).toBe('night-shift');
    expect((await authenticate({ db, email: 'op@example.test', password: 'a-long-cli-password' }))?.id).toBe(user.id);
    // Running it again with the workspace's name finds the same workspace and resets the password.
    const again = await createAdmin({ db, email: 'op@example.test', password: 'another-long-password', workspace: 'Night Shift' });
    expect(again.workspace.id).toBe(workspace.id);
    expect(await authenticate({ db, email: 'op@example.test', password: 'a-long-cli-password' })).toBeNull();
    expect(await listMembers({ db, workspaceId: workspace.id })).toHaveLength(1);
  });

  test('promotes an existing member of an existing workspace to admin', async ({ db }) => {
    const workspace = await makeWorkspace(db);
    const { user } = await createAdmin({ db, email: 'lead@example.test', password: 'a-long-cli-password', workspace: workspace.slug });
    expect((await findMembership({ db, slug: workspace.slug, userId: user.id }))?.role).toBe('admin');
  });

  test('refuses bad input with what is wrong', async ({ db }) => {
    await expect(createAdmin({ db, email: 'nope', password: 'short' })).rejects.toThrow(/email: Enter a valid email.*password: Use at least 10 characters/);
  });
});
