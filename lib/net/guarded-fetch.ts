// The one way the server makes a request on a user's behalf (spec URLs, connector API calls, OAuth
// token endpoints, MCP servers, the central repository). See "Outbound requests" in DESIGN.md.
import 'server-only';
import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { ReadableStream } from 'node:stream/web';
import { Agent, buildConnector, fetch, Headers, type HeadersInit } from 'undici';
import { env } from '@/lib/env';
import { isPrivateAddress } from './private-address';

export { isPrivateAddress };

export type OutboundErrorCode = 'blocked_address' | 'bad_scheme' | 'timeout' | 'too_large' | 'redirect_refused' | 'too_many_redirects' | 'network';

/** Messages name at most scheme://host:port/path: never headers, query strings or bodies. */
export class OutboundRequestError extends Error {
  readonly code: OutboundErrorCode;

  constructor(code: OutboundErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutboundRequestError';
    this.code = code;
  }
}

export type GuardedFetchOptions = {
  method?: string;
  headers?: HeadersInit;
  /** Only bodies that can be sent again, because a 307/308 redirect repeats them. */
  body?: string | Uint8Array | URLSearchParams;
  /** Covers every hop: connect, headers and body. Default 15 s. */
  timeoutMs?: number;
  /** Default 10 MB, counted after decompression. */
  maxBytes?: number;
  /** 'error' (default) throws too_large; 'truncate' returns the first maxBytes with truncated: true. */
  onOverflow?: 'error' | 'truncate';
  /** Default 5. */
  maxRedirects?: number;
  /** Default false. Even when true, credentials are not forwarded to the other host. */
  allowCrossHostRedirects?: boolean;
  /** Default env.ALLOW_PRIVATE_NETWORK. */
  allowPrivateNetwork?: boolean;
  signal?: AbortSignal;
  /** Replaces DNS resolution (tests). Its answers are checked like the system resolver's. */
  lookup?: (hostname: string) => Promise<LookupAddress[]>;
};

export type GuardedResponse = {
  status: number;
  ok: boolean;
  headers: Headers;
  /** The final URL, after redirects. */
  url: string;
  body: Uint8Array;
  truncated: boolean;
  /** host + path of each redirect followed, in order. */
  redirects: string[];
  timings: { totalMs: number };
  text(): string;
  json<T = unknown>(): T;
};

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** scheme://host[:port]/path of a URL, without userinfo, query or fragment. */
export function describeUrlSafely(url: string | URL): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

export async function guardedFetch(input: string | URL, options: GuardedFetchOptions = {}): Promise<GuardedResponse> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const allowPrivateNetwork = options.allowPrivateNetwork ?? env.ALLOW_PRIVATE_NETWORK;
  let url = parseTarget(input);
  let method = (options.method ?? 'GET').toUpperCase();
  let body = options.body;
  const headers = requestHeaders(options.headers);
  const redirects: string[] = [];

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  const agent = options.lookup ? createAgent(allowPrivateNetwork, options.lookup) : sharedAgent(allowPrivateNetwork);
  try {
    for (;;) {
      // Refused before any connection, so the answer cannot tell an open port from a closed one.
      if (!allowPrivateNetwork) await assertPublicAddress(url, options.lookup ?? systemLookup);
      const response = await fetch(url, { method, headers, body, redirect: 'manual', dispatcher: agent, signal });
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null) {
        const read = await readCapped(response.body, url, options.maxBytes ?? DEFAULT_MAX_BYTES, options.onOverflow);
        return {
          status: response.status,
          ok: response.ok,
          headers: response.headers,
          url: url.href,
          body: read.bytes,
          truncated: read.truncated,
          redirects,
          timings: { totalMs: Math.round(performance.now() - started) },
          text: () => new TextDecoder().decode(read.bytes),
          json: <T>() => JSON.parse(new TextDecoder().decode(read.bytes)) as T,
        };
      }
      void response.body?.cancel().catch(() => {});
      if (redirects.length >= maxRedirects) {
        throw new OutboundRequestError(
          'too_many_redirects',
          `${describeUrlSafely(url)} redirected more than ${maxRedirects} times. Use the final URL directly, or check the server for a redirect loop.`,
        );
      }
      const next = URL.canParse(location, url) ? new URL(location, url) : undefined;
      if (!next) {
        throw new OutboundRequestError('redirect_refused', `${describeUrlSafely(url)} answered with a redirect to an invalid URL.`);
      }
      const { sameHost } = checkRedirect(url, next, { allowCrossHostRedirects: options.allowCrossHostRedirects ?? false });
      // As fetch does: 303 turns anything but HEAD into GET, 301/302 turn POST into GET; 307/308 repeat.
      if ((response.status === 303 && method !== 'HEAD') || ([301, 302].includes(response.status) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        for (const name of ['content-type', 'content-length', 'content-encoding']) headers.delete(name);
      }
      if (!sameHost) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      redirects.push(next.host + next.pathname);
      url = next;
    }
  } catch (error) {
    if (error instanceof OutboundRequestError) throw error;
    if (deadline.signal.aborted) {
      throw new OutboundRequestError('timeout', `${describeUrlSafely(url)} did not answer within ${formatMs(timeoutMs)}. The server may be down or slow; try again later.`);
    }
    if (options.signal?.aborted) throw options.signal.reason;
    throw fromNetworkError(error, url);
  } finally {
    clearTimeout(timer);
    if (options.lookup) void agent.destroy().catch(() => {});
  }
}

/**
 * Whether a redirect from `from` to `to` may be followed; throws when not. Same host means same
 * hostname and port, or the http→https upgrade of the same hostname on the default ports.
 */
