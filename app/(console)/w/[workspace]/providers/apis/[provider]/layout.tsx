import { ProviderLogo } from '@/components/repository/provider-logo';
import { versionLabel } from '@/lib/catalog/version';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { TabLink } from '@/components/console/nav-link';
import { ApplyUpdateButton } from '@/components/repository/selection-controls';
import { ButtonLink } from '@/components/ui/button';
import { Badge } from '@/components/ui/card';
import { selectionOfProvider } from '@/lib/repository/selections';
import { loadProvider, type ProviderPageParams } from './load';
import { plural } from '@/lib/plural';

export default async function ProviderLayout({ children, params }: ProviderPageParams & { children: ReactNode }) {
  const { workspace, provider } = await params;
  const { db, workspace: ws, provider: p, version, base, can } = await loadProvider(workspace, provider);
  const fromCatalogue = p.source === 'repository' ? await selectionOfProvider({ db, workspaceId: ws.id, providerId: p.id }) : null;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 items-start gap-3">
          <ProviderLogo name={p.name} logo={p.logoUrl} />
          <div>
            <p className="text-xs text-slate-500">
              <Link href={`/w/${workspace}/providers/apis`} className="hover:underline">
                Your API Providers
              </Link>{' '}
              /
            </p>
            <h2 className="text-lg font-semibold text-slate-900">{p.name}</h2>
            <p className="text-sm text-slate-600">
              {version ? (
                <>
                  Version {version.number} · document {versionLabel(version.documentVersion)} · OpenAPI {version.openapiVersion} · {plural(p.operationCount, 'operation')}
                </>
              ) : (
                'No current version'
              )}{' '}
              {version && version.number !== p.versionCount ? <Badge tone="amber">rolled back (latest is v{p.versionCount})</Badge> : null}
            </p>
          </div>
        </div>
        {can('builder') ? (
          <div className="flex gap-2">
            <ButtonLink href={`${base}/import`}>Import new version</ButtonLink>
            <ButtonLink href={`${base}/settings`} variant="secondary">
              Settings
            </ButtonLink>
          </div>
        ) : null}
      </div>
      {fromCatalogue?.availableVersion ? (
        <div
          className="flex items-center justify-between gap-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          data-testid="provider-update-available"
        >
          <p>
            <strong>Update available from the central repository:</strong> {fromCatalogue.availableVersion} (synced: {fromCatalogue.syncedVersion}) —{' '}
            {fromCatalogue.availableChangelog?.summary}. {fromCatalogue.availableBreaking ? <Badge tone="red">breaking</Badge> : null}{' '}
            <Link href={`/w/${ws.slug}/providers/repository/${fromCatalogue.catalogId}`} className="font-medium underline">
              View the changelog
            </Link>
          </p>
          {can('builder') ? <ApplyUpdateButton workspace={ws.slug} catalogId={fromCatalogue.catalogId} version={fromCatalogue.availableVersion} /> : null}
        </div>
      ) : null}
      <nav role="tablist" aria-label="Provider" className="flex gap-6 overflow-x-auto border-b border-slate-200">
        <TabLink href={`${base}/overview`}>Overview</TabLink>
        <TabLink href={`${base}/endpoints`}>Endpoints</TabLink>
        <TabLink href={`${base}/tools`}>Tools</TabLink>
        <TabLink href={`${base}/versions`}>Versions</TabLink>
      </nav>
      {children}
    </div>
  );
}
