import 'server-only';
import { cache } from 'react';
import { getDb } from '@/db';
import type { CatalogIndex } from '@/lib/catalog/format';
import { logoSrc } from '@/lib/catalog/logo-url';
import { CatalogError, defaultCatalogSource, sourceKey } from '@/lib/catalog/source';
import { loadCatalog, storedCatalog, type LoadedCatalog } from '@/lib/repository/catalog';
import { listSelections } from '@/lib/repository/selections';
import { requireWorkspace } from '@/server/workspace';
import type { CatalogCard } from '@/components/repository/catalog-browser';

/**
 * The Repository tab's data: the catalogue as the source publishes it now (one conditional
 * request), or the last copy fetched with the reason the source could not be read, and the
 * workspace's selections.
 */
export const loadRepository = cache(async (workspaceSlug: string) => {
  const access = await requireWorkspace(workspaceSlug);
  const db = await getDb();
  const source = defaultCatalogSource();
  let catalog: LoadedCatalog | null = null;
  let problem: CatalogError | null = null;
  try {
    catalog = await loadCatalog({ db, source });
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    problem = error;
    catalog = await storedCatalog({ db, source });
  }
  const selections = await listSelections({ db, workspaceId: access.workspace.id });
  return { ...access, db, source: sourceKey(source), catalog, problem, selections, base: `/w/${access.workspace.slug}/providers/repository` };
});

export function catalogCards(index: CatalogIndex, selections: Awaited<ReturnType<typeof listSelections>>): CatalogCard[] {
  const selected = new Map(selections.map((s) => [s.selection.catalogId, s.selection]));
  return index.providers.map((p) => {
    const latest = p.versions[p.versions.length - 1]!;
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      categories: p.categories,
      logo: logoSrc(p.logo) ?? undefined,
      authTypes: p.auth.types,
      latestVersion: latest.version,
      operationCount: latest.operationCount,
      versionCount: p.versions.length,
      selected: selected.has(p.id),
      syncedVersion: selected.get(p.id)?.syncedVersion ?? null,
    };
  });
}
