import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { CatalogBrowser } from '@/components/repository/catalog-browser';
import { Card } from '@/components/ui/card';
import { CatalogUnavailable } from '../catalog-unavailable';
import { catalogCards, loadRepository } from '../load';

export const metadata: Metadata = { title: 'Start with providers from the catalogue' };
// Syncs started here run after the response (after()); on serverless hosts they get this long.
export const maxDuration = 300;

/** The step after first-run setup: pick providers to sync right away, or skip. Open any time later. */
export default async function RepositorySetupPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, can, catalog, problem, selections, base } = await loadRepository((await params).workspace);
  if (!can('builder')) forbidden();
  const skip = (
    <Link href={`/w/${workspace.slug}/providers/connectors`} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50">
      Skip for now
    </Link>
  );
  return (
    <Card
      title="Start with providers from the catalogue"
      description={
        <>
          Pick the APIs this workspace will use and sync them now, or skip: the catalogue stays under{' '}
          <Link href={base} className="text-indigo-700 hover:underline">
            Providers → Central Repository
          </Link>
          .
        </>
      }
      actions={skip}
    >
      {catalog ? <CatalogBrowser workspace={workspace.slug} cards={catalogCards(catalog.index, selections)} canSync trigger="setup" /> : <CatalogUnavailable problem={problem!} />}
    </Card>
  );
}
