// The AI workers and AI workflows pages: the same list and effective view for either kind.
import { and, eq } from 'drizzle-orm';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card, EmptyState } from '@/components/ui/card';
import { getDb } from '@/db';
import { aiWorkers, aiWorkflows } from '@/db/schema';
import { listWorkers, listWorkflows } from '@/lib/connectors/platform';
import { effectiveConnectors } from '@/lib/connectors/resolve';
import { requireUuid, requireWorkspace } from '@/server/workspace';
import { EffectiveView } from './effective-view';
import { DeleteRegistrationButton, RegisterForm } from './register-form';

type Kind = 'worker' | 'workflow';
const words = {
  worker: { plural: 'workers', part: 'skill', parts: 'skills', title: 'AI workers' },
  workflow: { plural: 'workflows', part: 'node', parts: 'nodes', title: 'AI workflows' },
} as const;

export async function RegistrationList({ workspace: slug, kind }: { workspace: string; kind: Kind }) {
  const { workspace, can } = await requireWorkspace(slug);
  const db = await getDb();
  const w = words[kind];
  const items =
    kind === 'worker'
      ? (await listWorkers({ db, workspaceId: workspace.id })).map((i) => ({ id: i.id, name: i.name, parts: i.skills }))
      : (await listWorkflows({ db, workspaceId: workspace.id })).map((i) => ({ id: i.id, name: i.name, parts: i.nodes }));
  const base = `/w/${workspace.slug}/providers/connectors/${w.plural}`;
  return (
    <div className="space-y-5">
      {can('builder') ? (
        <Card title={`Register an AI ${kind}`} description={`${w.title} belong to the wider platform; register them here by name so connectors can be assigned to them and their ${w.parts}.`}>
          <RegisterForm workspace={workspace.slug} kind={kind} />
        </Card>
      ) : null}
      {items.length === 0 ? (
        <EmptyState title={`No AI ${w.plural} registered`} />
      ) : (
        <Card title={w.title}>
          <ul className="divide-y divide-slate-100 text-sm" data-testid={w.plural}>
            {items.map((item) => (
              <li key={item.id} className="flex items-center justify-between py-2">
                <span>
                  <Link href={`${base}/${item.id}`} className="font-medium text-indigo-700 hover:underline">
                    {item.name}
                  </Link>
                  <span className="ml-2 text-slate-500">{item.parts.map((p) => p.name).join(', ') || `no ${w.parts}`}</span>
                </span>
                {can('builder') ? <DeleteRegistrationButton workspace={workspace.slug} kind={kind} id={item.id} name={item.name} /> : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}

export async function RegistrationDetail({ workspace: slug, kind, id }: { workspace: string; kind: Kind; id: string }) {
  const { workspace } = await requireWorkspace(slug);
  requireUuid(id);
  const db = await getDb();
  const table = kind === 'worker' ? aiWorkers : aiWorkflows;
  const [item] = await db.select({ id: table.id, name: table.name }).from(table).where(and(eq(table.id, id), eq(table.workspaceId, workspace.id)));
  if (!item) notFound();
  const rows = await effectiveConnectors({ db, workspaceId: workspace.id, target: { type: kind, id: item.id } });
  const base = `/w/${workspace.slug}/providers/connectors`;
  const w = words[kind];
  return (
    <div className="space-y-4">
      <div>
        <Link href={`${base}/${w.plural}`} className="text-sm text-indigo-700 hover:underline">
          ← {w.title}
        </Link>
        <h2 className="mt-1 text-lg font-semibold">{item.name}</h2>
        <p className="text-sm text-slate-600">
          The effective connector for each provider, for the {kind} as a whole and for each {w.part}, and which assignment decided it.
        </p>
      </div>
      <EffectiveView rows={rows} partWord={w.part} base={base} />
    </div>
  );
}
