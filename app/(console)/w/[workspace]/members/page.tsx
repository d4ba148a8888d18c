import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
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
        <Table
          label="Members"
          head={
            <>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Last sign-in (UTC)</Th>
              {isAdmin ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </>
          }
        >
          {members.map((member) => (
            <Tr key={member.userId} data-testid={`member-${member.email}`}>
              <Td className="font-medium text-slate-900">
                {member.name}
                {member.userId === user.id ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
              </Td>
              <Td className="text-slate-600">{member.email}</Td>
              <Td title={roleDescriptions[member.role]}>
                {isAdmin ? <MemberRoleSelect workspace={workspace.slug} userId={member.userId} email={member.email} role={member.role} /> : roleLabels[member.role]}
              </Td>
              <Td className="text-slate-600">{member.lastSignInAt ? dateFormat.format(member.lastSignInAt) : 'never'}</Td>
              {isAdmin ? (
                <Td align="right">
                  <RemoveMemberButton workspace={workspace.slug} userId={member.userId} email={member.email} />
                </Td>
              ) : null}
            </Tr>
          ))}
        </Table>
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
