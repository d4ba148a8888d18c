// What one tool call needs from the database, in one statement: the provider and its current
// version, the operation's method and path, whether the tool is turned off, the context's levels,
// the assignments at those levels with their connectors and secrets, and whether the person the
// call is for is a member. All of it can change between two calls, so it is read every time.
// What cannot change, an operation's detail and its version's servers (versions are immutable), is
// kept per process by version id.
import 'server-only';
import { and, eq, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  connectorAssignments,
  connectors,
  connectorSecrets,
  disabledTools,
  memberships,
  operations,
  providers,
  providerVersions,
  type ConnectorSecret,
  type OperationDetail,
} from '@/db/schema';
import type { ConnectorView } from '@/lib/connectors/connectors';
import { contextNamesSql, type CallContext, type Candidate, type ContextOf } from '@/lib/connectors/resolve';
import type { Server } from '@/lib/openapi';

/** The connector columns a call uses. */
export type PlannedConnector = Pick<
  ConnectorView,
  'id' | 'name' | 'status' | 'providerName' | 'authType' | 'authConfig' | 'credentialMode' | 'baseUrl' | 'serverVariables' | 'extraParameters' | 'credentialsOrigin'
>;

/** An assignment at one of the context's levels, with its connector and the secrets the call may use. */
export type PlannedCandidate = Candidate & Omit<PlannedConnector, 'providerName'> & { secrets: Pick<ConnectorSecret, 'name' | 'userId' | 'ciphertext'>[] };

export type CallState = {
  provider: { id: string; name: string; slug: string; currentVersionId: string | null };
  /** Null when the current version has no tool of that name. */
  operation: { toolName: string; method: string; path: string } | null;
  disabled: boolean;
  /** The names of the context's levels (null: not found). */
  names: { outer: string | null; inner: string | null };
  candidates: PlannedCandidate[];
  /** Whether `userId` is a member of the workspace; false without one. */
  member: boolean;
};

/** The assignment columns that name a context's levels, each with its id. */
function assignedInContext(context: ContextOf<Placeholder>): SQL {
  const levels =
    'workflowId' in context
      ? [eq(connectorAssignments.workflowId, context.workflowId), eq(connectorAssignments.nodeId, context.nodeId!)]
      : [eq(connectorAssignments.workerId, context.workerId), eq(connectorAssignments.skillId, context.skillId!)];
  return or(...levels)!;
}

/**
 * The statement, built once per database handle and kind of context: building its SQL costs more
 * than running it once prepared. An absent inner level, or no person, is a null parameter that
 * matches nothing.
 */
