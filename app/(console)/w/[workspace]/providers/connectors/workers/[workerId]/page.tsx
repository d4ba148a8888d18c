import { RegistrationDetail } from '@/components/connectors/registrations';
import { readRegistrationDetail } from '@/server/registrations';

export default async function WorkerPage({ params }: { params: Promise<{ workspace: string; workerId: string }> }) {
  const { workspace, workerId } = await params;
  return <RegistrationDetail {...await readRegistrationDetail({ workspace, kind: 'worker', id: workerId })} />;
}
