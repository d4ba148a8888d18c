'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Badge } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';
import { applyCatalogAction, previewCatalogAction } from '@/app/(console)/w/[workspace]/providers/models/actions';

type Entry = { key: string; provider: string; identifier: string; displayName: string; contextWindow: number | null; input: string | null; output: string | null };

const show = (value: unknown) => (value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') || '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));

export function CatalogPicker({ workspace, entries }: { workspace: string; entries: Entry[] }) {
  const router = useRouter();
  const [picked, setPicked] = useState<string[]>([]);
  const preview = useAction(previewCatalogAction, { refresh: false });
  const apply = useAction(applyCatalogAction, { refresh: false, onSuccess: () => router.push(`/w/${workspace}/providers/models`) });
  const diffs = preview.result?.ok ? preview.result.data : null;
  const toggle = (key: string) => {
    preview.reset();
    setPicked((list) => (list.includes(key) ? list.filter((k) => k !== key) : [...list, key]));
  };
  return (
    <div className="space-y-4">
      <table className="w-full text-left text-sm" data-testid="catalog">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1.5 pr-3 font-medium">
              <span className="sr-only">Pick</span>
            </th>
            <th className="py-1.5 pr-3 font-medium">Model</th>
            <th className="py-1.5 pr-3 font-medium">Provider</th>
            <th className="py-1.5 pr-3 text-right font-medium">Context</th>
            <th className="py-1.5 pr-3 text-right font-medium">Input $/M</th>
            <th className="py-1.5 text-right font-medium">Output $/M</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((e) => (
            <tr key={e.key}>
              <td className="py-1.5 pr-3">
                <input type="checkbox" aria-label={`Pick ${e.key}`} checked={picked.includes(e.key)} onChange={() => toggle(e.key)} className="accent-indigo-600" />
              </td>
              <td className="py-1.5 pr-3">
                <span className="font-mono text-xs">{e.identifier}</span> <span className="text-slate-500">{e.displayName}</span>
              </td>
              <td className="py-1.5 pr-3">{e.provider}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{e.contextWindow?.toLocaleString('en') ?? '—'}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{e.input ?? '—'}</td>
              <td className="py-1.5 text-right tabular-nums">{e.output ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex items-center gap-3">
        <Button variant="secondary" disabled={picked.length === 0 || preview.pending} onClick={() => preview.run({ workspace, keys: picked })}>
          Preview {picked.length || ''} {picked.length === 1 ? 'model' : 'models'}
        </Button>
        {diffs ? (
          <Button disabled={apply.pending || diffs.some((d) => d.error) || diffs.every((d) => d.status === 'same')} onClick={() => apply.run({ workspace, keys: picked })}>
            Apply
          </Button>
        ) : null}
      </div>
      <FormError message={preview.error ?? apply.error} />
      {diffs ? (
        <div className="space-y-3" data-testid="catalog-diff">
          {diffs.map((d) => (
            <div key={d.key} className="rounded-md border border-slate-200 p-3 text-sm">
              <p className="font-medium">
                {d.name} <span className="font-mono text-xs text-slate-500">{d.key}</span> <Badge tone={d.status === 'new' ? 'green' : d.status === 'changed' ? 'amber' : 'slate'}>{d.status === 'new' ? 'new' : d.status === 'changed' ? 'will change' : 'already the same'}</Badge>
              </p>
              {d.error ? <p className="mt-1 text-red-700">{d.error}</p> : null}
              {d.changes.length ? (
                <table className="mt-2 w-full text-left text-xs">
                  <tbody className="divide-y divide-slate-100">
                    {d.changes.map((c) => (
                      <tr key={c.field}>
                        <td className="w-40 py-1 pr-3 font-mono">{c.field}</td>
                        <td className="py-1 pr-3 text-slate-500 line-through">{show(c.from)}</td>
                        <td className="py-1">{show(c.to)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
