import { forbidden } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { ModelForm } from '@/components/models/model-form';
import { inputOf } from '@/lib/models/models';
import { loadModel } from '../load';

export default async function EditModelPage({ params }: { params: Promise<{ workspace: string; modelId: string }> }) {
  const { workspace, modelId } = await params;
  const { workspace: ws, model, can } = await loadModel(workspace, modelId);
  if (!can('admin')) forbidden();
  return (
    <Card title={`Edit ${model.displayName}`} description="A price change is kept in the history with the date it takes effect.">
      <ModelForm workspace={ws.slug} modelId={model.id} initial={inputOf(model)} />
    </Card>
  );
}
