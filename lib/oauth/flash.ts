// The outcome of an OAuth round trip travels back to a page in its URL. Signed, so a crafted link
// cannot make this app display words of someone else's choosing.
import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { secrets } from '@/lib/env';

const sign = (message: string) => createHmac('sha256', secrets().sessionSecret).update(`oauth-flash:${message}`).digest('base64url').slice(0, 32);

/** Adds `oauth_error` and its signature to a URL. */
export function setOAuthError(url: URL, message: string): URL {
  const text = message.slice(0, 400);
  url.searchParams.set('oauth_error', text);
  url.searchParams.set('oauth_sig', sign(text));
  return url;
}

/** The error message a URL carries, if this app signed it; otherwise nothing. */
export function readOAuthError(params: { oauth_error?: string; oauth_sig?: string }): string | null {
  const { oauth_error: message, oauth_sig: signature } = params;
  if (!message || !signature) return null;
  const expected = Buffer.from(sign(message));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? message : null;
}
