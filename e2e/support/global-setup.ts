import { startOidcServer } from '../../test/oidc-server';
import { baseURL, catalogPort, clinicApiPort, oidcPort, petApiPort } from '../../playwright.config';
import { CLINIC_CLIENT, startClinicApi } from './clinic-api';
import { e2eCatalog } from './catalog';
import { startPetApi } from './pet-api';

// The SSO provider the app under test signs people in through. It lives as long as the test run.
export default async function globalSetup() {
  const server = await startOidcServer({
    port: oidcPort,
    clients: [
      { client_id: 'console-e2e', client_secret: 'console-e2e-client-secret', redirect_uris: [`${baseURL}/api/auth/callback/oidc`] },
      // The Pet Clinic's OAuth client, for connectors (User OAuth through the app's callback).
      { client_id: CLINIC_CLIENT.id, client_secret: CLINIC_CLIENT.secret, redirect_uris: [`${baseURL}/api/oauth/callback`], scope: 'pets:read pets:write offline_access' },
    ],
  });
  const petApi = await startPetApi(petApiPort);
  const clinicApi = await startClinicApi(clinicApiPort, server);
  const catalog = await e2eCatalog(catalogPort);
  return async () => {
    await server.close();
    await petApi.close();
    await clinicApi.close();
    await catalog.close();
  };
}
