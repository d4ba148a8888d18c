import 'server-only';
import { and, eq, inArray, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
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

export type Level = { type: AssignmentTarget; id: string; label: string };

/** The names of a context's outer level (worker, workflow) and inner level (skill, node); null when not found. */
export type ContextNames = { outer: string | null; inner: string | null };

/** The context's levels from most to least specific, with their names; unknown ids are a 404. */
export function levelsFrom(context: CallContext, names: ContextNames): Level[] {
  if ('workflowId' in context) {
    if (names.outer === null) throw new AppError('not_found', 'That workflow was not found in this workspace.');
    const levels: Level[] = [{ type: 'workflow', id: context.workflowId, label: `workflow ${names.outer}` }];
    if (context.nodeId) {
      if (names.inner === null) throw new AppError('not_found', `That node is not part of workflow ${names.outer}.`);
      levels.unshift({ type: 'workflow_node', id: context.nodeId, label: `node ${names.outer} › ${names.inner}` });
    }
    return levels;
  }
  if (names.outer === null) throw new AppError('not_found', 'That worker was not found in this workspace.');
  const levels: Level[] = [{ type: 'worker', id: context.workerId, label: `worker ${names.outer}` }];
  if (context.skillId) {
    if (names.inner === null) throw new AppError('not_found', `That skill is not a skill of worker ${names.outer}.`);
    levels.unshift({ type: 'worker_skill', id: context.skillId, label: `skill ${names.outer} › ${names.inner}` });
  }
  return levels;
}

/** A value, or a placeholder for one in a prepared statement. */
type Param = string | Placeholder;
/** A context whose ids may be placeholders. */
export type ContextOf<P> = { workflowId: P; nodeId?: P } | { workerId: P; skillId?: P };

/**
 * The names of the context's levels as two scalar subqueries, to read in any statement: the outer
 * level must be in the workspace, the inner one must belong to the outer one.
 */
export function contextNamesSql(workspaceId: Param, context: ContextOf<Param>): { outer: SQL<string | null>; inner: SQL<string | null> } {
  if ('workflowId' in context) {
    return {
      outer: sql<string | null>`(select ${aiWorkflows.name} from ${aiWorkflows} where ${aiWorkflows.id} = ${context.workflowId} and ${aiWorkflows.workspaceId} = ${workspaceId})`,
      inner: context.nodeId
        ? sql<
            string | null
          >`(select ${aiWorkflowNodes.name} from ${aiWorkflowNodes} where ${aiWorkflowNodes.id} = ${context.nodeId} and ${aiWorkflowNodes.workflowId} = ${context.workflowId})`
        : sql<null>`null::text`,
    };
  }
  return {
    outer: sql<string | null>`(select ${aiWorkers.name} from ${aiWorkers} where ${aiWorkers.id} = ${context.workerId} and ${aiWorkers.workspaceId} = ${workspaceId})`,
    inner: context.skillId
      ? sql<
          string | null
        >`(select ${aiWorkerSkills.name} from ${aiWorkerSkills} where ${aiWorkerSkills.id} = ${context.skillId} and ${aiWorkerSkills.workerId} = ${context.workerId})`
      : sql<null>`null::text`,
  };
}

const column = {
  workflow: connectorAssignments.workflowId,
  workflow_node: connectorAssignments.nodeId,
  worker: connectorAssignments.workerId,
  worker_skill: connectorAssignments.skillId,
} as const;

/** An assignment at one of a context's levels, with its connector. */
export type Candidate = {
  targetType: AssignmentTarget;
  workflowId: string | null;
  nodeId: string | null;
  workerId: string | null;
  skillId: string | null;
  id: string;
  name: string;
  status: string;
};

/** Where assignments of a context's levels are: one of these columns equals the level's id. */
export function assignedAtLevels(levels: Level[]): SQL {
  return or(...levels.map((l): SQL => eq(column[l.type], l.id)))!;
}

const levelKey = { workflow: 'workflowId', workflow_node: 'nodeId', worker: 'workerId', worker_skill: 'skillId' } as const;

/**
 * The rules, on the assignments of a context's levels: the most specific assignment wins (node over
 * workflow, skill over worker); two at the same level are an error naming both; none is an explicit
 * "no connector assigned"; a disabled winner is reported, not skipped. Never a silent default.
 */
export function pickConnector<C extends Candidate>({
  levels,
  candidates,
  providerName,
}: {
  levels: Level[];
  candidates: C[];
  providerName: string;
}): { resolution: Resolution; winner?: C } {
  for (const level of levels) {
    const atLevel = candidates.filter((r) => r.targetType === level.type && r[levelKey[level.type]] === level.id);
    if (atLevel.length === 0) continue;
    if (atLevel.length > 1) {
      const names = atLevel.map((c) => c.name).sort();
      return {
        resolution: {
          ok: false,
          code: 'ambiguous',
          candidates: names,
          message: `Connectors ${names.map((n) => `"${n}"`).join(' and ')} are both assigned to ${level.label} for ${providerName}. Remove one of the assignments.`,
        },
      };
    }
    const winner = atLevel[0]!;
    if (winner.status === 'disabled') {
      return {
        resolution: {
          ok: false,
          code: 'disabled',
          candidates: [winner.name],
          message: `Connector "${winner.name}" assigned to ${level.label} for ${providerName} is disabled. Enable it or assign another.`,
        },
      };
    }
    return { resolution: { ok: true, connector: { id: winner.id, name: winner.name, status: winner.status }, via: { level: level.type, label: level.label } }, winner };
  }
  const where = levels.map((l) => l.label).join(' or ');
  return { resolution: { ok: false, code: 'none', message: `No connector is assigned for ${providerName} to ${where}. Assign one in Your Connectors.` } };
}

/** The connector to use for `providerId` in `context`, by the rules of `pickConnector`. */
export async function resolveConnector({ db, workspaceId, providerId, context }: { db: Db; workspaceId: string; providerId: string; context: CallContext }): Promise<Resolution> {
  const names = contextNamesSql(workspaceId, context);
  const [provider] = await db
    .select({ name: providers.name, outer: names.outer, inner: names.inner })
    .from(providers)
    .where(and(eq(providers.id, providerId), eq(providers.workspaceId, workspaceId)));
  if (!provider) throw new AppError('not_found', 'That provider was not found in this workspace.');
  const levels = levelsFrom(context, provider);
  const candidates = await db
    .select({
      targetType: connectorAssignments.targetType,
      workflowId: connectorAssignments.workflowId,
      nodeId: connectorAssignments.nodeId,
      workerId: connectorAssignments.workerId,
      skillId: connectorAssignments.skillId,
      id: connectors.id,
      name: connectors.name,
      status: connectors.status,
    })
    .from(connectorAssignments)
    .innerJoin(connectors, eq(connectors.id, connectorAssignments.connectorId))
    .where(and(eq(connectorAssignments.workspaceId, workspaceId), eq(connectorAssignments.providerId, providerId), assignedAtLevels(levels)));
  return pickConnector({ levels, candidates, providerName: provider.name }).resolution;
}

/**
 * For a worker (and each of its skills) or a workflow (and each of its nodes): the effective
 * connector for every provider assigned anywhere in it, and which assignment won.
 */
export async function effectiveConnectors({ db, workspaceId, target }: { db: Db; workspaceId: string; target: { type: 'worker' | 'workflow'; id: string } }) {
  const isWorker = target.type === 'worker';
  const parts = isWorker
    ? await db
        .select({ id: aiWorkerSkills.id, name: aiWorkerSkills.name })
        .from(aiWorkerSkills)
        .where(and(eq(aiWorkerSkills.workerId, target.id), eq(aiWorkerSkills.workspaceId, workspaceId)))
    : await db
        .select({ id: aiWorkflowNodes.id, name: aiWorkflowNodes.name })
        .from(aiWorkflowNodes)
        .where(and(eq(aiWorkflowNodes.workflowId, target.id), eq(aiWorkflowNodes.workspaceId, workspaceId)));
  const ids = [target.id, ...parts.map((p) => p.id)];
  const assigned = await db
    .selectDistinct({ providerId: connectorAssignments.providerId, providerName: providers.name })
    .from(connectorAssignments)
    .innerJoin(providers, eq(providers.id, connectorAssignments.providerId))
    .where(
      and(
        eq(connectorAssignments.workspaceId, workspaceId),
        isWorker
          ? or(inArray(connectorAssignments.workerId, ids), inArray(connectorAssignments.skillId, ids))
          : or(inArray(connectorAssignments.workflowId, ids), inArray(connectorAssignments.nodeId, ids)),
      ),
    );
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
