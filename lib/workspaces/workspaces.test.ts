import { actorOf, addMember, makeTeam, makeUser, makeWorkspace } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { listAuditEntries } from '@/lib/audit/query';
import { changeMemberRole, listMembers, removeMember } from './members';
import { acceptInvite, createInvite, listPendingInvites, previewInvite, revokeInvite } from './invites';
import { createWorkspace, findMembership, listWorkspacesOfUser, slugify } from './workspaces';

describe('workspaces', () => {
  test('slugify makes a path-safe address and avoids reserved words', () => {
    expect(slugify('Acme Ops — Zürich')).toBe('acme-ops-zurich');
    expect(slugify('Setup')).toBe('workspace-setup');
    expect(slugify('!!')).toBe('workspace-new');
    expect(slugify("GitHub's official OpenAPI spec + Octokit extension")).toBe('githubs-official-openapi-spec-octokit');
  });

  test('creating a workspace makes its creator admin, picks a free slug and is audited', async ({ db }) => {
    const owner = await makeUser(db);
    const first = await createWorkspace({ db, name: 'Acme Ops', owner: { ...actorOf(owner), id: owner.id } });
    const second = await createWorkspace({ db, name: 'Acme Ops', owner: { ...actorOf(owner), id: owner.id } });
    expect(first.slug).not.toBe(second.slug);
    expect(second.slug.startsWith(first.slug)).toBe(true);
    const mine = await listWorkspacesOfUser({ db, userId: owner.id });
    expect(mine.map((w) => w.role)).toEqual(['admin', 'admin']);
    const { entries } = await listAuditEntries({ db, workspaceId: first.id });
    expect(entries.map((e) => e.action)).toEqual(['workspace.created']);
  });

  test('a person can hold different roles in different workspaces', async ({ db }) => {
    const person = await makeUser(db);
    const a = await makeWorkspace(db);
    const b = await makeWorkspace(db);
    await addMember(db, a.id, person.id, 'builder');
    await addMember(db, b.id, person.id, 'member');
    expect((await findMembership({ db, slug: a.slug, userId: person.id }))?.role).toBe('builder');
    expect((await findMembership({ db, slug: b.slug, userId: person.id }))?.role).toBe('member');
    const c = await makeWorkspace(db);
    expect(await findMembership({ db, slug: c.slug, userId: person.id })).toBeUndefined();
  });
});

describe('members', () => {
  test('an admin changes a role; the change is audited with from and to', async ({ db }) => {
    const { workspace, admin, member } = await makeTeam(db);
    await changeMemberRole({ db, workspaceId: workspace.id, actor: actorOf(admin), userId: member.id, role: 'builder' });
    const members = await listMembers({ db, workspaceId: workspace.id });
    expect(members.find((m) => m.userId === member.id)?.role).toBe('builder');
    const { entries } = await listAuditEntries({ db, workspaceId: workspace.id, filter: { action: 'member.role_changed' } });
    expect(entries[0]).toMatchObject({ actorLabel: admin.email, targetLabel: member.email, summary: { from: 'member', to: 'builder' }, ip: '203.0.113.7' });
  });

  test('the last admin can be neither demoted nor removed', async ({ db }) => {
    const { workspace, admin, builder } = await makeTeam(db);
    await expect(changeMemberRole({ db, workspaceId: workspace.id, actor: actorOf(admin), userId: admin.id, role: 'member' })).rejects.toThrow(/last admin/);
    await expect(removeMember({ db, workspaceId: workspace.id, actor: actorOf(admin), userId: admin.id })).rejects.toThrow(/last admin/);
    // With a second admin, the first may step down.
    await changeMemberRole({ db, workspaceId: workspace.id, actor: actorOf(admin), userId: builder.id, role: 'admin' });
    await changeMemberRole({ db, workspaceId: workspace.id, actor: actorOf(admin), userId: admin.id, role: 'member' });
    const roles = Object.fromEntries((await listMembers({ db, workspaceId: workspace.id })).map((m) => [m.userId, m.role]));
    expect(roles[admin.id]).toBe('member');
    expect(roles[builder.id]).toBe('admin');
  });

  test('removing a member takes away their access; members of another workspace cannot be touched', async ({ db }) => {
    const { workspace, admin, member } = await makeTeam(db);
    await removeMember({ db, workspaceId: workspace.id, actor: actorOf(admin), userId: member.id });
    expect(await findMembership({ db, slug: workspace.slug, userId: member.id })).toBeUndefined();

    const other = await makeTeam(db);
    await expect(removeMember({ db, workspaceId: workspace.id, actor: actorOf(admin), userId: other.member.id })).rejects.toThrow(/not found/);
    expect(await findMembership({ db, slug: other.workspace.slug, userId: other.member.id })).toBeDefined();
  });
});

describe('invites', () => {
  test('an invite is single use, bound to its email, and makes the person a member with its role', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const invitee = await makeUser(db);
    const { token } = await createInvite({ db, workspaceId: workspace.id, actor: actorOf(admin), email: invitee.email.toUpperCase(), role: 'builder' });
    expect((await previewInvite({ db, token })).status).toBe('valid');

    const stranger = await makeUser(db);
    await expect(acceptInvite({ db, token, user: stranger })).rejects.toThrow(`This invite is for ${invitee.email}`);

    const accepted = await acceptInvite({ db, token, user: invitee });
    expect(accepted.role).toBe('builder');
    expect((await findMembership({ db, slug: workspace.slug, userId: invitee.id }))?.role).toBe('builder');
    await expect(acceptInvite({ db, token, user: invitee })).rejects.toThrow(/not valid or was already used/);

    const actions = (await listAuditEntries({ db, workspaceId: workspace.id })).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.invited', 'member.joined']));
  });

  test('an expired invite is refused and says so', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const invitee = await makeUser(db);
    const longAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    const { token } = await createInvite({ db, workspaceId: workspace.id, actor: actorOf(admin), email: invitee.email, role: 'member', now: longAgo });
    expect((await previewInvite({ db, token })).status).toBe('expired');
    await expect(acceptInvite({ db, token, user: invitee })).rejects.toThrow(/expired/);
    expect(await listPendingInvites({ db, workspaceId: workspace.id })).toEqual([]);
  });

  test('inviting an existing member is refused; a revoked invite no longer works', async ({ db }) => {
    const { workspace, admin, member } = await makeTeam(db);
    await expect(createInvite({ db, workspaceId: workspace.id, actor: actorOf(admin), email: member.email, role: 'member' })).rejects.toThrow(/already a member/);
    const invitee = await makeUser(db);
    const { token, invite } = await createInvite({ db, workspaceId: workspace.id, actor: actorOf(admin), email: invitee.email, role: 'member' });
    const other = await makeTeam(db);
    await expect(revokeInvite({ db, workspaceId: other.workspace.id, actor: actorOf(other.admin), inviteId: invite.id })).rejects.toThrow(/not found/);
    await revokeInvite({ db, workspaceId: workspace.id, actor: actorOf(admin), inviteId: invite.id });
    await expect(acceptInvite({ db, token, user: invitee })).rejects.toThrow(/not valid/);
  });
});
