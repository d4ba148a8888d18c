import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { ApiTokenForm, RevokeTokenButton } from '@/components/api-tokens/token-controls';
import { getDb } from '@/db';
import { listApiTokens } from '@/lib/api-tokens/tokens';
import { appOrigin } from '@/server/request';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'API tokens' };

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function ApiTokensPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  if (!can('admin')) forbidden();
  const tokens = await listApiTokens({ db: await getDb(), workspaceId: workspace.id });
  const origin = await appOrigin();
  return (
    <div className="space-y-6">
      <PageHeader
        title="API tokens"
        description={
          <>
            For AI workers and workflows calling the runtime API ({origin}/api/v1, described at <a className="text-indigo-700 hover:underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>) and the MCP endpoint ({origin}/api/mcp).
          </>
        }
      />
      <Card title="Create a token" description="The token is shown once. Only a hash is stored.">
        <ApiTokenForm workspace={workspace.slug} />
      </Card>
      <Card title="Tokens">
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-600">No tokens yet.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="token-table">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-3 font-medium">Name</th>
                <th className="py-2 pr-3 font-medium">Token</th>
                <th className="py-2 pr-3 font-medium">Scopes</th>
                <th className="py-2 pr-3 font-medium">Created by</th>
                <th className="py-2 pr-3 font-medium">Expires</th>
                <th className="py-2 pr-3 font-medium">Last used</th>
                <th className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td className="py-2 pr-3 font-medium">{t.name}</td>
                  <td className="py-2 pr-3 font-mono text-xs">{t.prefix}…</td>
                  <td className="py-2 pr-3 text-xs">{t.scopes.join(', ')}</td>
                  <td className="py-2 pr-3 text-slate-600">{t.createdByName ? <span title={t.createdByEmail ?? undefined}>{t.createdByName}</span> : t.name.endsWith('(cli)') ? 'operator (CLI)' : 'a deleted user'}</td>
                  <td className="py-2 pr-3 text-slate-600">{t.expiresAt ? timeFormat.format(t.expiresAt) : 'never'}</td>
                  <td className="py-2 pr-3 text-slate-600">{t.lastUsedAt ? timeFormat.format(t.lastUsedAt) : 'never'}</td>
                  <td className="py-2 text-right">{t.revokedAt ? <Badge>revoked</Badge> : <RevokeTokenButton workspace={workspace.slug} tokenId={t.id} name={t.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
