import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { aiWorkerSkills, aiWorkers, aiWorkflowNodes, aiWorkflows, connectorAssignments, connectors, providers, type AssignmentTarget } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';

export const targetSchema = z.object({ type: z.enum(['workflow', 'workflow_node', 'worker', 'worker_skill']), id: z.uuid() });
export type Target = z.infer<typeof targetSchema>;

const targetColumn = { workflow: 'workflowId', workflow_node: 'nodeId', worker: 'workerId', worker_skill: 'skillId' } as const;
const targetWords: Record<AssignmentTarget, string> = { workflow: 'workflow', workflow_node: 'node', worker: 'worker', worker_skill: 'skill' };

/** The target's display name ("Support bot › triage"), checking it belongs to the workspace. */
async function describeTarget(db: Db, workspaceId: string, target: Target): Promise<string> {
  const found =
    target.type === 'workflow'
      ? await db
          .select({ label: aiWorkflows.name })
          .from(aiWorkflows)
          .where(and(eq(aiWorkflows.id, target.id), eq(aiWorkflows.workspaceId, workspaceId)))
      : target.type === 'workflow_node'
        ? await db
            .select({ label: sql<string>`${aiWorkflows.name} || ' › ' || ${aiWorkflowNodes.name}` })
            .from(aiWorkflowNodes)
            .innerJoin(aiWorkflows, eq(aiWorkflows.id, aiWorkflowNodes.workflowId))
            .where(and(eq(aiWorkflowNodes.id, target.id), eq(aiWorkflowNodes.workspaceId, workspaceId)))
        : target.type === 'worker'
          ? await db
              .select({ label: aiWorkers.name })
              .from(aiWorkers)
              .where(and(eq(aiWorkers.id, target.id), eq(aiWorkers.workspaceId, workspaceId)))
          : await db
              .select({ label: sql<string>`${aiWorkers.name} || ' › ' || ${aiWorkerSkills.name}` })
              .from(aiWorkerSkills)
              .innerJoin(aiWorkers, eq(aiWorkers.id, aiWorkerSkills.workerId))
              .where(and(eq(aiWorkerSkills.id, target.id), eq(aiWorkerSkills.workspaceId, workspaceId)));
  if (!found[0]) throw new AppError('not_found', `That ${targetWords[target.type]} was not found in this workspace.`);
  return found[0].label;
}

export async function assignConnector({ db, workspaceId, actor, connectorId, target }: { db: Db; workspaceId: string; actor: Actor; connectorId: string; target: Target }) {
  return db.transaction(async (tx) => {
    const [connector] = await tx
      .select({ id: connectors.id, name: connectors.name, providerId: connectors.providerId, providerName: providers.name })
      .from(connectors)
      .innerJoin(providers, eq(providers.id, connectors.providerId))
      .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
    if (!connector) throw new AppError('not_found', 'That connector was not found in this workspace.');
    const label = await describeTarget(tx, workspaceId, target);
    const [row] = await tx
      .insert(connectorAssignments)
      .values({ workspaceId, connectorId, providerId: connector.providerId, targetType: target.type, [targetColumn[target.type]]: target.id, createdBy: actor.id })
      .onConflictDoNothing()
      .returning();
    if (!row) return { created: false };
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'connector.assigned',
      target: { type: 'connector', id: connectorId, label: `${connector.providerName} · ${connector.name}` },
      summary: { to: `${targetWords[target.type]} ${label}` },
    });
    return { created: true };
  });
}

export async function unassignConnector({ db, workspaceId, actor, assignmentId }: { db: Db; workspaceId: string; actor: Actor; assignmentId: string }) {
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(connectorAssignments)
      .where(and(eq(connectorAssignments.id, assignmentId), eq(connectorAssignments.workspaceId, workspaceId)))
      .returning();
    if (!deleted) throw new AppError('not_found', 'That assignment was not found in this workspace.');
    const [connector] = await tx.select({ name: connectors.name }).from(connectors).where(eq(connectors.id, deleted.connectorId));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'connector.unassigned',
      target: { type: 'connector', id: deleted.connectorId, label: connector?.name ?? null },
      summary: { from: deleted.targetType },
    });
  });
}

/** Every assignment in the workspace (or of one connector), with readable target names. */
export async function listAssignments({ db, workspaceId, connectorId }: { db: Db; workspaceId: string; connectorId?: string }) {
  const conditions = [eq(connectorAssignments.workspaceId, workspaceId)];
  if (connectorId) conditions.push(eq(connectorAssignments.connectorId, connectorId));
  return db
    .select({
      id: connectorAssignments.id,
      connectorId: connectorAssignments.connectorId,
      connectorName: connectors.name,
      connectorStatus: connectors.status,
      providerId: connectorAssignments.providerId,
      providerName: providers.name,
      targetType: connectorAssignments.targetType,
      workflowId: sql<string | null>`coalesce(${connectorAssignments.workflowId}, ${aiWorkflowNodes.workflowId})`,
      nodeId: connectorAssignments.nodeId,
      workerId: sql<string | null>`coalesce(${connectorAssignments.workerId}, ${aiWorkerSkills.workerId})`,
      skillId: connectorAssignments.skillId,
      targetLabel: sql<string>`case ${connectorAssignments.targetType}
        when 'workflow' then (select name from ai_workflows where id = ${connectorAssignments.workflowId})
        when 'workflow_node' then (select w.name || ' › ' || n.name from ai_workflow_nodes n join ai_workflows w on w.id = n.workflow_id where n.id = ${connectorAssignments.nodeId})
        when 'worker' then (select name from ai_workers where id = ${connectorAssignments.workerId})
        else (select w.name || ' › ' || s.name from ai_worker_skills s join ai_workers w on w.id = s.worker_id where s.id = ${connectorAssignments.skillId}) end`,
    })
    .from(connectorAssignments)
    .innerJoin(connectors, eq(connectors.id, connectorAssignments.connectorId))
    .innerJoin(providers, eq(providers.id, connectorAssignments.providerId))
    .leftJoin(aiWorkflowNodes, eq(aiWorkflowNodes.id, connectorAssignments.nodeId))
    .leftJoin(aiWorkerSkills, eq(aiWorkerSkills.id, connectorAssignments.skillId))
    .where(and(...conditions))
    .orderBy(asc(providers.name), asc(connectors.name));
}
