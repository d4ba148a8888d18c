// The MCP server's tools: for one caller and context (a worker or a workflow), it lists and calls
// their tools through the runtime. server/mcp.ts serves it over HTTP.
import 'server-only';
import { and, asc, count, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
// The low-level Server: tools come from the database with JSON schemas, not zod shapes, so the
// high-level McpServer's registerTool does not fit.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Db } from '@/db/client';
import { aiWorkerSkills, aiWorkers, aiWorkflowNodes, aiWorkflows, connectorAssignments, disabledTools, operations, providers } from '@/db/schema';
import { authenticateApiToken, type TokenCaller } from '@/lib/api-tokens/tokens';
import { contextSchema, type CallContext } from '@/lib/connectors/resolve';
import { AppError, isAppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { invokeTool, qualifiedToolName, type InvokeResult } from '@/lib/runtime/invoke';

/** A provider with more tools than this in a context is offered as a search tool and a call tool. */
export const MAX_TOOLS_PER_PROVIDER = 50;
const SEARCH_DEFAULT = 10;
const SEARCH_MAX = 25;

export type McpSession = {
  db: Db;
  caller: TokenCaller;
  context: CallContext;
  userId?: string;
  allowPrivateNetwork?: boolean;
  requestId: string;
  /** This app's origin, for connect links in errors. */
  origin: string;
};

/** Either scope lets a client connect; each method checks its own. */
export async function authenticateMcpCaller(db: Db, authorization: string | null): Promise<TokenCaller> {
  try {
    return await authenticateApiToken({ db, authorization, scope: 'tools:read' });
  } catch (error) {
    if (!isAppError(error) || error.code !== 'forbidden') throw error;
    try {
      return await authenticateApiToken({ db, authorization, scope: 'tools:invoke' });
    } catch (second) {
      if (isAppError(second) && second.code === 'forbidden') throw new AppError('forbidden', 'This token has neither the "tools:read" nor the "tools:invoke" scope.');
      throw second;
    }
  }
}

const CONTEXT_HELP = 'Say which context the tools are for: send x-worker-id (and optionally x-skill-id) or x-workflow-id (and optionally x-node-id), each a UUID.';

export function parseCallHeaders(headers: Headers): { context: CallContext; userId?: string } {
  const raw = Object.fromEntries(
    (
      [
        ['workerId', 'x-worker-id'],
        ['skillId', 'x-skill-id'],
        ['workflowId', 'x-workflow-id'],
        ['nodeId', 'x-node-id'],
      ] as const
    ).flatMap(([key, header]) => {
      const value = headers.get(header)?.trim();
      return value ? [[key, value]] : [];
    }),
  );
  const context = contextSchema.safeParse(raw);
  if (!context.success) {
    const fields = Object.keys(raw).length ? Object.fromEntries(Object.entries(raw).map(([key]) => [`x-${key.replace(/Id$/, '')}-id`, ['must be a UUID, and worker and workflow headers cannot be mixed']])) : undefined;
    throw new AppError('invalid', Object.keys(raw).length ? `The context headers are not valid. ${CONTEXT_HELP}` : CONTEXT_HELP, { fields });
  }
  const userId = headers.get('x-user-id')?.trim() || undefined;
  if (userId && !z.uuid().safeParse(userId).success) throw new AppError('invalid', 'x-user-id must be the UUID of the person the calls are made for.', { fields: { 'x-user-id': ['must be a UUID'] } });
  return { context: context.data, userId };
}

/** A server for one request: a stateless transport cannot be reused, nor can the server bound to it. */
export function buildMcpServer(session: McpSession): Server {
  const server = new Server({ name: 'provider-integration-system', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    try {
      if (!session.caller.scopes.includes('tools:read')) throw new AppError('forbidden', 'This token lacks the "tools:read" scope: it may call tools but not list them.');
      return { tools: await listTools(session) };
    } catch (error) {
      throw asProtocolError(error, session.requestId);
    }
  });
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    try {
      return await callTool(session, request.params.name, request.params.arguments ?? {});
    } catch (error) {
      if (isAppError(error)) return errorResult(error);
      log.error('mcp tool call failed', { requestId: session.requestId, tool: request.params.name, error });
      return { isError: true, content: [{ type: 'text', text: `Something went wrong on our side. Quote request id ${session.requestId} when reporting it.` }] };
    }
  });
  return server;
}

function asProtocolError(error: unknown, requestId: string): McpError {
  if (isAppError(error)) return new McpError(error.code === 'not_found' || error.code === 'invalid' ? ErrorCode.InvalidParams : ErrorCode.InvalidRequest, error.message);
  log.error('mcp request failed', { requestId, error });
  return new McpError(ErrorCode.InternalError, `Something went wrong on our side. Quote request id ${requestId} when reporting it.`);
}

function errorResult(error: AppError): CallToolResult {
  const fields = Object.entries(error.fields ?? {}).flatMap(([field, messages]) => messages.map((message) => `- ${field}: ${message}`));
  return { isError: true, content: [{ type: 'text', text: [error.message, ...fields].join('\n') }] };
}

