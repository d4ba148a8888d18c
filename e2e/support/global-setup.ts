import { startOidcServer } from '../../test/oidc-server';
import { baseURL, oidcPort } from '../../playwright.config';

// The SSO provider the app under test signs people in through. It lives as long as the test run.
export default async function globalSetup() {
  const server = await startOidcServer({
    port: oidcPort,
    clients: [{ client_id: 'console-e2e', client_secret: 'console-e2e-client-secret', redirect_uris: [`${baseURL}/api/auth/callback/oidc`] }],
  });
  return () => server.close();
}
