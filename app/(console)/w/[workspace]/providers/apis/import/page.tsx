import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { ImportForm } from '@/components/providers/import-form';
import { Card } from '@/components/ui/card';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'Import a provider' };

export default async function ImportPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  if (!can('builder')) forbidden();
  return (
    <Card title="Import an API provider" description="Every operation of the document becomes an endpoint workers can call and a tool an LLM can use.">
      <ImportForm workspace={workspace.slug} />
    </Card>
  );
}
