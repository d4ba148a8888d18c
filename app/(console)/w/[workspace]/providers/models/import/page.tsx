import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { CatalogPicker } from '@/components/models/catalog-picker';
import { loadCatalog } from '@/lib/models/catalog';
import { requireWorkspace } from '@/server/workspace';

export default async function ImportModelsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ q?: string }> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  if (!can('admin')) forbidden();
  const { q } = await searchParams;
  const { entries, stats } = await loadCatalog();
  const needle = q?.trim().toLowerCase();
  const matching = (needle ? entries.filter((e) => `${e.provider} ${e.identifier} ${e.displayName}`.toLowerCase().includes(needle)) : entries).slice(0, 60);
  const base = `/w/${workspace.slug}/providers/models`;
  return (
    <Card
      title="Import models from the catalogue"
      description={`${stats.total.toLocaleString('en')} models from the MIT-licensed packages @pydantic/genai-prices and llm-zoo, shipped with the app. Pick models, preview field by field, then apply.`}
    >
      <div className="mb-4 flex items-center justify-between">
        <form method="get" className="flex gap-2" aria-label="Search the catalogue">
          <input name="q" aria-label="Search the catalogue" defaultValue={q} placeholder="e.g. gpt-4.1, claude, gemini" className="w-80 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" />
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
            Search
          </button>
        </form>
        <Link href={base} className="text-sm text-indigo-700 hover:underline">
          Back to the models
        </Link>
      </div>
      <CatalogPicker
        workspace={workspace.slug}
        entries={matching.map((e) => ({ key: e.key, provider: e.provider, identifier: e.identifier, displayName: e.displayName, contextWindow: e.contextWindow ?? null, input: e.prices.input ?? null, output: e.prices.output ?? null }))}
      />
      {matching.length === 60 ? <p className="mt-2 text-xs text-slate-500">Showing the first 60 matches; search to narrow.</p> : null}
    </Card>
  );
}
