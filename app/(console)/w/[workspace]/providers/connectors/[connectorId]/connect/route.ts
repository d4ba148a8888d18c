import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { getConnector } from '@/lib/connectors/connectors';
import { log } from '@/lib/log';
import { setOAuthError } from '@/lib/oauth/flash';
import { safeReturnPath, startAuthorization } from '@/lib/oauth/flow';
import { hasRole } from '@/lib/auth/roles';
import { appOrigin, signInFirst } from '@/server/request';
import { requireRouteMember } from '@/server/route-auth';

export const dynamic = 'force-dynamic';

function isPrefetchOrRouterFetch(headers: Headers): boolean {
  const purpose = `${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''}`;
  return headers.has('next-router-prefetch') || headers.get('rsc') === '1' || /prefetch/i.test(purpose);
}

/**
 * GET …/connectors/<id>/connect: the connect link. Starts the OAuth flow for the signed-in person
 * (their own connection on a per-user connector; the shared one, for builders) and sends them to
 * the provider's sign-in. `returnTo` must be a page of this app.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ workspace: string; connectorId: string }> }) {
  // A prefetch or a router (RSC) fetch is not a person following the link: starting a flow for it would
  // store a state nobody completes and fetch the provider's sign-in page cross-origin.
  if (isPrefetchOrRouterFetch(request.headers)) return new NextResponse(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  const { workspace, connectorId } = await params;
  const origin = await appOrigin();
  const connectorPage = `/w/${workspace}/providers/connectors/${connectorId}`;
  const back = (path: string, message: string) => {
    return NextResponse.redirect(setOAuthError(new URL(path, origin), message), 303);
  };
  try {
    const { db, user, workspace: ws } = await requireRouteMember(workspace, 'member');
    const returnTo = safeReturnPath(request.nextUrl.searchParams.get('returnTo'), origin, connectorPage);
    const connector = await getConnector({ db, workspaceId: ws.id, connectorId });
    if (connector.credentialMode === 'shared' && !hasRole(ws.role, 'builder')) return back(connectorPage, 'Only builders and admins connect a shared connector.');
    const { url } = await startAuthorization({
      db,
      workspaceId: ws.id,
      connectorId: connector.id,
      userId: user.id,
      origin,
      returnTo,
      allowPrivateNetwork: env.ALLOW_PRIVATE_NETWORK,
    });
    return NextResponse.redirect(url, 303);
  } catch (error) {
    if (isAppError(error)) {
      if (error.code === 'unauthenticated') {
        return NextResponse.redirect(signInFirst(origin, request.nextUrl), 303);
      }
      if (error.code === 'not_found') return new NextResponse('Not found', { status: 404 });
      return back(connectorPage, error.message);
    }
    log.error('oauth.connect_failed', { error });
    return back(connectorPage, 'Something went wrong on our side while starting the connection. Try again.');
  }
}
