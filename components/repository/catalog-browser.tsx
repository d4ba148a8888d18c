'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Badge } from '@/components/ui/card';
import { FormError } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';
import { syncProviders } from '@/app/(console)/w/[workspace]/providers/repository/actions';
import { authLabel, versionLabel } from './labels';
import { ProviderLogo } from './provider-logo';
import { SyncProgress } from './sync-progress';

export type CatalogCard = {
  id: string;
  name: string;
  description: string;
  categories: string[];
  logo?: string;
  authTypes: string[];
  latestVersion: string;
  operationCount: number;
  versionCount: number;
  /** The workspace's synced version, when selected. */
  selected: boolean;
  syncedVersion: string | null;
};

const control = 'rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm';

/** Browse, search and filter the catalogue; builders and admins tick providers and sync them. */
export function CatalogBrowser({ workspace, cards, canSync, trigger = 'manual' }: { workspace: string; cards: CatalogCard[]; canSync: boolean; trigger?: 'manual' | 'setup' }) {
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [auth, setAuth] = useState('');
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [runId, setRunId] = useState<string | null>(null);
  const sync = useAction(syncProviders, {
    refresh: false,
    onSuccess: (data) => {
      setRunId(data.runId);
      setChecked(new Set());
    },
  });

  const categories = useMemo(() => [...new Set(cards.flatMap((c) => c.categories))].sort(), [cards]);
  const authTypes = useMemo(() => [...new Set(cards.flatMap((c) => c.authTypes))].sort(), [cards]);
  const shown = cards.filter((c) => {
    const q = search.trim().toLowerCase();
    return (!q || `${c.name} ${c.id} ${c.description}`.toLowerCase().includes(q)) && (!category || c.categories.includes(category)) && (!auth || c.authTypes.includes(auth));
  });
  const toggle = (id: string, on: boolean) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter the catalogue">
        <label className="text-xs font-medium text-slate-600">
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or description" className={`mt-1 block w-64 ${control}`} />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)} className={`mt-1 block ${control}`}>
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Authentication
          <select value={auth} onChange={(e) => setAuth(e.target.value)} className={`mt-1 block ${control}`}>
            <option value="">Any</option>
            {authTypes.map((a) => (
              <option key={a} value={a}>
                {authLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <span className="pb-2 text-sm text-slate-500" data-testid="catalog-count">
          {shown.length} of {cards.length} providers
        </span>
        {canSync ? (
          <Button className="ml-auto" disabled={checked.size === 0 || sync.pending} onClick={() => sync.run({ workspace, catalogIds: [...checked], trigger })}>
            {sync.pending ? 'Starting…' : `Sync selected${checked.size ? ` (${checked.size})` : ''}`}
          </Button>
        ) : null}
      </div>
      <FormError message={sync.error} />
      {runId ? <SyncProgress workspace={workspace} runId={runId} /> : null}

      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Catalogue providers">
        {shown.map((c) => (
          <li
            key={c.id}
            className={`flex gap-3 rounded-lg border bg-white p-4 shadow-sm ${checked.has(c.id) ? 'border-indigo-400 ring-1 ring-indigo-300' : 'border-slate-200'}`}
            data-testid={`catalog-${c.id}`}
          >
            <ProviderLogo name={c.name} logo={c.logo} />
            <div className="min-w-0 flex-1 space-y-1.5">
              <div className="flex items-start justify-between gap-2">
                <Link href={`/w/${workspace}/providers/repository/${c.id}`} className="font-semibold text-slate-900 hover:underline">
                  {c.name}
                </Link>
                {canSync && !c.selected ? (
                  <input
                    type="checkbox"
                    aria-label={`Select ${c.name}`}
                    checked={checked.has(c.id)}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                    className="mt-1 h-4 w-4 accent-indigo-600"
                  />
                ) : null}
              </div>
              <p className="line-clamp-2 text-sm text-slate-600">{c.description}</p>
              <p className="text-xs text-slate-500">
                <span data-testid="operation-count">
                  {c.operationCount.toLocaleString('en')} operation{c.operationCount === 1 ? '' : 's'}
                </span>{' '}
                · version {versionLabel(c.latestVersion)}
                {c.versionCount > 1 ? ` · ${c.versionCount} versions` : ''}
              </p>
              <div className="flex flex-wrap gap-1">
                {c.categories.map((cat) => (
                  <Badge key={cat}>{cat}</Badge>
                ))}
                {c.authTypes.map((a) => (
                  <Badge key={a} tone="indigo">
                    {authLabel(a)}
                  </Badge>
                ))}
                {c.selected ? <Badge tone="green">{c.syncedVersion ? `in workspace · ${versionLabel(c.syncedVersion)}` : 'selected'}</Badge> : null}
              </div>
            </div>
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p className="text-sm text-slate-600">No provider of the catalogue matches these filters.</p> : null}
    </div>
  );
}
