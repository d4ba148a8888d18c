import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getImportJob } from '@/lib/providers/jobs';
import { memberRoute } from '@/server/route-auth';

export const dynamic = 'force-dynamic';

/** An import's status, phase and outcome: polled by the page that started it. */
export const GET = memberRoute<{ workspace: string; jobId: string }>('imports.status', { role: 'member' }, async (_request, { db, workspace, params }) => {
  const job = await getImportJob({ db, workspaceId: workspace.id, jobId: z.uuid().parse(params.jobId) });
  return NextResponse.json(
    {
      id: job.id,
      status: job.status,
      phase: job.phase,
      source: job.sourceLabel,
      result: job.result,
      error: job.error,
      problems: job.problems ?? [],
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    },
    { headers: { 'cache-control': 'no-store' } },
  );
});
