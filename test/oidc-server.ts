// A real OpenID Connect authorization server (oidc-provider) for tests: code + PKCE with its
// built-in login and consent pages, refresh tokens, client credentials. Any login name signs in;
// a login that looks like an email is that account's (verified) email.
import type { Server } from 'node:http';

export type OidcClient = {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  grant_types?: string[];
  scope?: string;
};

export type OidcServer = { issuer: string; close: () => Promise<void> };

export async function startOidcServer({ port, clients }: { port: number; clients: OidcClient[] }): Promise<OidcServer> {
  const { default: Provider } = await import('oidc-provider');
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({ grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], ...c })),
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
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
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
