// The OAuth protocol itself is oauth4webapi's; this module only adapts it to a connector: where the
// authorization server's endpoints come from, how the client authenticates, and that every request
// to it goes through the guarded fetch (a builder-entered token URL must not reach private hosts).
import 'server-only';
import * as oauth from 'oauth4webapi';
import type { AuthConfig } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { guardedFetch, OutboundRequestError } from '@/lib/net/guarded-fetch';
import { env } from '@/lib/env';

export type OAuthConfig = NonNullable<AuthConfig['oauth2']>;

type CustomFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: URLSearchParams | string; signal?: AbortSignal }) => Promise<Response>;
/** Options every oauth4webapi request takes here. */
export type RequestOptions = { [oauth.customFetch]: CustomFetch; [oauth.allowInsecureRequests]: boolean };

export type OAuthEndpoints = { as: oauth.AuthorizationServer; client: oauth.Client; clientAuth: oauth.ClientAuth; options: RequestOptions };

const TOKEN_TIMEOUT_MS = 10_000;

/** oauth4webapi's fetch, routed through the guarded fetch (private addresses, size cap, time-out). */
function customFetchFor(allowPrivateNetwork: boolean): CustomFetch {
  return async (url, init) => {
    const response = await guardedFetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body === undefined ? undefined : init.body.toString(),
      timeoutMs: TOKEN_TIMEOUT_MS,
      maxBytes: 1024 * 1024,
      maxRedirects: 0,
      allowPrivateNetwork,
      signal: init.signal,
    });
    const body = [204, 205, 304].includes(response.status) ? null : Buffer.from(response.body);
    return new Response(body, { status: response.status, headers: response.headers as unknown as Headers });
  };
}

export function requestOptions(allowPrivateNetwork = env.ALLOW_PRIVATE_NETWORK): RequestOptions {
  return {
    [oauth.customFetch]: customFetchFor(allowPrivateNetwork),
    // Plain http is only ever accepted where private addresses are (tests, a local deployment).
    [oauth.allowInsecureRequests]: allowPrivateNetwork,
  };
}

const discovered = new Map<string, { as: oauth.AuthorizationServer; at: number }>();
const DISCOVERY_TTL_MS = 10 * 60_000;

/** The issuer's metadata (RFC 8414, falling back to OpenID discovery), cached for ten minutes. */
export async function discover(issuer: string, options = requestOptions()): Promise<oauth.AuthorizationServer> {
  const hit = discovered.get(issuer);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.as;
  const url = new URL(issuer);
  let lastError: unknown;
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    try {
      const response = await oauth.discoveryRequest(url, { ...options, algorithm });
      const as = await oauth.processDiscoveryResponse(url, response);
      discovered.set(issuer, { as, at: Date.now() });
      return as;
    } catch (error) {
      lastError = error;
    }
  }
  const reason = lastError instanceof OutboundRequestError ? lastError.message : 'it did not publish valid metadata';
  throw new AppError(
    'unavailable',
    `Could not read the authorization server's metadata at ${issuer}: ${reason}. Check the issuer URL, or enter the authorization and token URLs instead.`,
  );
}

/**
 * The authorization server of a connector: discovered from its issuer when it has one, with any URL
 * the builder entered taking precedence; otherwise built from the entered URLs.
 */
export async function endpointsFor(config: OAuthConfig, clientSecret: string | undefined, allowPrivateNetwork = env.ALLOW_PRIVATE_NETWORK): Promise<OAuthEndpoints> {
  const options = requestOptions(allowPrivateNetwork);
  let as: oauth.AuthorizationServer;
  if (config.issuer) {
    const meta = await discover(config.issuer, options);
    as = {
      ...meta,
      authorization_endpoint: config.authorizationUrl ?? meta.authorization_endpoint,
      token_endpoint: config.tokenUrl ?? meta.token_endpoint,
      revocation_endpoint: config.revocationUrl ?? meta.revocation_endpoint,
    };
  } else {
    const base = config.tokenUrl ?? config.authorizationUrl;
    if (!base) throw new AppError('invalid', 'This connector has neither an issuer nor a token URL. Edit its OAuth settings.');
    as = { issuer: new URL(base).origin, authorization_endpoint: config.authorizationUrl, token_endpoint: config.tokenUrl, revocation_endpoint: config.revocationUrl };
  }
  if (!config.clientId) throw new AppError('invalid', 'This connector has no OAuth client id. Edit its OAuth settings.');
  const client: oauth.Client = { client_id: config.clientId };
  const clientAuth = !clientSecret ? oauth.None() : config.clientAuth === 'post' ? oauth.ClientSecretPost(clientSecret) : oauth.ClientSecretBasic(clientSecret);
  return { as, client, clientAuth, options };
}

/** Scopes as a list from the space-separated form a token response uses. */
export function scopeList(scope: string | undefined | null): string[] {
  return (scope ?? '').split(' ').filter(Boolean);
}

/** Configured scopes a connection was not granted. */
export function missingScopes(configured: string[], granted: string[]): string[] {
  const have = new Set(granted);
  return configured.filter((s) => !have.has(s));
}

export type TokenFailure = { kind: 'invalid_grant' | 'rejected' | 'unavailable'; message: string };

/**
 * What went wrong at the token endpoint, for a person: never the response body beyond the OAuth
 * error code and its description (which the server wrote for that purpose and holds no token).
 */
export function describeTokenFailure(error: unknown): TokenFailure {
  if (error instanceof oauth.ResponseBodyError) {
    const detail = error.error_description ? `: ${error.error_description.slice(0, 200)}` : '';
    if (error.error === 'invalid_grant')
      return { kind: 'invalid_grant', message: `The authorization server no longer accepts this connection (invalid_grant${detail}). Connect again.` };
    if (error.status >= 500) return { kind: 'unavailable', message: `The token endpoint failed (${error.status} ${error.error}).` };
    return { kind: 'rejected', message: `The token endpoint refused the request (${error.error}${detail}). Check the client id, secret and scopes.` };
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    // A 401 with a challenge: the client itself was not accepted (invalid_client).
    const code = error.cause[0]?.parameters.error ?? 'invalid_client';
    if (error.status >= 500) return { kind: 'unavailable', message: `The token endpoint failed (${error.status}).` };
    return { kind: 'rejected', message: `The token endpoint refused the request (${code}). Check the client id, secret and client authentication method.` };
  }
  if (error instanceof OutboundRequestError) return { kind: 'unavailable', message: `The token endpoint could not be reached: ${error.message}` };
  if (error instanceof oauth.OperationProcessingError) {
    const status = (error.cause as Response | undefined)?.status;
    if (typeof status === 'number' && status >= 500) return { kind: 'unavailable', message: `The token endpoint failed (HTTP ${status}).` };
    return { kind: 'rejected', message: `The token endpoint's answer was not valid OAuth: ${error.message.slice(0, 200)}` };
  }
  if (error instanceof AppError) return { kind: error.code === 'unavailable' ? 'unavailable' : 'rejected', message: error.message };
  return { kind: 'unavailable', message: 'The token endpoint could not be reached.' };
}
