import { listAuditEntries } from '@/lib/audit/query';
import { actorOf, makeProvider, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { connectorSecrets } from '@/db/schema';
import { assignConnector, listAssignments, unassignConnector } from './assignments';
import {
  createConnector,
  deleteConnector,
  getConnector,
  listConnectors,
  readSecrets,
  removeOwnCredential,
  secretStatus,
  setConnectorStatus,
  setOwnCredential,
  updateConnector,
} from './connectors';
import { createWorker, createWorkflow, listWorkers, listWorkflows } from './platform';
import { effectiveConnectors, resolveConnector } from './resolve';
import { connectorInputSchema, type ConnectorInput } from './schema';

const input = (overrides: Record<string, unknown> = {}): ConnectorInput =>
  connectorInputSchema.parse({ name: 'Main', environment: 'production', credentialMode: 'shared', authType: 'bearer', secrets: { token: 'tok-SECRET-1' }, ...overrides });

describe('connectors', () => {
  test('secrets are stored encrypted, shown only as set, and replaced without being read back', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const provider = await makeProvider(db, workspace.id);
    const connector = await createConnector({
      db,
      workspaceId: workspace.id,
      actor: actorOf(builder),
      providerId: provider.id,
      input: input({
        extraParameters: [
          { name: 'tenant', secret: false, value: 'acme' },
          { name: 'signing', secret: true, value: 'sig-SECRET-2' },
        ],
      }),
    });
    const view = await getConnector({ db, workspaceId: workspace.id, connectorId: connector.id });
    expect(JSON.stringify(view)).not.toMatch(/SECRET/);
    expect(view.extraParameters).toEqual([
      { name: 'tenant', secret: false, value: 'acme' },
      { name: 'signing', secret: true },
    ]);
    const rows = await db.select().from(connectorSecrets);
    expect(rows.map((r) => r.ciphertext).join()).not.toMatch(/SECRET/);
    expect(rows.every((r) => r.ciphertext.startsWith('v1:'))).toBe(true);
    expect((await secretStatus({ db, workspaceId: workspace.id, connectorId: connector.id })).map((s) => [s.name, s.updatedBy])).toEqual([
      ['param:signing', builder.name],
      ['token', builder.name],
    ]);
    expect(await readSecrets({ db, workspaceId: workspace.id, connectorId: connector.id })).toEqual({ token: 'tok-SECRET-1', 'param:signing': 'sig-SECRET-2' });

    // Saving without a secret keeps it; a new value replaces it; switching auth type drops the old one.
    await updateConnector({
      db,
      workspaceId: workspace.id,
      actor: actorOf(builder),
      connectorId: connector.id,
      input: input({ name: 'Main', secrets: {}, extraParameters: [{ name: 'signing', secret: true }] }),
    });
    expect((await readSecrets({ db, workspaceId: workspace.id, connectorId: connector.id })).token).toBe('tok-SECRET-1');
    await updateConnector({
      db,
      workspaceId: workspace.id,
      actor: actorOf(builder),
      connectorId: connector.id,
      input: input({ authType: 'api_key', apiKey: { name: 'X-Key', in: 'header' }, secrets: { api_key: 'key-SECRET-3' } }),
    });
    expect(await readSecrets({ db, workspaceId: workspace.id, connectorId: connector.id })).toEqual({ api_key: 'key-SECRET-3' });

    const audit = JSON.stringify((await listAuditEntries({ db, workspaceId: workspace.id })).entries);
    expect(audit).not.toMatch(/SECRET/);
    expect(audit).toContain('"storedFieldsSet":["token","param:signing"]');
  });

  test('several connectors per provider, names unique per provider; disable and delete are audited', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const provider = await makeProvider(db, workspace.id);
    const actor = actorOf(builder);
    const first = await createConnector({ db, workspaceId: workspace.id, actor, providerId: provider.id, input: input({ name: 'Gmail (ops)' }) });
    await createConnector({ db, workspaceId: workspace.id, actor, providerId: provider.id, input: input({ name: 'Gmail (sales)', environment: 'staging' }) });
    await expect(createConnector({ db, workspaceId: workspace.id, actor, providerId: provider.id, input: input({ name: 'Gmail (ops)' }) })).rejects.toThrow(
      /already has a connector named "Gmail \(ops\)"/,
    );
    expect((await listConnectors({ db, workspaceId: workspace.id })).map((c) => [c.name, c.environment])).toEqual([
      ['Gmail (ops)', 'production'],
      ['Gmail (sales)', 'staging'],
    ]);
    await setConnectorStatus({ db, workspaceId: workspace.id, actor, connectorId: first.id, enabled: false });
    expect((await getConnector({ db, workspaceId: workspace.id, connectorId: first.id })).status).toBe('disabled');
    await deleteConnector({ db, workspaceId: workspace.id, actor, connectorId: first.id });
    const actions = (await listAuditEntries({ db, workspaceId: workspace.id })).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['connector.created', 'connector.disabled', 'connector.deleted']));
  });

  test('on a per-user connector each person keeps their own credential, used only for them', async ({ db }) => {
    const { workspace, builder, member, admin } = await makeTeam(db);
    const provider = await makeProvider(db, workspace.id);
    const perUser = await createConnector({
      db,
      workspaceId: workspace.id,
      actor: actorOf(builder),
      providerId: provider.id,
      input: input({ credentialMode: 'per_user', secrets: {} }),
    });
    await setOwnCredential({ db, workspaceId: workspace.id, actor: actorOf(member), connectorId: perUser.id, userId: member.id, values: { token: 'member-own-SECRET' } });
    expect(await readSecrets({ db, workspaceId: workspace.id, connectorId: perUser.id, userId: member.id })).toEqual({ token: 'member-own-SECRET' });
    expect(await readSecrets({ db, workspaceId: workspace.id, connectorId: perUser.id, userId: admin.id })).toEqual({});
    expect(await readSecrets({ db, workspaceId: workspace.id, connectorId: perUser.id })).toEqual({});
    await removeOwnCredential({ db, workspaceId: workspace.id, actor: actorOf(member), connectorId: perUser.id, userId: member.id });
    expect(await readSecrets({ db, workspaceId: workspace.id, connectorId: perUser.id, userId: member.id })).toEqual({});

    const shared = await createConnector({ db, workspaceId: workspace.id, actor: actorOf(builder), providerId: provider.id, input: input({ name: 'Shared' }) });
    await expect(setOwnCredential({ db, workspaceId: workspace.id, actor: actorOf(member), connectorId: shared.id, userId: member.id, values: { token: 'x' } })).rejects.toThrow(
      /shared credential/,
    );
  });

  test('bad input is explained field by field', () => {
    const result = connectorInputSchema.safeParse({
      name: '',
      environment: 'production',
      credentialMode: 'shared',
      authType: 'api_key',
      apiKey: { name: 'bad name!', in: 'body' },
      baseUrl: 'ftp://x',
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'apiKey.name', 'apiKey.in', 'baseUrl']));
  });

  test('another workspace can neither see nor use a connector by id', async ({ db }) => {
    const a = await makeTeam(db);
    const b = await makeTeam(db);
    const provider = await makeProvider(db, a.workspace.id);
    const connector = await createConnector({ db, workspaceId: a.workspace.id, actor: actorOf(a.builder), providerId: provider.id, input: input() });
    const worker = await createWorker({ db, workspaceId: b.workspace.id, actor: actorOf(b.builder), input: { name: 'Bot', skills: [] } });
    await expect(getConnector({ db, workspaceId: b.workspace.id, connectorId: connector.id })).rejects.toThrow(/not found/);
    await expect(readSecrets({ db, workspaceId: b.workspace.id, connectorId: connector.id })).resolves.toEqual({});
    await expect(updateConnector({ db, workspaceId: b.workspace.id, actor: actorOf(b.admin), connectorId: connector.id, input: input() })).rejects.toThrow(/not found/);
    await expect(deleteConnector({ db, workspaceId: b.workspace.id, actor: actorOf(b.admin), connectorId: connector.id })).rejects.toThrow(/not found/);
    await expect(
      assignConnector({ db, workspaceId: b.workspace.id, actor: actorOf(b.admin), connectorId: connector.id, target: { type: 'worker', id: worker.id } }),
    ).rejects.toThrow(/not found/);
    // Nor assign A's connector to B's worker from A.
    await expect(
      assignConnector({ db, workspaceId: a.workspace.id, actor: actorOf(a.admin), connectorId: connector.id, target: { type: 'worker', id: worker.id } }),
    ).rejects.toThrow(/worker was not found/);
    expect(await listConnectors({ db, workspaceId: b.workspace.id })).toEqual([]);
  });
});

