import { NextResponse } from 'next/server';
import { createWorker, listWorkers, workerInputSchema } from '@/lib/connectors/platform';
import { v1Route } from '@/server/api-v1';

export const dynamic = 'force-dynamic';

/** GET /api/v1/workers: the registered AI workers with their skills. */
export const GET = v1Route('workers.list', 'tools:read', async (_request, { db, caller }) => NextResponse.json({ workers: await listWorkers({ db, workspaceId: caller.workspaceId }) }));

/** POST /api/v1/workers { name, skills: [] }: registers an AI worker by name. */
export const POST = v1Route('workers.register', 'platform:write', async (_request, { db, caller, json }) => {
  const input = await json(workerInputSchema);
  const created = await createWorker({ db, workspaceId: caller.workspaceId, actor: { id: null, label: `token ${caller.name}` }, input });
  return NextResponse.json({ id: created.id, name: created.name }, { status: 201 });
});
