import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { getConnector } from '@/lib/connectors/connectors';
import { isAppError } from '@/lib/errors';
import { requireWorkspace } from '@/server/workspace';

export async function loadConnector(workspaceSlug: string, connectorId: string) {
  const access = await requireWorkspace(workspaceSlug);
  if (!/^[0-9a-f-]{36}$/i.test(connectorId)) notFound();
  const db = await getDb();
  try {
    const connector = await getConnector({ db, workspaceId: access.workspace.id, connectorId });
    return { ...access, db, connector, base: `/w/${access.workspace.slug}/providers/connectors` };
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
}
