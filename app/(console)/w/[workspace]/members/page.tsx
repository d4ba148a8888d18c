import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { getDb } from '@/db';
import { roleDescriptions, roleLabels } from '@/lib/auth/roles';
import { listMembers } from '@/lib/workspaces/members';
import { listPendingInvites } from '@/lib/workspaces/invites';
import { requireWorkspace } from '@/server/workspace';
import { InviteForm, MemberRoleSelect, RemoveMemberButton, RevokeInviteButton } from './member-controls';

export const metadata: Metadata = { title: 'Members' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function MembersPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { user, workspace, can } = await requireWorkspace((await params).workspace);
  const db = await getDb();
  const isAdmin = can('admin');
  const [members, invites] = await Promise.all([listMembers({ db, workspaceId: workspace.id }), isAdmin ? listPendingInvites({ db, workspaceId: workspace.id }) : []]);
  return (
    <div className="space-y-6">
      <PageHeader title="Members" description={`People in ${workspace.name} and their roles.`} />
      {isAdmin ? (
        <Card title="Invite someone" description="They get a single-use link that expires in 7 days. Send it to them yourself.">
          <InviteForm workspace={workspace.slug} />
        </Card>
      ) : null}
      <Card title={`${members.length} ${members.length === 1 ? 'member' : 'members'}`}>
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-2 pr-4 font-medium">Name</th>
              <th className="py-2 pr-4 font-medium">Email</th>
              <th className="py-2 pr-4 font-medium">Role</th>
              <th className="py-2 pr-4 font-medium">Last sign-in (UTC)</th>
              {isAdmin ? <th className="py-2 font-medium"><span className="sr-only">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => (
              <tr key={member.userId} data-testid={`member-${member.email}`}>
                <td className="py-2 pr-4 font-medium text-slate-900">
                  {member.name}
                  {member.userId === user.id ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
                </td>
                <td className="py-2 pr-4 text-slate-600">{member.email}</td>
                <td className="py-2 pr-4" title={roleDescriptions[member.role]}>
                  {isAdmin ? <MemberRoleSelect workspace={workspace.slug} userId={member.userId} email={member.email} role={member.role} /> : roleLabels[member.role]}
                </td>
                <td className="py-2 pr-4 text-slate-600">{member.lastSignInAt ? dateFormat.format(member.lastSignInAt) : 'never'}</td>
                {isAdmin ? (
                  <td className="py-2 text-right">
                    <RemoveMemberButton workspace={workspace.slug} userId={member.userId} email={member.email} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      {isAdmin && invites.length > 0 ? (
        <Card title="Pending invites">
          <ul className="divide-y divide-slate-100 text-sm">
            {invites.map((invite) => (
              <li key={invite.id} className="flex items-center justify-between py-2">
                <span>
                  <span className="font-medium">{invite.email}</span> as {roleLabels[invite.role]} · expires {dateFormat.format(invite.expiresAt)}
                </span>
                <RevokeInviteButton workspace={workspace.slug} inviteId={invite.id} email={invite.email} />
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
