'use server';

import { z } from 'zod';
import { createWorkspace, workspaceNameSchema } from '@/lib/workspaces/workspaces';
import { userAction } from '@/server/action';

export const createNewWorkspace = userAction('workspaces.create', z.object({ name: workspaceNameSchema }), async ({ name }, ctx) => {
  const workspace = await createWorkspace({ db: ctx.db, name, owner: { ...ctx.actor, id: ctx.user.id } });
  return { slug: workspace.slug };
});
