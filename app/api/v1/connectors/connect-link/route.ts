import { and, eq } from 'drizzle-orm';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { providers } from '@/db/schema';
import { assertMayActFor } from '@/lib/api-tokens/tokens';
import { getConnector } from '@/lib/connectors/connectors';
import { contextSchema, resolveConnector } from '@/lib/connectors/resolve';
import { AppError } from '@/lib/errors';
import { connectionStatus, connectLinkFor } from '@/lib/oauth/flow';
import { isMember } from '@/lib/workspaces/workspaces';
import { v1Route } from '@/server/api-v1';
import { appOriginFrom } from '@/server/request';

export const dynamic = 'force-dynamic';

const bodySchema = z.object({
  context: contextSchema,
  /** The provider slug. */
  provider: z.string().min(1).max(100),
  /** The person who is to connect (per-user connectors): needs the "tools:invoke:on-behalf" scope. */
  userId: z.uuid().optional(),
  /** A page of this app to come back to afterwards. */
  returnTo: z.string().max(2000).optional(),
});

/**
 * POST /api/v1/connectors/connect-link: for the connector a context resolves to, the URL that
 * leads a person through connecting it (User OAuth) and back, and whether they already have.
 */
export const POST = v1Route('connectors.connect_link', 'connectors:resolve', async (request, { db, caller, json }) => {
  const body = await json(bodySchema);
  // A named person's link and connection status are theirs: telling them needs the on-behalf scope.
  assertMayActFor(caller, body.userId);
  const [provider] = await db
    .select({ id: providers.id })
    .from(providers)
    .where(and(eq(providers.workspaceId, caller.workspaceId), eq(providers.slug, body.provider)));
  if (!provider) throw new AppError('not_found', `No provider "${body.provider}" in this workspace.`);
  const resolution = await resolveConnector({ db, workspaceId: caller.workspaceId, providerId: provider.id, context: body.context });
  if (!resolution.ok) throw new AppError('conflict', resolution.message);
  const connector = await getConnector({ db, workspaceId: caller.workspaceId, connectorId: resolution.connector.id });
  if (connector.authType !== 'oauth2_code') throw new AppError('conflict', `Connector "${connector.name}" does not use User OAuth: there is no account to connect.`);
  const perUser = connector.credentialMode === 'per_user';
  if (perUser && !body.userId)
    throw new AppError('invalid', `Connector "${connector.name}" is per user: say who is to connect (userId).`, { fields: { userId: ['Required for a per-user connector.'] } });
  if (perUser) {
    if (!(await isMember({ db, workspaceId: caller.workspaceId, userId: body.userId! }))) throw new AppError('not_found', 'That user is not a member of this workspace.');
  }
  const { origin } = appOriginFrom(request.headers);
  const url = await connectLinkFor({ db, workspaceId: caller.workspaceId, connectorId: connector.id, origin, returnTo: body.returnTo });
  const connection = await connectionStatus({ db, workspaceId: caller.workspaceId, connector, ownerUserId: perUser ? body.userId! : null });
  return NextResponse.json({
    connector: { id: connector.id, name: connector.name, credentialMode: connector.credentialMode },
    url,
    connected: connection?.status === 'connected',
    status: connection?.status ?? 'not_connected',
    grantedScopes: connection?.grantedScopes ?? [],
    missingScopes: connection?.missingScopes ?? connector.authConfig.oauth2?.scopes ?? [],
  });
});
