import { RegistrationDetail } from '@/components/connectors/registrations';

export default async function WorkflowPage({ params }: { params: Promise<{ workspace: string; workflowId: string }> }) {
  const { workspace, workflowId } = await params;
  return <RegistrationDetail workspace={workspace} kind="workflow" id={workflowId} />;
}
