import { and, eq } from 'drizzle-orm';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EffectiveView } from '@/components/connectors/effective-view';
import { getDb } from '@/db';
import { aiWorkers } from '@/db/schema';
import { effectiveConnectors } from '@/lib/connectors/resolve';
import { requireWorkspace } from '@/server/workspace';

export default async function WorkerPage({ params }: { params: Promise<{ workspace: string; workerId: string }> }) {
  const { workspace: slug, workerId } = await params;
  const { workspace } = await requireWorkspace(slug);
  if (!/^[0-9a-f-]{36}$/i.test(workerId)) notFound();
  const db = await getDb();
  const [item] = await db.select().from(aiWorkers).where(and(eq(aiWorkers.id, workerId), eq(aiWorkers.workspaceId, workspace.id)));
  if (!item) notFound();
  const rows = await effectiveConnectors({ db, workspaceId: workspace.id, target: { type: 'worker', id: item.id } });
  const base = `/w/${workspace.slug}/providers/connectors`;
  return (
    <div className="space-y-4">
      <div>
        <Link href={`${base}/workers`} className="text-sm text-indigo-700 hover:underline">
          ← AI workers
        </Link>
        <h2 className="mt-1 text-lg font-semibold">{item.name}</h2>
        <p className="text-sm text-slate-600">The effective connector for each provider, for the worker as a whole and for each skill, and which assignment decided it.</p>
      </div>
      <EffectiveView rows={rows} partWord="skill" base={base} />
    </div>
  );
}
