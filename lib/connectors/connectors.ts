import 'server-only';
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  connectorAssignments,
  connectors,
  connectorSecrets,
  oauthCredentials,
  providers,
  users,
  workspaces,
  type AuthConfig,
  type Connector,
  type ConnectorSecret,
  type EndpointOrigins,
} from '@/db/schema';
import { notifyRoles, notifyUsers } from '@/lib/notifications';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { AppError, isUniqueViolation } from '@/lib/errors';
import { secretNamesOf } from './auth-options';
import { bindCredentialsOrigin, currentOrigin } from './origin';
import type { ConnectorInput } from './schema';
import { decryptSecret, encryptSecret } from './vault';

/** Secrets that identify a person; on a per-user connector they only ever come from that person. */
const personalSecretNames = new Set(['api_key', 'token', 'password', 'access_token', 'refresh_token']);

/** The non-secret configuration a connector stores for its auth type; `boundEndpointOrigins` is the app's, kept from before (lib/connectors/origin.ts). */
function authConfigOf(input: ConnectorInput, boundEndpointOrigins?: EndpointOrigins): AuthConfig {
  const scheme = input.schemeName ? { schemeName: input.schemeName } : {};
  switch (input.authType) {
    case 'api_key':
      return { ...scheme, apiKey: input.apiKey };
    case 'basic':
      return { ...scheme, username: input.username };
    case 'oauth2_code':
    case 'oauth2_client_credentials':
      return { ...scheme, oauth2: boundEndpointOrigins ? { ...input.oauth2, boundEndpointOrigins } : input.oauth2 };
    default:
      return scheme;
  }
}

/** The secret values the input carries: its auth secrets and the secret extra parameters. */
function secretsOf(input: ConnectorInput): Record<string, string> {
  const out: Record<string, string> = {};
  if ('secrets' in input) {
    for (const [name, value] of Object.entries(input.secrets as Record<string, string | undefined>)) if (value) out[name] = value;
  }
  for (const param of input.extraParameters) if (param.secret && param.value) out[`param:${param.name}`] = param.value;
  return out;
}

function columnsOf(input: ConnectorInput, boundEndpointOrigins?: EndpointOrigins) {
  return {
    name: input.name,
    description: input.description ?? null,
    environment: input.environment,
    authType: input.authType,
    authConfig: authConfigOf(input, boundEndpointOrigins),
    credentialMode: input.credentialMode,
    baseUrl: input.baseUrl ?? null,
    serverVariables: input.serverVariables,
    // Secret values live encrypted in connector_secrets, never in this JSON.
    extraParameters: input.extraParameters.map((p) => (p.secret ? { name: p.name, secret: true } : { name: p.name, secret: false, value: p.value ?? '' })),
    testToolName: input.testToolName ?? null,
  };
}

async function writeSecrets(
  tx: Db,
  { workspaceId, connectorId, userId, values, actor }: { workspaceId: string; connectorId: string; userId: string | null; values: Record<string, string>; actor: Actor },
) {
  for (const [name, value] of Object.entries(values)) {
    await tx
      .insert(connectorSecrets)
      .values({ workspaceId, connectorId, userId, name, ciphertext: encryptSecret(value), updatedBy: actor.id })
      .onConflictDoUpdate({
        target: [connectorSecrets.connectorId, connectorSecrets.userId, connectorSecrets.name],
        set: { ciphertext: encryptSecret(value), updatedBy: actor.id, updatedAt: new Date() },
      });
  }
}

async function providerOf(tx: Db, workspaceId: string, providerId: string) {
  const [provider] = await tx
    .select({ id: providers.id, name: providers.name })
    .from(providers)
    .where(and(eq(providers.id, providerId), eq(providers.workspaceId, workspaceId)));
  if (!provider) throw new AppError('not_found', 'That provider was not found in this workspace.');
  return provider;
}

