import Link from 'next/link';
import { Card, EmptyState } from '@/components/ui/card';
import { DeleteRegistrationButton, RegisterForm } from '@/components/connectors/register-form';
import { getDb } from '@/db';
import { listWorkers } from '@/lib/connectors/platform';
import { requireWorkspace } from '@/server/workspace';

export default async function WorkersPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, can } = await requireWorkspace((await params).workspace);
  const items = await listWorkers({ db: await getDb(), workspaceId: workspace.id });
  const base = `/w/${workspace.slug}/providers/connectors/workers`;
  return (
    <div className="space-y-5">
      {can('builder') ? (
        <Card title="Register an AI worker" description="AI workers belong to the wider platform; register them here by name so connectors can be assigned to them and their skills.">
          <RegisterForm workspace={workspace.slug} kind="worker" />
        </Card>
      ) : null}
      {items.length === 0 ? (
        <EmptyState title="No AI workers registered" />
      ) : (
        <Card title="AI workers">
          <ul className="divide-y divide-slate-100 text-sm" data-testid="workers">
            {items.map((item) => (
              <li key={item.id} className="flex items-center justify-between py-2">
                <span>
                  <Link href={`${base}/${item.id}`} className="font-medium text-indigo-700 hover:underline">
                    {item.name}
                  </Link>
                  <span className="ml-2 text-slate-500">{item.skills.map((p) => p.name).join(', ') || 'no skills'}</span>
                </span>
                {can('builder') ? <DeleteRegistrationButton workspace={workspace.slug} kind="worker" id={item.id} name={item.name} /> : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
