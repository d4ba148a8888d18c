import { forbidden } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { ConnectorForm } from '@/components/connectors/connector-form';
import { secretStatus } from '@/lib/connectors/connectors';
import { providerFormFacts } from '../../load';
import { loadConnector } from '../load';

export default async function EditConnectorPage({ params }: { params: Promise<{ workspace: string; connectorId: string }> }) {
  const { workspace, connectorId } = await params;
  const { db, workspace: ws, connector: c, can } = await loadConnector(workspace, connectorId);
  if (!can('builder')) forbidden();
  const [facts, secrets] = await Promise.all([providerFormFacts(ws.id, c.providerId), secretStatus({ db, workspaceId: ws.id, connectorId: c.id })]);
  return (
    <Card title={`Edit ${c.name}`} description={`A connector of ${c.providerName}.`}>
      <ConnectorForm
        workspace={ws.slug}
        providerId={c.providerId}
        connectorId={c.id}
        documentChoices={facts.choices}
        servers={facts.servers}
        secretsSet={secrets.filter((s) => s.userId === null).map((s) => s.name)}
        initial={{
          name: c.name,
          description: c.description ?? '',
          environment: c.environment,
          credentialMode: c.credentialMode,
          authType: c.authType,
          authConfig: c.authConfig,
          baseUrl: c.baseUrl ?? '',
          serverVariables: c.serverVariables,
          extraParameters: c.extraParameters,
          testToolName: c.testToolName ?? '',
        }}
      />
    </Card>
  );
}
