import 'server-only';
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import type { ApiScope } from '@/db/schema';
import { getDb } from '@/db';
import type { Db } from '@/db/client';
import { authenticateApiToken, type TokenCaller } from '@/lib/api-tokens/tokens';
import { apiRoute } from './api';
import { readJsonBody, refuseDeclaredOver } from './body';

/** The largest JSON body a /api/v1 route reads (tool arguments included). */
export const V1_BODY_LIMIT = 1024 * 1024;

const bodyLimit = { limit: V1_BODY_LIMIT, what: 'The request body', hint: 'Send less data in one request (tool arguments included).' };

type V1Context<P> = {
  db: Db;
  caller: TokenCaller;
  params: P;
  requestId: string;
  /** The JSON body checked against `schema`: 415/413/400 for a wrong type, size or syntax, 422 for a NUL character or the schema. */
  json: <T>(schema: z.ZodType<T>) => Promise<T>;
};

/**
 * A /api/v1 route: a body declared larger than the limit is refused before the token is even
 * looked at, the API token is checked for its scope, then the handler runs in its workspace. A
 * chunked body is counted while `json()` reads it, after authentication, so a stranger's body is
 * never read.
 */
export function v1Route<P = Record<string, string>>(name: string, scope: ApiScope, handler: (request: NextRequest, ctx: V1Context<P>) => Promise<Response>) {
  return apiRoute<P>(`v1.${name}`, async (request, { params, requestId }) => {
    await refuseDeclaredOver(request, bodyLimit);
    const db = await getDb();
    const caller = await authenticateApiToken({ db, authorization: request.headers.get('authorization'), scope });
    const json = <T>(schema: z.ZodType<T>) => readJsonBody<T>(request, { ...bodyLimit, schema });
    return handler(request, { db, caller, params, requestId, json });
  });
}
