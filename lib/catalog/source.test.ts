import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryDocument, fixtureDocument, startCatalogServer, type CatalogServer } from '@/test/catalog-server';
import { sha256Hex } from './format';
import { CatalogError, fetchCatalogDocument, fetchCatalogIndex, type CatalogSource } from './source';

let catalog: CatalogServer;
let source: CatalogSource;

beforeAll(async () => {
  catalog = await startCatalogServer({
    providers: [
      { id: 'pet-store', name: 'Pet Store', versions: [{ version: '1.0.0', document: fixtureDocument('petstore-v1.yaml') }] },
      { id: 'shop', name: 'Shop', versions: [{ version: '1', document: directoryDocument('shop.app.json') }] },
    ],
  });
  source = { kind: 'url', baseUrl: catalog.url, allowPrivateNetwork: true };
});
afterAll(() => catalog.close());

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CatalogError);
  return error as CatalogError;
};

describe('catalogue client over HTTP', () => {
  it('reads and checks the index, then asks "changed since?" in one request answered 304', async () => {
    catalog.resetCounts();
    const first = await fetchCatalogIndex(source);
    expect(first.status).toBe('changed');
    if (first.status !== 'changed') return;
    expect(first.index.providers.map((p) => [p.id, p.versions[0]!.operationCount])).toEqual([
      ['pet-store', 5],
      ['shop', 2],
    ]);
    expect(first.etag).toBe(`"${first.index.hash}"`);

    const again = await fetchCatalogIndex(source, { indexHash: first.index.hash, etag: first.etag });
    expect(again).toEqual({ status: 'unchanged' });
    expect(catalog.requests).toMatchObject({ index: 2, notModified: 1, documents: 0 });
  });

  it('returns a document only when its bytes hash to the sha256 it was asked for', async () => {
    const version = catalog.index().providers[0]!.versions[0]!;
    const text = await fetchCatalogDocument(source, version.sha256);
    expect(sha256Hex(text)).toBe(version.sha256);
    expect(JSON.parse(text).info.title).toBe('Pet Store');

    const shop = catalog.index().providers[1]!.versions[0]!;
    catalog.corrupt(shop.sha256);
    const refused = await failure(fetchCatalogDocument(source, shop.sha256));
    expect(refused.code).toBe('integrity');
    expect(refused.message).toMatch(/altered or corrupted.*refused/);
    expect((await failure(fetchCatalogDocument(source, 'f'.repeat(64)))).code).toBe('not_found');
  });

  it('refuses loopback unless private addresses are allowed, and says when the catalogue is down', async () => {
    const refused = await failure(fetchCatalogIndex({ kind: 'url', baseUrl: catalog.url, allowPrivateNetwork: false }));
    expect(refused.message).toMatch(/unreachable.*(private|loopback)/i);

    const down = await startCatalogServer();
    const url = down.url;
    await down.close();
    const unreachable = await failure(fetchCatalogIndex({ kind: 'url', baseUrl: url, allowPrivateNetwork: true }));
    expect(unreachable.code).toBe('unreachable');
    expect(unreachable.message).toMatch(/Could not reach http:\/\/127\.0\.0\.1:\d+\/index\.json/);
  });
});

describe('bundled catalogue', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  const bundled: CatalogSource = { kind: 'bundled', dir };

  it('says how to build it when it is missing', async () => {
    const error = await failure(fetchCatalogIndex(bundled));
    expect(error.code).toBe('not_built');
    expect(error.message).toContain('npm run cli -- catalog:build');
  });

  it('reads the index and gzip documents, and refuses an index that does not match its hash', async () => {
    const index = catalog.index();
    const text = JSON.stringify(fixtureDocument('petstore-v1.yaml'));
    fs.mkdirSync(path.join(dir, 'documents'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'documents', `${sha256Hex(text)}.json.gz`), gzipSync(text));
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index));
    expect(await fetchCatalogIndex(bundled, { indexHash: index.hash })).toEqual({ status: 'unchanged' });
    expect(await fetchCatalogDocument(bundled, sha256Hex(text))).toBe(text);

    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ ...index, providers: index.providers.slice(1) }));
    expect((await failure(fetchCatalogIndex(bundled))).message).toMatch(/bundled catalogue cannot be read .*does not match its own hash/);
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ ...index, format: 'two' }));
    expect((await failure(fetchCatalogIndex(bundled))).code).toBe('invalid');
  });
});