function callStateStatement(db: Db, kind: 'worker' | 'workflow') {
  const workspaceId = sql.placeholder('workspaceId');
  const userId = sql.placeholder('userId');
  const context: ContextOf<Placeholder> =
    kind === 'worker'
      ? { workerId: sql.placeholder('outerId'), skillId: sql.placeholder('innerId') }
      : { workflowId: sql.placeholder('outerId'), nodeId: sql.placeholder('innerId') };
  const names = contextNamesSql(workspaceId, context);
  // A per-user connector overlays the person's own secrets on the shared ones; nobody else's are read.
  const secrets = sql`(select coalesce(json_agg(json_build_object('name', ${connectorSecrets.name}, 'userId', ${connectorSecrets.userId}, 'ciphertext', ${connectorSecrets.ciphertext})), '[]'::json)
    from ${connectorSecrets}
    where ${connectorSecrets.connectorId} = ${connectors.id} and ${connectorSecrets.workspaceId} = ${workspaceId} and (${connectorSecrets.userId} is null or ${connectorSecrets.userId} = ${userId}))`;
  const candidates = sql<PlannedCandidate[]>`(select coalesce(json_agg(json_build_object(
      'targetType', ${connectorAssignments.targetType}, 'workflowId', ${connectorAssignments.workflowId}, 'nodeId', ${connectorAssignments.nodeId}, 'workerId', ${connectorAssignments.workerId}, 'skillId', ${connectorAssignments.skillId},
      'id', ${connectors.id}, 'name', ${connectors.name}, 'status', ${connectors.status}, 'authType', ${connectors.authType}, 'authConfig', ${connectors.authConfig}, 'credentialMode', ${connectors.credentialMode},
      'baseUrl', ${connectors.baseUrl}, 'serverVariables', ${connectors.serverVariables}, 'extraParameters', ${connectors.extraParameters}, 'credentialsOrigin', ${connectors.credentialsOrigin}, 'secrets', ${secrets})), '[]'::json)
    from ${connectorAssignments} inner join ${connectors} on ${connectors.id} = ${connectorAssignments.connectorId}
    where ${connectorAssignments.workspaceId} = ${workspaceId} and ${connectorAssignments.providerId} = ${providers.id} and (${assignedInContext(context)}))`;
  return (
    db
      .select({
        providerId: providers.id,
        providerName: providers.name,
        providerSlug: providers.slug,
        currentVersionId: providers.currentVersionId,
        toolName: operations.toolName,
        method: operations.method,
        path: operations.path,
        disabled: sql<boolean>`exists (select 1 from ${disabledTools} where ${disabledTools.providerId} = ${providers.id} and ${disabledTools.toolName} = ${operations.toolName})`,
        outer: names.outer,
        inner: names.inner,
        candidates,
        member: sql<boolean>`exists (select 1 from ${memberships} where ${memberships.workspaceId} = ${workspaceId} and ${memberships.userId} = ${userId})`,
      })
      .from(providers)
      .leftJoin(operations, and(eq(operations.versionId, providers.currentVersionId), eq(operations.toolName, sql.placeholder('toolName'))))
      .where(and(eq(providers.workspaceId, workspaceId), eq(providers.slug, sql.placeholder('slug'))))
      // Planning it also costs more than running it: on PostgreSQL a prepared statement is planned
      // once per connection (PGlite ignores the name and plans every time).
      .prepare(`runtime_call_state_${kind}`)
  );
}

const statements = new WeakMap<Db, Partial<Record<'worker' | 'workflow', ReturnType<typeof callStateStatement>>>>();

/** The state of a call to `toolName` of the provider `slug`; undefined when the workspace has no such provider. */
export async function readCallState({
  db,
  workspaceId,
  slug,
  toolName,
  context,
  userId,
}: {
  db: Db;
  workspaceId: string;
  slug: string;
  toolName: string;
  context: CallContext;
  userId?: string | null;
}): Promise<CallState | undefined> {
  const kind = 'workflowId' in context ? 'workflow' : 'worker';
  let byKind = statements.get(db);
  if (!byKind) statements.set(db, (byKind = {}));
  const statement = (byKind[kind] ??= callStateStatement(db, kind));
  const [outerId, innerId] = 'workflowId' in context ? [context.workflowId, context.nodeId] : [context.workerId, context.skillId];
  const [row] = await statement.execute({ workspaceId, slug, toolName, outerId, innerId: innerId ?? null, userId: userId ?? null });
  if (!row) return undefined;
  return {
    provider: { id: row.providerId, name: row.providerName, slug: row.providerSlug, currentVersionId: row.currentVersionId },
    operation: row.toolName !== null && row.method !== null && row.path !== null ? { toolName: row.toolName, method: row.method, path: row.path } : null,
    disabled: row.disabled,
    names: { outer: row.outer, inner: row.inner },
    candidates: row.candidates,
    member: row.member,
  };
}

export type OperationContent = { detail: OperationDetail; servers: Server[] };

const MAX_CACHED = 1000;
const contents = new Map<string, OperationContent>();

/**
 * An operation's detail and its version's servers. Both belong to a version, which never changes
 * once saved, so they are kept by version id and tool name (the oldest dropped past 1,000).
 */
export async function operationContent({ db, versionId, toolName }: { db: Db; versionId: string; toolName: string }): Promise<OperationContent | undefined> {
  const key = `${versionId}:${toolName}`;
  const known = contents.get(key);
  if (known) return known;
  const [row] = await db
    .select({ detail: operations.detail, servers: providerVersions.servers })
    .from(operations)
    .innerJoin(providerVersions, eq(providerVersions.id, operations.versionId))
    .where(and(eq(operations.versionId, versionId), eq(operations.toolName, toolName)));
  if (!row) return undefined;
  if (contents.size >= MAX_CACHED) contents.delete(contents.keys().next().value!);
  contents.set(key, row);
  return row;
}
