'use server';

import { z } from 'zod';
import { createUser, nameSchema, passwordSchema } from '@/lib/auth/users';
import { AppError } from '@/lib/errors';
import { acceptInvite, previewInvite } from '@/lib/workspaces/invites';
import { publicAction, userAction } from '@/server/action';

const token = z.string().min(20).max(100);

export const acceptWorkspaceInvite = userAction('invites.accept', z.object({ token }), async (input, ctx) => {
  const { workspace } = await acceptInvite({ db: ctx.db, token: input.token, user: ctx.user, ip: ctx.ip });
  return { workspaceSlug: workspace.slug };
});

/** Creates the invited person's account and joins the workspace, in one transaction. */
export const registerWithInvite = publicAction('invites.register', z.object({ token, name: nameSchema, password: passwordSchema }), async (input, { db, ip }) =>
  db.transaction(async (tx) => {
    const invite = await previewInvite({ db: tx, token: input.token });
    if (invite.status !== 'valid') throw new AppError('gone', 'This invite link is not valid any more. Ask an admin for a new one.');
    const user = await createUser({ db: tx, email: invite.email, name: input.name, password: input.password });
    const { workspace } = await acceptInvite({ db: tx, token: input.token, user, ip });
    return { workspaceSlug: workspace.slug, email: user.email };
  }),
);
