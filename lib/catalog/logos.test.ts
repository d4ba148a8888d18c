import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type BuildReport } from './build';
import { catalogIndexSchema, sha256Hex, type CatalogIndex } from './format';
import { logoSrc } from './logo-url';
import { checkLogo, LOGO_MAX_BYTES } from './logos';
import { serveCatalogLogo } from './serve';
import type { SourceList } from './source-list';

// A 1×1 PNG, and logo origins on loopback: a good PNG, one too big, HTML, HTML calling itself a PNG, an SVG with a script.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(1)</script><rect width="8" height="8"/></svg>');
const routes: Record<string, { type: string; body: Buffer }> = {
  '/good.png': { type: 'image/png', body: png },
  '/big.png': { type: 'image/png', body: Buffer.concat([png, Buffer.alloc(LOGO_MAX_BYTES)]) },
  '/page.html': { type: 'text/html', body: Buffer.from('<html><body>Not an image</body></html>') },
  '/lying.png': { type: 'image/png', body: Buffer.from('<html><body>Not an image</body></html>') },
  '/icon.svg': { type: 'image/svg+xml', body: svg },
};

const document = { openapi: '3.0.3', info: { title: 'Tiny', version: '1.0.0' }, paths: { '/ping': { get: { operationId: 'ping', responses: { '200': { description: 'pong' } } } } } };

let server: http.Server;
let origin: string;
const hits: string[] = [];
let dir: string;
let outDir: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    hits.push(request.url!);
    const route = routes[request.url!];
    if (!route) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': route.type, 'content-length': route.body.length });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-logos-'));
  outDir = path.join(dir, 'dist');
  fs.writeFileSync(path.join(dir, 'tiny.json'), JSON.stringify(document));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const provider = (id: string, logo: string) => ({ id, name: id, description: '', categories: ['developer-tools' as const], logo, source: { type: 'file' as const, path: 'tiny.json' } });
const sources = (): SourceList => ({
  name: 'Logos',
  providers: [
    provider('good', `${origin}/good.png`),
    provider('big', `${origin}/big.png`),
    provider('html', `${origin}/page.html`),
    provider('lying', `${origin}/lying.png`),
    provider('vector', `${origin}/icon.svg`),
    provider('inline', `data:image/png;base64,${png.toString('base64')}`),
    // Nothing listens on port 9 of loopback: unreachable, as every logo host is offline.
    provider('down', 'http://127.0.0.1:9/logo.png'),
  ],
});
const build = () => buildCatalog({ sources: sources(), sourcesDir: dir, outDir, allowPrivateNetwork: true });
const readIndex = (): CatalogIndex => catalogIndexSchema.parse(JSON.parse(fs.readFileSync(path.join(outDir, 'index.json'), 'utf8')));
const logoOf = (index: CatalogIndex, id: string) => index.providers.find((p) => p.id === id)!.logo;

