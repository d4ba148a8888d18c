import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getSyncRun } from '@/lib/repository/sync';
import { memberRoute } from '@/server/route-auth';

export const dynamic = 'force-dynamic';

/** A sync run's progress and its outcome per provider: polled by the page that started it. */
export const GET = memberRoute<{ workspace: string; runId: string }>('repository.run_status', { role: 'member' }, async (_request, { db, workspace, params }) => {
  const run = await getSyncRun({ db, workspaceId: workspace.id, runId: z.uuid().parse(params.runId) });
  return NextResponse.json(
    {
      id: run.id,
      status: run.status,
      trigger: run.trigger,
      done: run.done,
      total: run.total,
      results: run.results,
      error: run.error,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    },
    { headers: { 'cache-control': 'no-store' } },
  );
});
