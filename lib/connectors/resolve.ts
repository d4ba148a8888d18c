import 'server-only';
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { aiWorkerSkills, aiWorkers, aiWorkflowNodes, aiWorkflows, connectorAssignments, connectors, providers, type AssignmentTarget } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** Where a call comes from: a workflow (and one node of it), or a worker (and one skill of it). */
export const contextSchema = z.union([
  z.object({ workflowId: z.uuid(), nodeId: z.uuid().optional() }).strict(),
  z.object({ workerId: z.uuid(), skillId: z.uuid().optional() }).strict(),
]);
export type CallContext = z.infer<typeof contextSchema>;

export type Resolution =
  | { ok: true; connector: { id: string; name: string; status: string }; via: { level: AssignmentTarget; label: string } }
  | { ok: false; code: 'none' | 'ambiguous' | 'disabled'; message: string; candidates?: string[] };

type Level = { type: AssignmentTarget; id: string; label: string };

/** The context's levels from most to least specific, with their names; unknown ids are a 404. */
async function levelsOf(db: Db, workspaceId: string, context: CallContext): Promise<Level[]> {
  if ('workflowId' in context) {
    const [workflow] = await db.select({ name: aiWorkflows.name }).from(aiWorkflows).where(and(eq(aiWorkflows.id, context.workflowId), eq(aiWorkflows.workspaceId, workspaceId)));
    if (!workflow) throw new AppError('not_found', 'That workflow was not found in this workspace.');
    const levels: Level[] = [{ type: 'workflow', id: context.workflowId, label: `workflow ${workflow.name}` }];
    if (context.nodeId) {
      const [node] = await db.select({ name: aiWorkflowNodes.name }).from(aiWorkflowNodes).where(and(eq(aiWorkflowNodes.id, context.nodeId), eq(aiWorkflowNodes.workflowId, context.workflowId)));
      if (!node) throw new AppError('not_found', `That node is not part of workflow ${workflow.name}.`);
      levels.unshift({ type: 'workflow_node', id: context.nodeId, label: `node ${workflow.name} › ${node.name}` });
    }
    return levels;
  }
  const [worker] = await db.select({ name: aiWorkers.name }).from(aiWorkers).where(and(eq(aiWorkers.id, context.workerId), eq(aiWorkers.workspaceId, workspaceId)));
  if (!worker) throw new AppError('not_found', 'That worker was not found in this workspace.');
  const levels: Level[] = [{ type: 'worker', id: context.workerId, label: `worker ${worker.name}` }];
  if (context.skillId) {
    const [skill] = await db.select({ name: aiWorkerSkills.name }).from(aiWorkerSkills).where(and(eq(aiWorkerSkills.id, context.skillId), eq(aiWorkerSkills.workerId, context.workerId)));
    if (!skill) throw new AppError('not_found', `That skill is not a skill of worker ${worker.name}.`);
    levels.unshift({ type: 'worker_skill', id: context.skillId, label: `skill ${worker.name} › ${skill.name}` });
  }
  return levels;
}

const column = { workflow: connectorAssignments.workflowId, workflow_node: connectorAssignments.nodeId, worker: connectorAssignments.workerId, worker_skill: connectorAssignments.skillId } as const;

/**
 * The connector to use for `providerId` in `context`. The most specific assignment wins (node over
 * workflow, skill over worker); two at the same level are an error naming both; none is an
 * explicit "no connector assigned". Never a silent default.
 */
