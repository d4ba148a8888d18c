import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { isAppError } from '@/lib/errors';
import { getModel } from '@/lib/models/models';
import { requireWorkspace } from '@/server/workspace';

export async function loadModel(workspaceSlug: string, modelId: string) {
  const access = await requireWorkspace(workspaceSlug);
  if (!/^[0-9a-f-]{36}$/i.test(modelId)) notFound();
  const db = await getDb();
  try {
    const model = await getModel({ db, workspaceId: access.workspace.id, modelId });
    if (model.deletedAt) notFound();
    return { ...access, db, model, base: `/w/${access.workspace.slug}/providers/models` };
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
}
