import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/card';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'MCP Servers' };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  await requireWorkspace((await params).workspace);
  return (
    <EmptyState title="No MCP servers registered">
      <p>Remote Model Context Protocol servers registered here make their tools available to AI workers.</p>
      <p className="mt-2 text-slate-500">This part of the console is not available in this release yet.</p>
    </EmptyState>
  );
}