/** The context's worker/workflow (and skill/node) must exist in the token's workspace. */
async function assertContextExists(db: Db, workspaceId: string, context: CallContext) {
  if ('workerId' in context) {
    const [worker] = await db.select({ id: aiWorkers.id }).from(aiWorkers).where(and(eq(aiWorkers.id, context.workerId), eq(aiWorkers.workspaceId, workspaceId)));
    if (!worker) throw new AppError('not_found', 'The worker named by x-worker-id was not found in this token\'s workspace.');
    if (context.skillId) {
      const [skill] = await db.select({ id: aiWorkerSkills.id }).from(aiWorkerSkills).where(and(eq(aiWorkerSkills.id, context.skillId), eq(aiWorkerSkills.workerId, context.workerId), eq(aiWorkerSkills.workspaceId, workspaceId)));
      if (!skill) throw new AppError('not_found', 'The skill named by x-skill-id is not a skill of that worker.');
    }
    return;
  }
  const [workflow] = await db.select({ id: aiWorkflows.id }).from(aiWorkflows).where(and(eq(aiWorkflows.id, context.workflowId), eq(aiWorkflows.workspaceId, workspaceId)));
  if (!workflow) throw new AppError('not_found', 'The workflow named by x-workflow-id was not found in this token\'s workspace.');
  if (context.nodeId) {
    const [node] = await db.select({ id: aiWorkflowNodes.id }).from(aiWorkflowNodes).where(and(eq(aiWorkflowNodes.id, context.nodeId), eq(aiWorkflowNodes.workflowId, context.workflowId), eq(aiWorkflowNodes.workspaceId, workspaceId)));
    if (!node) throw new AppError('not_found', 'The node named by x-node-id is not part of that workflow.');
  }
}

type ContextProvider = { id: string; slug: string; name: string; versionId: string; toolCount: number };

/** The providers with a connector assigned at any level of the context, with their enabled tool counts. */
async function providersInContext(db: Db, workspaceId: string, context: CallContext): Promise<ContextProvider[]> {
  const ids = Object.values(context).filter((v): v is string => Boolean(v));
  const assigned = await db
    .selectDistinct({ id: providers.id, slug: providers.slug, name: providers.name, versionId: providers.currentVersionId })
    .from(connectorAssignments)
    .innerJoin(providers, and(eq(providers.id, connectorAssignments.providerId), eq(providers.workspaceId, workspaceId)))
    .where(
      and(
        eq(connectorAssignments.workspaceId, workspaceId),
        or(inArray(connectorAssignments.workflowId, ids), inArray(connectorAssignments.nodeId, ids), inArray(connectorAssignments.workerId, ids), inArray(connectorAssignments.skillId, ids)),
      ),
    );
  const withVersion = assigned.filter((p): p is typeof p & { versionId: string } => p.versionId !== null);
  if (withVersion.length === 0) return [];
  const counts = await db
    .select({ versionId: operations.versionId, toolCount: count() })
    .from(operations)
    .leftJoin(disabledTools, and(eq(disabledTools.providerId, operations.providerId), eq(disabledTools.toolName, operations.toolName)))
    .where(and(eq(operations.workspaceId, workspaceId), inArray(operations.versionId, withVersion.map((p) => p.versionId)), isNull(disabledTools.toolName)))
    .groupBy(operations.versionId);
  const countOf = new Map(counts.map((c) => [c.versionId, c.toolCount]));
  return withVersion.map((p) => ({ ...p, toolCount: countOf.get(p.versionId) ?? 0 })).sort((a, b) => a.slug.localeCompare(b.slug));
}

const isLarge = (provider: ContextProvider) => provider.toolCount > MAX_TOOLS_PER_PROVIDER;

const searchInputSchema = z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(SEARCH_MAX).optional() });
const callInputSchema = z.object({ tool: z.string().min(1).max(200), arguments: z.record(z.string(), z.unknown()).optional() });

function metaTools(provider: ContextProvider): Tool[] {
  const searchName = qualifiedToolName(provider.slug, 'search');
  const callName = qualifiedToolName(provider.slug, 'call');
  return [
    {
      name: searchName,
      description: `Find tools of ${provider.name} (${provider.toolCount} tools, too many to list). Matches tools whose name or description contains every word of the query; returns up to ${SEARCH_MAX} with their descriptions and input schemas. Then call one with ${callName}.`,
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'Words to look for, e.g. "send mail" or "calendar events".' },
          limit: { type: 'integer', minimum: 1, maximum: SEARCH_MAX, description: `How many tools to return (default ${SEARCH_DEFAULT}).` },
        },
        required: ['query'],
      },
    },
    {
      name: callName,
      description: `Call one tool of ${provider.name} by the name ${searchName} returned, with arguments matching its input schema.`,
      inputSchema: {
        type: 'object',
        properties: {
          tool: { type: 'string', description: `The tool's name as ${searchName} returned it.` },
          arguments: { type: 'object', description: "The tool's arguments.", additionalProperties: true },
        },
        required: ['tool'],
      },
    },
  ];
}

