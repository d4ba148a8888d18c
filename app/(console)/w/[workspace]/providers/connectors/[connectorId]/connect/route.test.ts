import { NextRequest } from 'next/server';
import { describe, expect, test } from 'vitest';
import { GET } from './route';

const url = 'http://localhost:3000/w/acme/providers/connectors/00000000-0000-4000-8000-000000000001/connect?returnTo=%2Fw%2Facme%2Fproviders%2Fconnectors';
const params = { params: Promise.resolve({ workspace: 'acme', connectorId: '00000000-0000-4000-8000-000000000001' }) };

describe('GET …/connectors/<id>/connect', () => {
  test.each([
    ['a router prefetch', { 'next-router-prefetch': '1' }],
    ["the router's RSC fetch", { rsc: '1' }],
    ["the browser's speculative prefetch", { 'sec-purpose': 'prefetch' }],
  ])('%s starts no authorization: 204, no redirect to the provider or to sign-in', async (_name, headers) => {
    const response = await GET(new NextRequest(url, { headers }), params);
    expect(response.status).toBe(204);
    expect(response.headers.get('location')).toBeNull();
  });
});
