import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseCallContext } from '@/lib/runtime/context';
import { invokeTool } from '@/lib/runtime/invoke';
import { flushInvocationsAfterResponse } from '@/server/after-response';
import { v1Route } from '@/server/api-v1';
import { appOriginFrom } from '@/server/request';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({
  /** Or in the URL (?workerId=…) or the x-worker-id… headers: see parseCallContext. */
  context: z.unknown().optional(),
  /** `<provider>__<tool>` as listed by GET /api/v1/tools. */
  tool: z.string().min(3).max(200),
  arguments: z.record(z.string(), z.unknown()).default({}),
  /** The person the call is made for, for per-user connectors: needs the "tools:invoke:on-behalf" scope. */
  userId: z.uuid().optional(),
});

/** POST /api/v1/tools/invoke: calls one tool through the connector the context resolves to. */
export const POST = v1Route('tools.invoke', 'tools:invoke', async (request, { db, caller, json }) => {
  const body = await json(bodySchema);
  const context = parseCallContext({ query: request.nextUrl.searchParams, headers: request.headers, body: body.context });
  const { origin } = appOriginFrom(request.headers);
  try {
    const result = await invokeTool({
      db,
      workspaceId: caller.workspaceId,
      caller: { type: 'api_token', label: caller.name, userId: body.userId, tokenId: caller.tokenId, scopes: caller.scopes },
      context,
      tool: { name: body.tool },
      args: body.arguments,
      origin,
    });
    return NextResponse.json(result);
  } finally {
    // The call queued its record: written once the answer is sent, before a serverless host may freeze.
    flushInvocationsAfterResponse(db);
  }
});
