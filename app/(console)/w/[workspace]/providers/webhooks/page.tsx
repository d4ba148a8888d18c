import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/card';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'Incoming Webhooks' };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  await requireWorkspace((await params).workspace);
  return (
    <EmptyState title="No incoming webhooks">
      <p>Incoming webhooks receive events from external senders, verify them and start the workflows they trigger.</p>
      <p className="mt-2 text-slate-500">This part of the console is not available in this release yet.</p>
    </EmptyState>
  );
}