export async function createConnector({ db, workspaceId, actor, providerId, input }: { db: Db; workspaceId: string; actor: Actor; providerId: string; input: ConnectorInput }) {
  return db
    .transaction(async (tx) => {
      const provider = await providerOf(tx, workspaceId, providerId);
      const [existing] = await tx
        .select({ id: connectors.id })
        .from(connectors)
        .where(and(eq(connectors.workspaceId, workspaceId), eq(connectors.providerId, providerId), eq(connectors.name, input.name)));
      if (existing) throw new AppError('conflict', `${provider.name} already has a connector named "${input.name}".`, { fields: { name: ['Choose another name.'] } });
      const [connector] = await tx
        .insert(connectors)
        .values({ workspaceId, providerId, createdBy: actor.id, ...columnsOf(input) })
        .returning();
      const secrets = secretsOf(input);
      // Per-user connectors keep each person's credentials under their user id; what the builder
      // types here (a client secret, shared parameters) belongs to the connector itself.
      await writeSecrets(tx, { workspaceId, connectorId: connector!.id, userId: null, values: secrets, actor });
      // Whatever credentials it gets are for the origin it was created with.
      connector!.credentialsOrigin = await bindCredentialsOrigin({ db: tx, workspaceId, connectorId: connector!.id, rebind: true });
      await recordAudit({
        db: tx,
        workspaceId,
        actor,
        action: 'connector.created',
        target: { type: 'connector', id: connector!.id, label: `${provider.name} · ${input.name}` },
        summary: { provider: provider.name, authType: input.authType, environment: input.environment, credentialMode: input.credentialMode, storedFieldsSet: Object.keys(secrets) },
      });
      return connector!;
    })
    .catch((error) => {
      if (isUniqueViolation(error)) throw new AppError('conflict', `This provider already has a connector named "${input.name}".`, { fields: { name: ['Choose another name.'] } });
      throw error;
    });
}

export async function updateConnector({ db, workspaceId, actor, connectorId, input }: { db: Db; workspaceId: string; actor: Actor; connectorId: string; input: ConnectorInput }) {
  return db
    .transaction(async (tx) => {
      const before = await getConnector({ db: tx, workspaceId, connectorId });
      // A connector saved before credentials were bound to an origin is bound to the one it had until now.
      if (before.credentialsOrigin === null) {
        const origin = await currentOrigin({ db: tx, workspaceId, connector: before });
        if (origin)
          await tx
            .update(connectors)
            .set({ credentialsOrigin: origin })
            .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId), isNull(connectors.credentialsOrigin)));
      }
      // The OAuth endpoints stay bound where they were, unless the client secret is entered again.
      const columns = columnsOf(input, 'client_secret' in secretsOf(input) ? undefined : before.authConfig.oauth2?.boundEndpointOrigins);
      await tx
        .update(connectors)
        .set(columns)
        .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
      // Secrets the new auth type does not use are dropped, so nothing stale lingers.
      const kept = new Set([...secretNamesOf[input.authType], ...input.extraParameters.filter((p) => p.secret).map((p) => `param:${p.name}`)]);
      const stale = (
        await tx
          .select({ name: connectorSecrets.name })
          .from(connectorSecrets)
          .where(and(eq(connectorSecrets.connectorId, connectorId), isNull(connectorSecrets.userId)))
      )
        .map((r) => r.name)
        .filter((n) => !kept.has(n));
      if (stale.length)
        await tx.delete(connectorSecrets).where(and(eq(connectorSecrets.connectorId, connectorId), isNull(connectorSecrets.userId), inArray(connectorSecrets.name, stale)));
      const secrets = secretsOf(input);
      await writeSecrets(tx, { workspaceId, connectorId, userId: null, values: secrets, actor });
      // Re-entering every stored credential binds them to where the connector now points; otherwise a
      // move to another origin leaves the connector needing a builder's confirmation.
      const storedNames = (
        await tx
          .select({ name: connectorSecrets.name })
          .from(connectorSecrets)
          .where(and(eq(connectorSecrets.connectorId, connectorId), isNull(connectorSecrets.userId)))
      ).map((r) => r.name);
      const reentered = Object.keys(secrets).length > 0 && storedNames.every((name) => name in secrets);
      const originBefore = (await tx.select({ origin: connectors.credentialsOrigin }).from(connectors).where(eq(connectors.id, connectorId)))[0]?.origin ?? null;
      const originAfter = await bindCredentialsOrigin({ db: tx, workspaceId, connectorId, rebind: reentered });
      const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(columns[k] ?? null));
      if (input.authType === 'oauth2_code')
        await askToReconnectForNewScopes(tx, {
          workspaceId,
          connectorId,
          label: `${before.providerName} · ${input.name}`,
          scopes: input.oauth2.scopes,
          shared: input.credentialMode === 'shared',
        });
      await recordAudit({
        db: tx,
        workspaceId,
        actor,
        action: 'connector.updated',
        target: { type: 'connector', id: connectorId, label: `${before.providerName} · ${input.name}` },
        summary: {
          changed,
          storedFieldsReplaced: Object.keys(secrets),
          storedFieldsRemoved: stale,
          ...(originAfter !== originBefore ? { credentialsOrigin: { from: originBefore, to: originAfter } } : {}),
        },
      });
    })
    .catch((error) => {
      if (isUniqueViolation(error)) throw new AppError('conflict', `This provider already has a connector named "${input.name}".`, { fields: { name: ['Choose another name.'] } });
      throw error;
    });
}

