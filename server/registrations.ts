// What the AI workers and AI workflows pages show, read for a page: components only render it.
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { aiWorkers, aiWorkflows } from '@/db/schema';
import { listWorkers, listWorkflows } from '@/lib/connectors/platform';
import { effectiveConnectors } from '@/lib/connectors/resolve';
import { requireUuid, requireWorkspace } from './workspace';

export type RegistrationKind = 'worker' | 'workflow';

/** The registered workers or workflows of a workspace, each with the names of its skills or nodes. */
export async function readRegistrationList({ workspace: slug, kind }: { workspace: string; kind: RegistrationKind }) {
  const { workspace, can } = await requireWorkspace(slug);
  const db = await getDb();
  const items =
    kind === 'worker'
      ? (await listWorkers({ db, workspaceId: workspace.id })).map((i) => ({ id: i.id, name: i.name, parts: i.skills.map((p) => ({ name: p.name })) }))
      : (await listWorkflows({ db, workspaceId: workspace.id })).map((i) => ({ id: i.id, name: i.name, parts: i.nodes.map((p) => ({ name: p.name })) }));
  return { workspace: workspace.slug, kind, canBuild: can('builder'), items };
}

/** One worker or workflow and the connector in effect for it (and each of its parts); the 404 page when it is not in the workspace. */
export async function readRegistrationDetail({ workspace: slug, kind, id }: { workspace: string; kind: RegistrationKind; id: string }) {
  const { workspace } = await requireWorkspace(slug);
  requireUuid(id);
  const db = await getDb();
  const table = kind === 'worker' ? aiWorkers : aiWorkflows;
  const [item] = await db.select({ id: table.id, name: table.name }).from(table).where(and(eq(table.id, id), eq(table.workspaceId, workspace.id)));
  if (!item) notFound();
  const rows = await effectiveConnectors({ db, workspaceId: workspace.id, target: { type: kind, id: item.id } });
  return { workspace: workspace.slug, kind, item, rows };
}

export type RegistrationListData = Awaited<ReturnType<typeof readRegistrationList>>;
export type RegistrationDetailData = Awaited<ReturnType<typeof readRegistrationDetail>>;
