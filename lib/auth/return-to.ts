// Where to send a person after sign-in or an OAuth connection: a page of this app, read the way a
// browser reads it, or the default page. Pure, so pages, routes and next-auth share one rule.

/**
 * `input` as a path on `origin` (pathname + search + hash), or `fallback` when a browser would read
 * it as anything else. The input is parsed with the WHATWG URL parser against the origin (which
 * drops tabs and newlines, turns `\` into `/` and resolves `..`), so `/\host`, `/\t/host`,
 * `/a/..//host`, `//host`, `javascript:` and other origins are recognised as what they are. The
 * answer is re-serialised from the parsed URL with a leading run of slashes collapsed to one, so it
 * cannot itself be re-read as another host.
 */
export function safeReturnTo(input: unknown, origin: string, fallback = '/'): string {
  if (typeof input !== 'string' || input.trim() === '') return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(input, base.origin);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || url.username || url.password) return fallback;
  const path = `${url.pathname.replace(/^[/\\]+/, '/')}${url.search}${url.hash}`;
  // Belt and braces: what we hand out must parse back to the same origin.
  return new URL(path, base.origin).origin === base.origin && path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
