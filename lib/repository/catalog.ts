import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { catalogSnapshots } from '@/db/schema';
import type { CatalogChangelog, CatalogIndex, CatalogProvider, CatalogVersion } from '@/lib/catalog/format';
import { fetchCatalogIndex, sourceKey, type CatalogSource } from '@/lib/catalog/source';
import { summariseChangelog } from './changelog';

export { summariseChangelog };

export type LoadedCatalog = { source: string; index: CatalogIndex; fetched: 'changed' | 'unchanged'; fetchedAt: Date };

/**
 * The catalogue as the source publishes it now. The last index is kept in catalog_snapshots, so
 * when nothing changed this costs one conditional request (304) and one row read.
 */
export async function loadCatalog({ db, source }: { db: Db; source: CatalogSource }): Promise<LoadedCatalog> {
  const key = sourceKey(source);
  const [snapshot] = await db.select().from(catalogSnapshots).where(eq(catalogSnapshots.source, key));
  const fetched = await fetchCatalogIndex(source, snapshot ? { indexHash: snapshot.indexHash, etag: snapshot.etag, lastModified: snapshot.lastModified } : {});
  if (fetched.status === 'unchanged' && snapshot) return { source: key, index: snapshot.index as CatalogIndex, fetched: 'unchanged', fetchedAt: snapshot.fetchedAt };
  if (fetched.status === 'unchanged') throw new Error('The catalogue answered "not modified" to a request that named no version.');
  const values = { indexHash: fetched.index.hash, etag: fetched.etag, lastModified: fetched.lastModified, index: fetched.index, fetchedAt: new Date() };
  await db
    .insert(catalogSnapshots)
    .values({ source: key, ...values })
    .onConflictDoUpdate({ target: catalogSnapshots.source, set: values });
  return { source: key, index: fetched.index, fetched: 'changed', fetchedAt: values.fetchedAt };
}

/** The last index fetched from the source, without asking the source (null before the first fetch). */
export async function storedCatalog({ db, source }: { db: Db; source: CatalogSource }): Promise<LoadedCatalog | null> {
  const key = sourceKey(source);
  const [snapshot] = await db.select().from(catalogSnapshots).where(eq(catalogSnapshots.source, key));
  return snapshot ? { source: key, index: snapshot.index as CatalogIndex, fetched: 'unchanged', fetchedAt: snapshot.fetchedAt } : null;
}

/**
 * What changed from the version with `sinceSha256` to the latest: the changelogs of every version
 * after it, added up (a workspace that skipped versions sees all their breaking changes).
 */
export function changelogSince(provider: CatalogProvider, sinceSha256: string | null): { versions: CatalogVersion[]; changelog: CatalogChangelog } {
  const at = sinceSha256 ? provider.versions.findIndex((v) => v.sha256 === sinceSha256) : -1;
  const versions = provider.versions.slice(at + 1);
  if (versions.length === 1) return { versions, changelog: versions[0]!.changelog };
  const total = versions.reduce(
    (sum, v) => ({
      added: sum.added + v.changelog.added,
      removed: sum.removed + v.changelog.removed,
      changed: sum.changed + v.changelog.changed,
      breaking: [...sum.breaking, ...v.changelog.breaking],
    }),
    { added: 0, removed: 0, changed: 0, breaking: [] as string[] },
  );
  return { versions, changelog: { ...total, summary: summariseChangelog(total) } };
}

export function findCatalogProvider(index: CatalogIndex, catalogId: string): CatalogProvider | undefined {
  return index.providers.find((p) => p.id === catalogId);
}
