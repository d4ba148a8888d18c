import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { aiWorkerSkills, aiWorkers, aiWorkflowNodes, aiWorkflows } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError, isUniqueViolation } from '@/lib/errors';

const name = z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.');
const parts = z
  .array(name)
  .max(100)
  .default([])
  .refine((list) => new Set(list.map((n) => n.toLowerCase())).size === list.length, 'Each name must be different.');

export const workerInputSchema = z.object({ name, description: z.string().trim().max(500).optional(), skills: parts });
export const workflowInputSchema = z.object({ name, description: z.string().trim().max(500).optional(), nodes: parts });

export async function createWorker({ db, workspaceId, actor, input }: { db: Db; workspaceId: string; actor: Actor; input: z.infer<typeof workerInputSchema> }) {
  return db
    .transaction(async (tx) => {
      const [worker] = await tx.insert(aiWorkers).values({ workspaceId, name: input.name, description: input.description ?? null }).returning();
      if (input.skills.length) await tx.insert(aiWorkerSkills).values(input.skills.map((skill) => ({ workspaceId, workerId: worker!.id, name: skill })));
      await recordAudit({ db: tx, workspaceId, actor, action: 'worker.registered', target: { type: 'worker', id: worker!.id, label: input.name }, summary: { skills: input.skills } });
      return worker!;
    })
    .catch((error) => {
      if (isUniqueViolation(error)) throw new AppError('conflict', `A worker named "${input.name}" is already registered.`, { fields: { name: ['Choose another name.'] } });
      throw error;
    });
}

export async function createWorkflow({ db, workspaceId, actor, input }: { db: Db; workspaceId: string; actor: Actor; input: z.infer<typeof workflowInputSchema> }) {
  return db
    .transaction(async (tx) => {
      const [workflow] = await tx.insert(aiWorkflows).values({ workspaceId, name: input.name, description: input.description ?? null }).returning();
      if (input.nodes.length) await tx.insert(aiWorkflowNodes).values(input.nodes.map((node) => ({ workspaceId, workflowId: workflow!.id, name: node })));
      await recordAudit({ db: tx, workspaceId, actor, action: 'workflow.registered', target: { type: 'workflow', id: workflow!.id, label: input.name }, summary: { nodes: input.nodes } });
      return workflow!;
    })
    .catch((error) => {
      if (isUniqueViolation(error)) throw new AppError('conflict', `A workflow named "${input.name}" is already registered.`, { fields: { name: ['Choose another name.'] } });
      throw error;
    });
}

export async function deleteWorker({ db, workspaceId, actor, workerId }: { db: Db; workspaceId: string; actor: Actor; workerId: string }) {
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(aiWorkers).where(and(eq(aiWorkers.id, workerId), eq(aiWorkers.workspaceId, workspaceId))).returning();
    if (!deleted) throw new AppError('not_found', 'That worker was not found in this workspace.');
    await recordAudit({ db: tx, workspaceId, actor, action: 'worker.deleted', target: { type: 'worker', id: workerId, label: deleted.name } });
  });
}

export async function deleteWorkflow({ db, workspaceId, actor, workflowId }: { db: Db; workspaceId: string; actor: Actor; workflowId: string }) {
  await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(aiWorkflows).where(and(eq(aiWorkflows.id, workflowId), eq(aiWorkflows.workspaceId, workspaceId))).returning();
    if (!deleted) throw new AppError('not_found', 'That workflow was not found in this workspace.');
    await recordAudit({ db: tx, workspaceId, actor, action: 'workflow.deleted', target: { type: 'workflow', id: workflowId, label: deleted.name } });
  });
}

export async function listWorkers({ db, workspaceId }: { db: Db; workspaceId: string }) {
  const workers = await db.select().from(aiWorkers).where(eq(aiWorkers.workspaceId, workspaceId)).orderBy(asc(aiWorkers.name));
  const skills = workers.length
    ? await db.select().from(aiWorkerSkills).where(inArray(aiWorkerSkills.workerId, workers.map((w) => w.id))).orderBy(asc(aiWorkerSkills.name))
    : [];
  return workers.map((w) => ({ ...w, skills: skills.filter((s) => s.workerId === w.id).map((s) => ({ id: s.id, name: s.name })) }));
}

export async function listWorkflows({ db, workspaceId }: { db: Db; workspaceId: string }) {
  const workflows = await db.select().from(aiWorkflows).where(eq(aiWorkflows.workspaceId, workspaceId)).orderBy(asc(aiWorkflows.name));
  const nodes = workflows.length
    ? await db.select().from(aiWorkflowNodes).where(inArray(aiWorkflowNodes.workflowId, workflows.map((w) => w.id))).orderBy(asc(aiWorkflowNodes.name))
    : [];
  return workflows.map((w) => ({ ...w, nodes: nodes.filter((n) => n.workflowId === w.id).map((n) => ({ id: n.id, name: n.name })) }));
}
