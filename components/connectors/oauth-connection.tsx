'use client';

import { Button, buttonClass } from '@/components/ui/button';
import { Badge } from '@/components/ui/card';
import { FormError } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';
import { disconnectOAuthAction } from '@/app/(console)/w/[workspace]/providers/connectors/actions';

export type ConnectionProps = {
  status: 'connected' | 'needs_reconnect';
  statusReason: string | null;
  grantedScopes: string[];
  missingScopes: string[];
  expiresAt: string | null;
  connectedAt: string;
  lastRefreshedAt: string | null;
};

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const at = (iso: string) => `${timeFormat.format(new Date(iso))} UTC`;

/**
 * One OAuth connection (a person's own, or the connector's shared one): its status and granted
 * scopes, and the buttons that connect, reconnect or disconnect it. Never a token.
 */
export function OAuthConnection({
  workspace,
  connectorId,
  connection,
  connectHref,
  shared,
  canManage,
}: {
  workspace: string;
  connectorId: string;
  connection: ConnectionProps | null;
  connectHref: string;
  shared: boolean;
  canManage: boolean;
}) {
  const remove = useAction(disconnectOAuthAction);
  const who = shared ? 'This connector' : 'Your account';
  if (!connection) {
    return (
      <div className="space-y-2" data-testid="oauth-connection">
        <p className="text-sm text-slate-700">
          <Badge tone="amber">not connected</Badge>{' '}
          {shared ? 'Nobody has connected this connector yet; a builder connects it once for everyone.' : 'You have not connected your account yet.'}
        </p>
        {canManage ? (
          <a href={connectHref} className={buttonClass({})}>
            {shared ? 'Connect' : 'Connect my account'}
          </a>
        ) : null}
      </div>
    );
  }
  return (
    <div className="space-y-2" data-testid="oauth-connection">
      <p className="text-sm text-slate-700">
        {connection.status === 'connected' ? <Badge tone="green">connected</Badge> : <Badge tone="red">needs reconnect</Badge>} {who} is connected since{' '}
        {at(connection.connectedAt)}
        {connection.lastRefreshedAt ? `, token renewed ${at(connection.lastRefreshedAt)}` : ''}
        {connection.expiresAt ? `, current token valid until ${at(connection.expiresAt)}` : ''}.
      </p>
      {connection.status === 'needs_reconnect' && connection.statusReason ? <p className="text-sm text-red-700">{connection.statusReason}</p> : null}
      <p className="text-sm">
        <span className="text-slate-500">Granted scopes: </span>
        <span className="font-mono text-xs" data-testid="granted-scopes">
          {connection.grantedScopes.length ? connection.grantedScopes.join(' ') : 'none reported'}
        </span>
      </p>
      {connection.missingScopes.length ? (
        <p className="text-sm text-amber-800" data-testid="missing-scopes">
          The connector now also asks for <span className="font-mono text-xs">{connection.missingScopes.join(' ')}</span>. Reconnect to grant them.
        </p>
      ) : null}
      {canManage ? (
        <div className="flex flex-wrap gap-2">
          {connection.status === 'needs_reconnect' || connection.missingScopes.length ? (
            <a href={connectHref} className={buttonClass({})}>
              Reconnect
            </a>
          ) : null}
          <Button variant="secondary" disabled={remove.pending} onClick={() => remove.run({ workspace, connectorId, shared })}>
            Disconnect
          </Button>
        </div>
      ) : null}
      <FormError message={remove.error} />
    </div>
  );
}
