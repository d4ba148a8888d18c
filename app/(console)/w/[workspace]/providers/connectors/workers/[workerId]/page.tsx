import { RegistrationDetail } from '@/components/connectors/registrations';

export default async function WorkerPage({ params }: { params: Promise<{ workspace: string; workerId: string }> }) {
  const { workspace, workerId } = await params;
  return <RegistrationDetail workspace={workspace} kind="worker" id={workerId} />;
}
