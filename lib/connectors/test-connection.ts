import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, operations, providers, providerVersions } from '@/db/schema';
import { recordAudit, type Actor } from '@/lib/audit/record';
import { isAppError } from '@/lib/errors';
import { OutboundRequestError } from '@/lib/net/guarded-fetch';
import { buildRequest, resolveBaseUrl, type Credentials } from '@/lib/runtime/build-request';
import { describeRequestSafely, secretMasker, secretsOf, type SafeRequestDescription } from '@/lib/runtime/mask';
import { sendRequest } from '@/lib/runtime/send';
import { accessTokenFor, usesOAuth } from '@/lib/oauth/tokens';
import { getConnector, readSecrets, type ConnectorView } from './connectors';
import { assertCredentialsOrigin, isOriginReason, originOf } from './origin';

export type TestOutcome = {
  ok: boolean;
  /** What the person reads first. */
  summary: string;
  operation?: string;
  status?: number;
  durationMs?: number;
  request?: SafeRequestDescription;
  excerpt?: string;
};

/** The connector's stored secrets as the runtime's credentials. */
export function credentialsOf(connector: Pick<ConnectorView, 'authConfig'>, secrets: Record<string, string>): Credentials {
  return { apiKey: secrets.api_key, username: connector.authConfig.username, password: secrets.password, token: secrets.token ?? secrets.access_token };
}

/** The operation to call: the one the builder chose, else a GET with no required argument, shortest path first. */
async function testOperation(db: Db, connector: ConnectorView, versionId: string) {
  const rows = await db
    .select({ toolName: operations.toolName, method: operations.method, path: operations.path, detail: operations.detail })
    .from(operations)
    .where(and(eq(operations.versionId, versionId), connector.testToolName ? eq(operations.toolName, connector.testToolName) : eq(operations.method, 'GET')))
    .orderBy(asc(operations.path));
  if (connector.testToolName) return rows[0];
  const harmless = rows.filter((r) => r.detail.arguments.every((a) => !a.required));
  return harmless.sort((a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')) || a.path.length - b.path.length)[0];
}

/**
 * Calls a harmless operation through the connector, on the runtime's own request path, and sets the
 * connector's status from the outcome. Nothing secret is in what it returns.
 */
export async function testConnection({
  db,
  workspaceId,
  actor,
  connectorId,
  userId,
  allowPrivateNetwork,
}: {
  db: Db;
  workspaceId: string;
  actor: Actor;
  connectorId: string;
  userId: string | null;
  allowPrivateNetwork?: boolean;
}): Promise<TestOutcome> {
  const connector = await getConnector({ db, workspaceId, connectorId });
  const [provider] = await db.select({ versionId: providers.currentVersionId }).from(providers).where(eq(providers.id, connector.providerId));
  const [version] = provider?.versionId ? await db.select({ servers: providerVersions.servers }).from(providerVersions).where(eq(providerVersions.id, provider.versionId)) : [];
  const operation = provider?.versionId ? await testOperation(db, connector, provider.versionId) : undefined;

  let outcome: TestOutcome;
  let health: { status: 'active' | 'needs_attention'; reason: string | null } | null = null;
  if (!operation || !version) {
    outcome = {
      ok: false,
      summary: connector.testToolName
        ? `The operation "${connector.testToolName}" is not in the provider's current version. Choose another in the connector's settings.`
        : 'The provider has no GET operation without required parameters to call. Choose an operation for Test connection in the connector’s settings.',
    };
  } else {
    const secrets = await readSecrets({ db, workspaceId, connectorId, userId, perUser: connector.credentialMode === 'per_user' });
    const credentials = credentialsOf(connector, secrets);
    const known = [...secretsOf(credentials, connector.authConfig.username), ...Object.values(secrets)];
    const label = `${operation.method} ${operation.path}`;
    try {
      // No stored credential goes anywhere but the origin it was entered for.
      if (connector.authType !== 'none' || Object.keys(secrets).length > 0)
        await assertCredentialsOrigin({ db, workspaceId, connector, origin: originOf(resolveBaseUrl(connector, version.servers, operation.detail.servers)) });
      if (usesOAuth(connector.authType)) {
        const key = { workspaceId, connectorId, userId: connector.credentialMode === 'per_user' ? userId : null };
        const token = await accessTokenFor({ db, connector, key, allowPrivateNetwork });
        credentials.token = token.token;
        known.push(token.token, token.refreshToken ?? '');
      }
      const request = buildRequest({
        detail: operation.detail,
        method: operation.method,
        path: operation.path,
        target: connector,
        documentServers: version.servers,
        credentials,
        args: {},
      });
      const mask = secretMasker(known);
      // Masked as a whole (headers, body of any kind) before any of it is read for the outcome.
      const response = mask.response(await sendRequest(request, { timeoutMs: 15_000, maxResponseBytes: 64 * 1024, maxRetries: 0, allowPrivateNetwork }));
      const text = response.body.kind === 'json' ? JSON.stringify(response.body.value, null, 2) : response.body.kind === 'text' ? response.body.value : response.body.note;
      const ok = response.status < 400;
      outcome = {
        ok,
        summary: ok
          ? `Connected: ${label} answered ${response.status}.`
          : response.status === 401 || response.status === 403
            ? `The API refused the credentials: ${label} answered ${response.status}.`
            : `${label} answered ${response.status}.`,
        operation: label,
        status: response.status,
        durationMs: Math.round(response.durationMs),
        request: describeRequestSafely(request, known),
        excerpt: text.slice(0, 600),
      };
      health = ok
        ? { status: 'active', reason: null }
        : {
            status: 'needs_attention',
            reason: `Test connection: ${label} answered ${response.status}${response.status === 401 || response.status === 403 ? ' (credentials refused)' : ''}.`,
          };
    } catch (error) {
      const message = error instanceof OutboundRequestError || isAppError(error) ? secretMasker(known).text(error.message) : 'The request failed unexpectedly.';
      outcome = { ok: false, summary: `Could not call ${label}: ${message}`, operation: label };
      health = { status: 'needs_attention', reason: isOriginReason(message) ? message : `Test connection: ${message}` };
    }
  }

  await db.transaction(async (tx) => {
    const update = connector.status === 'disabled' || !health ? { lastTestedAt: new Date() } : { lastTestedAt: new Date(), status: health.status, statusReason: health.reason };
    await tx
      .update(connectors)
      .set(update)
      .where(and(eq(connectors.id, connectorId), eq(connectors.workspaceId, workspaceId)));
    await recordAudit({
      db: tx,
      workspaceId,
      actor,
      action: 'connector.tested',
      target: { type: 'connector', id: connectorId, label: `${connector.providerName} · ${connector.name}` },
      summary: { ok: outcome.ok, operation: outcome.operation ?? null, status: outcome.status ?? null },
    });
  });
  return outcome;
}
