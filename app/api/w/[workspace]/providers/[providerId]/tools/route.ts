import { NextResponse } from 'next/server';
import { z } from 'zod';
import { exportEnabledTools, toolFormats } from '@/lib/providers/manage';
import { memberRoute } from '@/server/route-auth';

export const dynamic = 'force-dynamic';

/** The provider's enabled tools as OpenAI tools, Anthropic tools or an MCP tool list. */
export const GET = memberRoute<{ workspace: string; providerId: string }>('providers.export_tools', { role: 'member' }, async (request, { db, workspace, params }) => {
  const format = z.enum(toolFormats, { message: 'Use format=openai, anthropic or mcp.' }).parse(request.nextUrl.searchParams.get('format') ?? 'openai');
  const { provider, tools } = await exportEnabledTools({ db, workspaceId: workspace.id, providerId: z.uuid().parse(params.providerId), format });
  return new NextResponse(JSON.stringify(tools, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${provider.slug}-tools-${format}.json"`,
      'cache-control': 'no-store',
    },
  });
});
