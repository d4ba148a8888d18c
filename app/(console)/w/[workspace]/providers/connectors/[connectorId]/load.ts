import 'server-only';
import { getDb } from '@/db';
import { getConnector } from '@/lib/connectors/connectors';
import { orNotFound, requireUuid, requireWorkspace } from '@/server/workspace';

export async function loadConnector(workspaceSlug: string, connectorId: string) {
  const access = await requireWorkspace(workspaceSlug);
  const db = await getDb();
  const connector = await orNotFound(getConnector({ db, workspaceId: access.workspace.id, connectorId: requireUuid(connectorId) }));
  return { ...access, db, connector, base: `/w/${access.workspace.slug}/providers/connectors` };
}
