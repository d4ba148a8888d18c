import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The catalogue's wire format, shared by the builder (`catalog:build`), the routes that serve a
 * catalogue (`/api/repository/…`) and the sync that reads one.
 *
 * A catalogue at base URL B is:
 *   B/index.json                 this index (ETag = `"<hash>"`, so a re-sync is one conditional request)
 *   B/documents/<sha256>.json    each version's OpenAPI document as published (JSON text; Swagger 2.0
 *                                already converted to OpenAPI 3), addressed by the sha256 of its bytes
 *   B/logos/<sha256>.<ext>       provider logos (png, jpg, gif, webp, svg), addressed by the sha256 of their bytes
 *
 * The bundled catalogue is built into `catalog/dist/` (not committed): `index.json` and
 * `documents/<sha256>.json.gz` (gzip of exactly the bytes the sha256 names) and `logos/<sha256>.<ext>`.
 */
export const catalogChangelogSchema = z.object({
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  /** One line per breaking change ("DELETE /repos/{owner}/{repo} removed"). */
  breaking: z.array(z.string()),
  /** "3 operations added, 1 breaking change", or "First version". */
  summary: z.string(),
});

export const catalogVersionSchema = z.object({
  version: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The document's original OpenAPI/Swagger version ("2.0", "3.0.3", "3.1.0"). */
  openapiVersion: z.string(),
  operationCount: z.number().int().nonnegative(),
  /** Security scheme types of the document: apiKey, http:basic, http:bearer, oauth2, openIdConnect. */
  securitySchemes: z.array(z.string()),
  bytes: z.number().int().nonnegative(),
  publishedAt: z.string(),
  changelog: catalogChangelogSchema,
});

export const catalogProviderSchema = z.object({
  /** Stable, URL-safe: "github", "microsoft-graph". */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  name: z.string().min(1),
  description: z.string(),
  categories: z.array(z.string()),
  /**
   * "logos/<sha256>.<ext>": the logo bundled at build time, served at <base>/logos/<sha256>.<ext>.
   * Older catalogues hold an https URL or a data: URI here; the console never loads those.
   */
  logo: z.string().optional(),
  /** Where the document originally comes from. */
  originUrl: z.string().optional(),
  homepage: z.string().optional(),
  auth: z.object({
    types: z.array(z.string()),
    oauth2: z.object({ authorizationUrl: z.string().optional(), tokenUrl: z.string().optional(), scopes: z.array(z.string()) }).optional(),
  }),
  /** Oldest first; the last is the latest. */
  versions: z.array(catalogVersionSchema).min(1),
});

export const catalogIndexSchema = z.object({
  format: z.literal(1),
  name: z.string(),
  generatedAt: z.string(),
  /** catalogIndexHash(providers): changes exactly when any provider or version changes. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  providers: z.array(catalogProviderSchema),
});

export type CatalogChangelog = z.infer<typeof catalogChangelogSchema>;
export type CatalogVersion = z.infer<typeof catalogVersionSchema>;
export type CatalogProvider = z.infer<typeof catalogProviderSchema>;
export type CatalogIndex = z.infer<typeof catalogIndexSchema>;

/** JSON with object keys sorted, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function catalogIndexHash(providers: CatalogProvider[]): string {
  return sha256Hex(canonicalJson(providers));
}

export function latestVersion(provider: CatalogProvider): CatalogVersion {
  return provider.versions[provider.versions.length - 1]!;
}
