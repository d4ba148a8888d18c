import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';

/** The client's address as the nearest proxy reports it. */
export function clientIpFrom(source: Headers): string | null {
  const forwarded = source.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim() || null;
  return source.get('x-real-ip');
}

export async function requestInfo() {
  const source = await headers();
  return { ip: clientIpFrom(source), requestId: source.get('x-request-id') ?? randomUUID() };
}

/** This app's origin as the browser sees it: NEXTAUTH_URL when set, else the request's host. */
export async function appOrigin(): Promise<string> {
  if (process.env.NEXTAUTH_URL) return new URL(process.env.NEXTAUTH_URL).origin;
  const source = await headers();
  const host = source.get('x-forwarded-host') ?? source.get('host') ?? 'localhost:3000';
  const proto = source.get('x-forwarded-proto') ?? (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https');
  return `${proto}://${host}`;
}

/** To the sign-in page, coming back to this same URL afterwards. */
export function signInFirst(origin: string, url: URL): URL {
  const login = new URL('/login', origin);
  login.searchParams.set('callbackUrl', url.pathname + url.search);
  return login;
}
