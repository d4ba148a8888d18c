import { makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { countUnread, listNotifications, markRead, notifyRoles } from './index';

describe('notifications', () => {
  test('go to the chosen roles once per dedupe key, count as unread until marked read', async ({ db }) => {
    const { workspace, admin, builder, member } = await makeTeam(db);
    const notification = { kind: 'provider.update', title: 'GitHub: 3 operations added', dedupeKey: 'github:v2' };
    expect(await notifyRoles({ db, workspaceId: workspace.id, roles: ['admin', 'builder'], notification })).toBe(2);
    expect(await notifyRoles({ db, workspaceId: workspace.id, roles: ['admin', 'builder'], notification })).toBe(0);
    expect(await countUnread({ db, workspaceId: workspace.id, userId: admin.id })).toBe(1);
    expect(await countUnread({ db, workspaceId: workspace.id, userId: builder.id })).toBe(1);
    expect(await countUnread({ db, workspaceId: workspace.id, userId: member.id })).toBe(0);

    const [item] = await listNotifications({ db, workspaceId: workspace.id, userId: admin.id });
    // Someone else cannot mark my notification read.
    expect(await markRead({ db, workspaceId: workspace.id, userId: builder.id, ids: [item!.id] })).toBe(0);
    expect(await markRead({ db, workspaceId: workspace.id, userId: admin.id, ids: [item!.id] })).toBe(1);
    expect(await countUnread({ db, workspaceId: workspace.id, userId: admin.id })).toBe(0);
    expect(await markRead({ db, workspaceId: workspace.id, userId: builder.id })).toBe(1);
  });
});
