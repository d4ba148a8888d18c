// The catalogue builder ("API scraper"): reads the curated source list, loads each document (URLs
// with conditional requests), converts Swagger 2.0, validates what it would publish with the import
// pipeline, and publishes a new content-addressed version only when the canonical content changed,
// with a changelog against the last published one. The index is replaced atomically at the end; a
// source that fails keeps its last good version.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { diffVersions, ImportWorker, parseDocument, type ImportedDocument, type JsonObject, type VersionDiff } from '@/lib/openapi';
import { contentHash } from '@/lib/openapi/hash';
import { describeUrlSafely, guardedFetch } from '@/lib/net/guarded-fetch';
import { catalogIndexHash, catalogIndexSchema, latestVersion, sha256Hex, type CatalogChangelog, type CatalogIndex, type CatalogProvider, type CatalogVersion } from './format';
import type { SourceEntry, SourceList } from './source-list';
import { documentVersion } from './version';
import { loadLogo, logoPath, pruneLogos, type LogoFetch } from './logos';
import { logoFilePattern } from './logo-url';

const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/** Bump when what the builder publishes for the same input changes, so unchanged sources are looked at again. */
const BUILDER_VERSION = 1;
const STATE_FILE = '.build-state.json';
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
const MAX_BREAKING_LINES = 50;

export interface CatalogFetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): string;
}

/** How URL sources are fetched; the default is the guarded fetch. */
export type CatalogFetch = (url: string, init: { headers: Record<string, string>; allowPrivateNetwork?: boolean }) => Promise<CatalogFetchResponse>;

export type BuildProgress =
  | { type: 'start'; id: string; index: number; total: number }
  | { type: 'phase'; id: string; phase: 'loading' | 'validating' | 'diffing' | 'writing' }
  | { type: 'done'; outcome: ProviderOutcome; index: number; total: number };

export type ProviderOutcome =
  | { id: string; status: 'published'; version: string; sha256: string; operations: number; changelog: CatalogChangelog; ms: number }
  | { id: string; status: 'unchanged'; version: string; reason: string; ms: number }
  /** keptVersion: the last good version still in the index, if there is one. */
  | { id: string; status: 'failed'; reason: string; keptVersion?: string; ms: number };

export interface BuildReport {
  outcomes: ProviderOutcome[];
  /** Problems with the previous state that did not stop the build. */
  warnings: string[];
  indexHash: string;
  /** False when the index was left as it was (nothing changed). */
  indexWritten: boolean;
  providers: number;
  operations: number;
  /** Sum of the gzipped documents the index refers to. */
  documentBytes: number;
  /** Providers with a bundled logo (the others show a monogram). */
  logos: number;
  ms: number;
}

export interface BuildOptions {
  sources: SourceList;
  outDir: string;
  /** Where `file` sources are relative to (the sources file's folder). Default: the working directory. */
  sourcesDir?: string;
  /** Where `package` sources are looked up (node_modules) and the import worker's files live. Default: the working directory. */
  root?: string;
  fetch?: CatalogFetch;
  /** How logos are downloaded; the default is the guarded fetch with a 5 s time-out and a 256 KB cap. */
  logoFetch?: LogoFetch;
  /** For URL sources on loopback or private addresses (tests). Default: ALLOW_PRIVATE_NETWORK. */
  allowPrivateNetwork?: boolean;
  onProgress?: (event: BuildProgress) => void;
  now?: () => Date;
  /** Per document; the builder runs trusted, curated sources, so the default is generous: 5 minutes. */
  importTimeoutMs?: number;
  /** Heap of each import worker. Default 1536 MB (Microsoft Graph needs about 1 GB). */
  maxHeapMb?: number;
  /** Sources built at once, each lane with its own import worker. Default 1. */
  concurrency?: number;
}

