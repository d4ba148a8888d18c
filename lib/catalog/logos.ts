// Catalogue logos, bundled at build time: downloaded once through the guarded fetch (short time-out,
// size and type checked), stored by content hash in <outDir>/logos/<sha256>.<ext> and named in the
// index by that path, so browsers load logos only from this app. Unreachable or unfit → no logo.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeUrlSafely, guardedFetch, OutboundRequestError } from '@/lib/net/guarded-fetch';
import { sha256Hex } from './format';
import { logoContentTypes, logoFilePattern, type LogoExtension } from './logo-url';

export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_TIMEOUT_MS = 5_000;

export type LogoFetch = (url: string, init: { allowPrivateNetwork?: boolean }) => Promise<{ status: number; headers: { get(name: string): string | null }; body: Uint8Array }>;

export const defaultLogoFetch: LogoFetch = (url, { allowPrivateNetwork }) =>
  guardedFetch(url, {
    headers: { accept: 'image/png, image/jpeg, image/gif, image/webp, image/svg+xml;q=0.8' },
    maxBytes: LOGO_MAX_BYTES,
    timeoutMs: LOGO_TIMEOUT_MS,
    maxRedirects: 3,
    allowCrossHostRedirects: true,
    ...(allowPrivateNetwork !== undefined ? { allowPrivateNetwork } : {}),
  });

export type LogoResult = { ok: true; file: string; bytes: Uint8Array; extension: LogoExtension } | { ok: false; reason: string };

const extensionOfType: Record<string, LogoExtension> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/svg+xml': 'svg' };

/** What the bytes are, by their first bytes (an SVG by its root element), or null if none of the logo types. */
export function sniffLogo(bytes: Uint8Array): LogoExtension | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpg';
  if (starts(0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'webp';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'svg';
  return null;
}

/**
 * Checks a logo's bytes: at most 256 KB, one of png, jpeg, gif, webp or svg by its content, and,
 * when the server declared a type, an image type that agrees with the content.
 */
export function checkLogo(bytes: Uint8Array, declaredType: string | null): LogoResult {
  if (bytes.byteLength === 0) return { ok: false, reason: 'the image is empty' };
  if (bytes.byteLength > LOGO_MAX_BYTES) return { ok: false, reason: `the image is ${Math.ceil(bytes.byteLength / 1024)} KB, above the ${LOGO_MAX_BYTES / 1024} KB limit` };
  const declared = declaredType?.split(';')[0]!.trim().toLowerCase() || null;
  const extension = sniffLogo(bytes);
  if (!extension) return { ok: false, reason: `the content is not a PNG, JPEG, GIF, WebP or SVG image${declared ? ` (declared ${declared})` : ''}` };
  if (declared && declared !== 'application/octet-stream' && extensionOfType[declared] !== extension) {
    return { ok: false, reason: `it was declared ${declared} but its content is ${logoContentTypes[extension]}` };
  }
  return { ok: true, file: `${sha256Hex(bytes)}.${extension}`, bytes, extension };
}

/** Downloads a logo (https, or http on loopback in tests) or decodes a data: URI, then checks it. Never throws. */
export async function loadLogo(url: string, { fetch = defaultLogoFetch, allowPrivateNetwork }: { fetch?: LogoFetch; allowPrivateNetwork?: boolean } = {}): Promise<LogoResult> {
  if (url.startsWith('data:')) {
    const match = /^data:([a-z0-9.+/-]+)?(;base64)?,(.*)$/is.exec(url);
    if (!match) return { ok: false, reason: 'the data: URI is malformed' };
    const bytes = match[2] ? Buffer.from(match[3]!, 'base64') : Buffer.from(decodeURIComponent(match[3]!), 'utf8');
    return checkLogo(new Uint8Array(bytes), match[1] ?? null);
  }
  try {
    const response = await fetch(url, { allowPrivateNetwork });
    if (response.status !== 200) return { ok: false, reason: `${describeUrlSafely(url)} answered ${response.status}` };
    return checkLogo(response.body, response.headers.get('content-type'));
  } catch (error) {
    if (error instanceof OutboundRequestError && error.code === 'too_large') return { ok: false, reason: `the image at ${describeUrlSafely(url)} is above the ${LOGO_MAX_BYTES / 1024} KB limit` };
    return { ok: false, reason: `${describeUrlSafely(url)} could not be downloaded: ${(error as Error).message}` };
  }
}

export function logoPath(outDir: string, file: string): string {
  if (!logoFilePattern.test(file)) throw new Error(`Not a logo file name: ${file}`);
  return path.join(outDir, 'logos', file);
}

/** Deletes logos no provider refers to any more (and temporary files a crash left). */
export async function pruneLogos(outDir: string, referenced: Set<string>) {
  const dir = path.join(outDir, 'logos');
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (referenced.has(name)) continue;
    if (/^[0-9a-f]{64}\.(png|jpg|gif|webp|svg)(\.\d+\.[0-9a-f]+\.tmp)?$/.test(name)) await fs.rm(path.join(dir, name), { force: true });
  }
}
