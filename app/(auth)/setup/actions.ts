'use server';

import { completeSetup, setupSchema } from '@/lib/auth/setup';
import { publicAction } from '@/server/action';

export const runSetup = publicAction('setup.complete', setupSchema, async (input, { db, ip }) => {
  const { workspace, user } = await completeSetup({ db, input, ip });
  return { workspaceSlug: workspace.slug, email: user.email };
});