/** What the builder remembers between runs beside the index: per provider, how its origin answered last time. */
interface BuildState {
  builder: number;
  providers: Record<string, ProviderState>;
  /** Logo URL (or data: URI) → the file it was stored as, so a logo is downloaded once. */
  logos?: Record<string, string>;
}

interface ProviderState {
  /** The source as configured (canonical JSON), so a changed source is loaded anew. */
  source: string;
  /** sha256 of the text loaded last time, before any parsing. */
  rawSha256?: string;
  etag?: string;
  lastModified?: string;
  /** The latest published version, its canonical content hash and what the document says about itself. */
  latestSha256: string;
  contentHash: string;
  facts: DocumentFacts;
}

/** What the index takes from the document itself. */
interface DocumentFacts {
  schemeTypes: string[];
  oauth2?: { authorizationUrl?: string; tokenUrl?: string };
  logo?: string;
}

export async function buildCatalog(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const { outDir } = options;
  const now = options.now ?? (() => new Date());
  const warnings: string[] = [];
  await fs.mkdir(path.join(outDir, 'documents'), { recursive: true });
  const release = await lockOutDir(outDir);
  try {
    return await buildLocked(options, started, now, warnings);
  } finally {
    await release();
  }
}

async function buildLocked(options: BuildOptions, started: number, now: () => Date, warnings: string[]): Promise<BuildReport> {
  const { outDir } = options;
  const previous = await readPreviousIndex(outDir, warnings);
  const previousById = new Map((previous?.providers ?? []).map((provider) => [provider.id, provider]));
  const state = await readState(outDir);
  const nextState: BuildState = { builder: BUILDER_VERSION, providers: {}, logos: {} };

  const total = options.sources.providers.length;
  const slots: { outcome: ProviderOutcome; entry?: CatalogProvider; state?: ProviderState }[] = new Array(total);
  const runOne = async (position: number, worker: ImportWorker) => {
    const source = options.sources.providers[position]!;
    options.onProgress?.({ type: 'start', id: source.id, index: position, total });
    const providerStarted = performance.now();
    const prior = previousById.get(source.id);
    const priorState = state.builder === BUILDER_VERSION ? state.providers[source.id] : undefined;
    let result: ProviderResult;
    try {
      result = await buildProvider({ options, outDir, worker, now }, source, prior, priorState);
    } catch (error) {
      result = { kind: 'failed', reason: `The build failed unexpectedly: ${(error as Error).message}` };
    }
    const ms = Math.round(performance.now() - providerStarted);
    if (result.kind === 'failed') {
      const kept = prior ? latestVersion(prior).version : undefined;
      slots[position] = {
        outcome: { id: source.id, status: 'failed', reason: result.reason, ...(kept ? { keptVersion: kept } : {}), ms },
        ...(prior ? { entry: priorEntryWithMetadata(source, prior, state.providers[source.id]?.facts), state: state.providers[source.id] } : {}),
      };
    } else {
      const latest = result.versions[result.versions.length - 1]!;
      slots[position] = {
        outcome:
          result.kind === 'published'
            ? { id: source.id, status: 'published', version: latest.version, sha256: latest.sha256, operations: latest.operationCount, changelog: latest.changelog, ms }
            : { id: source.id, status: 'unchanged', version: latest.version, reason: result.reason, ms },
        entry: providerEntry(source, result.versions, result.state.facts),
        state: result.state,
      };
    }
    options.onProgress?.({ type: 'done', outcome: slots[position]!.outcome, index: position, total });
  };

  // Sources are built by `concurrency` lanes, each with its own import worker; the index keeps the source list's order.
  const lanes = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, total)) }, () => new ImportWorker({ root: options.root, maxHeapMb: options.maxHeapMb }));
  let next = 0;
  try {
    await Promise.all(
      lanes.map(async (worker) => {
        for (let position = next++; position < total; position = next++) await runOne(position, worker);
      }),
    );
  } finally {
    await Promise.all(lanes.map((worker) => worker.close()));
  }
  const outcomes = slots.map((slot) => slot.outcome);
  const providers = slots.flatMap((slot) => (slot.entry ? [slot.entry] : []));
  for (const [position, slot] of slots.entries()) if (slot.state) nextState.providers[options.sources.providers[position]!.id] = slot.state;

  await bundleLogos(options, providers, state.logos ?? {}, nextState.logos!, warnings);

  const hash = catalogIndexHash(providers);
  let indexWritten = false;
  if (!previous || previous.hash !== hash || previous.name !== options.sources.name) {
    const index: CatalogIndex = catalogIndexSchema.parse({ format: 1, name: options.sources.name, generatedAt: now().toISOString(), hash, providers });
    await writeFileAtomic(path.join(outDir, 'index.json'), JSON.stringify(index));
    indexWritten = true;
  }
  await writeFileAtomic(path.join(outDir, STATE_FILE), JSON.stringify(nextState));
  const documentBytes = await pruneDocuments(outDir, providers, warnings);
  await pruneLogos(outDir, new Set(providers.flatMap((provider) => (provider.logo ? [provider.logo.slice('logos/'.length)] : []))));

  return {
    outcomes,
    warnings,
    indexHash: hash,
    indexWritten,
    providers: providers.length,
    operations: providers.reduce((sum, provider) => sum + latestVersion(provider).operationCount, 0),
    documentBytes,
    logos: providers.filter((provider) => provider.logo).length,
    ms: Math.round(performance.now() - started),
  };
}

