import { NextResponse } from 'next/server';
import { parseCallContext } from '@/lib/runtime/context';
import { toolsInContext } from '@/lib/runtime/invoke';
import { v1Route } from '@/server/api-v1';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/tools?workerId=…[&skillId=…] or ?workflowId=…[&nodeId=…] (or the x-worker-id… headers):
 * the tools available in that context. No context is a 422 naming the parameters; an unknown one a 404.
 */
export const GET = v1Route('tools.list', 'tools:read', async (request, { db, caller }) => {
  const context = parseCallContext({ query: request.nextUrl.searchParams, headers: request.headers });
  const tools = await toolsInContext({ db, workspaceId: caller.workspaceId, context });
  return NextResponse.json({ tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, provider: t.providerSlug })) });
});
