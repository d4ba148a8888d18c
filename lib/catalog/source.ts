// The catalogue client: reads a central repository's index and documents from the bundled
// catalogue (catalog/dist) or from CENTRAL_REPOSITORY_URL, and trusts nothing it has not checked.
import 'server-only';
import { gunzipSync } from 'node:zlib';
import { env } from '@/lib/env';
import { describeUrlSafely, guardedFetch, OutboundRequestError } from '@/lib/net/guarded-fetch';
import { bundledCatalogDir, readBundledDocumentGzip, readBundledIndexFile } from './bundled';
import { catalogIndexHash, catalogIndexSchema, sha256Hex, type CatalogIndex } from './format';

export type CatalogSource =
  | { kind: 'bundled'; dir: string }
  | { kind: 'url'; baseUrl: string; allowPrivateNetwork?: boolean; timeoutMs?: number };

/** The bundled catalogue unless CENTRAL_REPOSITORY_URL names another. */
export function defaultCatalogSource(): CatalogSource {
  if (env.CENTRAL_REPOSITORY_URL) return { kind: 'url', baseUrl: env.CENTRAL_REPOSITORY_URL };
  return { kind: 'bundled', dir: bundledCatalogDir() };
}

/** How the source is keyed in catalog_snapshots and named in sync runs: its base URL, or "bundled". */
export function sourceKey(source: CatalogSource): string {
  return source.kind === 'bundled' ? 'bundled' : describeUrlSafely(source.baseUrl).replace(/\/+$/, '');
}

export type CatalogErrorCode = 'not_built' | 'unreachable' | 'invalid' | 'integrity' | 'not_found';

/** A catalogue that cannot be read, or answered something that fails a check. Messages name no secret. */
export class CatalogError extends Error {
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CatalogError';
  }
}

export const NOT_BUILT_MESSAGE =
  'The bundled catalogue is not built. Run `npm run cli -- catalog:build` (it writes catalog/dist), or set CENTRAL_REPOSITORY_URL to a central repository.';

/** An index of 300 providers with their version history is a few hundred KB; documents are bigger. */
const MAX_INDEX_BYTES = 20 * 1024 * 1024;
const MAX_DOCUMENT_BYTES = 60 * 1024 * 1024;

export type IndexFetch =
  | { status: 'unchanged' }
  | { status: 'changed'; index: CatalogIndex; etag: string | null; lastModified: string | null };

/**
 * The catalogue's index, or "unchanged" when it still has the hash (or ETag) we hold: against a
 * URL that is one conditional request answered 304. The index is validated and its hash checked.
 */
export async function fetchCatalogIndex(source: CatalogSource, known: { indexHash?: string | null; etag?: string | null; lastModified?: string | null } = {}): Promise<IndexFetch> {
  if (source.kind === 'bundled') {
    let file: Awaited<ReturnType<typeof readBundledIndexFile>>;
    try {
      file = await readBundledIndexFile(source.dir);
    } catch (error) {
      throw new CatalogError('invalid', `The bundled catalogue cannot be read (${error instanceof Error ? error.message.slice(0, 300) : 'unknown error'}). Rebuild it with \`npm run cli -- catalog:build\`.`, { cause: error });
    }
    if (!file) throw new CatalogError('not_built', NOT_BUILT_MESSAGE);
    return known.indexHash === file.index.hash ? { status: 'unchanged' } : { status: 'changed', index: file.index, etag: null, lastModified: null };
  }

  const url = joinUrl(source.baseUrl, 'index.json');
  const headers: Record<string, string> = { accept: 'application/json' };
  const etag = known.etag ?? (known.indexHash ? `"${known.indexHash}"` : null);
  if (etag) headers['if-none-match'] = etag;
  if (known.lastModified) headers['if-modified-since'] = known.lastModified;
  const response = await request(url, source, headers, MAX_INDEX_BYTES);
  if (response.status === 304) return { status: 'unchanged' };
  if (!response.ok) throw new CatalogError('unreachable', `The central repository at ${describeUrlSafely(url)} answered ${response.status}. Check CENTRAL_REPOSITORY_URL and try again later.`);
  const index = parseIndex(response.text(), describeUrlSafely(url));
  if (known.indexHash === index.hash) return { status: 'unchanged' };
  return { status: 'changed', index, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
}

/** The document published under `sha256`, as text, after checking that its bytes hash to exactly that. */
export async function fetchCatalogDocument(source: CatalogSource, sha256: string): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new CatalogError('invalid', 'A catalogue document is named by a sha256 of 64 hex digits.');
  let bytes: Uint8Array;
  if (source.kind === 'bundled') {
    const compressed = await readBundledDocumentGzip(sha256, source.dir);
    if (!compressed) throw new CatalogError('not_found', `The bundled catalogue has no document ${sha256.slice(0, 12)}…; rebuild it with \`npm run cli -- catalog:build\`.`);
    try {
      bytes = gunzipSync(compressed);
    } catch (error) {
      throw new CatalogError('integrity', `The bundled document ${sha256.slice(0, 12)}… cannot be read (${(error as Error).message}); rebuild the catalogue.`);
    }
  } else {
    const url = joinUrl(source.baseUrl, `documents/${sha256}.json`);
    const response = await request(url, source, { accept: 'application/json' }, MAX_DOCUMENT_BYTES);
    if (response.status === 404) throw new CatalogError('not_found', `The central repository has no document ${sha256.slice(0, 12)}… (404). It may be publishing; try again later.`);
    if (!response.ok) throw new CatalogError('unreachable', `The central repository answered ${response.status} for document ${sha256.slice(0, 12)}…. Try again later.`);
    bytes = response.body;
  }
  const actual = sha256Hex(bytes);
  if (actual !== sha256) {
    throw new CatalogError('integrity', `The document received for ${sha256.slice(0, 12)}… has the sha256 ${actual.slice(0, 12)}…: it was altered or corrupted in transit, so it was refused and nothing was changed.`);
  }
  return new TextDecoder().decode(bytes);
}

function parseIndex(text: string, where: string): CatalogIndex {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CatalogError('invalid', `The catalogue index from ${where} is not JSON. Check the catalogue's address.`);
  }
  const parsed = catalogIndexSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogError('invalid', `The catalogue index from ${where} does not match the catalogue format (${issue.path.join('.') || 'root'}: ${issue.message}).`);
  }
  if (catalogIndexHash(parsed.data.providers) !== parsed.data.hash) {
    throw new CatalogError('integrity', `The catalogue index from ${where} does not match its own hash: it was altered or half-written. Nothing was changed.`);
  }
  return parsed.data;
}

async function request(url: string, source: Extract<CatalogSource, { kind: 'url' }>, headers: Record<string, string>, maxBytes: number) {
  try {
    return await guardedFetch(url, { headers, maxBytes, timeoutMs: source.timeoutMs ?? 30_000, allowPrivateNetwork: source.allowPrivateNetwork });
  } catch (error) {
    if (error instanceof OutboundRequestError) throw new CatalogError('unreachable', `The central repository is unreachable: ${error.message}`, { cause: error });
    throw error;
  }
}

function joinUrl(base: string, relative: string): string {
  return `${base.replace(/\/+$/, '')}/${relative}`;
}
