import { forbidden } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { DeleteProviderForm, ProviderDetailsForm } from '@/components/providers/provider-settings';
import { loadProvider, type ProviderPageParams } from '../load';

export default async function ProviderSettingsPage({ params }: ProviderPageParams) {
  const { workspace, provider } = await params;
  const { workspace: ws, provider: p, can } = await loadProvider(workspace, provider);
  if (!can('builder')) forbidden();
  return (
    <div className="space-y-5">
      <Card title="Details" description="Taken from the document when it was first imported; change them freely.">
        <ProviderDetailsForm workspace={ws.slug} provider={{ id: p.id, name: p.name, slug: p.slug, description: p.description ?? '', logoUrl: p.logoUrl ?? '' }} />
      </Card>
      {can('admin') ? (
        <Card title="Delete this provider" description="Removes every version, operation and tool setting. Admins only.">
          <DeleteProviderForm workspace={ws.slug} providerId={p.id} name={p.name} />
        </Card>
      ) : null}
    </div>
  );
}
