// The catalogue this deployment ships (built by `catalog:build` into catalog/dist): read by the
// routes that serve it at /api/repository/ and by anything else that wants the bundled catalogue.
import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { env } from '@/lib/env';
import { catalogIndexHash, catalogIndexSchema, sha256Hex, type CatalogIndex } from './format';

const gunzip = promisify(gunzipCallback);

/**
 * `CATALOG_DIR`, else catalog/dist under the working directory. The configured path is hidden from
 * Next's file tracing (an arbitrary path makes Turbopack trace the whole project); the default is
 * statically scoped, so a serverless bundle of anything that reads the catalogue carries catalog/dist.
 */
export function bundledCatalogDir(): string {
  if (env.CATALOG_DIR) return path.resolve(/* turbopackIgnore: true */ env.CATALOG_DIR);
  return path.join(process.cwd(), 'catalog', 'dist');
}

/** A document's sha256 as the catalogue names it: 64 lower-case hex digits. */
export const sha256Pattern = /^[0-9a-f]{64}$/;

export interface BundledIndexFile {
  index: CatalogIndex;
  /** index.json exactly as written. */
  bytes: Buffer;
}

let cached: { file: string; mtimeMs: number; size: number; value: BundledIndexFile } | undefined;

/** The index with its bytes, or null when the catalogue is not built. Checked against its own hash; cached until the file changes. */
export async function readBundledIndexFile(dir: string = bundledCatalogDir()): Promise<BundledIndexFile | null> {
  const file = path.join(dir, 'index.json');
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (cached && cached.file === file && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.value;
  const bytes = await fs.readFile(file);
  const index = catalogIndexSchema.parse(JSON.parse(bytes.toString('utf8')));
  if (catalogIndexHash(index.providers) !== index.hash) throw new Error(`${file} does not match its own hash; rebuild the catalogue.`);
  const value = { index, bytes };
  cached = { file, mtimeMs: stat.mtimeMs, size: stat.size, value };
  return value;
}

/** The bundled catalogue's index, or null when it is not built. */
export async function readBundledIndex(dir: string = bundledCatalogDir()): Promise<CatalogIndex | null> {
  return (await readBundledIndexFile(dir))?.index ?? null;
}

/** documents/<sha256>.json.gz as stored, or null when there is no such document. Never reads outside the documents folder. */
export async function readBundledDocumentGzip(sha256: string, dir: string = bundledCatalogDir()): Promise<Buffer | null> {
  if (!sha256Pattern.test(sha256)) return null;
  try {
    return await fs.readFile(path.join(dir, 'documents', `${sha256}.json.gz`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** A document's JSON bytes, checked against its sha256; null when there is no such document. */
export async function readBundledDocument(sha256: string, dir: string = bundledCatalogDir()): Promise<Buffer | null> {
  const compressed = await readBundledDocumentGzip(sha256, dir);
  if (!compressed) return null;
  const bytes = await gunzip(compressed);
  if (sha256Hex(bytes) !== sha256) throw new Error(`The bundled document ${sha256}.json.gz does not match its name; rebuild the catalogue.`);
  return bytes;
}