export function checkRedirect(from: URL, to: URL, options: { allowCrossHostRedirects: boolean }): { sameHost: boolean } {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') {
    throw new OutboundRequestError('bad_scheme', `${describeUrlSafely(from)} redirected to a ${to.protocol} URL; only http and https are followed.`);
  }
  const where = `${describeUrlSafely(from)} redirected to ${describeUrlSafely(to)}`;
  if (from.protocol === 'https:' && to.protocol === 'http:') {
    throw new OutboundRequestError('redirect_refused', `${where}, from https down to http; refused so nothing travels unencrypted.`);
  }
  const upgrade = from.protocol === 'http:' && to.protocol === 'https:' && from.port === '' && to.port === '';
  const sameHost = from.hostname === to.hostname && (from.port === to.port || upgrade);
  if (!sameHost && !options.allowCrossHostRedirects) {
    throw new OutboundRequestError('redirect_refused', `${where}, another host; refused. Use the new URL directly if you trust it.`);
  }
  return { sameHost };
}

function parseTarget(input: string | URL): URL {
  const url = typeof input === 'string' ? (URL.canParse(input) ? new URL(input) : undefined) : new URL(input.href);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const scheme = url ? `a ${url.protocol} URL` : 'an invalid URL';
    throw new OutboundRequestError('bad_scheme', `Refused to fetch ${scheme}: only http:// and https:// URLs are allowed.`);
  }
  // fetch rejects these itself, with the password in its message.
  if (url.username || url.password) {
    throw new OutboundRequestError('bad_scheme', `Refused to fetch ${describeUrlSafely(url)} with a user name or password in the URL; send credentials in a header instead.`);
  }
  return url;
}

/** The one message for a refused destination: the host only, never the port or path. */
export function privateAddressMessage(url: URL): string {
  return (
    `${url.hostname} is a private or loopback address; requests to it are not allowed here. ` +
    'Ask an operator to set ALLOW_PRIVATE_NETWORK=true if this API runs on your network.'
  );
}

/**
 * Checked before fetch, which itself refuses some ports (1, 25, 6000, …) with its own error. The
 * connector checks again on the addresses the socket uses, against DNS rebinding.
 */
async function assertPublicAddress(url: URL, resolve: (hostname: string) => Promise<LookupAddress[]>): Promise<void> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses =
    isIP(host) !== 0
      ? [host]
      : await resolve(host).then(
          (answers) => answers.map((a) => a.address),
          () => [],
        );
  if (addresses.some((address) => isPrivateAddress(address))) {
    throw new OutboundRequestError('blocked_address', privateAddressMessage(url));
  }
}

function requestHeaders(init: HeadersInit | undefined): Headers {
  try {
    return new Headers(init);
  } catch {
    // The Headers error quotes the offending value, which may be a secret.
    throw new TypeError('A request header has a name or value HTTP does not allow (values are not shown).');
  }
}

async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  url: URL,
  maxBytes: number,
  onOverflow: 'error' | 'truncate' = 'error',
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  const reader = stream?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      void reader.cancel().catch(() => {}); // stop downloading, free the connection
      if (onOverflow === 'error') {
        throw new OutboundRequestError(
          'too_large',
          `The response from ${describeUrlSafely(url)} is larger than the ${formatBytes(maxBytes)} limit. Use a smaller document or a more specific request.`,
        );
      }
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, truncated };
}

/** Raised inside the connector; guardedFetch turns it into a message naming the URL. */
class BlockedAddress extends Error {
  constructor(readonly address: string) {
    super(`Connecting to ${address} is not allowed`);
  }
}

const sharedAgents = new Map<boolean, Agent>();

function sharedAgent(allowPrivateNetwork: boolean): Agent {
  let agent = sharedAgents.get(allowPrivateNetwork);
  if (!agent) sharedAgents.set(allowPrivateNetwork, (agent = createAgent(allowPrivateNetwork)));
  return agent;
}

/**
 * The address check runs when the socket connects, on the addresses it will actually use, so a
 * DNS answer that changes between a check and the connection (rebinding) cannot slip through.
 */
function createAgent(allowPrivateNetwork: boolean, resolve = systemLookup): Agent {
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (addresses) => {
        // Refuse if any answer is private: the socket may try them all (happy eyeballs).
        const refused = allowPrivateNetwork ? undefined : addresses.find((a) => isPrivateAddress(a.address));
        const first = addresses[0];
        if (refused) callback(new BlockedAddress(refused.address), '');
        else if (!first) callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        else if (lookupOptions.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
  const connectVia = buildConnector({ lookup } as buildConnector.BuildOptions);
  return new Agent({
    connect(connectOptions, callback) {
      // Sockets skip the lookup for IP literals, so those are checked here.
      const literal = connectOptions.hostname;
      if (!allowPrivateNetwork && isIP(literal) !== 0 && isPrivateAddress(literal)) {
        callback(new BlockedAddress(literal), null);
        return;
      }
      connectVia(connectOptions, callback);
    },
  });
}

function systemLookup(hostname: string): Promise<LookupAddress[]> {
  return dns.lookup(hostname, { all: true, order: 'verbatim' });
}

function fromNetworkError(error: unknown, url: URL): OutboundRequestError {
  let blocked: BlockedAddress | undefined;
  let code: string | undefined;
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof BlockedAddress) blocked = e;
    code ??= typeof (e as NodeJS.ErrnoException).code === 'string' ? (e as NodeJS.ErrnoException).code : undefined;
  }
  if (blocked) {
    return new OutboundRequestError('blocked_address', privateAddressMessage(url));
  }
  return new OutboundRequestError('network', `Could not reach ${describeUrlSafely(url)}${code ? ` (${code})` : ''}. Check the URL and that the server is up.`, { cause: error });
}

const formatMs = (ms: number) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);
const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${n} bytes`);
