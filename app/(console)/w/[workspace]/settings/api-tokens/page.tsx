import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { ApiTokenForm, RevokeTokenButton } from '@/components/api-tokens/token-controls';
import { McpContextConfig, type McpContextOption } from '@/components/api-tokens/mcp-client-config';
import { getDb } from '@/db';
import { listApiTokens } from '@/lib/api-tokens/tokens';
import { listWorkers, listWorkflows } from '@/lib/connectors/platform';
import { mcpUrl } from '@/lib/mcp/client-config';
import { appOrigin } from '@/server/request';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'API tokens' };

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function ApiTokensPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  if (!can('admin')) forbidden();
  const db = await getDb();
  const [tokens, workers, workflows] = await Promise.all([
    listApiTokens({ db, workspaceId: workspace.id }),
    listWorkers({ db, workspaceId: workspace.id }),
    listWorkflows({ db, workspaceId: workspace.id }),
  ]);
  const origin = await appOrigin();
  const contexts: McpContextOption[] = [
    ...workers.map((w) => ({ label: `worker ${w.name}`, name: w.name, url: mcpUrl(origin, { workerId: w.id }) })),
    ...workflows.map((w) => ({ label: `workflow ${w.name}`, name: w.name, url: mcpUrl(origin, { workflowId: w.id }) })),
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        title="API tokens"
        description={
          <>
            For AI workers and workflows calling the runtime API ({origin}/api/v1, described at{' '}
            <a className="text-indigo-700 hover:underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            ) and the MCP endpoint ({origin}/api/mcp).
          </>
        }
      />
      <Card title="Create a token" description="The token is shown once. Only a hash is stored.">
        <ApiTokenForm workspace={workspace.slug} contexts={contexts} />
      </Card>
      <Card title="Connect an MCP client" description="The endpoint URL names the worker or workflow whose tools the client sees; the token goes in the Authorization header.">
        <McpContextConfig contexts={contexts} />
      </Card>
      <Card title="Tokens">
        <Table
          label="API tokens"
          data-testid="token-table"
          empty="No tokens yet."
          head={
            <>
              <Th>Name</Th>
              <Th>Token</Th>
              <Th>Scopes</Th>
              <Th>Created by</Th>
              <Th>Expires</Th>
              <Th>Last used</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </>
          }
        >
          {tokens.map((t) => (
            <Tr key={t.id}>
              <Td className="font-medium">{t.name}</Td>
              <Td className="font-mono text-xs">{t.prefix}…</Td>
              <Td className="text-xs">{t.scopes.join(', ')}</Td>
              <Td className="text-slate-600">
                {t.createdByName ? <span title={t.createdByEmail ?? undefined}>{t.createdByName}</span> : t.name.endsWith('(cli)') ? 'operator (CLI)' : 'a deleted user'}
              </Td>
              <Td className="text-slate-600">{t.expiresAt ? timeFormat.format(t.expiresAt) : 'never'}</Td>
              <Td className="text-slate-600">{t.lastUsedAt ? timeFormat.format(t.lastUsedAt) : 'never'}</Td>
              <Td align="right">{t.revokedAt ? <Badge>revoked</Badge> : <RevokeTokenButton workspace={workspace.slug} tokenId={t.id} name={t.name} />}</Td>
            </Tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}
