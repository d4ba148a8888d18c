import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { apiRoute } from './api';

/**
 * True when the request carries `Authorization: Bearer <CRON_SECRET>`. Both sides are hashed first,
 * so the comparison takes the same time whatever the length or content of the guess.
 */
export function isCronAuthorised(authorization: string | null, secret: string): boolean {
  const presented = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(secret)) && presented.length > 0;
}

/** A route the scheduler calls: refused while CRON_SECRET is unset (fail closed), 401 without the right bearer. */
export function cronRoute(name: string, handler: (request: NextRequest, ctx: { requestId: string }) => Promise<Response>) {
  return apiRoute(name, async (request, { requestId }) => {
    const secret = env.CRON_SECRET;
    if (!secret) throw new AppError('unavailable', 'Cron routes are turned off: CRON_SECRET is not set. Set it, and send it as "Authorization: Bearer <CRON_SECRET>".');
    if (!isCronAuthorised(request.headers.get('authorization'), secret)) throw new AppError('unauthenticated', 'Send the cron secret as "Authorization: Bearer <CRON_SECRET>".');
    return handler(request, { requestId });
  });
}
