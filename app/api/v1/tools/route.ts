import { NextResponse } from 'next/server';
import { contextSchema } from '@/lib/connectors/resolve';
import { toolsInContext } from '@/lib/runtime/invoke';
import { v1Route } from '@/server/api-v1';

export const dynamic = 'force-dynamic';

/** GET /api/v1/tools?workerId=…[&skillId=…] or ?workflowId=…[&nodeId=…]: the tools available in that context. */
export const GET = v1Route('tools.list', 'tools:read', async (request, { db, caller }) => {
  const context = contextSchema.parse(Object.fromEntries([...request.nextUrl.searchParams].filter(([k]) => ['workflowId', 'nodeId', 'workerId', 'skillId'].includes(k))));
  const tools = await toolsInContext({ db, workspaceId: caller.workspaceId, context });
  return NextResponse.json({ tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, provider: t.providerSlug })) });
});