describe('logos bundled at catalogue build time', () => {
  let report: BuildReport;

  it('stores a valid image by its content hash and names that file in the index; the rest get no logo', async () => {
    report = await build();
    const index = readIndex();
    const pngFile = `${sha256Hex(png)}.png`;
    expect(logoOf(index, 'good')).toBe(`logos/${pngFile}`);
    expect(logoOf(index, 'inline')).toBe(`logos/${pngFile}`);
    expect(logoOf(index, 'vector')).toBe(`logos/${sha256Hex(svg)}.svg`);
    for (const id of ['big', 'html', 'lying', 'down']) expect(logoOf(index, id), id).toBeUndefined();
    expect(fs.readFileSync(path.join(outDir, 'logos', pngFile)).equals(png)).toBe(true);
    expect(fs.readdirSync(path.join(outDir, 'logos')).sort()).toEqual([pngFile, `${sha256Hex(svg)}.svg`].sort());
    // No index entry names another host.
    for (const p of index.providers) expect(p.logo ?? 'logos/').toMatch(/^logos\//);

    const warning = (id: string) => report.warnings.find((w) => w.startsWith(`${id}: no logo`));
    expect(warning('big')).toMatch(/above the 256 KB limit/);
    expect(warning('html')).toMatch(/not a PNG, JPEG, GIF, WebP or SVG image \(declared text\/html\)/);
    expect(warning('lying')).toMatch(/not a PNG, JPEG, GIF, WebP or SVG image \(declared image\/png\)/);
    expect(warning('down')).toMatch(/127\.0\.0\.1:9\/logo\.png could not be downloaded/);
    expect(warning('down')).toMatch(/the monogram is shown/);
  });

  it('downloads a stored logo only once: the next build asks no logo host again and leaves the index alone', async () => {
    const before = hits.filter((h) => h === '/good.png').length;
    const again = await build();
    expect(hits.filter((h) => h === '/good.png').length).toBe(before);
    expect(again.indexWritten).toBe(false);
    expect(again.indexHash).toBe(report.indexHash);
  });
});

describe('checkLogo', () => {
  it('accepts an image whose declared type agrees with its content, and says why it refuses the others', () => {
    expect(checkLogo(png, 'image/png; charset=binary')).toMatchObject({ ok: true, extension: 'png' });
    expect(checkLogo(png, null)).toMatchObject({ ok: true, extension: 'png' });
    expect(checkLogo(png, 'image/gif')).toEqual({ ok: false, reason: 'it was declared image/gif but its content is image/png' });
    expect(checkLogo(new Uint8Array(), 'image/png')).toEqual({ ok: false, reason: 'the image is empty' });
  });
});

describe('serving a logo from this app', () => {
  const get = (file: string, headers: Record<string, string> = {}) => serveCatalogLogo(new Request(`http://localhost/api/repository/logos/${file}`, { headers }), file, { dir: outDir, source: { kind: 'bundled', dir: outDir } });

  it('serves a bundled PNG immutable, with its type and nosniff, and an SVG under a CSP that runs nothing', async () => {
    const file = `${sha256Hex(png)}.png`;
    const response = await get(file);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
    expect((await get(file, { 'if-none-match': `"${sha256Hex(png)}"` })).status).toBe(304);

    const vector = await get(`${sha256Hex(svg)}.svg`);
    expect(vector.headers.get('content-type')).toBe('image/svg+xml');
    expect(vector.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(vector.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses other names and missing logos with a 404, never reading outside the logos folder', async () => {
    const hash = sha256Hex(png);
    for (const file of [`${hash}.html`, `${hash.toUpperCase()}.png`, '../index.json', `${hash}`, `${'0'.repeat(64)}.png`, `${hash}.svg`]) {
      await expect(get(file), file).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('fetches a logo from the central repository once, checking that its bytes hash to its name', async () => {
    const good = `${sha256Hex(png)}.png`;
    const forged = `${'a'.repeat(64)}.png`;
    const central = http.createServer((request, response) => {
      centralHits.push(request.url!);
      response.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    const centralHits: string[] = [];
    await new Promise<void>((resolve) => central.listen(0, '127.0.0.1', resolve));
    try {
      const source = { kind: 'url' as const, baseUrl: `http://127.0.0.1:${(central.address() as AddressInfo).port}/api/repository`, allowPrivateNetwork: true };
      const empty = path.join(dir, 'no-catalogue');
      const fetchLogo = (file: string) => serveCatalogLogo(new Request(`http://localhost/api/repository/logos/${file}`), file, { dir: empty, source });
      const response = await fetchLogo(good);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
      await fetchLogo(good);
      expect(centralHits).toEqual([`/api/repository/logos/${good}`]);
      await expect(fetchLogo(forged)).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await new Promise((resolve) => central.close(resolve));
    }
  });
});

describe('logoSrc', () => {
  it('gives the browser only this app’s logo route, never a third-party URL', () => {
    const file = `${'b'.repeat(64)}.webp`;
    expect(logoSrc(`logos/${file}`)).toBe(`/api/repository/logos/${file}`);
    expect(logoSrc(`/api/repository/logos/${file}`)).toBe(`/api/repository/logos/${file}`);
    for (const other of ['https://cdn.example.com/logo.png', '//cdn.example.com/x.png', 'logos/../../etc/passwd', `logos/${file}?x`, 'data:image/png;base64,AAAA', '', null, undefined]) expect(logoSrc(other), String(other)).toBeNull();
  });
});
