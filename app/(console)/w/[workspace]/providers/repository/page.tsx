import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/card';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'Central Repository' };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  await requireWorkspace((await params).workspace);
  return (
    <EmptyState title="The central repository is not connected yet">
      <p>A curated, versioned catalogue of providers that this workspace can select from and keep in sync.</p>
      <p className="mt-2 text-slate-500">This part of the console is not available in this release yet.</p>
    </EmptyState>
  );
}
