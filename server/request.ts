import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { env, type TrustProxy } from '@/lib/env';
import { AppError } from '@/lib/errors';

/**
 * The client's address, from forwarded headers only when TRUST_PROXY says a proxy sets them:
 * `false` (default) trusts none and answers null (Next's route handlers do not expose the socket
 * address, and a header anyone can send is not an address); a number of hops takes the entry of
 * X-Forwarded-For that the outermost trusted proxy appended; `vercel` takes the platform's own
 * headers, which Vercel overwrites on every request.
 */
export function clientIpFrom(source: Headers, trust: TrustProxy = env.TRUST_PROXY): string | null {
  if (trust === false) return null;
  if (trust === 'vercel') return firstAddress(source.get('x-real-ip')) ?? firstAddress(source.get('x-vercel-forwarded-for'));
  const chain = (source.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // Each proxy appends the address it received from; with `trust` proxies of ours, the client is
  // the `trust`-th entry from the right. A shorter chain means the request skipped our proxies.
  return chain.length >= trust ? (chain[chain.length - trust] ?? null) : null;
}

function firstAddress(value: string | null): string | null {
  return value?.split(',')[0]?.trim() || null;
}

export async function requestInfo() {
  const source = await headers();
  return { ip: clientIpFrom(source), requestId: source.get('x-request-id') ?? randomUUID() };
}

/** The origin a request was addressed to: Host (X-Forwarded-Host/-Proto only behind a trusted proxy). */
export function requestOriginFrom(source: Headers, trust: TrustProxy = env.TRUST_PROXY): string {
  const forwarded = trust !== false;
  const host = (forwarded && firstAddress(source.get('x-forwarded-host'))) || source.get('host') || 'localhost:3000';
  const proto = (forwarded && firstAddress(source.get('x-forwarded-proto'))) || (/^(localhost|127\.|\[::1\])/.test(host) ? 'http' : 'https');
  return `${proto}://${host}`;
}

/** This app's origin as the browser sees it: NEXTAUTH_URL when set, else the request's host. */
export function appOriginFrom(source: Headers): { origin: string; fromRequest: boolean } {
  if (process.env.NEXTAUTH_URL) return { origin: new URL(process.env.NEXTAUTH_URL).origin, fromRequest: false };
  return { origin: requestOriginFrom(source), fromRequest: true };
}

/** This app's origin as the browser sees it: NEXTAUTH_URL when set, else the request's host. */
export async function appOrigin(): Promise<string> {
  return appOriginFrom(await headers()).origin;
}

/**
 * Refuses (403) a state-changing request a browser sent from another site or origin, as Next does
 * for server actions: `Sec-Fetch-Site` must be same-origin or none, and `Origin`, when sent, must be
 * this app's origin (NEXTAUTH_URL's, else the request's own host). A client that sends neither (a
 * script, curl) is not a browser carrying someone's cookie for another site.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get('sec-fetch-site')?.toLowerCase();
  const origin = request.headers.get('origin');
  const refuse = (why: string) => {
    throw new AppError('forbidden', `This request came from ${why}; it is accepted only from this app's own pages. Use the app at its own address.`);
  };
  if (site && site !== 'same-origin' && site !== 'none') refuse(`another site (Sec-Fetch-Site: ${site})`);
  if (origin === null) return;
  if (origin === 'null') refuse('a page without an origin');
  let sent: URL;
  try {
    sent = new URL(origin);
  } catch {
    return refuse('an unreadable Origin');
  }
  if (process.env.NEXTAUTH_URL) {
    if (sent.origin !== new URL(process.env.NEXTAUTH_URL).origin) refuse(sent.origin);
    return;
  }
  if (sent.host !== new URL(requestOriginFrom(request.headers)).host) refuse(sent.origin);
}

/** To the sign-in page, coming back to this same URL afterwards. */
export function signInFirst(origin: string, url: URL): URL {
  const login = new URL('/login', origin);
  login.searchParams.set('callbackUrl', url.pathname + url.search);
  return login;
}
