// Serves this deployment's bundled catalogue over HTTP, so one instance can be the central
// repository of others: <base>/index.json (ETag = the index hash, 304 on If-None-Match) and
// <base>/documents/<sha256>.json (immutable). Always the plain JSON bytes: Next.js drops a route's
// own Content-Encoding header and compresses responses itself, so sending the stored gzip would
// reach a client gzipped twice under one Content-Encoding.
import 'server-only';
import { gunzip as gunzipCallback } from 'node:zlib';
import { promisify } from 'node:util';
import { AppError } from '@/lib/errors';
import { bundledCatalogDir, readBundledDocumentGzip, readBundledIndexFile, sha256Pattern } from './bundled';

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