const LOGO_CONCURRENCY = 8;

/**
 * Replaces each provider's logo URL (or data: URI) with the bundled file it names,
 * "logos/<sha256>.<ext>", downloading what is not stored yet; a logo that cannot be had (offline,
 * too big, not an image) is dropped with a warning, and the console shows the monogram.
 */
async function bundleLogos(options: BuildOptions, providers: CatalogProvider[], known: Record<string, string>, remembered: Record<string, string>, warnings: string[]) {
  const { outDir } = options;
  await fs.mkdir(path.join(outDir, 'logos'), { recursive: true });
  const queue = providers.filter((provider) => provider.logo);
  const one = async (provider: CatalogProvider) => {
    const logo = provider.logo!;
    if (logo.startsWith('logos/')) {
      // Kept from the previous index (a source that failed this time): still bundled?
      const file = logo.slice('logos/'.length);
      if (logoFilePattern.test(file) && (await exists(logoPath(outDir, file)))) return;
      delete provider.logo;
      warnings.push(`${provider.id}: its logo ${file} is missing; the monogram is shown.`);
      return;
    }
    const stored = known[logo];
    if (stored && logoFilePattern.test(stored) && (await exists(logoPath(outDir, stored)))) {
      provider.logo = `logos/${stored}`;
      remembered[logo] = stored;
      return;
    }
    const loaded = await loadLogo(logo, { fetch: options.logoFetch, allowPrivateNetwork: options.allowPrivateNetwork });
    if (!loaded.ok) {
      delete provider.logo;
      warnings.push(`${provider.id}: no logo, ${loaded.reason.replace(/\.$/, '')}; the monogram is shown.`);
      return;
    }
    const file = logoPath(outDir, loaded.file);
    if (!(await exists(file))) await writeFileAtomic(file, loaded.bytes);
    provider.logo = `logos/${loaded.file}`;
    remembered[logo] = loaded.file;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(LOGO_CONCURRENCY, queue.length) }, async () => {
      for (let position = next++; position < queue.length; position = next++) await one(queue[position]!);
    }),
  );
}

interface Context {
  options: BuildOptions;
  outDir: string;
  worker: ImportWorker;
  now: () => Date;
}

type ProviderResult =
  | { kind: 'published'; versions: CatalogVersion[]; state: ProviderState }
  | { kind: 'unchanged'; versions: CatalogVersion[]; state: ProviderState; reason: string }
  | { kind: 'failed'; reason: string };

