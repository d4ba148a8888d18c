// The MCP server's tools: for one caller and context (a worker or a workflow), it lists and calls
// their tools through the runtime. server/mcp.ts serves it over HTTP.
import 'server-only';
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
// The low-level Server: tools come from the database with JSON schemas, not zod shapes, so the
// high-level McpServer's registerTool does not fit.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Db } from '@/db/client';
import { disabledTools, operations } from '@/db/schema';
import { authenticateApiToken, type TokenCaller } from '@/lib/api-tokens/tokens';
import type { CallContext } from '@/lib/connectors/resolve';
import { AppError, isAppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { parseCallContext } from '@/lib/runtime/context';
import { contextTools, invokeTool, qualifiedToolName, type ContextProvider, type InvokeResult } from '@/lib/runtime/invoke';

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

/**
 * The call's context from the URL (`?workerId=…`, `?workflowId=…`, with `skillId`/`nodeId`) or the
 * `x-worker-id`… headers, and the acting person from `x-user-id` (or `?userId=`).
 */
export function parseMcpCall(request: Request): { context: CallContext; userId?: string } {
  const query = new URL(request.url).searchParams;
  const context = parseCallContext({ query, headers: request.headers });
  const fromUrl = query.get('userId')?.trim() || undefined;
  const fromHeader = request.headers.get('x-user-id')?.trim() || undefined;
  if (fromUrl && fromHeader && fromUrl !== fromHeader)
    throw new AppError('invalid', `userId is "${fromUrl}" in the URL but "${fromHeader}" in the x-user-id header: give it once, or the same in both.`, {
      fields: { userId: ['differs between the URL and the x-user-id header'] },
    });
  const userId = fromUrl ?? fromHeader;
  if (userId && !z.uuid().safeParse(userId).success)
    throw new AppError('invalid', 'userId (x-user-id) must be the UUID of the person the calls are made for.', { fields: { userId: ['must be a UUID'] } });
  return { context, userId };
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
  const { providers, tools: listed } = await contextTools({ db, workspaceId: caller.workspaceId, context, listUpTo: MAX_TOOLS_PER_PROVIDER });
  const tools: Tool[] = [];
  for (const provider of providers) {
    if (isLarge(provider)) {
      tools.push(...metaTools(provider));
      continue;
    }
    for (const tool of listed) {
      if (tool.providerId === provider.id) tools.push({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema as Tool['inputSchema'] });
    }
  }
  return tools;
}

/** The large provider whose search or call tool this name is, if any. */
async function metaToolOf(session: McpSession, name: string): Promise<{ provider: ContextProvider; kind: 'search' | 'call' } | null> {
  if (!/__(search|call)$/.test(name) && name.length < 64) return null;
  const { providers } = await contextTools({ db: session.db, workspaceId: session.caller.workspaceId, context: session.context, listUpTo: 0 });
  for (const provider of providers.filter(isLarge)) {
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
