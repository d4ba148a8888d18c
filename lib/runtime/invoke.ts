import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, count, eq, getTableColumns, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectorAssignments, disabledTools, invocations, operations, providers, users, type OperationRow } from '@/db/schema';
import { secretsFromRows } from '@/lib/connectors/connectors';
import { levelsFrom, pickConnector, type CallContext } from '@/lib/connectors/resolve';
import { credentialsOf } from '@/lib/connectors/test-connection';
import type { ApiScope } from '@/db/schema';
import { assertMayActFor, ON_BEHALF_SCOPE } from '@/lib/api-tokens/tokens';
import { assertCredentialsOrigin, endpointMoveIn, originOf } from '@/lib/connectors/origin';
import { AppError, isAppError } from '@/lib/errors';
import { OutboundRequestError } from '@/lib/net/guarded-fetch';
import { missingScopes } from '@/lib/oauth/client';
import { connectLinkFor } from '@/lib/oauth/flow';
import { accessTokenFor, usesOAuth, type ConnectionKey } from '@/lib/oauth/tokens';
import { validateArguments } from './arguments';
import { assertContextExists } from './context';
import { buildRequest, resolveBaseUrl } from './build-request';
import { flushInvocations, recordInvocation } from './invocation-log';
import { secretMasker, secretsOf } from './mask';
import { operationContent, readCallState, type PlannedConnector } from './plan';
import { sendRequest, type RuntimeResponse } from './send';

export type Caller = {
  type: 'api_token' | 'mcp' | 'user';
  label: string;
  /** The person the call is made for (per-user connectors). */
  userId?: string | null;
  /** The API token that makes the call, recorded with it. */
  tokenId?: string | null;
  /** The token's scopes: naming a person (userId) needs "tools:invoke:on-behalf". Absent for calls the app makes itself. */
  scopes?: ApiScope[];
};

const SEPARATOR = '__';

