import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { auditCsv, auditCsvRow, listAuditEntries } from './query';
import { recordAudit } from './record';

describe('audit log', () => {
  test('never stores a secret, whatever the caller passes', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    await recordAudit({
      db,
      workspaceId: workspace.id,
      actor: actorOf(admin),
      action: 'connector.updated',
      target: { type: 'connector', id: 'c1', label: 'Gmail' },
      summary: { apiKey: 'sk-live-123', fields: ['apiKey'] },
    });
    const [entry] = (await listAuditEntries({ db, workspaceId: workspace.id })).entries;
    expect(JSON.stringify(entry)).not.toContain('sk-live-123');
    expect(entry?.summary).toEqual({ apiKey: '[redacted]', fields: ['apiKey'] });
  });

  test('filters by actor, action prefix, target type and date, and pages newest first', async ({ db }) => {
    const { workspace, admin, builder } = await makeTeam(db);
    for (let i = 0; i < 5; i++) {
      await recordAudit({
        db,
        workspaceId: workspace.id,
        actor: actorOf(i % 2 ? builder : admin),
        action: i < 3 ? 'provider.imported' : 'member.invited',
        target: { type: i < 3 ? 'provider' : 'invite', label: `t${i}` },
      });
    }
    const byActor = await listAuditEntries({ db, workspaceId: workspace.id, filter: { actor: builder.email.slice(0, 10) } });
    expect(byActor.entries.map((e) => e.targetLabel)).toEqual(['t3', 't1']);
    const byPrefix = await listAuditEntries({ db, workspaceId: workspace.id, filter: { action: 'provider' } });
    expect(byPrefix.entries).toHaveLength(3);
    expect((await listAuditEntries({ db, workspaceId: workspace.id, filter: { targetType: 'invite' } })).entries).toHaveLength(2);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listAuditEntries({ db, workspaceId: workspace.id, filter: { from: today, to: today } })).entries).toHaveLength(5);
    expect((await listAuditEntries({ db, workspaceId: workspace.id, filter: { to: '2020-01-01' } })).entries).toHaveLength(0);

    const first = await listAuditEntries({ db, workspaceId: workspace.id, limit: 2 });
    expect(first.entries.map((e) => e.targetLabel)).toEqual(['t4', 't3']);
    const second = await listAuditEntries({ db, workspaceId: workspace.id, limit: 2, before: first.nextBefore! });
    expect(second.entries.map((e) => e.targetLabel)).toEqual(['t2', 't1']);

    const other = await makeTeam(db);
    expect((await listAuditEntries({ db, workspaceId: other.workspace.id })).entries).toEqual([]);
  });

  test('CSV export quotes what needs quoting and defuses spreadsheet formulas', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    await recordAudit({
      db,
      workspaceId: workspace.id,
      actor: actorOf(admin),
      action: 'provider.imported',
      target: { type: 'provider', label: '=HYPERLINK("http://evil")' },
      summary: { note: 'a, "quoted" value' },
    });
    const chunks: string[] = [];
    for await (const chunk of auditCsv({ db, workspaceId: workspace.id, filter: {} })) chunks.push(chunk);
    const [header, row] = chunks;
    expect(header).toBe('time,actor,action,target_type,target_id,target,ip,summary\r\n');
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain('"{""note"":""a, \\""quoted\\"" value""}"');
    expect(auditCsvRow).toBeTypeOf('function');
  });
});
