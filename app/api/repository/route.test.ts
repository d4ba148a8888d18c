import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { catalogIndexSchema, sha256Hex, type CatalogIndex } from '@/lib/catalog/format';

// The routes read CATALOG_DIR through lib/env, which is parsed when first imported: set it before
// importing anything that imports lib/env (the builder, the routes).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-routes-'));
const catalogDir = path.join(dir, 'dist');
vi.stubEnv('CATALOG_DIR', catalogDir);

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
let indexRoute: Handler;
let documentRoute: Handler;
let logoRoute: Handler;
// A 1×1 PNG, given to the builder as a data: URI and bundled by it as logos/<sha256>.png.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
let index: CatalogIndex;

const document = {
  openapi: '3.0.3',
  info: { title: 'Tiny', version: '1.0.0' },
  paths: { '/ping': { get: { operationId: 'ping', responses: { '200': { description: 'pong' } } } } },
};

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'tiny.json'), JSON.stringify(document));
  const { buildCatalog } = await import('@/lib/catalog/build');
  await buildCatalog({
    sources: {
      name: 'Route test',
      providers: [
        {
          id: 'tiny',
          name: 'Tiny',
          description: 'One operation.',
          categories: ['developer-tools'],
          logo: `data:image/png;base64,${png.toString('base64')}`,
          source: { type: 'file', path: 'tiny.json' },
        },
      ],
    },
    sourcesDir: dir,
    outDir: catalogDir,
  });
  index = catalogIndexSchema.parse(JSON.parse(fs.readFileSync(path.join(catalogDir, 'index.json'), 'utf8')));
  indexRoute = (await import('./index.json/route')).GET as Handler;
  documentRoute = (await import('./documents/[file]/route')).GET as Handler;
  logoRoute = (await import('./logos/[file]/route')).GET as Handler;
});

afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => new NextRequest(`http://localhost/api/repository/${url}`, { headers });
const getIndex = (headers?: Record<string, string>) => indexRoute(get('index.json', headers), { params: Promise.resolve({}) });
const getDocument = (file: string, headers?: Record<string, string>) => documentRoute(get(`documents/${file}`, headers), { params: Promise.resolve({ file }) });

describe('GET /api/repository/index.json', () => {
  it('serves the bundled index, public, with the index hash as its ETag', async () => {
    const response = await getIndex();
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${index.hash}"`);
    expect(response.headers.get('cache-control')).toMatch(/^public/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(catalogIndexSchema.parse(await response.json())).toEqual(index);
  });

  it('answers 304 to If-None-Match with the hash, weak or in a list', async () => {
    for (const tag of [`"${index.hash}"`, `W/"${index.hash}"`, `"other", "${index.hash}"`]) {
      const response = await getIndex({ 'if-none-match': tag });
      expect(response.status).toBe(304);
      expect(response.headers.get('etag')).toBe(`"${index.hash}"`);
      expect(await response.text()).toBe('');
    }
    expect((await getIndex({ 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('never sets Content-Encoding itself: Next.js drops it and compresses on its own', async () => {
    const response = await getIndex({ 'accept-encoding': 'gzip, br' });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(await response.text())).toEqual(index);
  });
});

describe('GET /api/repository/documents/<sha256>.json', () => {
  it('serves a document whose bytes hash to its name, immutable', async () => {
    const { sha256 } = index.providers[0]!.versions[0]!;
    const response = await getDocument(`${sha256}.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('etag')).toBe(`"${sha256}"`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(sha256Hex(bytes)).toBe(sha256);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(document);

    const asked = await getDocument(`${sha256}.json`, { 'accept-encoding': 'gzip' });
    expect(asked.headers.get('content-encoding')).toBeNull();
    expect(sha256Hex(Buffer.from(await asked.arrayBuffer()))).toBe(sha256);
    expect((await getDocument(`${sha256}.json`, { 'if-none-match': `"${sha256}"` })).status).toBe(304);
  });

  it('answers 404 to any other name, and never reads outside the documents folder', async () => {
    const { sha256 } = index.providers[0]!.versions[0]!;
    for (const file of [sha256, `${sha256}.json.gz`, `${sha256.toUpperCase()}.json`, '../index.json', '..%2Findex.json', `${'0'.repeat(64)}.json`, 'index.json']) {
      const response = await getDocument(file);
      expect(response.status, file).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
  });
});

describe('GET /api/repository/logos/<sha256>.<ext>', () => {
  const getLogo = (file: string, headers?: Record<string, string>) => logoRoute(get(`logos/${file}`, headers), { params: Promise.resolve({ file }) });

  it('serves the logo the index names, from this app: its type, immutable, nosniff, no script', async () => {
    const file = `${sha256Hex(png)}.png`;
    expect(index.providers[0]!.logo).toBe(`logos/${file}`);
    const response = await getLogo(file);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
    expect((await getLogo(file, { 'if-none-match': `"${sha256Hex(png)}"` })).status).toBe(304);
  });

  it('answers 404 to any other name', async () => {
    for (const file of ['../index.json', `${sha256Hex(png)}.exe`, `${'0'.repeat(64)}.png`]) {
      const response = await getLogo(file);
      expect(response.status, file).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
  });
});

describe('a deployment with no catalogue built', () => {
  it('answers 404 saying so', async () => {
    fs.renameSync(path.join(catalogDir, 'index.json'), path.join(catalogDir, 'index.json.away'));
    try {
      const response = await getIndex();
      expect(response.status).toBe(404);
      expect((await response.json()).error.message).toMatch(/no catalogue built/);
    } finally {
      fs.renameSync(path.join(catalogDir, 'index.json.away'), path.join(catalogDir, 'index.json'));
    }
  });
});
