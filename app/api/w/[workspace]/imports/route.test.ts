// What the import route refuses before it looks at the session: a page of another origin (the Lax
// cookie is sent by same-site pages on other ports) and a body declared over the document limit.
// The session-bound cases (a chunked upload over the limit, 415/400/NUL) are in e2e/hardening-bodies.spec.ts.
import { NextRequest } from 'next/server';
import { describe, expect, test } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '@/lib/providers/limits';
import { POST } from './route';

const params = { params: Promise.resolve({ workspace: 'acme' }) };

function post(headers: Record<string, string>, body: BodyInit = '{"text":"openapi: 3.0.0"}') {
  return new NextRequest('http://localhost:3000/api/w/acme/imports', { method: 'POST', headers: { host: 'localhost:3000', 'content-type': 'application/json', ...headers }, body });
}

describe('POST /api/w/<workspace>/imports before the session is read', () => {
  test('a form posted from another port of the same host is a 403 that says why', async () => {
    const response = await POST(
      post({ origin: 'http://localhost:4000', 'sec-fetch-site': 'same-site', 'content-type': 'application/x-www-form-urlencoded' }, 'url=https://example.com/openapi.json'),
      params,
    );
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toBe(
      "This request came from another site (Sec-Fetch-Site: same-site); it is accepted only from this app's own pages. Use the app at its own address.",
    );
  });

  test('a body declared over 60 MB is a 413 before anything is read', async () => {
    const response = await POST(post({ 'content-length': String(MAX_DOCUMENT_BYTES + 65 * 1024) }), params);
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toBe('The document is larger than 60 MB. Remove unused parts or split it.');
  });
});
