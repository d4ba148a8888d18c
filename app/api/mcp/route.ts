import { getDb } from '@/db';
import { nextAfter } from '@/server/after-response';
import { handleMcpRequest, methodNotAllowed } from '@/server/mcp';

export const dynamic = 'force-dynamic';

/**
 * POST /api/mcp: the MCP endpoint (streamable HTTP, stateless, JSON responses). Authorization:
 * Bearer <API token>; context from the URL (?workerId=…[&skillId=…] or ?workflowId=…[&nodeId=…])
 * or the x-worker-id… headers; the person for per-user connectors from x-user-id. Every refusal is
 * a JSON-RPC error.
 */
export async function POST(request: Request): Promise<Response> {
  return handleMcpRequest(request, { db: await getDb(), afterResponse: nextAfter });
}

export async function GET(request: Request): Promise<Response> {
  return methodNotAllowed(request.headers.get('x-request-id') ?? undefined);
}

export const DELETE = GET;
