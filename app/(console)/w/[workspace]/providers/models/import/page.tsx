import { forbidden } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { CatalogPicker } from '@/components/models/catalog-picker';
import { loadCatalog } from '@/lib/models/catalog';
import { requireWorkspace } from '@/server/workspace';
import { searchCatalogEntries } from './picks';

export default async function ImportModelsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ q?: string }> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  if (!can('admin')) forbidden();
  const q = (await searchParams).q?.trim() ?? '';
  const { entries, stats } = await loadCatalog();
  const { entries: matching, more } = searchCatalogEntries(entries, q);
  return (
    <Card
      title="Import models from the catalogue"
      description={`${stats.total.toLocaleString('en')} models from the MIT-licensed packages @pydantic/genai-prices and llm-zoo, shipped with the app. Search and pick models (picks stay while you search again), preview field by field, then apply.`}
    >
      <CatalogPicker workspace={workspace.slug} query={q} entries={matching} more={more} modelsHref={`/w/${workspace.slug}/providers/models`} />
    </Card>
  );
}