async function listTools({ db, caller, context }: McpSession): Promise<Tool[]> {
  await assertContextExists(db, caller.workspaceId, context);
  const inContext = await providersInContext(db, caller.workspaceId, context);
  const small = inContext.filter((p) => !isLarge(p) && p.toolCount > 0);
  const rows = small.length
    ? await db
        .select({ versionId: operations.versionId, toolName: operations.toolName, detail: operations.detail })
        .from(operations)
        .leftJoin(disabledTools, and(eq(disabledTools.providerId, operations.providerId), eq(disabledTools.toolName, operations.toolName)))
        .where(and(eq(operations.workspaceId, caller.workspaceId), inArray(operations.versionId, small.map((p) => p.versionId)), isNull(disabledTools.toolName)))
        .orderBy(asc(operations.toolName))
    : [];
  const tools: Tool[] = [];
  for (const provider of inContext) {
    if (isLarge(provider)) {
      tools.push(...metaTools(provider));
      continue;
    }
    for (const row of rows) {
      if (row.versionId !== provider.versionId) continue;
      tools.push({ name: qualifiedToolName(provider.slug, row.toolName), description: row.detail.toolDescription, inputSchema: row.detail.inputSchema as Tool['inputSchema'] });
    }
  }
  return tools;
}

/** The large provider whose search or call tool this name is, if any. */
async function metaToolOf(session: McpSession, name: string): Promise<{ provider: ContextProvider; kind: 'search' | 'call' } | null> {
  if (!/__(search|call)$/.test(name) && name.length < 64) return null;
  const inContext = await providersInContext(session.db, session.caller.workspaceId, session.context);
  for (const provider of inContext.filter(isLarge)) {
    if (name === qualifiedToolName(provider.slug, 'search')) return { provider, kind: 'search' };
    if (name === qualifiedToolName(provider.slug, 'call')) return { provider, kind: 'call' };
  }
  return null;
}

async function callTool(session: McpSession, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const meta = await metaToolOf(session, name);
  if (meta?.kind === 'search') {
    if (!session.caller.scopes.includes('tools:read')) throw new AppError('forbidden', 'This token lacks the "tools:read" scope.');
    const input = searchInputSchema.safeParse(args);
    if (!input.success) throw new AppError('invalid', 'The arguments do not match the tool.', { fields: fieldsOf(input.error) });
    return textResult(await searchTools(session, meta.provider, input.data.query, input.data.limit ?? SEARCH_DEFAULT));
  }
  if (!session.caller.scopes.includes('tools:invoke')) throw new AppError('forbidden', 'This token lacks the "tools:invoke" scope: it may list tools but not call them.');
  let tool: { name?: string; provider?: string; tool?: string } = { name };
  if (meta?.kind === 'call') {
    const input = callInputSchema.safeParse(args);
    if (!input.success) throw new AppError('invalid', 'The arguments do not match the tool.', { fields: fieldsOf(input.error) });
    const prefix = `${meta.provider.slug}__`;
    tool = { provider: meta.provider.slug, tool: input.data.tool.startsWith(prefix) ? input.data.tool.slice(prefix.length) : input.data.tool };
    args = input.data.arguments ?? {};
  }
  const result = await invokeTool({
    db: session.db,
    workspaceId: session.caller.workspaceId,
    caller: { type: 'mcp', label: session.caller.name, userId: session.userId, tokenId: session.caller.tokenId, scopes: session.caller.scopes },
    context: session.context,
    tool,
    args,
    origin: session.origin,
    allowPrivateNetwork: session.allowPrivateNetwork,
  });
  return { ...textResult({ status: result.status, body: bodyValue(result.body), truncated: result.truncated }), isError: result.status >= 400 };
}

function bodyValue(body: InvokeResult['body']): unknown {
  return body.kind === 'binary' ? { contentType: body.contentType, bytes: body.bytes, note: body.note } : body.value;
}

const textResult = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value) }] });

const fieldsOf = (error: z.ZodError) => Object.fromEntries(error.issues.map((issue) => [issue.path.join('.') || '(arguments)', [issue.message]]));

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A large provider's enabled tools whose name or search text contains every word of the query. */
async function searchTools({ db, caller }: McpSession, provider: ContextProvider, query: string, limit: number) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const matches = words.map((word): SQL => {
    const pattern = `%${escapeLike(word)}%`;
    return sql`(${operations.searchText} like ${pattern} or lower(${operations.toolName}) like ${pattern})`;
  });
  const rows = await db
    .select({ toolName: operations.toolName, detail: operations.detail })
    .from(operations)
    .leftJoin(disabledTools, and(eq(disabledTools.providerId, operations.providerId), eq(disabledTools.toolName, operations.toolName)))
    .where(and(eq(operations.workspaceId, caller.workspaceId), eq(operations.versionId, provider.versionId), isNull(disabledTools.toolName), ...matches))
    .orderBy(asc(operations.toolName))
    .limit(limit + 1);
  return {
    tools: rows.slice(0, limit).map((row) => ({ name: row.toolName, description: row.detail.toolDescription, inputSchema: row.detail.inputSchema })),
    more: rows.length > limit,
    call: `Call one with ${qualifiedToolName(provider.slug, 'call')} { "tool": "<name>", "arguments": { … } }.`,
  };
}
