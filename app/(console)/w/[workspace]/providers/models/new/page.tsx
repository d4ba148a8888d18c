import { forbidden } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { ModelForm } from '@/components/models/model-form';
import { requireWorkspace } from '@/server/workspace';

export default async function NewModelPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  if (!can('admin')) forbidden();
  return (
    <Card title="Add a model" description="A large language model the platform may use, with its limits and prices.">
      <ModelForm workspace={workspace.slug} />
    </Card>
  );
}
