import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { invocations, workspaces } from '@/db/schema';
import { assignConnector } from '@/lib/connectors/assignments';
import { createConnector, setOwnCredential, updateConnector } from '@/lib/connectors/connectors';
import { createWorker, createWorkflow, listWorkers, listWorkflows } from '@/lib/connectors/platform';
import { levelsFrom, pickConnector, resolveConnector, type CallContext } from '@/lib/connectors/resolve';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { log } from '@/lib/log';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { makeVersionCurrent, setToolsEnabled } from '@/lib/providers/manage';
import { saveImport } from '@/lib/providers/save';
import { actorOf, makeProvider, makeTeam } from '@/test/factories';
import { committingDatabase, describe, expect, test } from '@/test/db';
import { flushInvocations, recordInvocation } from './invocation-log';
import { invokeTool, recentInvocations } from './invoke';
import { readCallState } from './plan';
import { startPeer, type Peer } from './test-peer';

let peer: Peer;
beforeAll(async () => {
  peer = await startPeer();
});
afterAll(() => peer.close());

type Db = Parameters<typeof saveImport>[0]['db'];
const fixture = (name: string) => fs.readFileSync(path.resolve('test/fixtures', name), 'utf8');
const keyInput = (key: string) =>
  connectorInputSchema.parse({
    name: 'Pets',
    environment: 'production',
    credentialMode: 'shared',
    authType: 'api_key',
    apiKey: { name: 'X-API-Key', in: 'header' },
    secrets: { api_key: key },
    baseUrl: peer.url,
  });

