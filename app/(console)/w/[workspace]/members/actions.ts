'use server';

import { z } from 'zod';
import { roles } from '@/db/schema';
import { emailSchema } from '@/lib/auth/users';
import { changeMemberRole, removeMember } from '@/lib/workspaces/members';
import { createInvite, revokeInvite } from '@/lib/workspaces/invites';
import { workspaceAction } from '@/server/action';
import { appOrigin } from '@/server/request';

const role = z.enum(roles, { message: 'Choose admin, builder or member.' });

export const inviteMember = workspaceAction('members.invite', { input: z.object({ email: emailSchema, role }), role: 'admin' }, async (input, ctx) => {
  const { token, invite } = await createInvite({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input });
  return { url: `${await appOrigin()}/invite/${token}`, email: invite.email, expiresAt: invite.expiresAt.toISOString() };
});

export const setMemberRole = workspaceAction('members.set_role', { input: z.object({ userId: z.uuid(), role }), role: 'admin' }, async (input, ctx) =>
  changeMemberRole({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input }),
);

export const removeWorkspaceMember = workspaceAction('members.remove', { input: z.object({ userId: z.uuid() }), role: 'admin' }, async (input, ctx) => {
  await removeMember({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, userId: input.userId });
  return null;
});

export const revokeMemberInvite = workspaceAction('members.revoke_invite', { input: z.object({ inviteId: z.uuid() }), role: 'admin' }, async (input, ctx) => {
  await revokeInvite({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, inviteId: input.inviteId });
  return null;
});
