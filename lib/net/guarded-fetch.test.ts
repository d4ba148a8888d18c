import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkRedirect, describeUrlSafely, guardedFetch, isPrivateAddress, OutboundRequestError, type OutboundErrorCode } from './guarded-fetch';

// The default must not depend on the environment the tests happen to run in.
vi.mock('@/lib/env', () => ({ env: { ALLOW_PRIVATE_NETWORK: false } }));

type Peer = { url: string; port: number; requests: IncomingMessage[]; bodies: string[] };
const servers: Server[] = [];

/** A loopback HTTP server standing in for an API; it records what it received. */
async function startPeer(handle: (req: IncomingMessage, res: ServerResponse, peer: Peer) => void): Promise<Peer> {
  const peer: Peer = { url: '', port: 0, requests: [], bodies: [] };
  const server = createServer((req, res) => {
    peer.requests.push(req);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      peer.bodies.push(Buffer.concat(chunks).toString());
      handle(req, res, peer);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.port = (server.address() as AddressInfo).port;
  peer.url = `http://127.0.0.1:${peer.port}`;
  return peer;
}

/** A port nothing listens on, so connecting is refused. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const ok =
  (body = 'hello') =>
  (_req: IncomingMessage, res: ServerResponse) =>
    res.end(body);
const redirectTo =
  (location: (peer: Peer) => string, status = 302) =>
  (_req: IncomingMessage, res: ServerResponse, peer: Peer) =>
    res.writeHead(status, { location: location(peer) }).end();

async function failure(promise: Promise<unknown>): Promise<OutboundRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundRequestError);
  return error as OutboundRequestError;
}

async function expectCode(promise: Promise<unknown>, code: OutboundErrorCode): Promise<OutboundRequestError> {
  const error = await failure(promise);
  expect(error.code, error.message).toBe(code);
  return error;
}

describe('private network', () => {
  it('refuses loopback by default without sending anything, and allows it when asked', async () => {
    const peer = await startPeer(ok('hello'));
    const error = await expectCode(guardedFetch(`${peer.url}/spec.json`), 'blocked_address');
    expect(error.message).toBe(
      '127.0.0.1 is a private or loopback address; requests to it are not allowed here. Ask an operator to set ALLOW_PRIVATE_NETWORK=true if this API runs on your network.',
    );
    expect(peer.requests).toHaveLength(0);

    const response = await guardedFetch(`${peer.url}/spec.json`, { allowPrivateNetwork: true });
    expect(response.status).toBe(200);
    expect(response.text()).toBe('hello');
    expect(peer.requests).toHaveLength(1);
  });

  it('answers an open and a closed loopback port with the same words, naming no port', async () => {
    const open = await startPeer(ok('hello'));
    const closed = await unusedPort();
    const messages: string[] = [];
    for (const url of [`http://127.0.0.1:${open.port}/x`, `http://127.0.0.1:${closed}/x`, 'http://127.0.0.1:6000/x', `http://[::1]:${closed}/x`, 'http://localhost:1/x']) {
      messages.push((await expectCode(guardedFetch(url), 'blocked_address')).message);
    }
    // 6000 and 1 are ports fetch itself refuses, with words of its own.
    expect(messages[1]).toBe(messages[0]);
    expect(messages[2]).toBe(messages[0]);
    expect(messages[3]).toBe(messages[0]!.replace('127.0.0.1', '[::1]'));
    expect(messages[4]).toBe(messages[0]!.replace('127.0.0.1', 'localhost'));
    expect(messages.join()).not.toContain(String(open.port));
    expect(open.requests).toHaveLength(0);
  });

  it('checks the address a public-looking name resolves to when connecting', async () => {
    const peer = await startPeer(ok('reached'));
    const lookup = vi.fn(async () => [{ address: '127.0.0.1', family: 4 }]);
    const url = `http://api.example.com:${peer.port}/v1`;

    await expectCode(guardedFetch(url, { lookup }), 'blocked_address');
    expect(lookup).toHaveBeenCalledWith('api.example.com');
    expect(peer.requests).toHaveLength(0);

    // The same resolver, allowed: the connection really goes where the lookup said.
    const response = await guardedFetch(url, { lookup, allowPrivateNetwork: true });
    expect(response.text()).toBe('reached');
    expect(peer.requests[0]?.headers.host).toBe(`api.example.com:${peer.port}`);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '::ffff:169.254.169.254', family: 6 },
    ];
    await expectCode(guardedFetch('https://mixed.example.com/', { lookup }), 'blocked_address');
  });

  it('refuses localhost through the system resolver, and literal private IPs', async () => {
    const peer = await startPeer(ok());
    await expectCode(guardedFetch(`http://localhost:${peer.port}/`), 'blocked_address');
    await expectCode(guardedFetch(`http://[::1]:${peer.port}/`), 'blocked_address');
    await expectCode(guardedFetch('http://169.254.169.254/latest/meta-data/'), 'blocked_address');
    await expectCode(guardedFetch(`http://0.0.0.0:${peer.port}/`), 'blocked_address');
    expect(peer.requests).toHaveLength(0);
  });
});

describe('responses', () => {
  it('returns status, headers, body, json and timings', async () => {
    const peer = await startPeer((_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":7}'));
    const response = await guardedFetch(`${peer.url}/items`, { method: 'post', body: '{}', allowPrivateNetwork: true });
    expect(response).toMatchObject({ status: 201, ok: true, truncated: false, redirects: [], url: `${peer.url}/items` });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.json<{ id: number }>()).toEqual({ id: 7 });
    expect(response.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(peer.requests[0]?.method).toBe('POST');
  });

  it('lets the caller cancel with their own signal', async () => {
    const peer = await startPeer(() => {});
    const promise = guardedFetch(peer.url, { allowPrivateNetwork: true, signal: AbortSignal.timeout(50) });
    await expect(promise).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('schemes', () => {
  it.each(['file:///etc/passwd', 'ftp://example.com/file', 'data:text/plain,hi', 'not a url'])('refuses %s without any I/O', async (url) => {
    const lookup = vi.fn(async () => [{ address: '127.0.0.1', family: 4 }]);
    await expectCode(guardedFetch(url, { lookup, allowPrivateNetwork: true }), 'bad_scheme');
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses credentials in the URL without echoing them', async () => {
    const error = await expectCode(guardedFetch('https://me:hunter2@example.com/x'), 'bad_scheme');
    expect(error.message).not.toContain('hunter2');
  });
});

describe('redirects', () => {
  it('follows a same-host redirect and reports the hops', async () => {
    const peer = await startPeer((req, res) => (req.url === '/old' ? res.writeHead(301, { location: '/new?x=1' }).end() : res.end('moved here')));
    const response = await guardedFetch(`${peer.url}/old`, { allowPrivateNetwork: true });
    expect(response.text()).toBe('moved here');
    expect(response.url).toBe(`${peer.url}/new?x=1`);
    expect(response.redirects).toEqual([`127.0.0.1:${peer.port}/new`]);
  });

  it('refuses a redirect to another port unless cross-host redirects are allowed, and then drops credentials', async () => {
    const target = await startPeer(ok('other host'));
    const origin = await startPeer(redirectTo(() => `${target.url}/landing`));
    const headers = { authorization: 'Bearer TOKEN', 'x-trace': 'kept' };

    await expectCode(guardedFetch(`${origin.url}/start`, { allowPrivateNetwork: true, headers }), 'redirect_refused');
    expect(target.requests).toHaveLength(0);

    const response = await guardedFetch(`${origin.url}/start`, { allowPrivateNetwork: true, allowCrossHostRedirects: true, headers });
    expect(response.text()).toBe('other host');
    expect(response.redirects).toEqual([`127.0.0.1:${target.port}/landing`]);
    expect(target.requests[0]?.headers.authorization).toBeUndefined();
    expect(target.requests[0]?.headers['x-trace']).toBe('kept');
    expect(origin.requests[0]?.headers.authorization).toBe('Bearer TOKEN');
  });

  it('turns POST into GET on 302/303 and repeats method and body on 307/308', async () => {
    for (const [status, method, body] of [
      [302, 'GET', ''],
      [303, 'GET', ''],
      [307, 'POST', 'a=1'],
      [308, 'POST', 'a=1'],
    ] as const) {
      const peer = await startPeer((req, res) => (req.url === '/form' ? res.writeHead(status, { location: '/done' }).end() : res.end()));
      await guardedFetch(`${peer.url}/form`, { method: 'POST', body: new URLSearchParams({ a: '1' }), allowPrivateNetwork: true });
      expect(peer.requests[1]?.method, `status ${status}`).toBe(method);
      expect(peer.bodies[1], `status ${status}`).toBe(body);
    }
  });

  it('stops after maxRedirects', async () => {
    const peer = await startPeer(redirectTo(() => '/again'));
    const error = await expectCode(guardedFetch(`${peer.url}/loop`, { allowPrivateNetwork: true, maxRedirects: 3 }), 'too_many_redirects');
    expect(error.message).toContain('3 times');
    expect(peer.requests).toHaveLength(4);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const peer = await startPeer(redirectTo(() => 'file:///etc/passwd'));
    await expectCode(guardedFetch(peer.url, { allowPrivateNetwork: true, allowCrossHostRedirects: true }), 'bad_scheme');
  });

  describe('checkRedirect', () => {
    const check = (from: string, to: string, allowCrossHostRedirects = false) => checkRedirect(new URL(from), new URL(to), { allowCrossHostRedirects });
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as OutboundRequestError).code;
      }
      return 'followed';
    };

    it('allows the same host and the http→https upgrade', () => {
      expect(check('https://api.example.com/a', 'https://api.example.com/b')).toEqual({ sameHost: true });
      expect(check('http://api.example.com/a', 'https://api.example.com/a')).toEqual({ sameHost: true });
    });

    it('refuses the https→http downgrade even across hosts allowed', () => {
      expect(code(() => check('https://api.example.com/', 'http://api.example.com/'))).toBe('redirect_refused');
      expect(code(() => check('https://api.example.com/', 'http://cdn.example.com/', true))).toBe('redirect_refused');
    });

    it('treats another hostname or port as another host', () => {
      expect(code(() => check('https://api.example.com/', 'https://evil.example.net/'))).toBe('redirect_refused');
      expect(code(() => check('https://api.example.com/', 'https://api.example.com:8443/'))).toBe('redirect_refused');
      expect(code(() => check('http://api.example.com:8080/', 'https://api.example.com:8443/'))).toBe('redirect_refused');
      expect(check('https://api.example.com/', 'https://cdn.example.com/', true)).toEqual({ sameHost: false });
    });

    it('refuses non-http schemes', () => {
      expect(code(() => check('https://api.example.com/', 'ftp://api.example.com/', true))).toBe('bad_scheme');
    });
  });
});

describe('time-out', () => {
  it('gives up on a server that never answers', async () => {
    const peer = await startPeer(() => {});
    const started = Date.now();
    const error = await expectCode(guardedFetch(peer.url, { allowPrivateNetwork: true, timeoutMs: 300 }), 'timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.message).toContain('300 ms');
  });

  it('gives up on a body that stalls after the headers', async () => {
    const peer = await startPeer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    await expectCode(guardedFetch(peer.url, { allowPrivateNetwork: true, timeoutMs: 300 }), 'timeout');
  });
});

describe('size cap', () => {
  // Sent in several chunks so the cap has to stop a stream, not just check one buffer.
  const fiveThousandBytes = (_req: IncomingMessage, res: ServerResponse) => {
    for (let i = 0; i < 5; i++) res.write('x'.repeat(1000));
    res.end();
  };

  it('fails past the cap by default', async () => {
    const peer = await startPeer(fiveThousandBytes);
    const error = await expectCode(guardedFetch(peer.url, { allowPrivateNetwork: true, maxBytes: 1500 }), 'too_large');
    expect(error.message).toContain('1500 bytes');
  });

  it('truncates to exactly the cap when asked', async () => {
    const peer = await startPeer(fiveThousandBytes);
    const response = await guardedFetch(peer.url, { allowPrivateNetwork: true, maxBytes: 1500, onOverflow: 'truncate' });
    expect(response.body.byteLength).toBe(1500);
    expect(response.truncated).toBe(true);
  });

  it('does not flag a body of exactly the cap', async () => {
    const peer = await startPeer(fiveThousandBytes);
    const response = await guardedFetch(peer.url, { allowPrivateNetwork: true, maxBytes: 5000 });
    expect(response.body.byteLength).toBe(5000);
    expect(response.truncated).toBe(false);
  });
});

describe('error messages', () => {
  it('never show the query string or header values', async () => {
    const stalls = await startPeer(() => {});
    const big = await startPeer(ok('y'.repeat(100)));
    const leaks = await startPeer(redirectTo(() => 'https://elsewhere.example.com/next?token=SECRET2'));
    const closed = await unusedPort();
    const secretly = { headers: { authorization: 'Bearer SECRET3' } };
    const path = '/v1/items?api_key=SECRET1';

    const errors = await Promise.all([
      failure(guardedFetch(`${stalls.url}${path}`, secretly)),
      failure(guardedFetch(`${stalls.url}${path}`, { ...secretly, allowPrivateNetwork: true, timeoutMs: 200 })),
      failure(guardedFetch(`${big.url}${path}`, { ...secretly, allowPrivateNetwork: true, maxBytes: 10 })),
      failure(guardedFetch(`${leaks.url}${path}`, { ...secretly, allowPrivateNetwork: true })),
      failure(guardedFetch(`http://127.0.0.1:${closed}${path}`, { ...secretly, allowPrivateNetwork: true })),
    ]);
    expect(errors.map((e) => e.code)).toEqual(['blocked_address', 'timeout', 'too_large', 'redirect_refused', 'network']);
    for (const error of errors) {
      if (error.code !== 'blocked_address') expect(error.message).toContain('/v1/items');
      expect(`${error.message} ${error.stack}`).not.toMatch(/SECRET|api_key|token=/);
    }
  });

  it('describeUrlSafely keeps scheme, host, port and path only', () => {
    expect(describeUrlSafely('https://me:pw@API.example.com:8443/a/b?key=1#frag')).toBe('https://api.example.com:8443/a/b');
    expect(describeUrlSafely('nonsense')).toBe('(an invalid URL)');
  });
});

describe('isPrivateAddress', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '127.0.0.1',
    '127.8.8.8',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a9fe:a9fe', // NAT64 of 169.254.169.254
    '2002:c0a8:0101::1', // 6to4 of 192.168.1.1
    'not-an-ip',
  ])('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('%s is public', (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );
});
