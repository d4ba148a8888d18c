// The MCP endpoint over HTTP: a stateless streamable-HTTP server, built anew for each request, serving
// the tools lib/mcp offers the caller's context.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Db } from '@/db/client';
import { assertMayActFor } from '@/lib/api-tokens/tokens';
import { env } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { authenticateMcpCaller, buildMcpServer, parseCallHeaders } from '@/lib/mcp/server';
import { errorResponse } from './api';
import { flushInvocationsAfterResponse, nextAfter, type AfterResponse } from './after-response';
import { V1_BODY_LIMIT } from './api-v1';

export type McpHandlerOptions = {
  db: Db;
  /** Tests call a loopback API; in production the deployment's ALLOW_PRIVATE_NETWORK decides. */
  allowPrivateNetwork?: boolean;
  /** Runs work once the answer is sent (default: Next's `after`): here, writing the calls' invocation records. */
  afterResponse?: AfterResponse;
};

/**
 * Serves one MCP request (JSON-RPC over POST, JSON responses, no SSE). The token is checked before
 * any server is built; the context comes from `x-worker-id`/`x-skill-id` or
 * `x-workflow-id`/`x-node-id`, the acting person from `x-user-id`. The SDK's transport reads the body
 * with the /api/v1 limit (413 past 1 MB, counted while streaming), only after the token is accepted.
 */
export async function handleMcpRequest(request: Request, { db, allowPrivateNetwork, afterResponse = nextAfter }: McpHandlerOptions): Promise<Response> {
  const requestId = request.headers.get('x-request-id') ?? randomUUID();
  if (request.method !== 'POST') return methodNotAllowed(requestId);
  try {
    const caller = await authenticateMcpCaller(db, request.headers.get('authorization'));
    const { context, userId } = parseCallHeaders(request.headers);
    assertMayActFor(caller, userId, 'x-user-id');
    const server = buildMcpServer({ db, caller, context, userId, allowPrivateNetwork, requestId, origin: env.NEXTAUTH_URL ? new URL(env.NEXTAUTH_URL).origin : new URL(request.url).origin });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: V1_BODY_LIMIT });
    await server.connect(transport);
    try {
      const response = await transport.handleRequest(request);
      response.headers.set('x-request-id', requestId);
      return response;
    } finally {
      // Tool calls queued their records; a serverless host may freeze the function once it answers.
      flushInvocationsAfterResponse(db, afterResponse);
      await server.close();
    }
  } catch (error) {
    if (!isAppError(error)) log.error('mcp request failed', { requestId, error });
    const response = errorResponse(error, requestId);
    response.headers.set('x-request-id', requestId);
    return response;
  }
}

/** GET (an SSE stream) and DELETE (ending a session) mean nothing to a stateless server. */
export function methodNotAllowed(requestId: string = randomUUID()): Response {
  return Response.json(
    { jsonrpc: '2.0', error: { code: -32000, message: 'This MCP endpoint is stateless: send JSON-RPC with POST. It offers no SSE stream and no sessions.' }, id: null },
    { status: 405, headers: { allow: 'POST', 'x-request-id': requestId } },
  );
}
