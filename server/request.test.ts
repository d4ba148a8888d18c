import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AppError } from '@/lib/errors';
import { assertSameOrigin, clientIpFrom, requestOriginFrom } from './request';

const saved = process.env.NEXTAUTH_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = saved;
});

describe('clientIpFrom', () => {
  const spoofed = new Headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.20', 'x-real-ip': '6.6.6.6' });

  test('believes no forwarded header unless a proxy is trusted (the default)', () => {
    expect(clientIpFrom(spoofed, false)).toBeNull();
    expect(clientIpFrom(new Headers({ 'x-real-ip': '6.6.6.6' }), false)).toBeNull();
  });

  test('behind N trusted proxies takes the address the outermost of them appended', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; our one proxy appended the address it saw.
    expect(clientIpFrom(spoofed, 1)).toBe('198.51.100.20');
    expect(clientIpFrom(spoofed, 2)).toBe('6.6.6.6');
    expect(clientIpFrom(new Headers({ 'x-forwarded-for': '198.51.100.20' }), 2)).toBeNull();
    expect(clientIpFrom(new Headers(), 1)).toBeNull();
  });

  test('on Vercel takes the headers the platform sets', () => {
    expect(clientIpFrom(new Headers({ 'x-real-ip': '198.51.100.9', 'x-forwarded-for': '6.6.6.6' }), 'vercel')).toBe('198.51.100.9');
    expect(clientIpFrom(new Headers({ 'x-vercel-forwarded-for': '198.51.100.9' }), 'vercel')).toBe('198.51.100.9');
  });
});

describe('requestOriginFrom', () => {
  test('ignores X-Forwarded-Host/-Proto unless a proxy is trusted', () => {
    const source = new Headers({ host: 'app.example.test', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' });
    expect(requestOriginFrom(source, false)).toBe('https://app.example.test');
    expect(requestOriginFrom(source, 1)).toBe('http://evil.example');
    expect(requestOriginFrom(new Headers({ host: 'localhost:3000' }), false)).toBe('http://localhost:3000');
  });
});

describe('assertSameOrigin', () => {
  beforeEach(() => {
    delete process.env.NEXTAUTH_URL;
  });
  const request = (headers: Record<string, string>) => new Request('http://localhost:3000/api/w/acme/imports', { method: 'POST', headers: { host: 'localhost:3000', ...headers } });
  const refused = (headers: Record<string, string>) => {
    try {
      assertSameOrigin(request(headers));
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('forbidden');
      return (error as AppError).message;
    }
    return null;
  };

  test.for([
    [{ origin: 'http://localhost:4000' }, 'http://localhost:4000'], // another port of the same host: same-site, still refused
    [{ origin: 'https://evil.example' }, 'https://evil.example'],
    [{ origin: 'null' }, 'a page without an origin'],
    [{ 'sec-fetch-site': 'same-site' }, 'Sec-Fetch-Site: same-site'],
    [{ 'sec-fetch-site': 'cross-site', origin: 'http://localhost:3000' }, 'Sec-Fetch-Site: cross-site'],
  ] as [Record<string, string>, string][])('refuses %o', ([headers, shown]) => {
    const message = refused(headers);
    expect(message).toContain(shown);
    expect(message).toContain("accepted only from this app's own pages");
  });

  test('accepts this origin, same-origin fetches, typed navigations and non-browser clients', () => {
    expect(refused({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' })).toBeNull();
    expect(refused({ 'sec-fetch-site': 'none' })).toBeNull();
    expect(refused({})).toBeNull();
  });

  test('compares with NEXTAUTH_URL when it is set, not with the Host header', () => {
    process.env.NEXTAUTH_URL = 'https://integrations.example.test';
    expect(refused({ origin: 'http://localhost:3000' })).toContain('http://localhost:3000');
    expect(refused({ origin: 'https://integrations.example.test' })).toBeNull();
  });
});
