import { NextResponse } from 'next/server';
import { createWorkflow, listWorkflows, workflowInputSchema } from '@/lib/connectors/platform';
import { v1Route } from '@/server/api-v1';

export const dynamic = 'force-dynamic';

/** GET /api/v1/workflows: the registered AI workflows with their nodes. */
export const GET = v1Route('workflows.list', 'tools:read', async (_request, { db, caller }) => NextResponse.json({ workflows: await listWorkflows({ db, workspaceId: caller.workspaceId }) }));

/** POST /api/v1/workflows { name, nodes: [] }: registers an AI workflow by name. */
export const POST = v1Route('workflows.register', 'platform:write', async (_request, { db, caller, json }) => {
  const input = await json(workflowInputSchema);
  const created = await createWorkflow({ db, workspaceId: caller.workspaceId, actor: { id: null, label: `token ${caller.name}` }, input });
  return NextResponse.json({ id: created.id, name: created.name }, { status: 201 });
});
