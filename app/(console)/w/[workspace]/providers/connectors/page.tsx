import type { Metadata } from 'next';
import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
import { Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { ConnectorStatusBadge } from '@/components/connectors/status-badge';
import { getDb } from '@/db';
import { authTypeLabels } from '@/lib/connectors/auth-options';
import { listConnectors } from '@/lib/connectors/connectors';
import { ownConnections } from '@/lib/oauth/flow';
import { listProviders } from '@/lib/providers/queries';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'Your Connectors' };

export default async function ConnectorsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, can, user } = await requireWorkspace((await params).workspace);
  const db = await getDb();
  const [connectors, { total: providerCount }, mine] = await Promise.all([
    listConnectors({ db, workspaceId: workspace.id }),
    listProviders({ db, workspaceId: workspace.id, limit: 1 }),
    ownConnections({ db, workspaceId: workspace.id, userId: user.id }),
  ]);
  const base = `/w/${workspace.slug}/providers/connectors`;
  const newButton = can('builder') && providerCount > 0 ? <ButtonLink href={`${base}/new`}>New connector</ButtonLink> : null;
  if (connectors.length === 0) {
    return (
      <EmptyState title="No connectors yet" action={newButton}>
        <p>A connector is a configured instance of a provider: its credentials, its environment and where it is assigned (workflows, nodes, workers, skills).</p>
        {providerCount === 0 ? (
          <p className="mt-2 text-slate-500">
            Import an API provider first, under{' '}
            <Link className="text-indigo-700 hover:underline" href={`/w/${workspace.slug}/providers/apis`}>
              Your API Providers
            </Link>
            .
          </p>
        ) : null}
      </EmptyState>
    );
  }
  return (
    <div className="space-y-4">
      <div className="flex justify-end">{newButton}</div>
      <Card>
        <Table
          label="Connectors"
          data-testid="connector-table"
          head={
            <>
              <Th>Connector</Th>
              <Th>Provider</Th>
              <Th>Environment</Th>
              <Th>Authentication</Th>
              <Th>Status</Th>
              <Th align="right">Assigned to</Th>
            </>
          }
        >
          {connectors.map((c) => (
            <Tr key={c.id}>
              <Td>
                <Link href={`${base}/${c.id}`} className="font-medium text-indigo-700 hover:underline">
                  {c.name}
                </Link>
              </Td>
              <Td>{c.providerName}</Td>
              <Td>{c.environment}</Td>
              <Td className="text-slate-600">
                {authTypeLabels[c.authType]}
                {c.credentialMode === 'per_user' ? ' · per user' : ''}
                {c.authType === 'oauth2_code' && c.credentialMode === 'per_user' ? (
                  <span className="block text-xs" data-testid="own-connection">
                    {mine.get(c.id) === 'connected' ? (
                      <span className="text-green-700">your account is connected</span>
                    ) : (
                      // A plain link: the connect route leaves for the provider's sign-in, which the router must not prefetch.
                      <a href={`${base}/${c.id}/connect?returnTo=${encodeURIComponent(base)}`} className="text-indigo-700 hover:underline">
                        {mine.get(c.id) === 'needs_reconnect' ? 'Reconnect your account' : 'Connect your account'}
                      </a>
                    )}
                  </span>
                ) : null}
              </Td>
              <Td>
                <ConnectorStatusBadge status={c.status} reason={c.statusReason} />
              </Td>
              <Td align="right" className="tabular-nums">
                {c.assignmentCount}
              </Td>
            </Tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}