/** A tool's name in a context that spans providers: `<provider slug>__<tool>`, at most 64 characters. */
export function qualifiedToolName(providerSlug: string, toolName: string): string {
  const name = `${providerSlug}${SEPARATOR}${toolName}`;
  if (name.length <= 64) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 55)}_${digest}`;
}

export type ContextTool = {
  name: string;
  providerId: string;
  providerSlug: string;
  providerName: string;
  toolName: string;
  description: string;
  inputSchema: Record<string, unknown>;
};
export type ContextProvider = { id: string; slug: string; name: string; versionId: string; toolCount: number };

/**
 * "Tools in a context", computed once for GET /api/v1/tools and /api/mcp: the providers with a
 * connector assigned at any level of the context (worker/skill or workflow/node), with their enabled
 * tool counts, and their enabled tools, each named `<provider>__<tool>`. A provider with more than
 * `listUpTo` tools is returned without its tools (MCP offers it as a search tool and a call tool). An
 * unknown worker, workflow, skill or node is a 404.
 */
export async function contextTools({
  db,
  workspaceId,
  context,
  listUpTo = Number.POSITIVE_INFINITY,
}: {
  db: Db;
  workspaceId: string;
  context: CallContext;
  listUpTo?: number;
}): Promise<{ providers: ContextProvider[]; tools: ContextTool[] }> {
  await assertContextExists({ db, workspaceId, context });
  const ids = Object.values(context).filter((v): v is string => Boolean(v));
  const assigned = await db
    .selectDistinct({ id: providers.id, slug: providers.slug, name: providers.name, versionId: providers.currentVersionId })
    .from(connectorAssignments)
    .innerJoin(providers, and(eq(providers.id, connectorAssignments.providerId), eq(providers.workspaceId, workspaceId)))
    .where(
      and(
        eq(connectorAssignments.workspaceId, workspaceId),
        or(
          inArray(connectorAssignments.workflowId, ids),
          inArray(connectorAssignments.nodeId, ids),
          inArray(connectorAssignments.workerId, ids),
          inArray(connectorAssignments.skillId, ids),
        ),
      ),
    );
  const withVersion = assigned.filter((p): p is typeof p & { versionId: string } => p.versionId !== null);
  if (withVersion.length === 0) return { providers: [], tools: [] };
  const counts = await db
    .select({ versionId: operations.versionId, toolCount: count() })
    .from(operations)
    .leftJoin(disabledTools, and(eq(disabledTools.providerId, operations.providerId), eq(disabledTools.toolName, operations.toolName)))
    .where(
      and(
        eq(operations.workspaceId, workspaceId),
        inArray(
          operations.versionId,
          withVersion.map((p) => p.versionId),
        ),
        isNull(disabledTools.toolName),
      ),
    )
    .groupBy(operations.versionId);
  const countOf = new Map(counts.map((c) => [c.versionId, c.toolCount]));
  const inContext = withVersion.map((p) => ({ ...p, toolCount: countOf.get(p.versionId) ?? 0 })).sort((a, b) => a.slug.localeCompare(b.slug));
  const listed = inContext.filter((p) => p.toolCount > 0 && p.toolCount <= listUpTo);
  const rows = listed.length
    ? await db
        .select({ versionId: operations.versionId, toolName: operations.toolName, detail: operations.detail })
        .from(operations)
        .leftJoin(disabledTools, and(eq(disabledTools.providerId, operations.providerId), eq(disabledTools.toolName, operations.toolName)))
        .where(
          and(
            eq(operations.workspaceId, workspaceId),
            inArray(
              operations.versionId,
              listed.map((p) => p.versionId),
            ),
            isNull(disabledTools.toolName),
          ),
        )
        .orderBy(asc(operations.toolName))
    : [];
  const tools: ContextTool[] = [];
  for (const provider of listed) {
    for (const row of rows) {
      if (row.versionId !== provider.versionId) continue;
      tools.push({
        name: qualifiedToolName(provider.slug, row.toolName),
        providerId: provider.id,
        providerSlug: provider.slug,
        providerName: provider.name,
        toolName: row.toolName,
        description: row.detail.toolDescription,
        inputSchema: row.detail.inputSchema,
      });
    }
  }
  return { providers: inContext, tools };
}

/** Every enabled tool in the context (see contextTools). */
export async function toolsInContext({ db, workspaceId, context }: { db: Db; workspaceId: string; context: CallContext }): Promise<ContextTool[]> {
  return (await contextTools({ db, workspaceId, context })).tools;
}

/** The provider slug and tool name a call names: `<provider>__<tool>`, or a provider slug and a tool name. */
function toolOf(tool: { name?: string; provider?: string; tool?: string }) {
  let slug = tool.provider;
  let toolName = tool.tool;
  if (tool.name) {
    const at = tool.name.indexOf(SEPARATOR);
    if (at < 1) throw new AppError('invalid', `"${tool.name}" is not a tool name of the form <provider>__<tool>.`);
    slug = tool.name.slice(0, at);
    toolName = tool.name.slice(at + SEPARATOR.length);
  }
  if (!slug || !toolName) throw new AppError('invalid', 'Name the tool: "<provider>__<tool>", or give provider and tool.');
  return { slug, toolName };
}

/**
 * Everything the call needs, read in one statement (see plan.ts), with the tool found in the
 * provider's current version: by its name, or for a qualified name that was shortened with a digest,
 * by the name it stands for.
 */
async function readCall(db: Db, workspaceId: string, tool: { name?: string; provider?: string; tool?: string }, context: CallContext, userId?: string | null) {
  const { slug, toolName } = toolOf(tool);
  const read = (name: string) => readCallState({ db, workspaceId, slug, toolName: name, context, userId });
  let state = await read(toolName);
  const versionId = state?.provider.currentVersionId;
  if (!state || !versionId) throw new AppError('not_found', `No provider "${slug}" in this workspace.`);
  if (!state.operation && tool.name && tool.name.length === 64) {
    const names = await db.select({ toolName: operations.toolName }).from(operations).where(eq(operations.versionId, versionId));
    const match = names.find((n) => qualifiedToolName(slug, n.toolName) === tool.name);
    if (match) state = (await read(match.toolName)) ?? state;
  }
  const { provider, operation } = state;
  // The current version may have changed between the two reads: the content is that of the version read last.
  const content = operation && provider.currentVersionId ? await operationContent({ db, versionId: provider.currentVersionId, toolName: operation.toolName }) : undefined;
  if (!operation || !content) throw new AppError('not_found', `${provider.name} has no tool "${toolName}" in its current version.`);
  if (state.disabled) throw new AppError('forbidden', `The tool "${operation.toolName}" of ${provider.name} is turned off in this workspace.`);
  return { ...state, operation: { ...operation, detail: content.detail }, servers: content.servers };
}

/**
 * The OAuth access token for a call, renewed as needed. A person who has not connected (or must
 * reconnect, or lacks a scope the operation needs) gets an error with the link that fixes it.
 */
async function oauthToken({
  db,
  connector,
  key,
  operation,
  origin,
  rejected,
  allowPrivateNetwork,
}: {
  db: Db;
  connector: PlannedConnector;
  key: ConnectionKey;
  operation: OperationRow['detail'];
  origin?: string;
  rejected?: string;
  allowPrivateNetwork?: boolean;
}) {
  const link = async () => (origin && connector.authType === 'oauth2_code' ? connectLinkFor({ db, workspaceId: key.workspaceId, connectorId: connector.id, origin }) : undefined);
  let token;
  try {
    token = await accessTokenFor({ db, connector, key, rejected, allowPrivateNetwork });
  } catch (error) {
    // A moved token endpoint is for a builder to confirm; reconnecting would not help the caller.
    if (isAppError(error) && error.code === 'conflict' && connector.authType === 'oauth2_code' && !endpointMoveIn(error.message)) {
      const connectLink = await link();
      const how = connectLink ? ` Open ${connectLink} to connect.` : key.userId ? " Connect on the connector's page under Your Connectors." : '';
      throw new AppError('conflict', `${error.message}${how}`, { details: { connectLink } });
    }
    throw error;
  }
  // Scopes the operation declares for this connector's scheme, that the connection was not granted.
  // Without a recorded scheme name, an operation whose requirements name a single scheme still says.
  const named = new Set(operation.security.flatMap((requirement) => Object.keys(requirement)));
  const scheme = connector.authConfig.schemeName ?? (named.size === 1 ? [...named][0] : undefined);
  const needed = operation.security.flatMap((requirement) => (scheme && requirement[scheme]) || []);
  const missing = missingScopes([...new Set(needed)], token.grantedScopes);
  if (missing.length && token.grantedScopes.length) {
    const connectLink = await link();
    throw new AppError(
      'forbidden',
      `The connection of connector "${connector.name}" lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} this operation needs.${connectLink ? ` Reconnect at ${connectLink} after a builder adds them to the connector.` : ''}`,
      {
        details: { missingScopes: missing, connectLink },
      },
    );
  }
  return token;
}

export type InvokeResult = RuntimeResponse & { connector: { id: string; name: string }; tool: string };

/**
 * Calls one tool for a caller in a context: validates the arguments against the tool's schema,
 * resolves the connector by the assignment rules, builds and sends the request the document
 * describes, and records the call (never its bodies or secrets).
 */
export async function invokeTool({
  db,
  workspaceId,
  caller,
  context,
  tool,
  args,
  origin,
  allowPrivateNetwork,
}: {
  db: Db;
  workspaceId: string;
  caller: Caller;
  context: CallContext;
  tool: { name?: string; provider?: string; tool?: string };
  args: Record<string, unknown>;
  /** This app's origin, for connect links in errors. */
  origin?: string;
  allowPrivateNetwork?: boolean;
}): Promise<InvokeResult> {
  const started = performance.now();
  const record: typeof invocations.$inferInsert = {
    workspaceId,
    callerType: caller.type,
    callerLabel: caller.label,
    apiTokenId: caller.tokenId ?? null,
    context,
    toolName: tool.name ?? `${tool.provider}${SEPARATOR}${tool.tool}`,
    latencyMs: 0,
  };
  let secrets: string[] = [];
  try {
    if (caller.scopes) assertMayActFor({ scopes: caller.scopes }, caller.userId);
    const call = await readCall(db, workspaceId, tool, context, caller.userId);
    const { provider, operation, servers } = call;
    Object.assign(record, { providerId: provider.id, toolName: qualifiedToolName(provider.slug, operation.toolName), operation: `${operation.method} ${operation.path}` });
    const check = validateArguments(operation.detail.inputSchema, args);
    if (!check.ok) throw new AppError('invalid', 'The arguments do not match the tool.', { fields: Object.fromEntries(check.errors.map((e) => [e.field, [e.message]])) });

    const levels = levelsFrom(context, call.names);
    const picked = pickConnector({ levels, candidates: call.candidates, providerName: provider.name });
    if (!picked.resolution.ok) throw new AppError('conflict', picked.resolution.message);
    const winner = picked.winner!;
    record.connectorId = winner.id;
    const connector: PlannedConnector = { ...winner, providerName: provider.name };
    if (connector.credentialMode === 'per_user' && !caller.userId) {
      throw new AppError(
        'conflict',
        caller.scopes && !caller.scopes.includes(ON_BEHALF_SCOPE)
          ? `Connector "${connector.name}" is per user and has no shared credential: this token may use shared connectors only. Calling it for a member needs a token with the "${ON_BEHALF_SCOPE}" scope and their userId.`
          : `Connector "${connector.name}" is per user: say which person the call is for (userId). It has no shared credential.`,
      );
    }
    // Only a member of this workspace can be acted for; their credential is theirs alone.
    if (connector.credentialMode === 'per_user' && !call.member) throw new AppError('not_found', 'That user is not a member of this workspace.');
    const perUser = connector.credentialMode === 'per_user';
    if (perUser) record.actingUserId = caller.userId;
    // Stored credentials go only to the origin they were entered for (see lib/connectors/origin.ts).
    const target = originOf(resolveBaseUrl(connector, servers, operation.detail.servers));
    if (connector.authType !== 'none' || winner.secrets.length > 0) await assertCredentialsOrigin({ db, workspaceId, connector, origin: target });
    const stored = secretsFromRows(winner.secrets, { userId: perUser ? caller.userId : null, perUser });
    const credentials = credentialsOf(connector, stored);
    // Every stored secret of the connector counts, not only those this call sends: an API may echo any.
    secrets = [...secretsOf(credentials, connector.authConfig.username), ...Object.values(stored)];
    const oauthKey = usesOAuth(connector.authType) ? { workspaceId, connectorId: connector.id, userId: perUser ? caller.userId! : null } : null;
    if (oauthKey) {
      const token = await oauthToken({ db, connector, key: oauthKey, operation: operation.detail, origin, allowPrivateNetwork });
      credentials.token = token.token;
      secrets.push(token.token, token.refreshToken ?? '');
    } else if (perUser && connector.authType !== 'none' && !credentials.apiKey && !credentials.token && !credentials.password) {
      throw new AppError(
        'conflict',
        `Connect your account first: connector "${connector.name}" has no credential of yours yet. Set it on the connector's page under Your Connectors.`,
      );
    }
    const build = () => buildRequest({ detail: operation.detail, method: operation.method, path: operation.path, target: connector, documentServers: servers, credentials, args });
    let response = await sendRequest(build(), { allowPrivateNetwork });
    if (oauthKey && response.status === 401) {
      // The API refused a token we thought valid (revoked, or expired early): renew it once and retry once.
      const renewed = await oauthToken({ db, connector, key: oauthKey, operation: operation.detail, origin, rejected: credentials.token, allowPrivateNetwork });
      credentials.token = renewed.token;
      secrets.push(renewed.token, renewed.refreshToken ?? '');
      response = await sendRequest(build(), { allowPrivateNetwork });
      response = { ...response, attempts: response.attempts + 1 };
    }
    Object.assign(record, { status: response.status, attempts: response.attempts });
    // Whatever the API answers, in any part, reaches the caller only with every secret of the call masked.
    return { ...secretMasker(secrets).response(response), connector: { id: connector.id, name: connector.name }, tool: record.toolName };
  } catch (error) {
    const mask = secretMasker(secrets);
    record.error = mask.text(isAppError(error) || error instanceof OutboundRequestError ? error.message : 'internal error').slice(0, 500);
    if (error instanceof OutboundRequestError) throw new AppError('unavailable', `The API could not be reached: ${record.error}`);
    throw mask.error(error);
  } finally {
    record.latencyMs = Math.round(performance.now() - started);
    // Queued, not awaited (outside a transaction): see invocation-log.ts.
    await recordInvocation(db, record);
  }
}

/** The latest calls through a connector, for its "recent calls" view, with the person each acted for. */
export async function recentInvocations({ db, workspaceId, connectorId, limit = 20 }: { db: Db; workspaceId: string; connectorId: string; limit?: number }) {
  // Calls of this process still queued are part of what was asked for.
  await flushInvocations(db);
  return db
    .select({ ...getTableColumns(invocations), actingUserName: users.name, actingUserEmail: users.email })
    .from(invocations)
    .leftJoin(users, eq(users.id, invocations.actingUserId))
    .where(and(eq(invocations.workspaceId, workspaceId), eq(invocations.connectorId, connectorId)))
    .orderBy(sql`${invocations.createdAt} desc`)
    .limit(limit);
}
