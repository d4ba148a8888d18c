'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Badge } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/field';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { applyCatalogAction, previewCatalogAction, searchCatalogAction } from '@/app/(console)/w/[workspace]/providers/models/actions';
import type { PickEntry } from '@/app/(console)/w/[workspace]/providers/models/import/picks';

const show = (value: unknown) =>
  value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') || '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/**
 * Search the model catalogue, pick models across any number of searches, preview every pick field
 * by field, apply. Searching happens here (no page load), so the picks are never lost.
 */
export function CatalogPicker({ workspace, query, entries, more, modelsHref }: { workspace: string; query: string; entries: PickEntry[]; more: boolean; modelsHref: string }) {
  const [results, setResults] = useState({ query, entries, more });
  const [picked, setPicked] = useState<Map<string, PickEntry>>(new Map());
  const [applied, setApplied] = useState<string | null>(null);
  const search = useAction(searchCatalogAction, { refresh: false, onSuccess: (data) => setResults((r) => ({ ...r, ...data })) });
  const preview = useAction(previewCatalogAction, { refresh: false });
  const apply = useAction(applyCatalogAction, {
    onSuccess: (data) => {
      setApplied(data.summary);
      setPicked(new Map());
      preview.reset();
    },
  });
  const diffs = preview.result?.ok ? preview.result.data : null;
  const keys = [...picked.keys()];
  const toggle = (entry: PickEntry) => {
    preview.reset();
    setApplied(null);
    setPicked((current) => {
      const next = new Map(current);
      if (next.has(entry.key)) next.delete(entry.key);
      else next.set(entry.key, entry);
      return next;
    });
  };
  const runSearch = (form: FormData) => {
    const q = String(form.get('q') ?? '').trim();
    setResults((r) => ({ ...r, query: q }));
    // The address keeps the search, so a reload or a shared link shows the same matches.
    window.history.replaceState(null, '', q ? `?q=${encodeURIComponent(q)}` : window.location.pathname);
    search.run({ workspace, q });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <form onSubmit={onFormSubmit(runSearch)} className="flex w-full gap-2 sm:w-auto" role="search" aria-label="Search the catalogue">
          <input
            name="q"
            type="search"
            aria-label="Search the catalogue"
            defaultValue={query}
            placeholder="e.g. gpt-4.1, claude, gemini"
            className="min-w-0 flex-1 rounded-md sm:w-80 sm:flex-none border border-slate-300 bg-white px-2 py-1.5 text-sm"
          />
          <Button type="submit" variant="secondary" disabled={search.pending}>
            {search.pending ? 'Searching…' : 'Search'}
          </Button>
        </form>
        <Link href={modelsHref} className="text-sm text-indigo-700 hover:underline">
          Back to the models
        </Link>
      </div>

      {applied ? (
        <div role="status" data-testid="catalog-applied" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">
          <p>
            <span className="font-medium">Applied.</span> {applied}
          </p>
          <Link href={modelsHref} className="font-medium text-indigo-700 hover:underline">
            Go to the models
          </Link>
        </div>
      ) : null}

      {picked.size > 0 ? (
        <section aria-label="Picked models" data-testid="catalog-picked" className="rounded-md border border-indigo-200 bg-indigo-50/50 p-3 text-sm">
          <div className="mb-2 flex items-center justify-between">
            <p className="font-medium text-slate-800">
              Picked: {picked.size} {picked.size === 1 ? 'model' : 'models'} <span className="font-normal text-slate-500">(kept while you search)</span>
            </p>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                preview.reset();
                setPicked(new Map());
              }}
            >
              Clear picks
            </Button>
          </div>
          <ul className="flex flex-wrap gap-1.5">
            {[...picked.values()].map((e) => (
              <li key={e.key} className="inline-flex items-center gap-1 rounded-full border border-slate-200 bg-white py-0.5 pl-2.5 pr-1 text-xs">
                <span className="font-mono">{e.key}</span>
                <Button size="sm" variant="ghost" onClick={() => toggle(e)} aria-label={`Remove ${e.key} from the picks`} className="rounded-full !px-1.5 !py-0 !shadow-none">
                  ×
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Table
        label="Catalogue models"
        data-testid="catalog"
        empty={<>No model in the catalogue matches “{results.query}”.</>}
        head={
          <>
            <Th>
              <span className="sr-only">Pick</span>
            </Th>
            <Th>Model</Th>
            <Th>Provider</Th>
            <Th align="right">Context</Th>
            <Th align="right">Input $/M</Th>
            <Th align="right">Output $/M</Th>
          </>
        }
      >
        {results.entries.map((e) => (
          <Tr key={e.key}>
            <Td>
              <input type="checkbox" aria-label={`Pick ${e.key}`} checked={picked.has(e.key)} onChange={() => toggle(e)} className="accent-indigo-600" />
            </Td>
            <Td>
              <span className="font-mono text-xs">{e.identifier}</span> <span className="text-slate-500">{e.displayName}</span>
            </Td>
            <Td>{e.provider}</Td>
            <Td align="right" className="tabular-nums">
              {e.contextWindow?.toLocaleString('en') ?? '—'}
            </Td>
            <Td align="right" className="tabular-nums">
              {e.input ?? '—'}
            </Td>
            <Td align="right" className="tabular-nums">
              {e.output ?? '—'}
            </Td>
          </Tr>
        ))}
      </Table>
      {results.more ? <p className="text-xs text-slate-500">Showing the first {results.entries.length} matches; search to narrow.</p> : null}

      <div className="flex items-center gap-3">
        <Button variant="secondary" disabled={picked.size === 0 || preview.pending} onClick={() => preview.run({ workspace, keys })}>
          Preview {picked.size || ''} {picked.size === 1 ? 'model' : 'models'}
        </Button>
        {diffs ? (
          <Button
            disabled={apply.pending || diffs.some((d) => d.error) || diffs.every((d) => d.status === 'same')}
            onClick={() => apply.run({ workspace, keys: diffs.map((d) => d.key) })}
          >
            {apply.pending ? 'Applying…' : `Apply ${diffs.length} ${diffs.length === 1 ? 'model' : 'models'}`}
          </Button>
        ) : null}
      </div>
      <FormError message={search.error ?? preview.error ?? apply.error} />
      {diffs ? (
        <div className="space-y-3" data-testid="catalog-diff">
          {diffs.map((d) => (
            <div key={d.key} className="rounded-md border border-slate-200 p-3 text-sm" data-testid={`catalog-diff-${d.key}`}>
              <p className="font-medium">
                {d.name} <span className="font-mono text-xs text-slate-500">{d.key}</span>{' '}
                <Badge tone={d.status === 'new' ? 'green' : d.status === 'changed' ? 'amber' : 'slate'}>
                  {d.status === 'new' ? 'new' : d.status === 'changed' ? 'will change' : 'already the same'}
                </Badge>
              </p>
              {d.error ? <p className="mt-1 text-red-700">{d.error}</p> : null}
              {d.changes.length ? (
                <Table
                  label={`Changes to ${d.key}`}
                  className="mt-2"
                  tableClassName="text-xs"
                  head={
                    <>
                      <Th>Field</Th>
                      <Th>Now</Th>
                      <Th>After</Th>
                    </>
                  }
                >
                  {d.changes.map((c) => (
                    <Tr key={c.field}>
                      <Td className="w-40 font-mono">{c.field}</Td>
                      <Td className="text-slate-500 line-through">{show(c.from)}</Td>
                      <Td>{show(c.to)}</Td>
                    </Tr>
                  ))}
                </Table>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