/** The console path of a connector, for links in notifications. */
export async function connectorPath(db: Db, workspaceId: string, connectorId: string) {
  const [row] = await db.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return `/w/${row?.slug ?? ''}/providers/connectors/${connectorId}`;
}

/**
 * When a connector's OAuth scopes grow, everyone whose connection lacks one of them is asked once
 * (per scope set) to reconnect; the connections keep working for what they were granted.
 */
async function askToReconnectForNewScopes(
  tx: Db,
  { workspaceId, connectorId, label, scopes, shared }: { workspaceId: string; connectorId: string; label: string; scopes: string[]; shared: boolean },
) {
  const connections = await tx
    .select({ userId: oauthCredentials.userId, granted: oauthCredentials.grantedScopes })
    .from(oauthCredentials)
    .where(eq(oauthCredentials.connectorId, connectorId));
  const lacking = connections.filter((c) => scopes.some((scope) => !c.granted.includes(scope)));
  if (lacking.length === 0) return;
  const notification = {
    kind: 'oauth.scopes_added',
    title: `${label}: reconnect to grant new scopes`,
    body: `The connector now asks for ${scopes.join(' ')}. Reconnect so calls that need the new scopes work.`,
    href: await connectorPath(tx, workspaceId, connectorId),
    dedupeKey: `oauth-scopes:${connectorId}:${[...scopes].sort().join(' ')}`,
  };
  const userIds = lacking.map((c) => c.userId).filter((id): id is string => id !== null);
  if (userIds.length) await notifyUsers({ db: tx, workspaceId, userIds, notification });
  if (shared && lacking.some((c) => c.userId === null)) await notifyRoles({ db: tx, workspaceId, roles: ['admin', 'builder'], notification });
}

export async function setConnectorStatus({ db, workspaceId, actor, connectorId, enabled }: { db: Db; workspaceId: string; actor: Actor; connectorId: string; enabled: boolean }) {
  await db.transaction(async (tx) => {
    const connector = await getConnector({ db: tx, workspaceId, connectorId });
    await tx
      .update(connectors)
      .set(enabled ? { status: 'active', statusReason: null } : { status: 'disabled', statusReason: 'Disabled by a builder.' })
      .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: enabled ? 'connector.enabled' : 'connector.disabled',
      target: { type: 'connector', id: connectorId, label: `${connector.providerName} · ${connector.name}` },
    });
  });
}

export async function deleteConnector({ db, workspaceId, actor, connectorId }: { db: Db; workspaceId: string; actor: Actor; connectorId: string }) {
  await db.transaction(async (tx) => {
    const connector = await getConnector({ db: tx, workspaceId, connectorId });
    await tx.delete(connectors).where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'connector.deleted',
      target: { type: 'connector', id: connectorId, label: `${connector.providerName} · ${connector.name}` },
      summary: { assignmentsRemoved: connector.assignmentCount },
    });
  });
}

const connectorColumns = {
  id: connectors.id,
  providerId: connectors.providerId,
  providerName: providers.name,
  providerSlug: providers.slug,
  name: connectors.name,
  description: connectors.description,
  environment: connectors.environment,
  status: connectors.status,
  statusReason: connectors.statusReason,
  authType: connectors.authType,
  authConfig: connectors.authConfig,
  credentialMode: connectors.credentialMode,
  baseUrl: connectors.baseUrl,
  serverVariables: connectors.serverVariables,
  extraParameters: connectors.extraParameters,
  testToolName: connectors.testToolName,
  credentialsOrigin: connectors.credentialsOrigin,
  lastTestedAt: connectors.lastTestedAt,
  createdAt: connectors.createdAt,
  updatedAt: connectors.updatedAt,
  assignmentCount: sql<number>`(select count(*)::int from ${connectorAssignments} where ${connectorAssignments.connectorId} = ${connectors.id})`,
};

export type ConnectorView = Omit<Connector, 'workspaceId' | 'createdBy'> & { providerName: string; providerSlug: string; assignmentCount: number };

export async function listConnectors({ db, workspaceId, providerId }: { db: Db; workspaceId: string; providerId?: string }): Promise<ConnectorView[]> {
  const conditions = [eq(connectors.workspaceId, workspaceId)];
  if (providerId) conditions.push(eq(connectors.providerId, providerId));
  return db
    .select(connectorColumns)
    .from(connectors)
    .innerJoin(providers, eq(providers.id, connectors.providerId))
    .where(and(...conditions))
    .orderBy(asc(providers.name), asc(connectors.name));
}

export async function getConnector({ db, workspaceId, connectorId }: { db: Db; workspaceId: string; connectorId: string }): Promise<ConnectorView> {
  const [row] = await db
    .select(connectorColumns)
    .from(connectors)
    .innerJoin(providers, eq(providers.id, connectors.providerId))
    .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
  if (!row) throw new AppError('not_found', 'That connector was not found in this workspace.');
  return row;
}

