import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { CatalogBrowser } from '@/components/repository/catalog-browser';
import { SetupComplete } from '@/components/repository/setup-complete';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { setupStatus } from '@/lib/repository/setup';
import { CatalogUnavailable } from '../catalog-unavailable';
import { catalogCards, loadRepository } from '../load';

export const metadata: Metadata = { title: 'Start with providers from the catalogue' };
// Syncs started here run after the response (after()); on serverless hosts they get this long.
export const maxDuration = 300;

/**
 * The step after first-run setup: pick providers to sync right away, or skip. Once a setup sync has
 * finished it ends with the next steps (the providers synced, a connector for each, the console),
 * and shows that again whenever it is opened later.
 */
export default async function RepositorySetupPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace, can, catalog, problem, selections, base, db } = await loadRepository((await params).workspace);
  if (!can('builder')) forbidden();
  const status = await setupStatus({ db, workspaceId: workspace.id });
  if (status.done) {
    return (
      <Card title="Start with providers from the catalogue" description="This workspace's first providers came from the catalogue.">
        <SetupComplete workspace={workspace.slug} synced={status.synced} finishedAt={status.finishedAt} providers={status.providers} />
      </Card>
    );
  }
  const skip = (
    <ButtonLink href={`/w/${workspace.slug}/providers/connectors`} variant="secondary">
      Skip for now
    </ButtonLink>
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
