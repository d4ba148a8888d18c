import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { AssignForm, ConfirmOriginButton, ConnectorControls, UnassignButton } from '@/components/connectors/connector-controls';
import { OAuthConnection } from '@/components/connectors/oauth-connection';
import { OAuthErrorBanner } from '@/components/connectors/oauth-error';
import { OwnCredential } from '@/components/connectors/own-credential';
import { ConnectorStatusBadge } from '@/components/connectors/status-badge';
import { TestConnection } from '@/components/connectors/test-connection';
import { authTypeLabels } from '@/lib/connectors/auth-options';
import { listAssignments } from '@/lib/connectors/assignments';
import { secretStatus } from '@/lib/connectors/connectors';
import { currentOrigin, endpointMoveIn } from '@/lib/connectors/origin';
import { listWorkers, listWorkflows } from '@/lib/connectors/platform';
import { connectionCounts, connectionStatus } from '@/lib/oauth/flow';
import { recentInvocations } from '@/lib/runtime/invoke';
import { loadConnector } from './load';

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const targetWords = { workflow: 'Workflow', workflow_node: 'Workflow node', worker: 'Worker', worker_skill: 'Worker skill' } as const;

export default async function ConnectorPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; connectorId: string }>;
  searchParams: Promise<{ oauth?: string; oauth_error?: string; oauth_sig?: string }>;
}) {
  const { workspace, connectorId } = await params;
  const flash = await searchParams;
  const { db, workspace: ws, connector: c, base, can, user } = await loadConnector(workspace, connectorId);
  const [secrets, assignments, workers, workflows, calls, origin] = await Promise.all([
    secretStatus({ db, workspaceId: ws.id, connectorId: c.id }),
    listAssignments({ db, workspaceId: ws.id, connectorId: c.id }),
    listWorkers({ db, workspaceId: ws.id }),
    listWorkflows({ db, workspaceId: ws.id }),
    recentInvocations({ db, workspaceId: ws.id, connectorId: c.id }),
    currentOrigin({ db, workspaceId: ws.id, connector: c }),
  ]);
  // The stored credentials go only to the origin they were entered for; a move waits for a builder.
  const originMoved = c.credentialsOrigin !== null && origin !== null && origin !== c.credentialsOrigin;
  // Likewise the OAuth client secret and tokens, for the token and revocation endpoints (known once one was asked for).
  const endpointMoved = !originMoved && c.status === 'needs_attention' ? endpointMoveIn(c.statusReason) : null;
  const shared = secrets.filter((s) => s.userId === null);
  const ownField =
    c.authType === 'api_key'
      ? { field: 'api_key' as const, label: 'Your API key' }
      : c.authType === 'bearer'
        ? { field: 'token' as const, label: 'Your token' }
        : c.authType === 'basic'
          ? { field: 'password' as const, label: `Your password for ${c.authConfig.username ?? 'this account'}` }
          : null;
  const ownSet = secrets.some((s) => s.userId === user.id);
  const targets = [
    ...workflows.flatMap((w) => [
      { type: 'workflow' as const, id: w.id, label: `Workflow ${w.name}` },
      ...w.nodes.map((n) => ({ type: 'workflow_node' as const, id: n.id, label: `Workflow ${w.name} › node ${n.name}` })),
    ]),
    ...workers.flatMap((w) => [
      { type: 'worker' as const, id: w.id, label: `Worker ${w.name}` },
      ...w.skills.map((s) => ({ type: 'worker_skill' as const, id: s.id, label: `Worker ${w.name} › skill ${s.name}` })),
    ]),
  ];
  const o = c.authConfig.oauth2;
  const isOAuth = c.authType === 'oauth2_code' || c.authType === 'oauth2_client_credentials';
  const connection = isOAuth ? await connectionStatus({ db, workspaceId: ws.id, connector: c, ownerUserId: c.credentialMode === 'per_user' ? user.id : null }) : null;
  const counts = isOAuth && c.credentialMode === 'per_user' && can('builder') ? await connectionCounts({ db, workspaceId: ws.id, connectorId: c.id }) : null;
  const connectHref = `${base}/${c.id}/connect?returnTo=${encodeURIComponent(`${base}/${c.id}`)}`;
  const connectionProps = connection && {
    ...connection,
    expiresAt: connection.expiresAt?.toISOString() ?? null,
    connectedAt: connection.connectedAt.toISOString(),
    lastRefreshedAt: connection.lastRefreshedAt?.toISOString() ?? null,
  };
  return (
    <div className="space-y-5">
      {flash.oauth === 'connected' ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Connected. The granted scopes are listed below.
        </p>
      ) : null}
      <OAuthErrorBanner params={flash} />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs text-slate-500">
            <Link href={base} className="hover:underline">
              Your Connectors
            </Link>{' '}
            /
          </p>
          <h2 className="flex items-center gap-2 text-lg font-semibold">
            {c.name} <ConnectorStatusBadge status={originMoved && c.status === 'active' ? 'needs_attention' : c.status} reason={c.statusReason} />
          </h2>
          <p className="text-sm text-slate-600">
            <Link href={`/w/${ws.slug}/providers/apis/${c.providerSlug}`} className="text-indigo-700 hover:underline">
              {c.providerName}
            </Link>{' '}
            · {c.environment}
            {c.description ? ` · ${c.description}` : ''}
          </p>
          {c.statusReason && c.status !== 'active' && !originMoved && !endpointMoved ? <p className="mt-1 text-sm text-amber-800">{c.statusReason}</p> : null}
        </div>
        {can('builder') ? <ConnectorControls workspace={ws.slug} connectorId={c.id} enabled={c.status !== 'disabled'} editHref={`${base}/${c.id}/edit`} name={c.name} /> : null}
      </div>

      {originMoved ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="credentials-origin">
          <p className="font-medium">Stored credentials are not sent: the connector needs attention.</p>
          <p className="mt-1">
            The connector&apos;s credentials were entered for <span className="font-mono">{c.credentialsOrigin}</span>; it now points to <span className="font-mono">{origin}</span>
            .{' '}
            {can('builder')
              ? 'Re-enter the credentials by editing the connector, or confirm that the stored ones may go to the new address.'
              : 'A builder or admin must re-enter the credentials or confirm the new address.'}
          </p>
          {can('builder') ? <ConfirmOriginButton workspace={ws.slug} connectorId={c.id} origin={origin!} /> : null}
        </div>
      ) : null}
      {endpointMoved ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="oauth-endpoint-origin">
          <p className="font-medium">The OAuth client secret and tokens are not sent: the connector needs attention.</p>
          <p className="mt-1">
            Its OAuth {endpointMoved.endpoint} endpoint was at <span className="font-mono">{endpointMoved.bound}</span> when they were entered; it is now at{' '}
            <span className="font-mono">{endpointMoved.now}</span>.{' '}
            {can('builder')
              ? 'Re-enter the client secret by editing the connector, or confirm that the stored ones may go to the new address.'
              : 'A builder or admin must re-enter the client secret or confirm the new address.'}
          </p>
          {can('builder') ? <ConfirmOriginButton workspace={ws.slug} connectorId={c.id} origin={endpointMoved.now} /> : null}
        </div>
      ) : null}

      <div className="grid gap-5 lg:grid-cols-2">
        <Card title="Authentication">
          <dl className="grid grid-cols-[10rem_1fr] gap-y-1.5 text-sm" data-testid="connector-auth">
            <dt className="text-slate-500">Type</dt>
            <dd>{authTypeLabels[c.authType]}</dd>
            <dt className="text-slate-500">Credentials</dt>
            <dd>{c.credentialMode === 'shared' ? 'Shared by everyone using the connector' : 'Per user: each person connects their own account'}</dd>
            {c.authConfig.apiKey ? (
              <>
                <dt className="text-slate-500">Key</dt>
                <dd>
                  <span className="font-mono">{c.authConfig.apiKey.name}</span> in {c.authConfig.apiKey.in}
                  {c.authConfig.apiKey.prefix ? ` (prefix ${c.authConfig.apiKey.prefix})` : ''}
                </dd>
              </>
            ) : null}
            {c.authConfig.username ? (
              <>
                <dt className="text-slate-500">User name</dt>
                <dd className="font-mono">{c.authConfig.username}</dd>
              </>
            ) : null}
            {o ? (
              <>
                {o.issuer ? (
                  <>
                    <dt className="text-slate-500">Issuer</dt>
                    <dd className="break-all font-mono text-xs">{o.issuer}</dd>
                  </>
                ) : null}
                {o.authorizationUrl ? (
                  <>
                    <dt className="text-slate-500">Authorization URL</dt>
                    <dd className="break-all font-mono text-xs">{o.authorizationUrl}</dd>
                  </>
                ) : null}
                {o.tokenUrl ? (
                  <>
                    <dt className="text-slate-500">Token URL</dt>
                    <dd className="break-all font-mono text-xs">{o.tokenUrl}</dd>
                  </>
                ) : null}
                <dt className="text-slate-500">Client id</dt>
                <dd className="break-all font-mono text-xs">{o.clientId}</dd>
                <dt className="text-slate-500">Scopes</dt>
                <dd>{o.scopes.length ? o.scopes.join(' ') : 'none'}</dd>
              </>
            ) : null}
          </dl>
          <h3 className="mt-4 text-sm font-semibold">Secrets</h3>
          {shared.length === 0 ? (
            <p className="text-sm text-slate-600">No secret is set.</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm" data-testid="secret-status">
              {shared.map((s) => (
                <li key={s.name}>
                  <span className="font-mono">{s.name}</span> is set · changed {timeFormat.format(s.updatedAt)} UTC{s.updatedBy ? ` by ${s.updatedBy}` : ''}
                </li>
              ))}
            </ul>
          )}
          <p className="mt-2 text-xs text-slate-500">Secrets are never shown again; replace them by editing the connector.</p>
        </Card>
        <Card title="Environment">
          <dl className="grid grid-cols-[10rem_1fr] gap-y-1.5 text-sm">
            <dt className="text-slate-500">Base URL</dt>
            <dd className="break-all font-mono text-xs">{c.baseUrl ?? 'the document’s first server'}</dd>
            <dt className="text-slate-500">Credentials sent to</dt>
            <dd className="break-all font-mono text-xs" data-testid="credentials-bound-origin">
              {c.credentialsOrigin ?? 'not bound yet (bound at the first call)'}
            </dd>
            {o ? (
              <>
                <dt className="text-slate-500">OAuth secrets sent to</dt>
                <dd className="break-all font-mono text-xs" data-testid="oauth-bound-origins">
                  {o.boundEndpointOrigins
                    ? [
                        o.boundEndpointOrigins.tokenEndpoint && `token: ${o.boundEndpointOrigins.tokenEndpoint}`,
                        o.boundEndpointOrigins.revocationEndpoint && `revocation: ${o.boundEndpointOrigins.revocationEndpoint}`,
                      ]
                        .filter(Boolean)
                        .join(' · ')
                    : 'not bound yet (bound at the first token request)'}
                </dd>
              </>
            ) : null}
            {Object.entries(c.serverVariables).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-slate-500">{`{${k}}`}</dt>
                <dd className="font-mono text-xs">{v}</dd>
              </div>
            ))}
            {c.extraParameters.map((p) => (
              <div key={p.name} className="contents">
                <dt className="font-mono text-slate-500">{p.name}</dt>
                <dd className="font-mono text-xs">{p.secret ? (shared.some((s) => s.name === `param:${p.name}`) ? 'secret, set' : 'secret, not set') : p.value}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>

      {c.authType === 'oauth2_code' ? (
        <Card
          title={c.credentialMode === 'per_user' ? 'Your connection' : 'Connection'}
          description={
            c.credentialMode === 'per_user'
              ? 'This connector is per user: you sign in at the provider, and calls made for you use your own tokens. Nobody else sees or uses them.'
              : 'One connection for everyone using this connector, made by a builder at the provider’s sign-in.'
          }
        >
          <OAuthConnection
            workspace={ws.slug}
            connectorId={c.id}
            connection={connectionProps}
            connectHref={connectHref}
            shared={c.credentialMode === 'shared'}
            canManage={c.credentialMode === 'per_user' || can('builder')}
          />
          {counts ? (
            <p className="mt-3 text-xs text-slate-500" data-testid="connection-counts">
              {counts.connected} {counts.connected === 1 ? 'person has' : 'people have'} connected{counts.needsReconnect ? `, ${counts.needsReconnect} must reconnect` : ''}.
            </p>
          ) : null}
        </Card>
      ) : c.authType === 'oauth2_client_credentials' ? (
        <Card title="App token" description="The connector obtains a token for itself with its client id and secret, caches it, and renews it before it expires.">
          {connectionProps ? (
            <p className="text-sm text-slate-700" data-testid="oauth-connection">
              {connectionProps.status === 'connected' ? 'A token is cached' : 'The token endpoint refused the connector'}
              {connectionProps.expiresAt ? `, valid until ${timeFormat.format(new Date(connectionProps.expiresAt))} UTC` : ''}. Granted scopes:{' '}
              <span className="font-mono text-xs">{connectionProps.grantedScopes.join(' ') || 'none reported'}</span>
            </p>
          ) : (
            <p className="text-sm text-slate-600">No token yet: the first call (or Test connection) obtains one.</p>
          )}
        </Card>
      ) : c.credentialMode === 'per_user' && ownField ? (
        <Card title="Your own credential" description="This connector is per user: calls made for you use your credential, and nobody else sees or uses it.">
          <OwnCredential workspace={ws.slug} connectorId={c.id} field={ownField.field} label={ownField.label} isSet={ownSet} />
        </Card>
      ) : null}

      <Card title="Test connection" description="Calls a harmless operation through the connector, the way workers will, and shows what came back (secrets masked).">
        <TestConnection workspace={ws.slug} connectorId={c.id} canTest={can('builder')} lastTestedAt={c.lastTestedAt?.toISOString() ?? null} />
      </Card>

      <Card title="Recent calls" description="Calls made through this connector by workers and workflows. Bodies and secrets are never recorded.">
        <Table
          label="Recent calls"
          data-testid="recent-calls"
          empty="No calls yet."
          head={
            <>
              <Th>Time (UTC)</Th>
              <Th>Caller</Th>
              <Th>For</Th>
              <Th>Operation</Th>
              <Th align="right">Status</Th>
              <Th align="right">Latency</Th>
              <Th>Error</Th>
            </>
          }
        >
          {calls.map((call) => (
            <Tr key={call.id}>
              <Td className="text-slate-600">{timeFormat.format(call.createdAt)}</Td>
              <Td>{call.callerLabel}</Td>
              <Td className="text-slate-600">{call.actingUserName ? <span title={call.actingUserEmail ?? undefined}>{call.actingUserName}</span> : '—'}</Td>
              <Td className="font-mono text-xs">{call.operation ?? call.toolName}</Td>
              <Td align="right" className="tabular-nums">
                {call.status ?? '—'}
              </Td>
              <Td align="right" className="tabular-nums">
                {call.latencyMs} ms
              </Td>
              <Td className="text-red-700">{call.error}</Td>
            </Tr>
          ))}
        </Table>
      </Card>

      <Card title="Where it is assigned" description="The most specific assignment wins: a node over its workflow, a skill over its worker.">
        {assignments.length === 0 ? (
          <p className="text-sm text-slate-600">Not assigned yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="assignments">
            {assignments.map((a) => (
              <li key={a.id} className="flex items-center justify-between py-1.5">
                <span>
                  <span className="text-slate-500">{targetWords[a.targetType]}</span> {a.targetLabel}
                </span>
                {can('builder') ? <UnassignButton workspace={ws.slug} assignmentId={a.id} label={a.targetLabel} /> : null}
              </li>
            ))}
          </ul>
        )}
        {can('builder') ? (
          targets.length ? (
            <AssignForm workspace={ws.slug} connectorId={c.id} targets={targets} />
          ) : (
            <p className="mt-3 text-sm text-slate-600">
              Register an{' '}
              <Link href={`${base}/workers`} className="text-indigo-700 hover:underline">
                AI worker
              </Link>{' '}
              or{' '}
              <Link href={`${base}/workflows`} className="text-indigo-700 hover:underline">
                AI workflow
              </Link>{' '}
              to assign this connector to it.
            </p>
          )
        ) : null}
      </Card>
    </div>
  );
}
