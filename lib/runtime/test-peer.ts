// For tests: a loopback HTTP server standing in for an API, recording exactly what arrived.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Arrival = {
  method: string;
  /** Path and query exactly as sent on the request line. */
  target: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
};

export type Peer = { url: string; arrivals: Arrival[]; close(): Promise<void> };

export type Handler = (arrival: Arrival, res: ServerResponse, index: number) => void;

export const answerOk: Handler = (_arrival, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');

export async function startPeer(handle: Handler = answerOk): Promise<Peer> {
  const arrivals: Arrival[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrival = { method: req.method ?? '', target: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      arrivals.push(arrival);
      handle(arrival, res, arrivals.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
