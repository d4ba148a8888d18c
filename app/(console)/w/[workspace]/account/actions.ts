'use server';

import { z } from 'zod';
import { changePassword, changePasswordSchema, signOutEverywhere } from '@/lib/auth/sessions';
import { userAction } from '@/server/action';

/** Ends every session of the signed-in person; the browser then clears its own cookie. */
export const signOutOfAllSessions = userAction('account.sign_out_everywhere', z.object({}), async (_input, ctx) => {
  await signOutEverywhere({ db: ctx.db, userId: ctx.user.id, actor: ctx.actor });
  return { signedOut: true };
});

/** Changes the password and ends every session, this one included. */
export const changeOwnPassword = userAction('account.change_password', changePasswordSchema, async (input, ctx) => {
  await changePassword({ db: ctx.db, userId: ctx.user.id, actor: ctx.actor, input });
  return { signedOut: true };
});
