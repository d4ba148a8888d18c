// A real OpenID Connect / OAuth 2 authorization server (oidc-provider) for tests: code + PKCE with
// its built-in login and consent pages, refresh tokens with rotation, client credentials,
// revocation. Any login name signs in; a login that looks like an email is that account's
// (verified) email. It also counts token requests and can be made to fail, and it can act as the
// resource server's token check (`verify`), so an API stand-in accepts exactly the live tokens.
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type OidcClient = {
  client_id: string;
  client_secret?: string;
  redirect_uris?: string[];
  grant_types?: string[];
  response_types?: string[];
  scope?: string;
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'none';
};

/** What the token endpoint does: answer normally, fail with a 503, or drop the connection. */
export type TokenEndpointMode = 'ok' | 'unavailable' | 'reset';

export type OidcServer = {
  issuer: string;
  port: number;
  /** Token requests seen so far (total, at the HTTP level), and answered ones by grant type. */
  tokenRequests: { total: number; byGrant: Record<string, number>; reset(): void };
  setTokenEndpoint(mode: TokenEndpointMode): void;
  /** The live access token's scopes, or null when it is unknown, expired or revoked. */
  verify(token: string): Promise<string[] | null>;
  /** Revokes an access token as if it had expired or been withdrawn at the server. */
  revokeAccessToken(token: string): Promise<void>;
  close: () => Promise<void>;
};

/** API scopes the test resource server knows; tokens carry them via resource indicators. */
export const apiScopes = ['pets:read', 'pets:write', 'pets:admin'];

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startOidcServer({ port = 0, clients, accessTokenTtl = 3600 }: { port?: number; clients: OidcClient[]; accessTokenTtl?: number }): Promise<OidcServer> {
  const { default: Provider } = await import('oidc-provider');
  const listenPort = port || (await freePort());
  const issuer = `http://127.0.0.1:${listenPort}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({ grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], redirect_uris: [], ...c })),
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // API tokens only for requests that ask for API scopes (or renew them): sign-in requests
        // (openid email profile) keep tokens that work at userinfo.
        defaultResource: (ctx: { oidc: { params?: { scope?: string; grant_type?: string } } }) =>
          ctx.oidc.params?.grant_type === 'refresh_token' ||
          String(ctx.oidc.params?.scope ?? '')
            .split(' ')
            .some((scope) => apiScopes.includes(scope))
            ? 'urn:test:api'
            : undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: apiScopes.join(' '), accessTokenFormat: 'opaque', accessTokenTTL: accessTokenTtl }),
      },
    },
    scopes: ['openid', 'offline_access', ...apiScopes],
    // Every client allowed the refresh_token grant gets one, and it rotates on each use: sending a
    // spent refresh token again is detected and ends the grant, as real servers do.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(grant: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: { AccessToken: accessTokenTtl, ClientCredentials: accessTokenTtl, Interaction: 600, Session: 3600, Grant: 3600, RefreshToken: 86_400, AuthorizationCode: 60 },
    cookies: { keys: ['test-only-cookie-key-not-a-secret'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx: unknown, accountId: string) => ({
      accountId,
      claims: async () => {
        const email = accountId.includes('@') ? accountId : `${accountId}@sso.example.test`;
        return { sub: accountId, email, email_verified: true, name: email.split('@')[0] };
      },
    }),
  });
  provider.proxy = true;

  let mode: TokenEndpointMode = 'ok';
  const counts = { total: 0, byGrant: {} as Record<string, number> };
  type GrantContext = { oidc: { params?: { grant_type?: string } } };
  const countGrant = (ctx: GrantContext) => {
    const grant = ctx.oidc.params?.grant_type ?? 'unknown';
    counts.byGrant[grant] = (counts.byGrant[grant] ?? 0) + 1;
  };
  provider.on('grant.success', countGrant);
  provider.on('grant.error', countGrant);
  const handler = provider.callback();
  const server: Server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/token')) {
      counts.total += 1;
      if (mode === 'reset') return void req.socket.destroy();
      if (mode === 'unavailable') {
        res.writeHead(503, { 'content-type': 'text/html' });
        return void res.end('<h1>Service Unavailable</h1>');
      }
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));

  const find = async (token: string) => (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));

  return {
    issuer,
    port: listenPort,
    tokenRequests: Object.assign(counts, {
      reset() {
        counts.total = 0;
        counts.byGrant = {};
      },
    }),
    setTokenEndpoint(next) {
      mode = next;
    },
    async verify(token) {
      const found = await find(token);
      if (!found || found.isExpired) return null;
      return (found.scope ?? '').split(' ').filter(Boolean);
    },
    async revokeAccessToken(token) {
      await (await find(token))?.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Walks the server's own login and consent pages the way a browser would (cookies, redirects,
 * form posts) and returns the URL it finally redirects to: the app's callback with code and state.
 */
export async function signInAndConsent(authorizationUrl: string, { login, stopAt }: { login: string; stopAt: string }): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
  };
  let url = new URL(authorizationUrl);
  let init: RequestInit = { method: 'GET' };
  for (let hop = 0; hop < 20; hop++) {
    if (url.href.startsWith(stopAt)) return url;
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() } });
    remember(response);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url);
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`The authorization server showed a page without a form (${response.status}): ${html.slice(0, 300)}`);
    const form: Record<string, string> = html.includes('name="login"') ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' };
    url = new URL(action.replace(/&amp;/g, '&'), url);
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() };
  }
  throw new Error('Too many redirects at the authorization server.');
}
