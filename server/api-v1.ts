import 'server-only';
import type { NextRequest } from 'next/server';
import type { ApiScope } from '@/db/schema';
import { getDb } from '@/db';
import type { Db } from '@/db/client';
import { authenticateApiToken, type TokenCaller } from '@/lib/api-tokens/tokens';
import { apiRoute } from './api';

/** A /api/v1 route: the API token is checked for its scope first, then the handler runs in its workspace. */
export function v1Route<P = Record<string, string>>(name: string, scope: ApiScope, handler: (request: NextRequest, ctx: { db: Db; caller: TokenCaller; params: P; requestId: string }) => Promise<Response>) {
  return apiRoute<P>(`v1.${name}`, async (request, { params, requestId }) => {
    const db = await getDb();
    const caller = await authenticateApiToken({ db, authorization: request.headers.get('authorization'), scope });
    return handler(request, { db, caller, params, requestId });
  });
}
