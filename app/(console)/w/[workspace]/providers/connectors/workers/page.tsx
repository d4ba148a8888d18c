import { RegistrationList } from '@/components/connectors/registrations';

export default async function WorkersPage({ params }: { params: Promise<{ workspace: string }> }) {
  return <RegistrationList workspace={(await params).workspace} kind="worker" />;
}
