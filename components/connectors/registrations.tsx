// The AI workers and AI workflows pages: the same list and effective view for either kind. The
// pages read what they show (server/registrations.ts); these only render it.
import Link from 'next/link';
import { Card, EmptyState } from '@/components/ui/card';
import type { RegistrationDetailData, RegistrationListData } from '@/server/registrations';
import { EffectiveView } from './effective-view';
import { DeleteRegistrationButton, RegisterForm } from './register-form';

const words = {
  worker: { plural: 'workers', part: 'skill', parts: 'skills', title: 'AI workers' },
  workflow: { plural: 'workflows', part: 'node', parts: 'nodes', title: 'AI workflows' },
} as const;

export function RegistrationList({ workspace, kind, canBuild, items }: RegistrationListData) {
  const w = words[kind];
  const base = `/w/${workspace}/providers/connectors/${w.plural}`;
  return (
    <div className="space-y-5">
      {canBuild ? (
        <Card
          title={`Register an AI ${kind}`}
          description={`${w.title} belong to the wider platform; register them here by name so connectors can be assigned to them and their ${w.parts}.`}
        >
          <RegisterForm workspace={workspace} kind={kind} />
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
                {canBuild ? <DeleteRegistrationButton workspace={workspace} kind={kind} id={item.id} name={item.name} /> : null}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}

export function RegistrationDetail({ workspace, kind, item, rows }: RegistrationDetailData) {
  const base = `/w/${workspace}/providers/connectors`;
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
