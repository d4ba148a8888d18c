// AI workers and AI workflows: the same registration (a name and its parts: a worker's skills, a
// workflow's nodes) with the kind as a parameter, for the API, the actions and the pages alike.
import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { aiWorkerSkills, aiWorkers, aiWorkflowNodes, aiWorkflows } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError, isUniqueViolation } from '@/lib/errors';

export const registrationKinds = ['worker', 'workflow'] as const;
export type RegistrationKind = (typeof registrationKinds)[number];
type PartsKey = { worker: 'skills'; workflow: 'nodes' };

// The workflow tables have the worker tables' columns; only the part's parent column is named
// after its kind, so it is reached through `parentKey` and `parent`.
const kinds = {
  worker: { parts: 'skills', plural: 'workers', table: aiWorkers, partTable: aiWorkerSkills, parent: aiWorkerSkills.workerId, parentKey: 'workerId' },
  workflow: {
    parts: 'nodes',
    plural: 'workflows',
    table: aiWorkflows as unknown as typeof aiWorkers,
    partTable: aiWorkflowNodes as unknown as typeof aiWorkerSkills,
    parent: aiWorkflowNodes.workflowId,
    parentKey: 'workflowId',
  },
} as const;

/** `skills` for a worker, `nodes` for a workflow: the key of its parts in inputs and answers. */
export const partsKey = <K extends RegistrationKind>(kind: K) => kinds[kind].parts as PartsKey[K];
/** `workers` or `workflows`, as in the API paths and the response keys. */
export const pluralOf = (kind: RegistrationKind) => kinds[kind].plural;

const name = z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.');
const parts = z
  .array(name)
  .max(100)
  .default([])
  .refine((list) => new Set(list.map((n) => n.toLowerCase())).size === list.length, 'Each name must be different.');
const registration = z.object({ name, description: z.string().trim().max(500).optional() });

export const registrationInputSchemas = { worker: registration.extend({ skills: parts }), workflow: registration.extend({ nodes: parts }) };
export type RegistrationInput<K extends RegistrationKind> = z.infer<(typeof registrationInputSchemas)[K]>;
export type Part = { id: string; name: string };
export type Registration<K extends RegistrationKind> = typeof aiWorkers.$inferSelect & { [P in PartsKey[K]]: Part[] };

export async function createRegistration<K extends RegistrationKind>({
  db,
  workspaceId,
  actor,
  kind,
  input,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  kind: K;
  input: RegistrationInput<K>;
}) {
  const { table, partTable, parentKey } = kinds[kind];
  const names = (input as Record<PartsKey[K], string[]>)[partsKey(kind)];
  return db
    .transaction(async (tx) => {
      const [created] = await tx
        .insert(table)
        .values({ workspaceId, name: input.name, description: input.description ?? null })
        .returning();
      if (names.length)
        await tx.insert(partTable).values(names.map((part) => ({ workspaceId, [parentKey]: created!.id, name: part }) as unknown as typeof aiWorkerSkills.$inferInsert));
      await recordAudit({
        db: tx,
        workspaceId,
        actor,
        action: `${kind}.registered`,
        target: { type: kind, id: created!.id, label: input.name },
        summary: { [partsKey(kind)]: names },
      });
      return created!;
    })
    .catch((error) => {
      if (isUniqueViolation(error)) throw new AppError('conflict', `A ${kind} named "${input.name}" is already registered.`, { fields: { name: ['Choose another name.'] } });
      throw error;
    });
}

export async function deleteRegistration({ db, workspaceId, actor, kind, id }: { db: Db; workspaceId: string; actor: Actor; kind: RegistrationKind; id: string }) {
  const { table } = kinds[kind];
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(table)
      .where(and(eq(table.id, id), eq(table.workspaceId, workspaceId)))
      .returning();
    if (!deleted) throw new AppError('not_found', `That ${kind} was not found in this workspace.`);
    await recordAudit({ db: tx, workspaceId, actor, action: `${kind}.deleted`, target: { type: kind, id, label: deleted.name } });
  });
}

/** The workspace's workers (workflows) by name, each with its skills (nodes) by name. */
export async function listRegistrations<K extends RegistrationKind>({ db, workspaceId, kind }: { db: Db; workspaceId: string; kind: K }): Promise<Registration<K>[]> {
  const { table, partTable, parent } = kinds[kind];
  const items = await db.select().from(table).where(eq(table.workspaceId, workspaceId)).orderBy(asc(table.name));
  const partRows = items.length
    ? await db
        .select({ id: partTable.id, name: partTable.name, parentId: parent })
        .from(partTable)
        .where(
          inArray(
            parent,
            items.map((i) => i.id),
          ),
        )
        .orderBy(asc(partTable.name))
    : [];
  return items.map((item) => ({ ...item, [partsKey(kind)]: partRows.filter((p) => p.parentId === item.id).map(({ id, name }) => ({ id, name })) }) as Registration<K>);
}

/** One worker (workflow) of the workspace by id, or undefined. */
export async function findRegistration({ db, workspaceId, kind, id }: { db: Db; workspaceId: string; kind: RegistrationKind; id: string }) {
  const { table } = kinds[kind];
  const [item] = await db
    .select({ id: table.id, name: table.name })
    .from(table)
    .where(and(eq(table.id, id), eq(table.workspaceId, workspaceId)));
  return item;
}

// The names the rest of the code (and its tests) already use.
export const workerInputSchema = registrationInputSchemas.worker;
export const workflowInputSchema = registrationInputSchemas.workflow;
type Write = { db: Db; workspaceId: string; actor: Actor };
export const createWorker = (args: Write & { input: RegistrationInput<'worker'> }) => createRegistration({ ...args, kind: 'worker' });
export const createWorkflow = (args: Write & { input: RegistrationInput<'workflow'> }) => createRegistration({ ...args, kind: 'workflow' });
export const deleteWorker = ({ workerId, ...args }: Write & { workerId: string }) => deleteRegistration({ ...args, kind: 'worker', id: workerId });
export const deleteWorkflow = ({ workflowId, ...args }: Write & { workflowId: string }) => deleteRegistration({ ...args, kind: 'workflow', id: workflowId });
export const listWorkers = (args: { db: Db; workspaceId: string }) => listRegistrations({ ...args, kind: 'worker' });
export const listWorkflows = (args: { db: Db; workspaceId: string }) => listRegistrations({ ...args, kind: 'workflow' });
