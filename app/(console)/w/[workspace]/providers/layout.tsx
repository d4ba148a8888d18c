import type { ReactNode } from 'react';
import { TabLink } from '@/components/console/nav-link';
import { providerTabs } from './tabs';

export default async function ProvidersLayout({ children, params }: { children: ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return (
    <div>
      <h1 className="text-xl font-semibold text-slate-900">Providers</h1>
      <nav role="tablist" aria-label="Providers" className="mt-4 mb-6 flex gap-6 overflow-x-auto border-b border-slate-200">
        {providerTabs.map((tab) => (
          <TabLink key={tab.segment} href={`/w/${workspace}/providers/${tab.segment}`}>
            {tab.label}
          </TabLink>
        ))}
      </nav>
      {children}
    </div>
  );
}
