import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, changelogFromDiff, documentFacts, writeFileAtomic, type BuildReport, type ProviderOutcome } from './build';
import { catalogIndexHash, catalogIndexSchema, latestVersion, sha256Hex, type CatalogIndex } from './format';
import type { SourceList } from './source-list';

// A loopback origin whose document changes between builds, and answers conditional requests.
type Served = { body: string; etag?: string; lastModified?: string; contentType?: string; status?: number };

function petstore({ version = '1.0.0', withDelete = true, extra = false, ownerRequired = false } = {}) {
  const paths: Record<string, unknown> = {
    '/pets': {
      get: {
        operationId: 'listPets',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'owner', in: 'query', required: ownerRequired, schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'The pets' } },
      },
      post: { operationId: 'createPet', responses: { '201': { description: 'Created' } } },
    },
    '/pets/{petId}': {
      parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: 'showPet', responses: { '200': { description: 'A pet' } } },
      ...(withDelete ? { delete: { operationId: 'deletePet', responses: { '204': { description: 'Deleted' } } } } : {}),
    },
  };
  if (extra) {
    paths['/stores'] = { get: { operationId: 'listStores', responses: { '200': { description: 'Stores' } } } };
    paths['/stores/{storeId}'] = {
      get: { operationId: 'showStore', parameters: [{ name: 'storeId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'A store' } } },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Petstore', version, 'x-logo': { url: 'https://example.com/pets.png' } },
    servers: [{ url: 'https://pets.example.com/v1' }],
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' }, basic: { type: 'http', scheme: 'Basic' } } },
    security: [{ key: [] }],
    paths,
  };
}

const swagger2Yaml = `swagger: "2.0"
info:
  title: Legacy
  version: "2.1"
host: legacy.example.com
basePath: /api
schemes: [https]
securityDefinitions:
  oauth:
    type: oauth2
    flow: accessCode
    authorizationUrl: https://legacy.example.com/oauth/authorize
    tokenUrl: https://legacy.example.com/oauth/token
    scopes:
      read: Read things
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: Things
          schema:
            type: array
            items:
              $ref: "#/definitions/Thing"
definitions:
  Thing:
    type: object
    properties:
      id:
        type: string
`;

describe('buildCatalog', () => {
  let server: http.Server;
  let origin: string;
  let served: Served;
  const requests: { ifNoneMatch?: string; ifModifiedSince?: string; status: number }[] = [];
  let dir: string;
  let outDir: string;
  let sources: SourceList;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-build-'));
    outDir = path.join(dir, 'dist');
    fs.writeFileSync(path.join(dir, 'legacy.yaml'), swagger2Yaml);
    served = { body: JSON.stringify(petstore()), etag: '"v1"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' };
    server = http.createServer((request, response) => {
      const ifNoneMatch = request.headers['if-none-match'];
      const ifModifiedSince = request.headers['if-modified-since'];
      let status = served.status ?? 200;
      if (status === 200 && served.etag && ifNoneMatch === served.etag) status = 304;
      requests.push({ ifNoneMatch, ifModifiedSince, status });
      const headers: Record<string, string> = { 'content-type': served.contentType ?? 'application/json' };
      if (served.etag) headers.etag = served.etag;
      if (served.lastModified) headers['last-modified'] = served.lastModified;
      response.writeHead(status, headers);
      response.end(status === 200 ? served.body : undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sources = {
      name: 'Test catalogue',
      providers: [
        {
          id: 'petstore',
          name: 'Petstore',
          description: 'Pets, on loopback.',
          categories: ['commerce'],
          auth: { types: ['http:bearer'] },
          source: { type: 'url', url: `${origin}/openapi.json` },
        },
        { id: 'legacy', name: 'Legacy', description: 'A Swagger 2.0 file.', categories: ['developer-tools'], source: { type: 'file', path: 'legacy.yaml' } },
      ],
    };
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const build = () => buildCatalog({ sources, sourcesDir: dir, outDir, allowPrivateNetwork: true });
  const readIndex = (): CatalogIndex => catalogIndexSchema.parse(JSON.parse(fs.readFileSync(path.join(outDir, 'index.json'), 'utf8')));
  const outcome = (report: BuildReport, id: string): ProviderOutcome => report.outcomes.find((o) => o.id === id)!;
  const provider = (index: CatalogIndex, id: string) => index.providers.find((p) => p.id === id)!;

  function expectConsistentDist() {
    const index = readIndex();
    expect(index.hash).toBe(catalogIndexHash(index.providers));
    for (const p of index.providers) {
      for (const version of p.versions) {
        const bytes = gunzipSync(fs.readFileSync(path.join(outDir, 'documents', `${version.sha256}.json.gz`)));
        expect(sha256Hex(bytes)).toBe(version.sha256);
        expect(bytes.length).toBe(version.bytes);
      }
    }
    const leftovers = [...fs.readdirSync(outDir), ...fs.readdirSync(path.join(outDir, 'documents'))].filter((name) => name.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
    return index;
  }

  it('publishes a first version of each source, converting Swagger 2.0', async () => {
    const report = await build();
    expect(report.outcomes.map((o) => [o.id, o.status])).toEqual([
      ['petstore', 'published'],
      ['legacy', 'published'],
    ]);
    expect(report.indexWritten).toBe(true);
    expect(report.providers).toBe(2);
    expect(report.operations).toBe(5);
    const index = expectConsistentDist();
    expect(index.name).toBe('Test catalogue');

    const pets = provider(index, 'petstore');
    // Its x-logo host cannot be reached from here (or has no such image): no logo, the console shows the monogram.
    expect(pets.logo).toBeUndefined();
    expect(report.warnings.some((w) => w.startsWith('petstore: no logo'))).toBe(true);
    expect(pets).toMatchObject({
      originUrl: `${origin}/openapi.json`,
      auth: { types: ['apiKey', 'http:basic', 'http:bearer'] },
    });
    expect(pets.versions).toHaveLength(1);
    expect(latestVersion(pets)).toMatchObject({ version: '1.0.0', openapiVersion: '3.0.3', operationCount: 4, securitySchemes: ['apiKey', 'http:basic'], changelog: { summary: 'First version', added: 4 } });

    const legacy = provider(index, 'legacy');
    expect(latestVersion(legacy)).toMatchObject({ version: '2.1', openapiVersion: '2.0', operationCount: 1, securitySchemes: ['oauth2'] });
    expect(legacy.auth).toEqual({ types: ['oauth2'], oauth2: { authorizationUrl: 'https://legacy.example.com/oauth/authorize', tokenUrl: 'https://legacy.example.com/oauth/token', scopes: [] } });
    const published = JSON.parse(gunzipSync(fs.readFileSync(path.join(outDir, 'documents', `${latestVersion(legacy).sha256}.json.gz`))).toString('utf8'));
    expect(published.openapi).toMatch(/^3\.0\./);
    expect(published.swagger).toBeUndefined();
    expect(published.servers).toEqual([{ url: 'https://legacy.example.com/api' }]);
  });

  it('costs one 304 when the origin has not changed, and leaves the index alone', async () => {
    const before = fs.readFileSync(path.join(outDir, 'index.json'));
    const hash = readIndex().hash;
    requests.length = 0;
    const report = await build();
    expect(requests).toEqual([{ ifNoneMatch: '"v1"', ifModifiedSince: 'Wed, 01 Jan 2025 00:00:00 GMT', status: 304 }]);
    expect(outcome(report, 'petstore')).toMatchObject({ status: 'unchanged', reason: 'origin not modified (304)' });
    expect(outcome(report, 'legacy')).toMatchObject({ status: 'unchanged', reason: 'source unchanged' });
    expect(report.indexWritten).toBe(false);
    expect(report.indexHash).toBe(hash);
    expect(fs.readFileSync(path.join(outDir, 'index.json')).equals(before)).toBe(true);
  });

  it('publishes nothing when only the formatting changed (canonical hash)', async () => {
    served = { body: JSON.stringify(petstore(), null, 2), etag: '"v1-pretty"' };
    const report = await build();
    expect(outcome(report, 'petstore')).toMatchObject({ status: 'unchanged', reason: 'same content' });
    expect(report.indexWritten).toBe(false);
    expect(provider(readIndex(), 'petstore').versions).toHaveLength(1);
  });

  it('publishes a changed document as a new version with a changelog and its breaking changes', async () => {
    const hash = readIndex().hash;
    served = { body: JSON.stringify(petstore({ withDelete: false, extra: true, ownerRequired: true })), etag: '"v2"' };
    const report = await build();
    const published = outcome(report, 'petstore');
    expect(published).toMatchObject({ status: 'published', version: '1.0.0+2', operations: 5 });
    expect(outcome(report, 'legacy').status).toBe('unchanged');
    expect(report.indexWritten).toBe(true);
    expect(report.indexHash).not.toBe(hash);

    const index = expectConsistentDist();
    const pets = provider(index, 'petstore');
    expect(pets.versions.map((v) => v.version)).toEqual(['1.0.0', '1.0.0+2']);
    const { changelog } = latestVersion(pets);
    expect(changelog).toMatchObject({ added: 2, removed: 1, changed: 1 });
    expect(changelog.breaking).toContain('DELETE /pets/{petId} removed');
    expect(changelog.breaking.some((line) => line.startsWith('GET /pets:') && line.includes('"owner" became required'))).toBe(true);
    expect(changelog.summary).toBe('2 operations added, 1 removed, 1 changed; 2 breaking changes');
    // The first version's document is still there: workspaces on it can still sync it.
    expect(fs.existsSync(path.join(outDir, 'documents', `${pets.versions[0]!.sha256}.json.gz`))).toBe(true);
  });

  it('keeps the last good version of a source that fails validation, and reports it', async () => {
    const before = readIndex();
    served = { body: JSON.stringify({ ...petstore({ version: '3.0.0' }), paths: { '/pets': { get: { responses: 'none' } } } }), etag: '"broken"' };
    const report = await build();
    const failed = outcome(report, 'petstore');
    expect(failed).toMatchObject({ status: 'failed', keptVersion: '1.0.0+2' });
    expect(failed.status === 'failed' && failed.reason).toMatch(/not valid OpenAPI 3\.0/);
    expect(outcome(report, 'legacy').status).toBe('unchanged');
    expect(report.providers).toBe(2);
    const after = expectConsistentDist();
    expect(provider(after, 'petstore')).toEqual(provider(before, 'petstore'));
    expect(after.hash).toBe(before.hash);
  });

  it('keeps the last good version when the origin is down or answers an error', async () => {
    served = { body: 'nope', status: 500 };
    const report = await build();
    expect(outcome(report, 'petstore')).toMatchObject({ status: 'failed', keptVersion: '1.0.0+2', reason: expect.stringContaining('answered 500') });
    expect(provider(readIndex(), 'petstore').versions).toHaveLength(2);
  });

  it('publishes the next good document after a failure, comparing it with the last published one', async () => {
    served = { body: JSON.stringify(petstore({ version: '2.0.0', withDelete: false, extra: true, ownerRequired: true })), etag: '"v3"' };
    // The same operations as the last published version, but a new info.version: content changed, operations did not.
    const report = await build();
    expect(outcome(report, 'petstore')).toMatchObject({ status: 'published', version: '2.0.0' });
    const { changelog } = latestVersion(provider(expectConsistentDist(), 'petstore'));
    expect(changelog).toMatchObject({ added: 0, removed: 0, changed: 0, breaking: [] });
    expect(changelog.summary).toMatch(/^No operation changes/);
  });

  it('drops a provider that left the source list, and its documents', async () => {
    const legacySha = latestVersion(provider(readIndex(), 'legacy')).sha256;
    const report = await buildCatalog({ sources: { ...sources, providers: sources.providers.slice(0, 1) }, sourcesDir: dir, outDir, allowPrivateNetwork: true });
    expect(report.providers).toBe(1);
    expect(readIndex().providers.map((p) => p.id)).toEqual(['petstore']);
    expect(fs.existsSync(path.join(outDir, 'documents', `${legacySha}.json.gz`))).toBe(false);
  });

  it('reports a source that cannot be loaded without stopping the others, and refuses a private origin by default (two lanes)', async () => {
    const fresh = path.join(dir, 'fresh');
    const report = await buildCatalog({
      sources: {
        name: 'Fresh',
        providers: [
          { id: 'missing', name: 'Missing', description: 'No such file.', categories: ['ai'], source: { type: 'file', path: 'nope.yaml' } },
          { id: 'private', name: 'Private', description: 'Loopback.', categories: ['ai'], source: { type: 'url', url: `${origin}/openapi.json` } },
          { id: 'legacy', name: 'Legacy', description: 'A Swagger 2.0 file.', categories: ['developer-tools'], source: { type: 'file', path: 'legacy.yaml' } },
        ],
      },
      sourcesDir: dir,
      outDir: fresh,
      allowPrivateNetwork: false,
      // Two lanes: outcomes and the index still follow the source list's order.
      concurrency: 2,
    });
    expect(report.outcomes.map((o) => [o.id, o.status])).toEqual([
      ['missing', 'failed'],
      ['private', 'failed'],
      ['legacy', 'published'],
    ]);
    expect(outcome(report, 'missing')).toMatchObject({ reason: expect.stringContaining('does not exist') });
    expect(outcome(report, 'private')).not.toHaveProperty('keptVersion');
    expect(report.providers).toBe(1);
  });
});

describe('writeFileAtomic', () => {
  it('never lets a reader see a half-written file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-atomic-'));
    const file = path.join(dir, 'index.json');
    const contents = ['a', 'b'].map((fill) => JSON.stringify({ fill: fill.repeat(2_000_000) }));
    await writeFileAtomic(file, contents[0]!);
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await fs.promises.readFile(file, 'utf8');
        expect(contents).toContain(text);
        reads++;
      }
    })();
    for (let round = 1; round <= 20; round++) await writeFileAtomic(file, contents[round % 2]!);
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(fs.readdirSync(dir)).toEqual(['index.json']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('changelogFromDiff', () => {
  const ref = (method: string, p: string) => ({ method, path: p, toolName: `${method}_${p}` });
  it('names operations with the first count and lists breaking changes, capped', () => {
    const removed = Array.from({ length: 60 }, (_, i) => ref('get', `/r/${i}`));
    const changelog = changelogFromDiff({ added: [], removed, changed: [], unchanged: 3, document: [], breaking: true });
    expect(changelog.summary).toBe('60 operations removed; 60 breaking changes');
    expect(changelog.breaking).toHaveLength(51);
    expect(changelog.breaking[0]).toBe('GET /r/0 removed');
    expect(changelog.breaking[50]).toBe('… and 10 more breaking changes');
  });
});

describe('documentFacts', () => {
  it('takes scheme types, resolves relative OAuth URLs against the first server and drops dead logos', () => {
    const facts = documentFacts({
      servers: [{ url: 'https://api.example.com/v1' }],
      info: { 'x-logo': { url: 'https://twitter.com/example/profile_image?size=original' } },
      components: {
        securitySchemes: {
          oauth: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: '/oauth/authorize', tokenUrl: 'https://auth.example.com/token', scopes: {} } } },
          bearer: { type: 'http', scheme: 'Bearer' },
          key: { type: 'apiKey', in: 'header', name: 'X-Key' },
        },
      },
    });
    expect(facts).toEqual({ schemeTypes: ['apiKey', 'http:bearer', 'oauth2'], oauth2: { authorizationUrl: 'https://api.example.com/oauth/authorize', tokenUrl: 'https://auth.example.com/token' } });
  });
});

describe('the build lock', () => {
  it('refuses a second build of the same folder, and takes over the lock of a process that is gone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-lock-'));
    const outDir = path.join(dir, 'dist');
    fs.mkdirSync(outDir);
    const sources: SourceList = { name: 'Lock', providers: [] };
    fs.writeFileSync(path.join(outDir, '.build.lock'), String(process.ppid));
    await expect(buildCatalog({ sources, outDir })).rejects.toThrow(`Another catalogue build (pid ${process.ppid})`);
    fs.writeFileSync(path.join(outDir, '.build.lock'), '2147483646');
    await expect(buildCatalog({ sources, outDir })).resolves.toMatchObject({ providers: 0 });
    expect(fs.existsSync(path.join(outDir, '.build.lock'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
