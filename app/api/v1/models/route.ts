import { NextResponse } from 'next/server';
import { listModels } from '@/lib/models/models';
import { v1Route } from '@/server/api-v1';

export const dynamic = 'force-dynamic';

/** GET /api/v1/models: the enabled models with their limits and current prices (USD per million tokens, decimal strings). */
export const GET = v1Route('models.list', 'models:read', async (_request, { db, caller }) => {
  const models = await listModels({ db, workspaceId: caller.workspaceId, status: 'active' });
  return NextResponse.json({
    models: models.map((m) => ({
      id: m.id,
      provider: m.provider,
      identifier: m.identifier,
      displayName: m.displayName,
      features: m.features,
      inputModalities: m.inputModalities,
      outputModalities: m.outputModalities,
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
      prices: m.prices,
      pricesEffectiveFrom: m.pricesEffectiveFrom,
    })),
  });
});