export async function resolveConnector({ db, workspaceId, providerId, context }: { db: Db; workspaceId: string; providerId: string; context: CallContext }): Promise<Resolution> {
  const [provider] = await db.select({ name: providers.name }).from(providers).where(and(eq(providers.id, providerId), eq(providers.workspaceId, workspaceId)));
  if (!provider) throw new AppError('not_found', 'That provider was not found in this workspace.');
  const levels = await levelsOf(db, workspaceId, context);
  const rows = await db
    .select({ targetType: connectorAssignments.targetType, workflowId: connectorAssignments.workflowId, nodeId: connectorAssignments.nodeId, workerId: connectorAssignments.workerId, skillId: connectorAssignments.skillId, id: connectors.id, name: connectors.name, status: connectors.status, statusReason: connectors.statusReason })
    .from(connectorAssignments)
    .innerJoin(connectors, eq(connectors.id, connectorAssignments.connectorId))
    .where(and(eq(connectorAssignments.workspaceId, workspaceId), eq(connectorAssignments.providerId, providerId), or(...levels.map((l): SQL => eq(column[l.type], l.id)))));

  for (const level of levels) {
    const key = { workflow: 'workflowId', workflow_node: 'nodeId', worker: 'workerId', worker_skill: 'skillId' }[level.type] as 'workflowId' | 'nodeId' | 'workerId' | 'skillId';
    const candidates = rows.filter((r) => r.targetType === level.type && r[key] === level.id);
    if (candidates.length === 0) continue;
    if (candidates.length > 1) {
      const names = candidates.map((c) => c.name).sort();
      return { ok: false, code: 'ambiguous', candidates: names, message: `Connectors ${names.map((n) => `"${n}"`).join(' and ')} are both assigned to ${level.label} for ${provider.name}. Remove one of the assignments.` };
    }
    const winner = candidates[0]!;
    if (winner.status === 'disabled') {
      return { ok: false, code: 'disabled', candidates: [winner.name], message: `Connector "${winner.name}" assigned to ${level.label} for ${provider.name} is disabled. Enable it or assign another.` };
    }
    return { ok: true, connector: { id: winner.id, name: winner.name, status: winner.status }, via: { level: level.type, label: level.label } };
  }
  const where = levels.map((l) => l.label).join(' or ');
  return { ok: false, code: 'none', message: `No connector is assigned for ${provider.name} to ${where}. Assign one in Your Connectors.` };
}

/**
 * For a worker (and each of its skills) or a workflow (and each of its nodes): the effective
 * connector for every provider assigned anywhere in it, and which assignment won.
 */
export async function effectiveConnectors({ db, workspaceId, target }: { db: Db; workspaceId: string; target: { type: 'worker' | 'workflow'; id: string } }) {
  const isWorker = target.type === 'worker';
  const parts = isWorker
    ? await db.select({ id: aiWorkerSkills.id, name: aiWorkerSkills.name }).from(aiWorkerSkills).where(and(eq(aiWorkerSkills.workerId, target.id), eq(aiWorkerSkills.workspaceId, workspaceId)))
    : await db.select({ id: aiWorkflowNodes.id, name: aiWorkflowNodes.name }).from(aiWorkflowNodes).where(and(eq(aiWorkflowNodes.workflowId, target.id), eq(aiWorkflowNodes.workspaceId, workspaceId)));
  const ids = [target.id, ...parts.map((p) => p.id)];
  const assigned = await db
    .selectDistinct({ providerId: connectorAssignments.providerId, providerName: providers.name })
    .from(connectorAssignments)
    .innerJoin(providers, eq(providers.id, connectorAssignments.providerId))
    .where(and(eq(connectorAssignments.workspaceId, workspaceId), isWorker ? or(inArray(connectorAssignments.workerId, ids), inArray(connectorAssignments.skillId, ids)) : or(inArray(connectorAssignments.workflowId, ids), inArray(connectorAssignments.nodeId, ids))));
  const result = [];
  for (const { providerId, providerName } of assigned.sort((a, b) => a.providerName.localeCompare(b.providerName))) {
    const base: CallContext = isWorker ? { workerId: target.id } : { workflowId: target.id };
    const whole = await resolveConnector({ db, workspaceId, providerId, context: base });
    const perPart = [];
    for (const part of parts) {
      const context: CallContext = isWorker ? { workerId: target.id, skillId: part.id } : { workflowId: target.id, nodeId: part.id };
      perPart.push({ id: part.id, name: part.name, resolution: await resolveConnector({ db, workspaceId, providerId, context }) });
    }
    result.push({ providerId, providerName, whole, parts: perPart });
  }
  return result;
}
