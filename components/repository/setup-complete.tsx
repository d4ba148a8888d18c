import Link from 'next/link';
import type { SetupProvider } from '@/lib/repository/setup';
import { ButtonLink } from '@/components/ui/button';
import { versionLabel } from './labels';

const dayFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** The end of first-run setup, and what it shows when opened again later: what was synced and the next steps. */
export function SetupComplete({ workspace, synced, finishedAt, providers }: { workspace: string; synced: number; finishedAt: Date; providers: SetupProvider[] }) {
  const base = `/w/${workspace}`;
  return (
    <section aria-label="Setup complete" data-testid="setup-complete" className="space-y-4">
      <div role="status" className="rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-900">
        <p className="font-medium">
          Setup is complete: {synced} {synced === 1 ? 'provider' : 'providers'} synced on {dayFormat.format(finishedAt)}.
        </p>
        <p className="mt-0.5">Next, add a connector for a provider: it holds the credentials your workers and workflows call it with.</p>
      </div>
      {providers.length ? (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm" aria-label="Providers synced during setup">
          {providers.map((p) => (
            <li key={p.catalogId} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2" data-testid={`setup-provider-${p.catalogId}`}>
              <span>
                <Link href={`${base}/providers/apis/${p.slug}`} className="font-medium text-indigo-700 hover:underline">
                  {p.name}
                </Link>
                {p.version ? <span className="text-slate-500"> · version {versionLabel(p.version)}</span> : null}
              </span>
              <ButtonLink href={`${base}/providers/connectors/new?provider=${p.providerId}`} variant="secondary" size="sm" aria-label={`Add a connector for ${p.name}`}>
                Add a connector
              </ButtonLink>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">The providers synced during setup have since been removed from this workspace.</p>
      )}
      <div className="flex flex-wrap gap-2">
        <ButtonLink href={base}>Go to the console</ButtonLink>
        <ButtonLink href={`${base}/providers/repository`} variant="secondary">
          Browse the whole catalogue
        </ButtonLink>
      </div>
    </section>
  );
}
