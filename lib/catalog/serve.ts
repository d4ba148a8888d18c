// Serves this deployment's bundled catalogue over HTTP, so one instance can be the central
// repository of others: <base>/index.json (ETag = the index hash, 304 on If-None-Match) and
// <base>/documents/<sha256>.json (immutable). Always the plain JSON bytes: Next.js drops a route's
// own Content-Encoding header and compresses responses itself, so sending the stored gzip would
// reach a client gzipped twice under one Content-Encoding.
import 'server-only';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { AppError } from '@/lib/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { guardedFetch } from '@/lib/net/guarded-fetch';
import { log } from '@/lib/log';
import { bundledCatalogDir, readBundledDocumentGzip, readBundledIndexFile, sha256Pattern } from './bundled';
import { sha256Hex } from './format';
import { logoContentTypes, logoFilePattern, type LogoExtension } from './logo-url';
import { checkLogo, LOGO_MAX_BYTES } from './logos';
import { defaultCatalogSource, type CatalogSource } from './source';

const gunzip = promisify(gunzipCallback);

export const NOT_BUILT = 'This deployment has no catalogue built. Its operator runs `npm run cli -- catalog:build` (or `npm run build`).';

const INDEX_CACHE_CONTROL = 'public, max-age=300, must-revalidate';
const DOCUMENT_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export async function serveCatalogIndex(request: Request, dir: string = bundledCatalogDir()): Promise<Response> {
  const file = await readBundledIndexFile(dir);
  if (!file) throw new AppError('not_found', NOT_BUILT);
  const { index } = file;
  const headers = new Headers({
    etag: `"${index.hash}"`,
    'last-modified': new Date(index.generatedAt).toUTCString(),
    'cache-control': INDEX_CACHE_CONTROL,
    vary: 'Accept-Encoding',
    'access-control-allow-origin': '*',
  });
  if (notModified(request, index.hash, new Date(index.generatedAt))) return new Response(null, { status: 304, headers });
  headers.set('content-type', 'application/json; charset=utf-8');
  return body(request, headers, file.bytes);
}

/** `file` is the last path segment: `<sha256>.json`. Anything else is a 404, before the disk is touched. */
export async function serveCatalogDocument(request: Request, file: string, dir: string = bundledCatalogDir()): Promise<Response> {
  const sha256 = file.endsWith('.json') ? file.slice(0, -'.json'.length) : '';
  if (!sha256Pattern.test(sha256)) throw new AppError('not_found', 'Documents are named <sha256>.json (64 lower-case hex digits).');
  const compressed = await readBundledDocumentGzip(sha256, dir);
  if (!compressed) throw new AppError('not_found', `This catalogue has no document ${sha256}.json.`);
  const headers = new Headers({ etag: `"${sha256}"`, 'cache-control': DOCUMENT_CACHE_CONTROL, vary: 'Accept-Encoding', 'access-control-allow-origin': '*' });
  if (notModified(request, sha256)) return new Response(null, { status: 304, headers });
  headers.set('content-type', 'application/json; charset=utf-8');
  return body(request, headers, await gunzip(compressed));
}

/** A logo can carry no script and is read only as what it is, whatever a browser is asked to do with it. */
const LOGO_HEADERS = { 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cross-origin-resource-policy': 'same-origin' };

/** Logos fetched from the central repository, by file name (content-addressed, so never stale). */
const remoteLogos = new Map<string, Uint8Array>();
const REMOTE_LOGO_CACHE_BYTES = 16 * 1024 * 1024;
let remoteLogoBytes = 0;

/**
 * `file` is `<sha256>.<ext>`: a logo of the catalogue, from the bundled catalog/dist/logos, or,
 * when the catalogue comes from a central repository, fetched from it once (guarded, size and type
 * checked, its bytes must hash to its name) and kept in memory. Immutable, nosniff, and under a CSP
 * that lets an SVG run nothing.
 */
export async function serveCatalogLogo(request: Request, file: string, { dir = bundledCatalogDir(), source = defaultCatalogSource() }: { dir?: string; source?: CatalogSource } = {}): Promise<Response> {
  const match = logoFilePattern.exec(file);
  if (!match) throw new AppError('not_found', 'Logos are named <sha256>.<png|jpg|gif|webp|svg> (64 lower-case hex digits).');
  const [, sha256, extension] = match as unknown as [string, string, LogoExtension];
  const headers = new Headers({ etag: `"${sha256}"`, 'cache-control': DOCUMENT_CACHE_CONTROL, ...LOGO_HEADERS });
  if (notModified(request, sha256)) return new Response(null, { status: 304, headers });
  const bytes = (await readBundledLogo(dir, file, sha256)) ?? (source.kind === 'url' ? await fetchRemoteLogo(source, file, sha256) : null);
  if (!bytes) throw new AppError('not_found', `This catalogue has no logo ${file}.`);
  headers.set('content-type', logoContentTypes[extension]);
  return body(request, headers, Buffer.from(bytes));
}

async function readBundledLogo(dir: string, file: string, sha256: string): Promise<Uint8Array | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(dir, 'logos', file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return sha256Hex(bytes) === sha256 ? bytes : null;
}

async function fetchRemoteLogo(source: Extract<CatalogSource, { kind: 'url' }>, file: string, sha256: string): Promise<Uint8Array | null> {
  const cached = remoteLogos.get(file);
  if (cached) return cached;
  try {
    const response = await guardedFetch(`${source.baseUrl.replace(/\/+$/, '')}/logos/${file}`, { maxBytes: LOGO_MAX_BYTES, timeoutMs: 10_000, allowPrivateNetwork: source.allowPrivateNetwork });
    if (response.status !== 200) return null;
    const checked = checkLogo(response.body, response.headers.get('content-type'));
    if (!checked.ok || checked.file !== file || sha256Hex(response.body) !== sha256) {
      log.warn('repository.logo_refused', { file, reason: checked.ok ? 'its bytes do not match its name' : checked.reason });
      return null;
    }
    if (remoteLogoBytes + response.body.byteLength <= REMOTE_LOGO_CACHE_BYTES) {
      remoteLogos.set(file, response.body);
      remoteLogoBytes += response.body.byteLength;
    }
    return response.body;
  } catch (error) {
    log.warn('repository.logo_unreachable', { file, error: (error as Error).message });
    return null;
  }
}

function body(request: Request, headers: Headers, bytes: Buffer): Response {
  headers.set('content-length', String(bytes.length));
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(new Uint8Array(bytes), { status: 200, headers });
}

/** If-None-Match (any listed tag, weak or strong, or *) wins; else If-Modified-Since when the resource has a date. */
export function notModified(request: Request, tag: string, lastModified?: Date): boolean {
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    return ifNoneMatch
      .split(',')
      .map((value) => value.trim().replace(/^W\//, ''))
      .some((value) => value === '*' || value === `"${tag}"`);
  }
  const ifModifiedSince = request.headers.get('if-modified-since');
  if (ifModifiedSince && lastModified) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}
