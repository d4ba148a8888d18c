// The curated source list the catalogue builder reads (catalog/sources.json): per provider its
// metadata and where its OpenAPI document comes from. (lib/catalog/source.ts is the other side:
// where a workspace reads a built catalogue from.)
import fs from 'node:fs/promises';
import { z } from 'zod';

export const catalogCategories = [
  'ai',
  'analytics',
  'cloud',
  'commerce',
  'communication',
  'crm',
  'developer-tools',
  'finance',
  'marketing',
  'media',
  'payments',
  'productivity',
  'security',
  'storage',
] as const;

export type CatalogCategory = (typeof catalogCategories)[number];

const httpsUrl = z.url({ protocol: /^https$/ });

export const sourceLocationSchema = z.discriminatedUnion('type', [
  /** A file inside an installed npm package: `node_modules/<package>/<path>`. */
  z.object({ type: z.literal('package'), package: z.string().regex(/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+$/), path: z.string().min(1) }),
  /** A file, relative to the sources file. */
  z.object({ type: z.literal('file'), path: z.string().min(1) }),
  /** An origin fetched with conditional requests. */
  z.object({ type: z.literal('url'), url: z.url({ protocol: /^https?$/ }) }),
]);

export const sourceEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  description: z.string().min(1),
  categories: z.array(z.enum(catalogCategories)).min(1),
  /** Overrides the document's info.x-logo. */
  logo: z.union([httpsUrl, z.string().startsWith('data:image/')]).optional(),
  homepage: z.url().optional(),
  originUrl: z.url().optional(),
  /** Hints that override (URLs) or extend (types) what the document's security schemes say. */
  auth: z
    .object({
      types: z.array(z.string()).optional(),
      oauth2: z.object({ authorizationUrl: z.url().optional(), tokenUrl: z.url().optional(), scopes: z.array(z.string()).optional() }).optional(),
    })
    .optional(),
  source: sourceLocationSchema,
});

export const sourceListSchema = z
  .object({
    /** The catalogue's name, as the index carries it. */
    name: z.string().min(1),
    providers: z.array(sourceEntrySchema),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.providers.forEach((provider, index) => {
      if (seen.has(provider.id)) ctx.addIssue({ code: 'custom', path: ['providers', index, 'id'], message: `The id "${provider.id}" is used twice.` });
      seen.add(provider.id);
    });
  });

export type SourceLocation = z.infer<typeof sourceLocationSchema>;
export type SourceEntry = z.infer<typeof sourceEntrySchema>;
export type SourceList = z.infer<typeof sourceListSchema>;

/** Reads and validates a sources file; the message names the first problems and where they are. */
export async function readSourceList(file: string): Promise<SourceList> {
  let value: unknown;
  try {
    value = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the sources file ${file}: ${(error as Error).message}`);
  }
  const parsed = sourceListSchema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`The sources file ${file} is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
