import http from 'node:http';

export const PET_API_KEY = 'pet-api-key-E2E-SECRET-1';

/** The Pet Store API the fixture document describes: answers /pets when the right key is sent. */
export async function startPetApi(port: number) {
  const server = http.createServer((req, res) => {
    if (req.headers['x-api-key'] !== PET_API_KEY) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorised"}');
    if (req.url?.startsWith('/pets')) return res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":1,"name":"Rex"}]');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
