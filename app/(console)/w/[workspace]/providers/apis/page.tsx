import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/card';
import { requireWorkspace } from '@/server/workspace';

export const metadata: Metadata = { title: 'Your API Providers' };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  await requireWorkspace((await params).workspace);
  return (
    <EmptyState title="No API providers yet">
      <p>Providers are external APIs imported from their OpenAPI documents; each import is a version with its operations and tool definitions.</p>
      <p className="mt-2 text-slate-500">This part of the console is not available in this release yet.</p>
    </EmptyState>
  );
}
