import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/card';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'LLM Models' };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  await requireWorkspace((await params).workspace);
  return (
    <EmptyState title="No models configured">
      <p>Admins choose here which large language models the platform may use, with their limits and prices.</p>
      <p className="mt-2 text-slate-500">This part of the console is not available in this release yet.</p>
    </EmptyState>
  );
}
