import { auditCsv, auditFilterSchema } from '@/lib/audit/query';
import { memberRoute } from '@/server/route-auth';

export const dynamic = 'force-dynamic';

export const GET = memberRoute<{ workspace: string }>('audit.export', { role: 'admin' }, async (request, { db, workspace }) => {
  const filter = auditFilterSchema.parse(Object.fromEntries([...request.nextUrl.searchParams].filter(([, v]) => v)));
  const rows = auditCsv({ db, workspaceId: workspace.id, filter });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${workspace.slug}-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
