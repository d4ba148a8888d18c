import { afterAll, describe, expect, it } from 'vitest';
import { OutboundRequestError } from '@/lib/net/guarded-fetch';
import type { OutboundRequest } from './build-request';
import { retryAfterMs, sendRequest, truncationMarker, type SendOptions } from './send';
import { startPeer, type Handler, type Peer } from './test-peer';

const peers: Peer[] = [];
afterAll(() => Promise.all(peers.map((peer) => peer.close())));

async function peerAnswering(handle: Handler): Promise<Peer> {
  const peer = await startPeer(handle);
  peers.push(peer);
  return peer;
}

const get = (url: string): OutboundRequest => ({ method: 'GET', url, headers: {} });
const loopback: SendOptions = { allowPrivateNetwork: true, timeoutMs: 5000 };

async function outboundError(promise: Promise<unknown>): Promise<OutboundRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundRequestError);
  return error as OutboundRequestError;
}

describe('sendRequest', () => {
  it('sends method, headers and body, and returns parsed JSON with the headers worth showing', async () => {
    const peer = await peerAnswering((_arrival, res) =>
      res
        .writeHead(201, {
          'content-type': 'application/json; charset=utf-8',
          'x-ratelimit-remaining': '41',
          'ratelimit-policy': '100;w=60',
          'x-request-id': 'req-1',
          'set-cookie': 'session=secret',
          server: 'test',
          location: '/items/7',
        })
        .end('{"id":7,"name":"Zoë"}'),
    );
    const response = await sendRequest({ method: 'POST', url: `${peer.url}/items`, headers: { 'content-type': 'application/json', 'x-trace': 't' }, body: '{"a":1}' }, loopback);
    const arrival = peer.arrivals[0]!;
    expect(arrival.method).toBe('POST');
    expect(arrival.headers['x-trace']).toBe('t');
    expect(arrival.body.toString()).toBe('{"a":1}');
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ kind: 'json', value: { id: 7, name: 'Zoë' } });
    expect(response.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-remaining': '41',
      'ratelimit-policy': '100;w=60',
      'x-request-id': 'req-1',
      location: '/items/7',
    });
    expect(response.truncated).toBe(false);
    expect(response.attempts).toBe(1);
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reads text, undeclared JSON, empty bodies and JSON that is not', async () => {
    const bodies: [Record<string, string>, string][] = [
      [{ 'content-type': 'text/plain; charset=utf-8' }, 'héllo'],
      [{}, '[1,2]'],
      [{ 'content-type': 'application/json' }, 'not json'],
      [{ 'content-type': 'text/plain' }, ''],
    ];
    const peer = await peerAnswering((_arrival, res, index) => res.writeHead(200, bodies[index]![0]).end(bodies[index]![1]));
    const kinds = [];
    for (let i = 0; i < bodies.length; i++) kinds.push((await sendRequest(get(peer.url), loopback)).body);
    expect(kinds).toEqual([
      { kind: 'text', value: 'héllo' },
      { kind: 'json', value: [1, 2] },
      { kind: 'text', value: 'not json' },
      { kind: 'text', value: '' },
    ]);
  });

  it('notes a binary body instead of returning it', async () => {
    const peer = await peerAnswering((_arrival, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(2048, 7)));
    const response = await sendRequest(get(peer.url), loopback);
    expect(response.body).toEqual({ kind: 'binary', contentType: 'image/png', bytes: 2048, note: expect.stringMatching(/Binary response \(image\/png, 2 KB\)/) });
  });

  it('retries a 429 after its Retry-After', async () => {
    const peer = await peerAnswering((_arrival, res, index) =>
      index === 0 ? res.writeHead(429, { 'retry-after': '1' }).end('slow down') : res.writeHead(200, { 'content-type': 'text/plain' }).end('fine'),
    );
    const response = await sendRequest(get(peer.url), loopback);
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(2);
    expect(response.durationMs).toBeGreaterThanOrEqual(950);
    expect(peer.arrivals).toHaveLength(2);
  });

  it('returns a 503 whose Retry-After is beyond the cap without waiting', async () => {
    const peer = await peerAnswering((_arrival, res) => res.writeHead(503, { 'retry-after': '120', 'content-type': 'text/plain' }).end('maintenance'));
    const response = await sendRequest(get(peer.url), { ...loopback, maxRetryAfterMs: 10_000 });
    expect(response).toMatchObject({ status: 503, attempts: 1, headers: { 'retry-after': '120' }, body: { kind: 'text', value: 'maintenance' } });
    expect(response.durationMs).toBeLessThan(2000);
  });

  it('stops after maxRetries, and does not retry without Retry-After', async () => {
    const always = await peerAnswering((_arrival, res) => res.writeHead(429, { 'retry-after': '0' }).end());
    expect((await sendRequest(get(always.url), { ...loopback, maxRetries: 2 })).attempts).toBe(3);
    const silent = await peerAnswering((_arrival, res) => res.writeHead(429).end());
    expect((await sendRequest(get(silent.url), loopback)).attempts).toBe(1);
  });

  it('truncates an oversized response with the flag and a marker, JSON falling back to text', async () => {
    const big = JSON.stringify({ items: Array.from({ length: 500 }, (_, i) => ({ i, text: 'é'.repeat(3) })) });
    const peer = await peerAnswering((_arrival, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(big));
    const response = await sendRequest(get(peer.url), { ...loopback, maxResponseBytes: 1001 });
    expect(response.truncated).toBe(true);
    expect(response.body.kind).toBe('text');
    const value = (response.body as { value: string }).value;
    expect(value.endsWith(truncationMarker(1001))).toBe(true);
    expect(big.startsWith(value.slice(0, -truncationMarker(1001).length))).toBe(true);
    expect(value).not.toContain('\uFFFD');
  });

  it('gives up after the time-out', async () => {
    const peer = await peerAnswering(() => {});
    const error = await outboundError(sendRequest(get(peer.url), { ...loopback, timeoutMs: 200 }));
    expect(error.code).toBe('timeout');
  });

  it('refuses a redirect to another host, and loopback unless allowed', async () => {
    const other = await peerAnswering((_arrival, res) => res.end('other'));
    const redirecting = await peerAnswering((_arrival, res) => res.writeHead(302, { location: other.url.replace('127.0.0.1', 'localhost') }).end());
    expect((await outboundError(sendRequest(get(redirecting.url), loopback))).code).toBe('redirect_refused');
    expect(other.arrivals).toHaveLength(0);
    expect((await outboundError(sendRequest(get(other.url), { allowPrivateNetwork: false }))).code).toBe('blocked_address');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
