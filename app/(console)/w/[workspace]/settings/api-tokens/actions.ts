'use server';

import { z } from 'zod';
import { createApiToken, revokeApiToken, tokenInputSchema } from '@/lib/api-tokens/tokens';
import { workspaceAction } from '@/server/action';

export const createApiTokenAction = workspaceAction('api_tokens.create', { input: tokenInputSchema, role: 'admin' }, (input, ctx) =>
  createApiToken({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, input }),
);

export const revokeApiTokenAction = workspaceAction('api_tokens.revoke', { input: z.object({ tokenId: z.uuid() }), role: 'admin' }, async (input, ctx) => {
  await revokeApiToken({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, tokenId: input.tokenId });
  return null;
});
