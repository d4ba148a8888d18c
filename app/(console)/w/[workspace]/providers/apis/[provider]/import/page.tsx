import { forbidden } from 'next/navigation';
import { ImportForm } from '@/components/providers/import-form';
import { Card } from '@/components/ui/card';
import { loadProvider, type ProviderPageParams } from '../load';

export default async function ImportVersionPage({ params }: ProviderPageParams) {
  const { workspace, provider } = await params;
  const { workspace: ws, provider: p, can } = await loadProvider(workspace, provider);
  if (!can('builder')) forbidden();
  return (
    <Card
      title={`Import a new version of ${p.name}`}
      description="The new version becomes current. Its changes against the current version are listed under Versions, with the breaking ones marked."
    >
      <ImportForm workspace={ws.slug} providerId={p.id} providerName={p.name} />
    </Card>
  );
}
