// The MCP endpoint over HTTP: a stateless streamable-HTTP server, built anew for each request, serving
// the tools lib/mcp offers the caller's context.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Db } from '@/db/client';
import { assertMayActFor } from '@/lib/api-tokens/tokens';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { TokenCaller } from '@/lib/api-tokens/tokens';
import { httpStatus, isAppError, type ErrorCode } from '@/lib/errors';
import { log } from '@/lib/log';
import { authenticateMcpCaller, buildMcpServer, parseMcpCall } from '@/lib/mcp/server';
import { assertContextExists } from '@/lib/runtime/context';
import { readBodyText } from './body';
import { appOriginFrom } from './request';
import { flushInvocationsAfterResponse, nextAfter, type AfterResponse } from './after-response';
import { V1_BODY_LIMIT } from './api-v1';

export type McpHandlerOptions = {
  db: Db;
  /** Tests call a loopback API; in production the deployment's ALLOW_PRIVATE_NETWORK decides. */
  allowPrivateNetwork?: boolean;
  /** Runs work once the answer is sent (default: Next's `after`): here, writing the calls' invocation records. */
  afterResponse?: AfterResponse;
};

/** JSON-RPC error codes: the standard ones, and server-defined ones (-32000…-32099) for what HTTP says too. */
const rpcCode: Partial<Record<ErrorCode, number>> = {
  invalid: -32602,
  bad_request: -32600,
  not_found: -32602,
  unauthenticated: -32001,
  forbidden: -32003,
  too_large: -32600,
  unsupported_media_type: -32600,
  rate_limited: -32029,
};

/**
 * Serves one MCP request (JSON-RPC over POST, JSON responses, no SSE). The token is checked before
 * any server is built; the context comes from the URL (`?workerId=…[&skillId=…]` or
 * `?workflowId=…[&nodeId=…]`) or the `x-worker-id`… headers, and must exist in the token's
 * workspace; the acting person from `x-user-id`. Every refusal is a JSON-RPC error with the HTTP status
 * that fits. The SDK's transport reads the body with the /api/v1 limit (413 past 1 MB, counted while
 * streaming), only after the token is accepted.
 */
export async function handleMcpRequest(request: Request, { db, allowPrivateNetwork, afterResponse = nextAfter }: McpHandlerOptions): Promise<Response> {
  const requestId = request.headers.get('x-request-id') ?? randomUUID();
  if (request.method !== 'POST') return methodNotAllowed(requestId);
  let caller: TokenCaller;
  try {
    caller = await authenticateMcpCaller(db, request.headers.get('authorization'));
  } catch (error) {
    // A stranger's body is never read: the answer cannot name its request id.
    return jsonRpcError(error, requestId, null);
  }
  let server: Server;
  try {
    const { context, userId } = parseMcpCall(request);
    assertMayActFor(caller, userId, 'x-user-id');
    await assertContextExists({ db, workspaceId: caller.workspaceId, context });
    server = buildMcpServer({ db, caller, context, userId, allowPrivateNetwork, requestId, origin: appOriginFrom(request.headers).origin });
  } catch (error) {
    return jsonRpcError(error, requestId, await jsonRpcIdOf(request));
  }
  try {
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
    return jsonRpcError(error, requestId, null);
  }
}

/**
 * A refusal in JSON-RPC 2.0 form, with the HTTP status of the error: what is wrong and what to do in
 * `message`, the fields and request id in `data`. A 401 keeps its WWW-Authenticate challenge.
 */
export function jsonRpcError(error: unknown, requestId: string, id: string | number | null): Response {
  if (!isAppError(error)) {
    log.error('mcp request failed', { requestId, error });
    return Response.json(
      {
        jsonrpc: '2.0',
        id,
        error: { code: -32603, message: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`, data: { status: 500, requestId } },
      },
      { status: 500, headers: { 'x-request-id': requestId } },
    );
  }
  const status = httpStatus[error.code];
  const headers: Record<string, string> = { 'x-request-id': requestId };
  if (error.code === 'unauthenticated') headers['www-authenticate'] = 'Bearer';
  return Response.json(
    {
      jsonrpc: '2.0',
      id,
      error: { code: rpcCode[error.code] ?? -32000, message: error.message, data: { status, reason: error.code, requestId, fields: error.fields, details: error.details } },
    },
    { status, headers },
  );
}

/** The id of the JSON-RPC request being refused, when its body (of an accepted token) says one; else null. */
async function jsonRpcIdOf(request: Request): Promise<string | number | null> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (!request.body || declared > V1_BODY_LIMIT) return null;
  try {
    const body: unknown = JSON.parse(await readBodyText(request, { limit: V1_BODY_LIMIT }));
    const first = Array.isArray(body) ? body[0] : body;
    const id = (first as { id?: unknown } | null)?.id;
    return typeof id === 'string' || typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

/** GET (an SSE stream) and DELETE (ending a session) mean nothing to a stateless server. */
export function methodNotAllowed(requestId: string = randomUUID()): Response {
  return Response.json(
    { jsonrpc: '2.0', error: { code: -32000, message: 'This MCP endpoint is stateless: send JSON-RPC with POST. It offers no SSE stream and no sessions.' }, id: null },
    { status: 405, headers: { allow: 'POST', 'x-request-id': requestId } },
  );
}
