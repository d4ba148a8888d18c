import { RegistrationList } from '@/components/connectors/registrations';
import { readRegistrationList } from '@/server/registrations';

export default async function WorkflowsPage({ params }: { params: Promise<{ workspace: string }> }) {
  return <RegistrationList {...await readRegistrationList({ workspace: (await params).workspace, kind: 'workflow' })} />;
}
