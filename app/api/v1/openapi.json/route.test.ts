import { NextRequest } from 'next/server';
import { afterEach, describe, expect, test } from 'vitest';
import { GET } from './route';

const saved = process.env.NEXTAUTH_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = saved;
});

const forged = () => new NextRequest('http://localhost:3000/api/v1/openapi.json', { headers: { host: 'evil.example', 'x-forwarded-host': 'evil2.example' } });

describe('GET /api/v1/openapi.json', () => {
  test('with NEXTAUTH_URL set, the server URL is that origin whatever Host says, and the answer may be cached publicly', async () => {
    process.env.NEXTAUTH_URL = 'https://integrations.example.test/';
    const response = await GET(forged());
    const document = await response.json();
    expect(document.servers).toEqual([expect.objectContaining({ url: 'https://integrations.example.test/api/v1' })]);
    expect(JSON.stringify(document)).not.toContain('evil');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
  });

  test('without NEXTAUTH_URL, the Host-derived answer is never publicly cacheable, and X-Forwarded-Host is not believed', async () => {
    delete process.env.NEXTAUTH_URL;
    const response = await GET(forged());
    const document = await response.json();
    expect(document.servers[0].url).toBe('https://evil.example/api/v1');
    expect(response.headers.get('cache-control')).toBe('private, max-age=300');
    expect(response.headers.get('vary')).toContain('Host');
  });
});
