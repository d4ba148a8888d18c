import { EmptyState } from '@/components/ui/card';
import type { CatalogError } from '@/lib/catalog/source';

/** What the tab says when there is no catalogue to show, and how to get one. */
export function CatalogUnavailable({ problem }: { problem: CatalogError }) {
  if (problem.code === 'not_built') {
    return (
      <EmptyState title="The bundled catalogue is not built">
        <p>This installation reads the central repository from its bundled copy in catalog/dist, which has not been built yet.</p>
        <p className="mt-2">
          Build it with <code className="rounded bg-slate-100 px-1">npm run cli -- catalog:build</code>, or set{' '}
          <code className="rounded bg-slate-100 px-1">CENTRAL_REPOSITORY_URL</code> to the address of a central repository, then reload this page.
        </p>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="The central repository cannot be read">
      <p>{problem.message}</p>
    </EmptyState>
  );
}
