import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getSyncRun } from '@/lib/repository/sync';
import { apiRoute } from '@/server/api';
import { requireRouteMember } from '@/server/route-auth';

export const dynamic = 'force-dynamic';

/** A sync run's progress and its outcome per provider: polled by the page that started it. */
export const GET = apiRoute<{ workspace: string; runId: string }>('repository.run_status', async (_request, { params }) => {
  const { db, workspace } = await requireRouteMember(params.workspace, 'member');
  const run = await getSyncRun({ db, workspaceId: workspace.id, runId: z.uuid().parse(params.runId) });
  return NextResponse.json(
    { id: run.id, status: run.status, trigger: run.trigger, done: run.done, total: run.total, results: run.results, error: run.error, startedAt: run.startedAt, finishedAt: run.finishedAt },
    { headers: { 'cache-control': 'no-store' } },
  );
});
