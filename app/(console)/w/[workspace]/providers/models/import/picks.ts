// The model catalogue import's pure parts: which entries a search shows, how a pick is carried in
// the browser, and the sentence that confirms what Apply did.
import type { CatalogEntry } from '@/lib/models/catalog';

/** A catalogue entry as the picker shows it (and keeps it once picked, whatever is searched next). */
export type PickEntry = { key: string; provider: string; identifier: string; displayName: string; contextWindow: number | null; input: string | null; output: string | null };

export const SEARCH_LIMIT = 60;

export function toPickEntry(entry: CatalogEntry): PickEntry {
  return {
    key: entry.key,
    provider: entry.provider,
    identifier: entry.identifier,
    displayName: entry.displayName,
    contextWindow: entry.contextWindow ?? null,
    input: entry.prices.input ?? null,
    output: entry.prices.output ?? null,
  };
}

/** Entries whose provider, identifier or name contain every word of the search, at most `limit`; `more` says some were left out. */
export function searchCatalogEntries(entries: CatalogEntry[], query: string | undefined, limit = SEARCH_LIMIT): { entries: PickEntry[]; more: boolean } {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matching = words.length ? entries.filter((e) => words.every((word) => `${e.provider} ${e.identifier} ${e.displayName}`.toLowerCase().includes(word))) : entries;
  return { entries: matching.slice(0, limit).map(toPickEntry), more: matching.length > limit };
}

export type AppliedModel = { key: string; name: string; status: 'new' | 'changed' | 'same' };

/** "Added: GPT-4.1, GPT-4.1 mini; Changed: GPT-4o; Already up to date: o3." */
export function appliedSummary(results: AppliedModel[]): string {
  const names = (status: AppliedModel['status']) => results.filter((r) => r.status === status).map((r) => r.name);
  const parts = [
    ['Added', names('new')],
    ['Changed', names('changed')],
    ['Already up to date', names('same')],
  ] as const;
  const text = parts
    .filter(([, list]) => list.length > 0)
    .map(([label, list]) => `${label}: ${list.join(', ')}`)
    .join('; ');
  return text ? `${text}.` : 'Nothing was picked.';
}
