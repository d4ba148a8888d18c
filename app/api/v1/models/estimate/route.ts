import { NextResponse } from 'next/server';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { estimateCost, findModelByIdentifier } from '@/lib/models/models';
import { v1Route } from '@/server/api-v1';

export const dynamic = 'force-dynamic';

const tokens = z.number().int().min(0);
const bodySchema = z.object({
  provider: z.string().min(1),
  identifier: z.string().min(1),
  inputTokens: tokens,
  cachedInputTokens: tokens.default(0),
  outputTokens: tokens,
  at: z.iso.datetime().optional(),
});

/** POST /api/v1/models/estimate: the cost of a call at today's prices, or at a past moment. */
export const POST = v1Route('models.estimate', 'models:read', async (_request, { db, caller, json }) => {
  const body = await json(bodySchema);
  const model = await findModelByIdentifier({ db, workspaceId: caller.workspaceId, provider: body.provider, identifier: body.identifier });
  if (!model) throw new AppError('not_found', `No model ${body.provider} · ${body.identifier} in this workspace.`);
  const cost = await estimateCost({
    db,
    workspaceId: caller.workspaceId,
    modelId: model.id,
    inputTokens: body.inputTokens,
    cachedInputTokens: body.cachedInputTokens,
    outputTokens: body.outputTokens,
    at: body.at ? new Date(body.at) : undefined,
  });
  return NextResponse.json(cost);
});