/** Which secrets are set, when and by whom — never their values. */
export async function secretStatus({ db, workspaceId, connectorId }: { db: Db; workspaceId: string; connectorId: string }) {
  return db
    .select({ name: connectorSecrets.name, userId: connectorSecrets.userId, updatedAt: connectorSecrets.updatedAt, updatedBy: users.name })
    .from(connectorSecrets)
    .leftJoin(users, eq(users.id, connectorSecrets.updatedBy))
    .where(and(eq(connectorSecrets.connectorId, connectorId), eq(connectorSecrets.workspaceId, workspaceId)))
    .orderBy(asc(connectorSecrets.name));
}

/**
 * The connector's secrets in plain text, for building a request on the server. The shared ones,
 * overlaid with the person's own on a per-user connector.
 */
export async function readSecrets({
  db,
  workspaceId,
  connectorId,
  userId,
  perUser = false,
}: {
  db: Db;
  workspaceId: string;
  connectorId: string;
  userId?: string | null;
  perUser?: boolean;
}) {
  const rows = await db
    .select({ name: connectorSecrets.name, userId: connectorSecrets.userId, ciphertext: connectorSecrets.ciphertext })
    .from(connectorSecrets)
    .where(and(eq(connectorSecrets.connectorId, connectorId), eq(connectorSecrets.workspaceId, workspaceId)));
  return secretsFromRows(rows, { userId, perUser });
}

/** `readSecrets` on rows already read (the runtime reads them with everything else a call needs). */
export function secretsFromRows(rows: Pick<ConnectorSecret, 'name' | 'userId' | 'ciphertext'>[], { userId, perUser = false }: { userId?: string | null; perUser?: boolean }) {
  const out: Record<string, string> = {};
  // On a per-user connector the person's own credential is the only one that may authenticate:
  // a connector-level key left from shared mode must not stand in for it.
  const shared = rows.filter((r) => r.userId === null && !(perUser && personalSecretNames.has(r.name)));
  for (const row of shared) out[row.name] = decryptSecret(row.ciphertext);
  if (userId) for (const row of rows.filter((r) => r.userId === userId)) out[row.name] = decryptSecret(row.ciphertext);
  return out;
}

export async function countConnectorsOfProvider(db: Db, providerId: string) {
  const [row] = await db.select({ n: count() }).from(connectors).where(eq(connectors.providerId, providerId));
  return row?.n ?? 0;
}

/**
 * A person's own credential on a per-user connector (their API key, token or password). Any member
 * may set theirs; it is used only when they (or a worker acting for them) call through it.
 */
export async function setOwnCredential({
  db,
  workspaceId,
  actor,
  connectorId,
  userId,
  values,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  connectorId: string;
  userId: string;
  values: Record<string, string>;
}) {
  await db.transaction(async (tx) => {
    const connector = await getConnector({ db: tx, workspaceId, connectorId });
    if (connector.credentialMode !== 'per_user') throw new AppError('conflict', 'This connector uses one shared credential; a builder sets it.');
    const allowed = new Set(secretNamesOf[connector.authType].filter((n) => n !== 'client_secret'));
    const chosen = Object.fromEntries(Object.entries(values).filter(([name, value]) => allowed.has(name) && value));
    if (Object.keys(chosen).length === 0) throw new AppError('invalid', 'Enter your credential first.');
    await writeSecrets(tx, { workspaceId, connectorId, userId, values: chosen, actor });
    // A member's own key binds a connector not bound yet; it never moves a binding (that is for builders).
    await bindCredentialsOrigin({ db: tx, workspaceId, connectorId, rebind: false });
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'connector.own_credential_set',
      target: { type: 'connector', id: connectorId, label: `${connector.providerName} · ${connector.name}` },
      summary: { fields: Object.keys(chosen) },
    });
  });
}

export async function removeOwnCredential({ db, workspaceId, actor, connectorId, userId }: { db: Db; workspaceId: string; actor: Actor; connectorId: string; userId: string }) {
  await db.transaction(async (tx) => {
    const connector = await getConnector({ db: tx, workspaceId, connectorId });
    const removed = await tx
      .delete(connectorSecrets)
      .where(and(eq(connectorSecrets.connectorId, connectorId), eq(connectorSecrets.workspaceId, workspaceId), eq(connectorSecrets.userId, userId)))
      .returning({ name: connectorSecrets.name });
    if (removed.length)
      await recordAudit({
        db: tx,
        workspaceId,
        actor,
        action: 'connector.own_credential_removed',
        target: { type: 'connector', id: connectorId, label: `${connector.providerName} · ${connector.name}` },
      });
  });
}
