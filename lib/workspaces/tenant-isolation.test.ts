// Every domain mutation fed the ids of another workspace: each is refused, and the other workspace's
// rows are exactly as they were. The composite (workspace_id, id) keys make the database refuse such a
// reference even where code would forget to check.
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectorAssignments, connectors, importJobs, notifications, operations, providers } from '@/db/schema';
import { createApiToken, revokeApiToken } from '@/lib/api-tokens/tokens';
import { assignConnector, unassignConnector } from '@/lib/connectors/assignments';
import { createConnector, deleteConnector, removeOwnCredential, setConnectorStatus, setOwnCredential, updateConnector } from '@/lib/connectors/connectors';
import { createWorker, createWorkflow, deleteWorker, deleteWorkflow } from '@/lib/connectors/platform';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { createModel, deleteModel, setModelStatus, updateModel } from '@/lib/models/models';
import { modelInputSchema } from '@/lib/models/schema';
import { markRead } from '@/lib/notifications';
import { disconnect } from '@/lib/oauth/flow';
import { processDocument } from '@/lib/openapi';
import { createImportJob } from '@/lib/providers/jobs';
import { deleteProvider, makeVersionCurrent, setToolsEnabled, setToolsEnabledByFilter, updateProviderDetails } from '@/lib/providers/manage';
import { saveImport } from '@/lib/providers/save';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { createInvite, revokeInvite } from './invites';
import { changeMemberRole, removeMember } from './members';

const fixture = (name: string) => fs.readFileSync(path.resolve('test/fixtures', name), 'utf8');

async function importFixture(db: Db, workspaceId: string, actor: ReturnType<typeof actorOf>, name: string, providerId?: string) {
  const text = fixture(name);
  const imported = await processDocument({ text, filename: name });
  if (!imported.ok) throw new Error(`fixture did not import: ${imported.reason}`);
  return saveImport({ db, workspaceId, actor, imported, text, source: 'upload', providerId });
}

const connectorInput = (overrides: Record<string, unknown> = {}) =>
  connectorInputSchema.parse({ name: 'Main', environment: 'production', credentialMode: 'shared', authType: 'bearer', secrets: { token: 'tok-SECRET' }, ...overrides });

