import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConnectorForm } from '@/components/connectors/connector-form';
import { getDb } from '@/db';
import { listProviders } from '@/lib/providers/queries';
import { requireUuid, requireWorkspace } from '@/server/workspace';
import { providerFormFacts } from '../load';

export const metadata: Metadata = { title: 'New connector' };

export default async function NewConnectorPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ provider?: string }> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  if (!can('builder')) forbidden();
  const { provider: providerId } = await searchParams;
  const { providers } = await listProviders({ db: await getDb(), workspaceId: workspace.id, limit: 500 });
  const chosen = providerId ? await providerFormFacts(workspace.id, requireUuid(providerId)) : null;
  return (
    <Card title="New connector" description="A configured instance of a provider: its credentials and environment. A provider may have several.">
      <form method="get" className="mb-6 flex flex-wrap items-end gap-2" aria-label="Choose the provider">
        <label className="min-w-0 flex-1 text-sm font-medium text-slate-700 sm:max-w-80">
          Provider
          <select name="provider" defaultValue={providerId ?? ''} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            <option value="" disabled>
              Choose a provider…
            </option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary">
          Continue
        </Button>
      </form>
      {chosen ? (
        <ConnectorForm
          key={chosen.provider.id}
          workspace={workspace.slug}
          providerId={chosen.provider.id}
          documentChoices={chosen.choices}
          servers={chosen.servers}
          secretsSet={[]}
        />
      ) : null}
    </Card>
  );
}