async function world(db: Db) {
  const team = await makeTeam(db);
  const actor = actorOf(team.builder);
  const workspaceId = team.workspace.id;
  const text = fixture('petstore-v1.yaml');
  const v1 = await saveImport({ db, workspaceId, actor, imported: (await processDocument({ text })) as ImportedDocument, text, source: 'upload' });
  const connector = await createConnector({ db, workspaceId, actor, providerId: v1.providerId, input: keyInput('key-ONE') });
  const worker = await createWorker({ db, workspaceId, actor, input: { name: 'Bot', skills: [] } });
  await assignConnector({ db, workspaceId, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
  const call = (tool: string, args: Record<string, unknown> = { petId: '7' }) =>
    invokeTool({
      db,
      workspaceId,
      caller: { type: 'api_token', label: 't' },
      context: { workerId: worker.id },
      tool: { name: `pet-store__${tool}` },
      args,
      allowPrivateNetwork: true,
    });
  return { ...team, actor, workspaceId, v1, connector, worker, call };
}

describe('every call sees the state of the moment', () => {
  test('a tool turned off, or back on, counts from the very next call', async ({ db }) => {
    const w = await world(db);
    expect((await w.call('showPetById')).status).toBe(200);
    await setToolsEnabled({ db, workspaceId: w.workspaceId, actor: w.actor, providerId: w.v1.providerId, toolNames: ['showPetById'], enabled: false });
    await expect(w.call('showPetById')).rejects.toMatchObject({ code: 'forbidden' });
    await setToolsEnabled({ db, workspaceId: w.workspaceId, actor: w.actor, providerId: w.v1.providerId, toolNames: ['showPetById'], enabled: true });
    expect((await w.call('showPetById')).status).toBe(200);
  });

  test('a new current version, and a roll back, count from the very next call', async ({ db }) => {
    const w = await world(db);
    expect((await w.call('deletePet')).status).toBe(200);
    const text = fixture('petstore-v2.yaml');
    await saveImport({
      db,
      workspaceId: w.workspaceId,
      actor: w.actor,
      providerId: w.v1.providerId,
      imported: (await processDocument({ text })) as ImportedDocument,
      text,
      source: 'upload',
    });
    await expect(w.call('deletePet')).rejects.toThrow('Pet Store has no tool "deletePet" in its current version.');
    peer.arrivals.length = 0;
    expect((await w.call('placeOrder', {})).status).toBe(200);
    expect(peer.arrivals[0]).toMatchObject({ method: 'POST', target: '/store/orders' });
    await makeVersionCurrent({ db, workspaceId: w.workspaceId, actor: w.actor, providerId: w.v1.providerId, versionId: w.v1.versionId });
    expect((await w.call('deletePet')).status).toBe(200);
    await expect(w.call('placeOrder', {})).rejects.toMatchObject({ code: 'not_found' });
  });

  test("a connector's replaced secret and a new assignment count from the very next call", async ({ db }) => {
    const w = await world(db);
    peer.arrivals.length = 0;
    await w.call('showPetById');
    await updateConnector({ db, workspaceId: w.workspaceId, actor: w.actor, connectorId: w.connector.id, input: keyInput('key-TWO') });
    await w.call('showPetById');
    expect(peer.arrivals.map((a) => a.headers['x-api-key'])).toEqual(['key-ONE', 'key-TWO']);

    const other = await createConnector({ db, workspaceId: w.workspaceId, actor: w.actor, providerId: w.v1.providerId, input: { ...keyInput('key-THREE'), name: 'Other' } });
    await assignConnector({ db, workspaceId: w.workspaceId, actor: w.actor, connectorId: other.id, target: { type: 'worker', id: w.worker.id } });
    await expect(w.call('showPetById')).rejects.toThrow('Connectors "Other" and "Pets" are both assigned to worker Bot for Pet Store.');
  });

  test("a per-user connector's call reads the shared secrets and the caller's own, nobody else's", async ({ db }) => {
    const w = await world(db);
    await updateConnector({ db, workspaceId: w.workspaceId, actor: w.actor, connectorId: w.connector.id, input: { ...keyInput('key-SHARED'), credentialMode: 'per_user' } });
    await setOwnCredential({ db, workspaceId: w.workspaceId, actor: actorOf(w.member), connectorId: w.connector.id, userId: w.member.id, values: { api_key: 'member-KEY' } });
    await setOwnCredential({ db, workspaceId: w.workspaceId, actor: actorOf(w.admin), connectorId: w.connector.id, userId: w.admin.id, values: { api_key: 'admin-KEY' } });
    const state = await readCallState({ db, workspaceId: w.workspaceId, slug: 'pet-store', toolName: 'showPetById', context: { workerId: w.worker.id }, userId: w.member.id });
    expect(state?.member).toBe(true);
    expect(state?.candidates[0]?.secrets.map((s) => s.userId ?? 'shared').sort()).toEqual([w.member.id, 'shared'].sort());
  });
});

describe('resolution in the one-statement read', () => {
  test('decides exactly as resolveConnector, case by case', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const ws = workspace.id;
    const actor = actorOf(builder);
    const provider = await makeProvider(db, ws, 'Gmail');
    const make = (name: string) =>
      createConnector({
        db,
        workspaceId: ws,
        actor,
        providerId: provider.id,
        input: connectorInputSchema.parse({ name, environment: 'production', credentialMode: 'shared', authType: 'bearer', secrets: { token: `tok-${name}` } }),
      });
    const [a, b, c] = [await make('A'), await make('B'), await make('C')];
    await createWorker({ db, workspaceId: ws, actor, input: { name: 'Support bot', skills: ['triage', 'reply'] } });
    await createWorkflow({ db, workspaceId: ws, actor, input: { name: 'Onboarding', nodes: ['welcome', 'follow-up'] } });
    const [worker] = await listWorkers({ db, workspaceId: ws });
    const [workflow] = await listWorkflows({ db, workspaceId: ws });
    const skill = (name: string) => worker!.skills.find((s) => s.name === name)!.id;
    const node = (name: string) => workflow!.nodes.find((n) => n.name === name)!.id;
    const assign = (connectorId: string, type: 'worker' | 'worker_skill' | 'workflow' | 'workflow_node', id: string) =>
      assignConnector({ db, workspaceId: ws, actor, connectorId, target: { type, id } });

    const viaState = async (context: CallContext) => {
      const state = (await readCallState({ db, workspaceId: ws, slug: provider.slug, toolName: 'any', context }))!;
      return pickConnector({ levels: levelsFrom(context, state.names), candidates: state.candidates, providerName: state.provider.name }).resolution;
    };
    const contexts: CallContext[] = [
      { workerId: worker!.id },
      { workerId: worker!.id, skillId: skill('triage') },
      { workerId: worker!.id, skillId: skill('reply') },
      { workflowId: workflow!.id },
      { workflowId: workflow!.id, nodeId: node('welcome') },
      { workflowId: workflow!.id, nodeId: node('follow-up') },
    ];
    const compare = async () => {
      for (const context of contexts)
        expect(await viaState(context), JSON.stringify(context)).toEqual(await resolveConnector({ db, workspaceId: ws, providerId: provider.id, context }));
    };
    await compare(); // none anywhere
    await assign(a.id, 'worker', worker!.id);
    await assign(b.id, 'worker_skill', skill('triage'));
    await assign(c.id, 'workflow', workflow!.id);
    await assign(b.id, 'workflow_node', node('welcome'));
    await compare();
    await assign(c.id, 'worker', worker!.id); // a tie at the worker level
    await compare();

    await expect(viaState({ workerId: crypto.randomUUID() })).rejects.toThrow('That worker was not found in this workspace.');
    await expect(viaState({ workflowId: workflow!.id, nodeId: skill('triage') })).rejects.toThrow('That node is not part of workflow Onboarding.');
  });
});

// These two write outside a transaction, so their rows are committed: on PostgreSQL they get a
// scratch database, so tests in other files never see them (first-run setup looks at every user).
describe('the invocation log', () => {
  test('outside a transaction, records are queued, written together, and read back by recentInvocations', async ({ database }) => {
    const own = await committingDatabase(database);
    const db = own.db;
    const team = await makeTeam(db);
    const workspaceId = team.workspace.id;
    try {
      const actor = actorOf(team.builder);
      const text = fixture('petstore-v1.yaml');
      const saved = await saveImport({ db, workspaceId, actor, imported: (await processDocument({ text })) as ImportedDocument, text, source: 'upload' });
      const connector = await createConnector({
        db,
        workspaceId,
        actor,
        providerId: saved.providerId,
        input: connectorInputSchema.parse({ name: 'Open', environment: 'production', credentialMode: 'shared', authType: 'none', baseUrl: peer.url }),
      });
      const worker = await createWorker({ db, workspaceId, actor, input: { name: 'Bot', skills: [] } });
      await assignConnector({ db, workspaceId, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
      const call = () =>
        invokeTool({
          db,
          workspaceId,
          caller: { type: 'mcp', label: 'bot' },
          context: { workerId: worker.id },
          tool: { name: 'pet-store__showPetById' },
          args: { petId: '7' },
          allowPrivateNetwork: true,
        });
      await call();
      await call();
      const recent = await recentInvocations({ db, workspaceId, connectorId: connector.id });
      expect(recent).toHaveLength(2);
      expect(recent[0]).toMatchObject({ toolName: 'pet-store__showPetById', status: 200, callerLabel: 'bot', error: null });
    } finally {
      await db.delete(workspaces).where(eq(workspaces.id, workspaceId));
      await own.done();
    }
  });

  test('a record that cannot be written is logged, and does not take the others of its batch with it', async ({ database }) => {
    const own = await committingDatabase(database);
    const db = own.db;
    const { workspace } = await makeTeam(db);
    const errors = vi.spyOn(log, 'error').mockImplementation(() => {});
    try {
      const record = { workspaceId: workspace.id, callerType: 'mcp' as const, callerLabel: 'bot', context: {}, latencyMs: 1 };
      await recordInvocation(db, { ...record, toolName: 'kept__one' });
      await recordInvocation(db, { ...record, toolName: 'lost__one', providerId: crypto.randomUUID() });
      await recordInvocation(db, { ...record, toolName: 'kept__two' });
      await flushInvocations(db);
      const stored = await db.select({ toolName: invocations.toolName }).from(invocations).where(eq(invocations.workspaceId, workspace.id));
      expect(stored.map((r) => r.toolName).sort()).toEqual(['kept__one', 'kept__two']);
      expect(errors).toHaveBeenCalledWith('runtime.invocation_not_recorded', expect.objectContaining({ toolName: 'lost__one' }));
    } finally {
      errors.mockRestore();
      await db.delete(workspaces).where(eq(workspaces.id, workspace.id));
      await own.done();
    }
  });
});
