import { and, eq } from 'drizzle-orm';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { providers } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { contextSchema, resolveConnector } from '@/lib/connectors/resolve';
import { v1Route } from '@/server/api-v1';

export const dynamic = 'force-dynamic';

/** POST /api/v1/connectors/resolve { context, provider }: which connector a call would use, and why. */
export const POST = v1Route('connectors.resolve', 'connectors:resolve', async (_request, { db, caller, json }) => {
  const body = await json(z.object({ context: contextSchema, provider: z.string().min(1).max(100) }));
  const [provider] = await db
    .select({ id: providers.id })
    .from(providers)
    .where(and(eq(providers.workspaceId, caller.workspaceId), eq(providers.slug, body.provider)));
  if (!provider) throw new AppError('not_found', `No provider "${body.provider}" in this workspace.`);
  return NextResponse.json(await resolveConnector({ db, workspaceId: caller.workspaceId, providerId: provider.id, context: body.context }));
});
