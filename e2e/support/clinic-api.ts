import http from 'node:http';
import type { OidcServer } from '../../test/oidc-server';

export const CLINIC_CLIENT = { id: 'clinic-e2e', secret: 'clinic-e2e-client-SECRET-3' };

/**
 * The Pet Clinic API (test/fixtures/pets-oauth.yaml): answers /pets to a bearer token the test
 * authorization server still considers live, and says which person's token it was.
 */
export async function startClinicApi(port: number, authorizationServer: OidcServer) {
  const server = http.createServer(async (req, res) => {
    const auth = req.headers.authorization ?? '';
    const scopes = auth.startsWith('Bearer ') ? await authorizationServer.verify(auth.slice(7)) : null;
    if (!scopes) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
    if (req.url?.startsWith('/pets')) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ id: 1, name: 'Rex', scopes }]));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
