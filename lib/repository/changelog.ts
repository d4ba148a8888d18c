// Changelog wording, shared by the sync and the test catalogue (no server-only: the e2e setup loads it).
import type { CatalogChangelog } from '@/lib/catalog/format';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 operations added, 1 removed; 1 breaking change", worded as the catalogue builder words it. */
export function summariseChangelog(changelog: Omit<CatalogChangelog, 'summary'>): string {
  const counts = (
    [
      [changelog.added, 'added'],
      [changelog.removed, 'removed'],
      [changelog.changed, 'changed'],
    ] as const
  ).filter(([n]) => n > 0);
  const parts = counts.map(([n, what], i) => `${i === 0 ? plural(n, 'operation') : n} ${what}`);
  const breaking = changelog.breaking.length ? plural(changelog.breaking.length, 'breaking change') : '';
  return [parts.join(', '), breaking].filter(Boolean).join('; ') || 'No operation changes';
}