async function buildProvider(context: Context, source: SourceEntry, prior: CatalogProvider | undefined, priorState: ProviderState | undefined): Promise<ProviderResult> {
  const { outDir, worker, options } = context;
  const progress = (phase: 'loading' | 'validating' | 'diffing' | 'writing') => options.onProgress?.({ type: 'phase', id: source.id, phase });
  const sourceKey = JSON.stringify(source.source);
  const latest = prior ? latestVersion(prior) : undefined;
  const latestOnDisk = latest ? await exists(documentPath(outDir, latest.sha256)) : false;
  // What we knew about the latest version still holds only if it is the same version, from the same source.
  const known = latest && latestOnDisk && priorState?.latestSha256 === latest.sha256 && priorState.source === sourceKey ? priorState : undefined;

  progress('loading');
  const loaded = await loadSource(context, source, known);
  if (!loaded.ok) return { kind: 'failed', reason: loaded.reason };
  if (loaded.notModified) {
    if (!known || !prior) return { kind: 'failed', reason: 'The origin answered 304 Not Modified to a request that was not conditional.' };
    return { kind: 'unchanged', versions: prior.versions, state: known, reason: 'origin not modified (304)' };
  }
  const rawSha256 = sha256Hex(loaded.text);
  const originState = { rawSha256, ...(loaded.etag ? { etag: loaded.etag } : {}), ...(loaded.lastModified ? { lastModified: loaded.lastModified } : {}) };
  if (known && known.rawSha256 === rawSha256) {
    return { kind: 'unchanged', versions: prior!.versions, state: { ...known, ...originState }, reason: 'source unchanged' };
  }

  const prepared = await prepareDocument(loaded.text, loaded.filename, loaded.contentType);
  if (!prepared.ok) return { kind: 'failed', reason: prepared.reason };

  if (latest && latestOnDisk) {
    const latestHash = known?.contentHash ?? (await describePublished(outDir, latest.sha256))?.contentHash;
    if (latestHash === prepared.contentHash) {
      const facts = known?.facts ?? prepared.facts;
      return { kind: 'unchanged', versions: prior!.versions, state: { source: sourceKey, ...originState, latestSha256: latest.sha256, contentHash: prepared.contentHash, facts }, reason: 'same content' };
    }
  }

  progress('validating');
  const imported = await worker.import({ text: prepared.text, filename: `${prepared.sha256}.json`, contentType: 'application/json' }, { timeoutMs: options.importTimeoutMs ?? 300_000 });
  if (!imported.ok) {
    const first = imported.problems.find((problem) => problem.severity === 'error');
    const detail = first && first.message !== imported.reason ? ` First: ${first.pointer || '/'}: ${first.message}` : '';
    return { kind: 'failed', reason: `${imported.reason}${detail}` };
  }

  const state: ProviderState = { source: sourceKey, ...originState, latestSha256: prepared.sha256, contentHash: prepared.contentHash, facts: prepared.facts };
  if (latest && latest.sha256 === prepared.sha256) {
    // The very bytes of the latest version: its file had gone missing; put it back, publish nothing.
    progress('writing');
    await writeDocument(outDir, prepared.sha256, prepared.text);
    return { kind: 'unchanged', versions: prior!.versions, state, reason: 'same content (document file restored)' };
  }

  let changelog: CatalogChangelog;
  if (!prior) changelog = { added: imported.counts.operations, removed: 0, changed: 0, breaking: [], summary: 'First version' };
  else {
    progress('diffing');
    changelog = await changelogAgainst(context, latestOnDisk ? latest! : undefined, imported);
  }

  progress('writing');
  await writeDocument(outDir, prepared.sha256, prepared.text);
  const version: CatalogVersion = {
    version: uniqueVersion(documentVersion(imported.info.version), prior?.versions ?? []),
    sha256: prepared.sha256,
    openapiVersion: prepared.originalVersion,
    operationCount: imported.counts.operations,
    securitySchemes: prepared.facts.schemeTypes,
    bytes: Buffer.byteLength(prepared.text, 'utf8'),
    publishedAt: context.now().toISOString(),
    changelog,
  };
  return { kind: 'published', versions: [...(prior?.versions ?? []), version], state };
}

