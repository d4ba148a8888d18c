// Which worker or workflow a runtime call is for: read from the URL, headers or JSON body, the same way
// for GET /api/v1/tools, POST /api/v1/tools/invoke and /api/mcp, and checked against the workspace.
import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { aiWorkerSkills, aiWorkers, aiWorkflowNodes, aiWorkflows } from '@/db/schema';
import { contextSchema, type CallContext } from '@/lib/connectors/resolve';
import { AppError, type FieldErrors } from '@/lib/errors';

const KEYS = ['workerId', 'skillId', 'workflowId', 'nodeId'] as const;
type Key = (typeof KEYS)[number];

/** `workerId` → `x-worker-id`. */
export const contextHeader = (key: Key) => `x-${key.replace(/Id$/, '')}-id`;

export const CONTEXT_HELP =
  'Say which context the tools are for: workerId (and optionally skillId) or workflowId (and optionally nodeId), each a UUID, ' +
  "as URL query parameters (…?workerId=<uuid>) or as headers (x-worker-id, x-skill-id, x-workflow-id, x-node-id). Each worker's and workflow's page shows its URL.";

/** A value as an error repeats it: a UUID is 36 characters; anything much longer was not meant to be here. */
const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 12)}…` : value);

type Sources = {
  /** The request's query parameters. */
  query?: URLSearchParams;
  headers?: Headers;
  /** A JSON body's `context` object, where the route has one. */
  body?: unknown;
};

/**
 * The call context from every place a client may put it. A key given in two places must have the same
 * value in both; a worker and a workflow cannot be mixed; nothing given is a 422 naming the parameters.
 */
export function parseCallContext({ query, headers, body }: Sources): CallContext {
  const given = new Map<Key, { value: string; where: string }>();
  const conflicts: FieldErrors = {};
  const put = (key: Key, raw: unknown, where: string) => {
    if (raw === undefined || raw === null) return;
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === '') return;
    if (typeof value !== 'string') {
      conflicts[key] = [`must be a UUID string (${where})`];
      return;
    }
    const earlier = given.get(key);
    if (earlier && earlier.value !== value) {
      conflicts[key] = [`is "${shown(earlier.value)}" in ${earlier.where} but "${shown(value)}" in ${where}: give it once, or the same in both`];
      return;
    }
    if (!earlier) given.set(key, { value, where });
  };
  if (body !== undefined && body !== null) {
    if (typeof body !== 'object' || Array.isArray(body))
      throw new AppError('invalid', `"context" must be an object. ${CONTEXT_HELP}`, { fields: { context: ['must be an object'] } });
    const unknownKeys = Object.keys(body).filter((key) => !(KEYS as readonly string[]).includes(key));
    if (unknownKeys.length)
      throw new AppError('invalid', `"context" has unknown keys: ${unknownKeys.join(', ')}. ${CONTEXT_HELP}`, {
        fields: Object.fromEntries(unknownKeys.map((key) => [`context.${key}`, ['is not a context key']])),
      });
    for (const key of KEYS) put(key, (body as Record<string, unknown>)[key], 'the body\'s "context"');
  }
  for (const key of KEYS) {
    if (query?.has(key)) put(key, query.get(key), 'the URL');
    if (headers?.has(contextHeader(key))) put(key, headers.get(contextHeader(key)), `the ${contextHeader(key)} header`);
  }
  if (Object.keys(conflicts).length) {
    throw new AppError(
      'invalid',
      `The context is given twice, differently. ${Object.entries(conflicts)
        .map(([key, [message]]) => `${key} ${message}.`)
        .join(' ')}`,
      { fields: conflicts },
    );
  }
  const raw = Object.fromEntries([...given].map(([key, { value }]) => [key, value]));
  if (given.size === 0) {
    throw new AppError('invalid', `No context given. ${CONTEXT_HELP}`, { fields: { workerId: ['give workerId or workflowId'], workflowId: ['give workflowId or workerId'] } });
  }
  const hasWorker = 'workerId' in raw || 'skillId' in raw;
  const hasWorkflow = 'workflowId' in raw || 'nodeId' in raw;
  if (hasWorker && hasWorkflow)
    throw new AppError('invalid', `A context is a worker or a workflow, not both. ${CONTEXT_HELP}`, {
      fields: { workerId: ['cannot be combined with workflowId or nodeId'], workflowId: ['cannot be combined with workerId or skillId'] },
    });
  if (hasWorker && !raw.workerId)
    throw new AppError('invalid', `skillId needs the workerId of the skill's worker. ${CONTEXT_HELP}`, { fields: { workerId: ['required with skillId'] } });
  if (hasWorkflow && !raw.workflowId)
    throw new AppError('invalid', `nodeId needs the workflowId of the node's workflow. ${CONTEXT_HELP}`, { fields: { workflowId: ['required with nodeId'] } });
  const notUuid = Object.entries(raw).filter(([, value]) => !z.uuid().safeParse(value).success);
  if (notUuid.length)
    throw new AppError('invalid', `${notUuid.map(([key]) => key).join(' and ')} must be a UUID. ${CONTEXT_HELP}`, {
      fields: Object.fromEntries(notUuid.map(([key]) => [key, ['must be a UUID']])),
    });
  return contextSchema.parse(raw);
}

/** The context's worker/workflow (and skill/node) must exist in the workspace: a 404 that names what is missing. */
export async function assertContextExists({ db, workspaceId, context }: { db: Db; workspaceId: string; context: CallContext }): Promise<void> {
  if ('workerId' in context) {
    const [worker] = await db
      .select({ id: aiWorkers.id })
      .from(aiWorkers)
      .where(and(eq(aiWorkers.id, context.workerId), eq(aiWorkers.workspaceId, workspaceId)));
    if (!worker)
      throw new AppError('not_found', `No worker ${context.workerId} in this workspace. Copy the URL from the worker's page.`, {
        fields: { workerId: ['no such worker in this workspace'] },
      });
    if (context.skillId) {
      const [skill] = await db
        .select({ id: aiWorkerSkills.id })
        .from(aiWorkerSkills)
        .where(and(eq(aiWorkerSkills.id, context.skillId), eq(aiWorkerSkills.workerId, context.workerId), eq(aiWorkerSkills.workspaceId, workspaceId)));
      if (!skill) throw new AppError('not_found', `No skill ${context.skillId} in worker ${context.workerId}.`, { fields: { skillId: ['no such skill in this worker'] } });
    }
    return;
  }
  const [workflow] = await db
    .select({ id: aiWorkflows.id })
    .from(aiWorkflows)
    .where(and(eq(aiWorkflows.id, context.workflowId), eq(aiWorkflows.workspaceId, workspaceId)));
  if (!workflow)
    throw new AppError('not_found', `No workflow ${context.workflowId} in this workspace. Copy the URL from the workflow's page.`, {
      fields: { workflowId: ['no such workflow in this workspace'] },
    });
  if (context.nodeId) {
    const [node] = await db
      .select({ id: aiWorkflowNodes.id })
      .from(aiWorkflowNodes)
      .where(and(eq(aiWorkflowNodes.id, context.nodeId), eq(aiWorkflowNodes.workflowId, context.workflowId), eq(aiWorkflowNodes.workspaceId, workspaceId)));
    if (!node) throw new AppError('not_found', `No node ${context.nodeId} in workflow ${context.workflowId}.`, { fields: { nodeId: ['no such node in this workflow'] } });
  }
}
