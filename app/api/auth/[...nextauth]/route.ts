import NextAuth from 'next-auth';
import { NextRequest, NextResponse } from 'next/server';
import { throttledMessage } from '@/lib/auth/throttle';
import { httpStatus, isAppError } from '@/lib/errors';
import { buildAuthOptions, type CredentialsAttempt } from '@/server/auth';
import { readBodyText } from '@/server/body';
import { appOrigin, clientIpFrom } from '@/server/request';

type Context = { params: Promise<{ nextauth: string[] }> };

/** Sign-in, sign-out and CSRF forms are small; nothing bigger is read, before anyone is known. */
const AUTH_BODY_LIMIT = 64 * 1024;

async function handler(request: NextRequest, context: Context) {
  let forwarded = request;
  if (request.method === 'POST') {
    let text: string;
    try {
      text = await readBodyText(request, { limit: AUTH_BODY_LIMIT, what: 'The sign-in form' });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return NextResponse.json({ error: error.message }, { status: httpStatus[error.code] });
    }
    // next-auth reads the body itself: hand it the same text, now known to be within the limit.
    const headers = new Headers(request.headers);
    headers.delete('content-length');
    headers.delete('transfer-encoding');
    forwarded = new NextRequest(request.url, { method: 'POST', headers, body: text });
  }

  const attempt: CredentialsAttempt = {};
  const response = await NextAuth(forwarded, context, buildAuthOptions(clientIpFrom(request.headers), attempt));
  const result = attempt.result;
  if (result && !result.ok && result.reason === 'throttled') {
    // next-auth's client reads `url` from the JSON and the error from its query: it shows this message.
    const message = throttledMessage(result.retryAfterSeconds);
    const url = new URL('/login', await appOrigin());
    url.searchParams.set('error', message);
    return NextResponse.json({ url: url.href, error: message }, { status: 429, headers: { 'retry-after': String(result.retryAfterSeconds), 'cache-control': 'no-store' } });
  }
  return response;
}

export { handler as GET, handler as POST };
