import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { getModel } from '@/lib/models/models';
import { orNotFound, requireUuid, requireWorkspace } from '@/server/workspace';

export async function loadModel(workspaceSlug: string, modelId: string) {
  const access = await requireWorkspace(workspaceSlug);
  const db = await getDb();
  const model = await orNotFound(getModel({ db, workspaceId: access.workspace.id, modelId: requireUuid(modelId) }));
  if (model.deletedAt) notFound();
  return { ...access, db, model, base: `/w/${access.workspace.slug}/providers/models` };
}