/** A workspace with one of everything a mutation can name. */
async function makeWorld(db: Db) {
  const team = await makeTeam(db);
  const actor = actorOf(team.admin);
  const workspaceId = team.workspace.id;
  const first = await importFixture(db, workspaceId, actor, 'petstore-v1.yaml');
  const second = await importFixture(db, workspaceId, actor, 'petstore-v2.yaml', first.providerId);
  const connector = await createConnector({ db, workspaceId, actor, providerId: first.providerId, input: connectorInput() });
  const personal = await createConnector({
    db,
    workspaceId,
    actor,
    providerId: first.providerId,
    input: connectorInput({ name: 'Personal', credentialMode: 'per_user', secrets: {} }),
  });
  await setOwnCredential({ db, workspaceId, actor: actorOf(team.member), connectorId: personal.id, userId: team.member.id, values: { token: 'own-SECRET' } });
  const worker = await createWorker({ db, workspaceId, actor, input: { name: 'Support bot', skills: ['triage'] } });
  const workflow = await createWorkflow({ db, workspaceId, actor, input: { name: 'Onboarding', nodes: ['welcome'] } });
  await assignConnector({ db, workspaceId, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
  const [assignment] = await db.select({ id: connectorAssignments.id }).from(connectorAssignments).where(eq(connectorAssignments.connectorId, connector.id));
  const model = await createModel({
    db,
    workspaceId,
    actor,
    input: modelInputSchema.parse({
      provider: 'openai',
      identifier: 'gpt-4.1',
      displayName: 'GPT-4.1',
      features: [],
      prices: { input: '2', output: '8', cachedInput: '', cacheWrite: '' },
    }),
  });
  const token = await createApiToken({ db, workspaceId, actor, input: { name: 'worker', scopes: ['tools:read'] } });
  const invite = await createInvite({ db, workspaceId, actor, email: `invitee-${workspaceId.slice(0, 8)}@example.test`, role: 'member' });
  const [notification] = await db.insert(notifications).values({ workspaceId, userId: team.admin.id, kind: 'test', title: 'Hello' }).returning();
  return {
    ...team,
    actor,
    providerId: first.providerId,
    firstVersionId: first.versionId,
    secondVersionId: second.versionId,
    connectorId: connector.id,
    personalConnectorId: personal.id,
    workerId: worker.id,
    workflowId: workflow.id,
    assignmentId: assignment!.id,
    modelId: model.id,
    tokenId: token.id,
    inviteId: invite.invite.id,
    notificationId: notification!.id,
  };
}

/** PGlite answers { rows }, postgres.js an array of rows. */
const rowsIn = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? result) as T[];

/** Every row that belongs to the workspace, table by table, as text. */
async function rowsOf(db: Db, workspaceId: string): Promise<string> {
  const tables = await db.execute(sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'workspace_id' order by table_name`);
  const out: Record<string, unknown[]> = {};
  for (const { table_name } of rowsIn<{ table_name: string }>(tables)) {
    out[table_name] = rowsIn(await db.execute(sql`select * from ${sql.identifier(table_name)} where workspace_id = ${workspaceId} order by 1`));
  }
  return JSON.stringify(out);
}

describe('tenant isolation', () => {
  test('every domain mutation refuses the ids of another workspace and leaves its rows untouched', async ({ db }) => {
    const a = await makeWorld(db);
    const b = await makeWorld(db);
    const before = await rowsOf(db, b.workspace.id);
    const counted = JSON.parse(before) as Record<string, unknown[]>;
    expect([counted.connectors?.length, counted.connector_secrets?.length, counted.provider_versions?.length, counted.connector_assignments?.length]).toEqual([2, 2, 2, 1]);
    const attempts: [string, (inA: { db: Db; workspaceId: string; actor: ReturnType<typeof actorOf> }) => Promise<unknown>][] = [
      ['rename a provider', (inA) => updateProviderDetails({ ...inA, providerId: b.providerId, details: { name: 'Taken', slug: 'taken' } })],
      ['turn tools off', (inA) => setToolsEnabled({ ...inA, providerId: b.providerId, toolNames: ['listPets'], enabled: false })],
      ['turn tools off by filter', (inA) => setToolsEnabledByFilter({ ...inA, providerId: b.providerId, filter: {}, enabled: false })],
      ["make another workspace's version current", (inA) => makeVersionCurrent({ ...inA, providerId: b.providerId, versionId: b.firstVersionId })],
      ["make another workspace's version current on our provider", (inA) => makeVersionCurrent({ ...inA, providerId: a.providerId, versionId: b.firstVersionId })],
      ['delete a provider', (inA) => deleteProvider({ ...inA, providerId: b.providerId, confirmRemoveConnectors: true })],
      ["create a connector on another workspace's provider", (inA) => createConnector({ ...inA, providerId: b.providerId, input: connectorInput({ name: 'Sneaky' }) })],
      ['edit a connector', (inA) => updateConnector({ ...inA, connectorId: b.connectorId, input: connectorInput({ name: 'Edited' }) })],
      ['disable a connector', (inA) => setConnectorStatus({ ...inA, connectorId: b.connectorId, enabled: false })],
      ['delete a connector', (inA) => deleteConnector({ ...inA, connectorId: b.connectorId })],
      ['set an own credential', (inA) => setOwnCredential({ ...inA, connectorId: b.personalConnectorId, userId: a.admin.id, values: { token: 'x' } })],
      ["remove someone's own credential", (inA) => removeOwnCredential({ ...inA, connectorId: b.personalConnectorId, userId: b.member.id })],
      ["assign our connector to another workspace's worker", (inA) => assignConnector({ ...inA, connectorId: a.connectorId, target: { type: 'worker', id: b.workerId } })],
      ["assign another workspace's connector to our worker", (inA) => assignConnector({ ...inA, connectorId: b.connectorId, target: { type: 'worker', id: a.workerId } })],
      ['remove an assignment', (inA) => unassignConnector({ ...inA, assignmentId: b.assignmentId })],
      ['delete a worker', (inA) => deleteWorker({ ...inA, workerId: b.workerId })],
      ['delete a workflow', (inA) => deleteWorkflow({ ...inA, workflowId: b.workflowId })],
      [
        'edit a model',
        (inA) =>
          updateModel({
            ...inA,
            modelId: b.modelId,
            input: modelInputSchema.parse({
              provider: 'openai',
              identifier: 'gpt-x',
              displayName: 'X',
              features: [],
              prices: { input: '1', output: '1', cachedInput: '', cacheWrite: '' },
            }),
          }),
      ],
      ['disable a model', (inA) => setModelStatus({ ...inA, modelId: b.modelId, status: 'inactive' })],
      ['delete a model', (inA) => deleteModel({ ...inA, modelId: b.modelId })],
      ['revoke an API token', (inA) => revokeApiToken({ ...inA, tokenId: b.tokenId })],
      ['revoke an invite', (inA) => revokeInvite({ ...inA, inviteId: b.inviteId })],
      ["change another workspace's member's role", (inA) => changeMemberRole({ ...inA, userId: b.member.id, role: 'admin' })],
      ["remove another workspace's member", (inA) => removeMember({ ...inA, userId: b.member.id })],
      ['disconnect an OAuth connection', (inA) => disconnect({ ...inA, connectorId: b.connectorId, ownerUserId: null, allowPrivateNetwork: true })],
      [
        "start an import into another workspace's provider",
        (inA) => createImportJob({ ...inA, source: { kind: 'url', url: 'https://example.com/openapi.json' }, providerId: b.providerId }),
      ],
    ];

    const accepted: string[] = [];
    for (const [name, attempt] of attempts) {
      // Each attempt in its own savepoint, so a refusal by the database does not end the test's transaction.
      const outcome = await db
        .transaction((tx) => attempt({ db: tx, workspaceId: a.workspace.id, actor: a.actor }))
        .then(
          () => 'accepted',
          () => 'refused',
        );
      if (outcome === 'accepted') accepted.push(name);
    }
    expect(accepted).toEqual([]);
    // Marking read names ids: another workspace's notification is simply not ours to mark.
    expect(await markRead({ db, workspaceId: a.workspace.id, userId: a.admin.id, ids: [b.notificationId] })).toBe(0);

    expect(await rowsOf(db, b.workspace.id)).toBe(before);
  });

  test('the database refuses a row that points into another workspace, whatever the code does', async ({ db }) => {
    const a = await makeWorld(db);
    const b = await makeWorld(db);
    const [bOperation] = await db
      .select({ id: operations.id })
      .from(operations)
      .where(sql`${operations.workspaceId} = ${b.workspace.id}`)
      .limit(1);
    expect(bOperation).toBeDefined();

    const forged: [string, (tx: Db) => Promise<unknown>][] = [
      ['connector on a foreign provider', (tx) => tx.insert(connectors).values({ workspaceId: a.workspace.id, providerId: b.providerId, name: 'forged', authType: 'none' })],
      [
        'assignment of a foreign connector',
        (tx) =>
          tx.insert(connectorAssignments).values({ workspaceId: a.workspace.id, connectorId: b.connectorId, providerId: a.providerId, targetType: 'worker', workerId: a.workerId }),
      ],
      [
        'assignment to a foreign worker',
        (tx) =>
          tx.insert(connectorAssignments).values({ workspaceId: a.workspace.id, connectorId: a.connectorId, providerId: a.providerId, targetType: 'worker', workerId: b.workerId }),
      ],
      [
        'current version from another workspace',
        (tx) =>
          tx
            .update(providers)
            .set({ currentVersionId: b.firstVersionId })
            .where(sql`${providers.id} = ${a.providerId}`),
      ],
      ['import job for a foreign provider', (tx) => tx.insert(importJobs).values({ workspaceId: a.workspace.id, sourceLabel: 'forged', providerId: b.providerId })],
    ];
    for (const [name, write] of forged) {
      const outcome = await db
        .transaction(async (tx) => write(tx))
        .then(
          () => 'accepted',
          (error: unknown) => String((error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code ?? error),
        );
      expect(outcome, name).toBe('23503'); // foreign_key_violation
    }
  });
});