describe('resolution', () => {
  async function world(db: Parameters<typeof createWorker>[0]['db']) {
    const team = await makeTeam(db);
    const actor = actorOf(team.builder);
    const ws = team.workspace.id;
    const provider = await makeProvider(db, ws, 'Gmail');
    const other = await makeProvider(db, ws, 'Slack');
    const make = (name: string, providerId = provider.id) => createConnector({ db, workspaceId: ws, actor, providerId, input: input({ name }) });
    const c = { a: await make('A'), b: await make('B'), c: await make('C'), slack: await make('S', other.id) };
    await createWorker({ db, workspaceId: ws, actor, input: { name: 'Support bot', skills: ['triage', 'reply'] } });
    await createWorkflow({ db, workspaceId: ws, actor, input: { name: 'Onboarding', nodes: ['welcome', 'follow-up'] } });
    const [worker] = await listWorkers({ db, workspaceId: ws });
    const [workflow] = await listWorkflows({ db, workspaceId: ws });
    const skill = (name: string) => worker!.skills.find((s) => s.name === name)!.id;
    const node = (name: string) => workflow!.nodes.find((n) => n.name === name)!.id;
    const assign = (connectorId: string, type: 'worker' | 'worker_skill' | 'workflow' | 'workflow_node', id: string) =>
      assignConnector({ db, workspaceId: ws, actor, connectorId, target: { type, id } });
    const resolve = (context: Parameters<typeof resolveConnector>[0]['context'], providerId = provider.id) => resolveConnector({ db, workspaceId: ws, providerId, context });
    return { ws, actor, provider, other, c, worker: worker!, workflow: workflow!, skill, node, assign, resolve };
  }

  test('the rules, case by case', async ({ db }) => {
    const w = await world(db);
    const name = (r: Awaited<ReturnType<typeof w.resolve>>) => (r.ok ? `${r.connector.name} via ${r.via.level}` : `${r.code}: ${r.message}`);

    // Nothing assigned: an explicit answer naming the provider and the context.
    expect(name(await w.resolve({ workerId: w.worker.id, skillId: w.skill('triage') }))).toBe(
      'none: No connector is assigned for Gmail to skill Support bot › triage or worker Support bot. Assign one in Your Connectors.',
    );

    await w.assign(w.c.a.id, 'worker', w.worker.id);
    await w.assign(w.c.b.id, 'worker_skill', w.skill('triage'));
    await w.assign(w.c.c.id, 'workflow', w.workflow.id);
    await w.assign(w.c.b.id, 'workflow_node', w.node('welcome'));

    const cases: [Parameters<typeof w.resolve>[0], string][] = [
      [{ workerId: w.worker.id }, 'A via worker'],
      [{ workerId: w.worker.id, skillId: w.skill('triage') }, 'B via worker_skill'], // skill beats worker
      [{ workerId: w.worker.id, skillId: w.skill('reply') }, 'A via worker'], // falls back to the worker
      [{ workflowId: w.workflow.id }, 'C via workflow'],
      [{ workflowId: w.workflow.id, nodeId: w.node('welcome') }, 'B via workflow_node'], // node beats workflow
      [{ workflowId: w.workflow.id, nodeId: w.node('follow-up') }, 'C via workflow'],
    ];
    for (const [context, expected] of cases) expect(name(await w.resolve(context)), JSON.stringify(context)).toBe(expected);

    // Another provider has its own assignments: none here.
    expect((await w.resolve({ workerId: w.worker.id }, w.other.id)).ok).toBe(false);

    // Two at the same level: an error naming both, never the first one found.
    await w.assign(w.c.c.id, 'worker', w.worker.id);
    const ambiguous = await w.resolve({ workerId: w.worker.id, skillId: w.skill('reply') });
    expect(ambiguous).toMatchObject({ ok: false, code: 'ambiguous', candidates: ['A', 'C'] });
    expect(name(ambiguous)).toContain('Connectors "A" and "C" are both assigned to worker Support bot for Gmail');
    // …but the more specific skill still decides on its own.
    expect(name(await w.resolve({ workerId: w.worker.id, skillId: w.skill('triage') }))).toBe('B via worker_skill');

    // A disabled winner is reported, not skipped.
    await setConnectorStatus({ db, workspaceId: w.ws, actor: w.actor, connectorId: w.c.b.id, enabled: false });
    expect(await w.resolve({ workerId: w.worker.id, skillId: w.skill('triage') })).toMatchObject({ ok: false, code: 'disabled' });

    // Unassigning puts the next level back in charge.
    const assignment = (await listAssignments({ db, workspaceId: w.ws, connectorId: w.c.c.id })).find((a) => a.targetType === 'worker')!;
    await unassignConnector({ db, workspaceId: w.ws, actor: w.actor, assignmentId: assignment.id });
    expect(name(await w.resolve({ workerId: w.worker.id, skillId: w.skill('reply') }))).toBe('A via worker');
  });

  test('a node of another workflow or a skill of another worker is refused', async ({ db }) => {
    const w = await world(db);
    await createWorkflow({ db, workspaceId: w.ws, actor: w.actor, input: { name: 'Other', nodes: ['x'] } });
    const other = (await listWorkflows({ db, workspaceId: w.ws })).find((f) => f.name === 'Other')!;
    await expect(w.resolve({ workflowId: w.workflow.id, nodeId: other.nodes[0]!.id })).rejects.toThrow('That node is not part of workflow Onboarding.');
  });

  test('the effective view says, per skill, which connector wins and why', async ({ db }) => {
    const w = await world(db);
    await w.assign(w.c.a.id, 'worker', w.worker.id);
    await w.assign(w.c.b.id, 'worker_skill', w.skill('triage'));
    const [gmail] = await effectiveConnectors({ db, workspaceId: w.ws, target: { type: 'worker', id: w.worker.id } });
    expect(gmail!.providerName).toBe('Gmail');
    expect(gmail!.whole).toMatchObject({ ok: true, connector: { name: 'A' }, via: { level: 'worker' } });
    const bySkill = Object.fromEntries(gmail!.parts.map((p) => [p.name, p.resolution.ok ? `${p.resolution.connector.name} (${p.resolution.via.label})` : p.resolution.code]));
    expect(bySkill).toEqual({ triage: 'B (skill Support bot › triage)', reply: 'A (worker Support bot)' });
    // Listing each connector's assignments shows readable targets.
    expect((await listAssignments({ db, workspaceId: w.ws, connectorId: w.c.b.id })).map((a) => a.targetLabel)).toEqual(['Support bot › triage']);
  });
});
