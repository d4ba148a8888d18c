import type { ReactNode } from 'react';
import { TabLink } from '@/components/console/nav-link';

export default async function ConnectorsLayout({ children, params }: { children: ReactNode; params: Promise<{ workspace: string }> }) {
  const base = `/w/${(await params).workspace}/providers/connectors`;
  return (
    <div className="space-y-5">
      <nav aria-label="Connectors" role="tablist" className="flex gap-5 text-sm">
        <TabLink href={base} exact>
          Connectors
        </TabLink>
        <TabLink href={`${base}/workers`}>AI workers</TabLink>
        <TabLink href={`${base}/workflows`}>AI workflows</TabLink>
      </nav>
      {children}
    </div>
  );
}
