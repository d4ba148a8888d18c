'use server';

import { z } from 'zod';
import { assignConnector, targetSchema, unassignConnector } from '@/lib/connectors/assignments';
import { createConnector, deleteConnector, getConnector, removeOwnCredential, setConnectorStatus, setOwnCredential, updateConnector } from '@/lib/connectors/connectors';
import { createRegistration, deleteRegistration, partsKey, registrationKinds, workerInputSchema, type RegistrationInput } from '@/lib/connectors/platform';
import { confirmCredentialsOrigin } from '@/lib/connectors/origin';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { testConnection } from '@/lib/connectors/test-connection';
import { forbidden } from 'next/navigation';
import { hasRole } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { discover, requestOptions } from '@/lib/oauth/client';
import { disconnect } from '@/lib/oauth/flow';
import { workspaceAction } from '@/server/action';

const id = z.uuid();

export const createConnectorAction = workspaceAction(
  'connectors.create',
  { input: z.object({ providerId: id, connector: connectorInputSchema }), role: 'builder' },
  async (input, ctx) => {
    const connector = await createConnector({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, providerId: input.providerId, input: input.connector });
    return { id: connector.id };
  },
);

export const updateConnectorAction = workspaceAction(
  'connectors.update',
  { input: z.object({ connectorId: id, connector: connectorInputSchema }), role: 'builder' },
  async (input, ctx) => {
    await updateConnector({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, connectorId: input.connectorId, input: input.connector });
    return { id: input.connectorId };
  },
);

/** "Use the stored credentials with <new origin>": only someone who may set them (a builder or admin). */
export const confirmCredentialsOriginAction = workspaceAction(
  'connectors.confirm_credentials_origin',
  { input: z.object({ connectorId: id }), role: 'builder' },
  async (input, ctx) => confirmCredentialsOrigin({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, connectorId: input.connectorId }),
);

export const setConnectorEnabledAction = workspaceAction(
  'connectors.set_enabled',
  { input: z.object({ connectorId: id, enabled: z.boolean() }), role: 'builder' },
  async (input, ctx) => {
    await setConnectorStatus({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input });
    return null;
  },
);

export const deleteConnectorAction = workspaceAction('connectors.delete', { input: z.object({ connectorId: id }), role: 'builder' }, async (input, ctx) => {
  await deleteConnector({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input });
  return null;
});

export const assignConnectorAction = workspaceAction('connectors.assign', { input: z.object({ connectorId: id, target: targetSchema }), role: 'builder' }, (input, ctx) =>
  assignConnector({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input }),
);

export const unassignConnectorAction = workspaceAction('connectors.unassign', { input: z.object({ assignmentId: id }), role: 'builder' }, async (input, ctx) => {
  await unassignConnector({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input });
  return null;
});

// One registration form for either kind: `parts` are the worker's skills or the workflow's nodes.
const kind = z.enum(registrationKinds);
const registrationFields = workerInputSchema.omit({ skills: true }).extend({ parts: workerInputSchema.shape.skills });

export const registerAction = workspaceAction('platform.register', { input: registrationFields.extend({ kind }), role: 'builder' }, async ({ kind, parts, ...input }, ctx) => {
  const created = await createRegistration({
    db: ctx.db,
    workspaceId: ctx.workspace.id,
    actor: ctx.actor,
    kind,
    input: { ...input, [partsKey(kind)]: parts } as RegistrationInput<typeof kind>,
  });
  return { id: created.id };
});

export const deleteRegistrationAction = workspaceAction('platform.delete', { input: z.object({ kind, id }), role: 'builder' }, async (input, ctx) => {
  await deleteRegistration({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, ...input });
  return null;
});

export const testConnectionAction = workspaceAction('connectors.test', { input: z.object({ connectorId: id }), role: 'builder' }, (input, ctx) =>
  testConnection({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, connectorId: input.connectorId, userId: ctx.user.id }),
);

// Per-user connectors: every member manages their own credential, and only their own.
export const setOwnCredentialAction = workspaceAction(
  'connectors.set_own_credential',
  { input: z.object({ connectorId: id, values: z.partialRecord(z.enum(['api_key', 'token', 'password']), z.string().max(8192)) }), role: 'member' },
  async (input, ctx) => {
    await setOwnCredential({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, connectorId: input.connectorId, userId: ctx.user.id, values: input.values });
    return null;
  },
);

export const removeOwnCredentialAction = workspaceAction('connectors.remove_own_credential', { input: z.object({ connectorId: id }), role: 'member' }, async (input, ctx) => {
  await removeOwnCredential({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, connectorId: input.connectorId, userId: ctx.user.id });
  return null;
});

/**
 * Removes an OAuth connection and revokes it at the provider: a person's own on a per-user
 * connector (any member, for themselves), or the connector's shared one (builders).
 */
export const disconnectOAuthAction = workspaceAction(
  'connectors.oauth_disconnect',
  { input: z.object({ connectorId: id, shared: z.boolean() }), role: 'member' },
  async (input, ctx) => {
    const connector = await getConnector({ db: ctx.db, workspaceId: ctx.workspace.id, connectorId: input.connectorId });
    const shared = connector.credentialMode === 'shared';
    if (shared !== input.shared) throw new AppError('conflict', 'The connector changed meanwhile; reload the page.');
    if (shared && !hasRole(ctx.workspace.role, 'builder')) forbidden();
    return disconnect({ db: ctx.db, workspaceId: ctx.workspace.id, actor: ctx.actor, connectorId: input.connectorId, ownerUserId: shared ? null : ctx.user.id });
  },
);

/** Reads an issuer's OAuth/OpenID metadata so the connector form can fill its URLs from it. */
export const discoverIssuerAction = workspaceAction(
  'connectors.discover_issuer',
  { input: z.object({ issuer: z.url({ protocol: /^https?$/, message: 'Enter the issuer as an http(s) URL.' }) }), role: 'builder' },
  async (input) => {
    const as = await discover(input.issuer.replace(/\/$/, ''), requestOptions());
    return {
      authorizationUrl: as.authorization_endpoint ?? '',
      tokenUrl: as.token_endpoint ?? '',
      revocation: Boolean(as.revocation_endpoint),
      scopesSupported: (as.scopes_supported ?? []).slice(0, 50),
    };
  },
);
