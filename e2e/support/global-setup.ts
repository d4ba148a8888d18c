import { startOidcServer } from '../../test/oidc-server';
import { baseURL, oidcPort, petApiPort } from '../../playwright.config';
import { startPetApi } from './pet-api';

// The SSO provider the app under test signs people in through. It lives as long as the test run.
export default async function globalSetup() {
  const server = await startOidcServer({
    port: oidcPort,
    clients: [{ client_id: 'console-e2e', client_secret: 'console-e2e-client-secret', redirect_uris: [`${baseURL}/api/auth/callback/oidc`] }],
  });
  const petApi = await startPetApi(petApiPort);
  return async () => {
    await server.close();
    await petApi.close();
  };
}
