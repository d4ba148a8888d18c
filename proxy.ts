import { NextResponse, type NextRequest } from 'next/server';

// Sends people without a session cookie to the sign-in page. It only redirects: every page,
// action and route checks the session and the role itself.
export default function proxy(request: NextRequest) {
  const hasSession = request.cookies.has('next-auth.session-token') || request.cookies.has('__Secure-next-auth.session-token');
  if (hasSession) return NextResponse.next();
  const login = new URL('/login', request.url);
  login.searchParams.set('callbackUrl', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = { matcher: ['/w/:path*', '/workspaces/:path*'] };
