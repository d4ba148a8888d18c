import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db';
import { safeReturnTo } from '@/lib/auth/return-to';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { setOAuthError } from '@/lib/oauth/flash';
import { completeAuthorization } from '@/lib/oauth/flow';
import { getCurrentUser } from '@/server/auth';
import { appOrigin, clientIpFrom, signInFirst } from '@/server/request';

export const dynamic = 'force-dynamic';

/**
 * GET /api/oauth/callback: where providers send people back with a code. Stores the tokens for the
 * person who started the flow and returns them to where they started, with the outcome.
 */
export async function GET(request: NextRequest) {
  const origin = await appOrigin();
  const user = await getCurrentUser();
  if (!user) {
    // The session ended during the flow: sign in, then finish (the state is still unspent).
    return NextResponse.redirect(signInFirst(origin, request.nextUrl), 303);
  }
  const db = await getDb();
  try {
    const outcome = await completeAuthorization({
      db,
      actor: { id: user.id, label: user.email, ip: clientIpFrom(request.headers) },
      params: request.nextUrl.searchParams,
      allowPrivateNetwork: env.ALLOW_PRIVATE_NETWORK,
    });
    // Stored only after safeReturnPath; read again with the same rule, so no stored row can redirect elsewhere.
    const target = new URL(safeReturnTo(outcome.returnTo, origin, '/workspaces'), origin);
    if (outcome.ok) target.searchParams.set('oauth', 'connected');
    else setOAuthError(target, outcome.message);
    return NextResponse.redirect(target, 303);
  } catch (error) {
    log.error('oauth.callback_failed', { error });
    return NextResponse.redirect(setOAuthError(new URL('/workspaces', origin), 'Something went wrong on our side while completing the connection. Start it again.'), 303);
  }
}
