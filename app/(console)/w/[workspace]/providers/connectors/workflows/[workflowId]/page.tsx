import { RegistrationDetail } from '@/components/connectors/registrations';
import { readRegistrationDetail } from '@/server/registrations';

export default async function WorkflowPage({ params }: { params: Promise<{ workspace: string; workflowId: string }> }) {
  const { workspace, workflowId } = await params;
  return <RegistrationDetail {...await readRegistrationDetail({ workspace, kind: 'workflow', id: workflowId })} />;
}