type Loaded =
  | { ok: true; notModified: true }
  | { ok: true; notModified?: false; text: string; filename?: string; contentType?: string; etag?: string; lastModified?: string }
  | { ok: false; reason: string };

async function loadSource(context: Context, source: SourceEntry, known: ProviderState | undefined): Promise<Loaded> {
  const location = source.source;
  if (location.type === 'url') {
    const headers: Record<string, string> = { accept: 'application/json, application/yaml, application/x-yaml, text/yaml, text/plain;q=0.9, */*;q=0.5' };
    if (known?.etag) headers['if-none-match'] = known.etag;
    if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
    const fetchSource = context.options.fetch ?? defaultFetch;
    let response: CatalogFetchResponse;
    try {
      response = await fetchSource(location.url, { headers, allowPrivateNetwork: context.options.allowPrivateNetwork });
    } catch (error) {
      return { ok: false, reason: `Could not download ${describeUrlSafely(location.url)}: ${(error as Error).message}` };
    }
    if (response.status === 304) return { ok: true, notModified: true };
    if (response.status !== 200) return { ok: false, reason: `${describeUrlSafely(location.url)} answered ${response.status}.` };
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    return {
      ok: true,
      text: response.text(),
      filename: path.posix.basename(new URL(location.url).pathname) || undefined,
      contentType: response.headers.get('content-type') ?? undefined,
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
    };
  }
  const file = location.type === 'file' ? path.resolve(context.options.sourcesDir ?? process.cwd(), location.path) : await packageFile(context.options.root ?? process.cwd(), location.package, location.path);
  try {
    return { ok: true, text: await fs.readFile(file, 'utf8'), filename: path.basename(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? `${file} does not exist${location.type === 'package' ? ' (is the package installed?)' : ''}.` : `Cannot read ${file}: ${(error as Error).message}` };
  }
}

const defaultFetch: CatalogFetch = (url, { headers, allowPrivateNetwork }) =>
  guardedFetch(url, { headers, maxBytes: MAX_DOCUMENT_BYTES, timeoutMs: 120_000, allowCrossHostRedirects: true, ...(allowPrivateNetwork !== undefined ? { allowPrivateNetwork } : {}) });

/** `node_modules/<name>/<file>` in the root or the nearest folder above it that has the package. */
export async function packageFile(root: string, name: string, file: string): Promise<string> {
  let dir = path.resolve(root);
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (await exists(candidate)) {
      const resolved = path.resolve(candidate, file);
      if (!resolved.startsWith(candidate + path.sep)) throw new Error(`The path ${file} leaves the package ${name}.`);
      return resolved;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(root, 'node_modules', name, file);
    dir = parent;
  }
}

type Prepared =
  | { ok: true; text: string; sha256: string; contentHash: string; originalVersion: string; facts: DocumentFacts }
  | { ok: false; reason: string };

/**
 * Parses the document (JSON or YAML), converts Swagger 2.0 to OpenAPI 3 and serialises what will be
 * published: JSON in the document's own key order, so operations stay in the author's order. The
 * canonical hash (key-sorted JSON, as the import pipeline computes it) decides whether it changed.
 */
async function prepareDocument(text: string, filename: string | undefined, contentType: string | undefined): Promise<Prepared> {
  const parsed = parseDocument(text, { filename, contentType, limits: { maxBytes: MAX_DOCUMENT_BYTES } });
  if (!parsed.ok) return { ok: false, reason: parsed.problem.message };
  let document: JsonObject = parsed.document;
  const originalVersion = String(document.swagger ?? document.openapi ?? '');
  if (!originalVersion) return { ok: false, reason: 'The document is not an OpenAPI document: it has neither "openapi" nor "swagger".' };
  if (String(document.swagger) === '2.0') {
    try {
      const { convertObj } = await import('swagger2openapi');
      const converted = await convertObj(document, { patch: true, warnOnly: true, anchors: true });
      document = converted.openapi as JsonObject;
    } catch (error) {
      return { ok: false, reason: `The Swagger 2.0 document could not be converted to OpenAPI 3: ${(error as Error).message}` };
    }
  }
  // info.version as its author wrote it: a timestamp some tool printed as a JavaScript Date is put back.
  const info = document.info as JsonObject | undefined;
  if (info && typeof info === 'object' && typeof info.version === 'string' && documentVersion(info.version) !== info.version.trim()) {
    document = { ...document, info: { ...info, version: documentVersion(info.version) } };
  }
  const published = JSON.stringify(document);
  return { ok: true, text: published, sha256: sha256Hex(published), contentHash: contentHash(document), originalVersion, facts: documentFacts(document) };
}

/** Security scheme types, the first OAuth 2 scheme's URLs and the logo, as the document states them. */
export function documentFacts(document: JsonObject): DocumentFacts {
  const components = (document.components ?? {}) as JsonObject;
  const schemes = Object.values((components.securitySchemes ?? {}) as Record<string, JsonObject>).filter((scheme) => scheme && typeof scheme === 'object');
  const schemeTypes = [...new Set(schemes.map(schemeType).filter((type): type is string => Boolean(type)))].sort();
  const facts: DocumentFacts = { schemeTypes };

  const servers = Array.isArray(document.servers) ? (document.servers as JsonObject[]) : [];
  const base = typeof servers[0]?.url === 'string' && URL.canParse(servers[0].url as string) ? (servers[0].url as string) : undefined;
  const absolute = (value: unknown) => (typeof value === 'string' && URL.canParse(value, base) && /^https?:$/.test(new URL(value, base).protocol) ? new URL(value, base).toString() : undefined);
  const oauth = schemes.find((scheme) => scheme.type === 'oauth2');
  const flows = (oauth?.flows ?? {}) as Record<string, JsonObject | undefined>;
  if (oauth) {
    const authorizationUrl = absolute(flows.authorizationCode?.authorizationUrl ?? flows.implicit?.authorizationUrl);
    const tokenUrl = absolute(flows.authorizationCode?.tokenUrl ?? flows.clientCredentials?.tokenUrl ?? flows.password?.tokenUrl);
    facts.oauth2 = { ...(authorizationUrl ? { authorizationUrl } : {}), ...(tokenUrl ? { tokenUrl } : {}) };
  }
  const info = (document.info ?? {}) as JsonObject;
  const logo = (info['x-logo'] as JsonObject | undefined)?.url;
  if (typeof logo === 'string' && logo.startsWith('https://') && !deadLogo.test(logo)) facts.logo = logo;
  return facts;
}

/** The public directory's x-logo is often a twitter.com profile_image URL, an endpoint Twitter has removed. */
const deadLogo = /^https:\/\/twitter\.com\/[^/]+\/profile_image/;

function schemeType(scheme: JsonObject): string | undefined {
  if (typeof scheme.type !== 'string') return undefined;
  if (scheme.type === 'http') return typeof scheme.scheme === 'string' ? `http:${scheme.scheme.toLowerCase()}` : 'http';
  return scheme.type;
}

/** The index entry: curated metadata first, then what the document says. */
function providerEntry(source: SourceEntry, versions: CatalogVersion[], facts: DocumentFacts | undefined): CatalogProvider {
  const curated = source.auth;
  const types = [...new Set([...(curated?.types ?? []), ...(facts?.schemeTypes ?? [])])].sort();
  const hasOAuth = types.includes('oauth2') || Boolean(curated?.oauth2) || Boolean(facts?.oauth2);
  const authorizationUrl = curated?.oauth2?.authorizationUrl ?? facts?.oauth2?.authorizationUrl;
  const tokenUrl = curated?.oauth2?.tokenUrl ?? facts?.oauth2?.tokenUrl;
  const logo = source.logo ?? facts?.logo;
  return {
    id: source.id,
    name: source.name,
    description: source.description,
    categories: [...source.categories],
    ...(logo ? { logo } : {}),
    ...(source.originUrl ?? (source.source.type === 'url' ? source.source.url : undefined) ? { originUrl: source.originUrl ?? (source.source as { url: string }).url } : {}),
    ...(source.homepage ? { homepage: source.homepage } : {}),
    auth: {
      types,
      ...(hasOAuth ? { oauth2: { ...(authorizationUrl ? { authorizationUrl } : {}), ...(tokenUrl ? { tokenUrl } : {}), scopes: curated?.oauth2?.scopes ?? [] } } : {}),
    },
    versions,
  };
}

/** A source that failed keeps its versions; its curated metadata still follows the source list. */
function priorEntryWithMetadata(source: SourceEntry, prior: CatalogProvider, facts: DocumentFacts | undefined): CatalogProvider {
  if (!facts) return { ...prior, name: source.name, description: source.description, categories: [...source.categories] };
  return providerEntry(source, prior.versions, facts);
}

/** info.version, made unique among the provider's versions: "1.2.0", then "1.2.0+2", "1.2.0+3"… */
export function uniqueVersion(infoVersion: string, versions: CatalogVersion[]): string {
  const base = infoVersion.trim() || '0';
  const taken = new Set(versions.map((version) => version.version));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}+${n}`)) return `${base}+${n}`;
}

async function changelogAgainst(context: Context, previous: CatalogVersion | undefined, current: ImportedDocument): Promise<CatalogChangelog> {
  const before = previous ? await readDocumentText(context.outDir, previous.sha256) : undefined;
  const imported = before ? await context.worker.import({ text: before, filename: `${previous!.sha256}.json`, contentType: 'application/json' }, { timeoutMs: context.options.importTimeoutMs ?? 300_000 }) : undefined;
  if (!imported?.ok) {
    return { added: current.counts.operations, removed: 0, changed: 0, breaking: [], summary: 'The previous version could not be read; no comparison' };
  }
  return changelogFromDiff(diffVersions(imported, current));
}

export function changelogFromDiff(diff: VersionDiff): CatalogChangelog {
  const operation = (ref: { method: string; path: string }) => `${ref.method.toUpperCase()} ${ref.path}`;
  const breaking = [
    ...diff.removed.map((ref) => `${operation(ref)} removed`),
    ...diff.changed.flatMap((change) => change.changes.filter((c) => c.breaking).map((c) => `${operation(change)}: ${c.message}`)),
    ...diff.document.filter((change) => change.breaking).map((change) => change.message),
  ];
  // "2 operations added, 1 removed, 1 changed": the noun goes with the first count only.
  const counts = ([[diff.added.length, 'added'], [diff.removed.length, 'removed'], [diff.changed.length, 'changed']] as const).filter(([count]) => count > 0);
  const parts = counts.map(([count, what], index) => `${index === 0 ? plural(count, 'operation') : count} ${what}`);
  const summary =
    parts.length === 0 && breaking.length === 0
      ? 'No operation changes (descriptions, schemas or metadata only)'
      : [parts.join(', '), breaking.length > 0 ? plural(breaking.length, 'breaking change') : ''].filter(Boolean).join('; ');
  const listed = breaking.length > MAX_BREAKING_LINES ? [...breaking.slice(0, MAX_BREAKING_LINES), `… and ${breaking.length - MAX_BREAKING_LINES} more breaking changes`] : breaking;
  return { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, breaking: listed, summary: summary.charAt(0).toUpperCase() + summary.slice(1) };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function documentPath(outDir: string, sha256: string): string {
  return path.join(outDir, 'documents', `${sha256}.json.gz`);
}

async function writeDocument(outDir: string, sha256: string, text: string) {
  const file = documentPath(outDir, sha256);
  if (await exists(file)) return;
  await writeFileAtomic(file, await gzip(Buffer.from(text, 'utf8'), { level: 9 }));
}

async function readDocumentText(outDir: string, sha256: string): Promise<string | undefined> {
  try {
    const bytes = await gunzip(await fs.readFile(documentPath(outDir, sha256)));
    return sha256Hex(bytes) === sha256 ? bytes.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The canonical hash and facts of a published document, for when the state file does not have them. */
async function describePublished(outDir: string, sha256: string): Promise<{ contentHash: string; facts: DocumentFacts } | undefined> {
  const text = await readDocumentText(outDir, sha256);
  if (text === undefined) return undefined;
  const document = JSON.parse(text) as JsonObject;
  return { contentHash: contentHash(document), facts: documentFacts(document) };
}

/** Writes to a temporary file in the same folder, then renames it over the target. */
export async function writeFileAtomic(file: string, data: string | Uint8Array) {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

async function readPreviousIndex(outDir: string, warnings: string[]): Promise<CatalogIndex | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(outDir, 'index.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`The previous index could not be read (${(error as Error).message}); building from scratch.`);
    return undefined;
  }
  try {
    return catalogIndexSchema.parse(JSON.parse(text));
  } catch (error) {
    warnings.push(`The previous index is not valid (${(error as Error).message.split('\n')[0]}); building from scratch.`);
    return undefined;
  }
}

async function readState(outDir: string): Promise<BuildState> {
  try {
    const state = JSON.parse(await fs.readFile(path.join(outDir, STATE_FILE), 'utf8')) as BuildState;
    if (typeof state === 'object' && state && typeof state.providers === 'object') return state;
  } catch {
    // No state, or a damaged one: every source is loaded and compared by content again.
  }
  return { builder: BUILDER_VERSION, providers: {} };
}

/** Deletes documents no version refers to any more (and temporary files a crash left); returns the size of the rest. */
async function pruneDocuments(outDir: string, providers: CatalogProvider[], warnings: string[]): Promise<number> {
  const referenced = new Set(providers.flatMap((provider) => provider.versions.map((version) => `${version.sha256}.json.gz`)));
  const dir = path.join(outDir, 'documents');
  let bytes = 0;
  for (const name of await fs.readdir(dir)) {
    const file = path.join(dir, name);
    if (referenced.has(name)) {
      bytes += (await fs.stat(file)).size;
    } else if (/^[0-9a-f]{64}\.json\.gz(\.\d+\.[0-9a-f]+\.tmp)?$/.test(name)) {
      await fs.rm(file, { force: true });
    }
  }
  for (const provider of providers) {
    for (const version of provider.versions) {
      if (!(await exists(documentPath(outDir, version.sha256)))) warnings.push(`${provider.id} ${version.version}: its document ${version.sha256}.json.gz is missing.`);
    }
  }
  return bytes;
}

/**
 * One build at a time per output folder: a create-only lock file holding the pid, taken over when
 * that process is gone. Two builds would otherwise prune each other's fresh documents.
 */
async function lockOutDir(outDir: string): Promise<() => Promise<void>> {
  const file = path.join(outDir, '.build.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, String(process.pid), { flag: 'wx' });
      return () => fs.rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(await fs.readFile(file, 'utf8').catch(() => ''));
      if (pid > 0 && pid !== process.pid && processAlive(pid)) throw new Error(`Another catalogue build (pid ${pid}) is writing ${outDir}; wait for it to finish.`);
      await fs.rm(file, { force: true });
    }
  }
  throw new Error(`Could not take the build lock ${file}.`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
