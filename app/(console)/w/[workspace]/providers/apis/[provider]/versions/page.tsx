import { versionLabel } from '@/lib/catalog/version';
import { Button } from '@/components/ui/button';
import { Badge, Card } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { DiffSummary, DiffView } from '@/components/providers/diff-view';
import { MakeCurrentButton } from '@/components/providers/make-current-button';
import { diffBetween } from '@/lib/providers/manage';
import { listVersions } from '@/lib/providers/queries';
import { loadProvider, type ProviderPageParams } from '../load';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const control = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

export default async function VersionsPage({ params, searchParams }: ProviderPageParams & { searchParams: Promise<Record<string, string | undefined>> }) {
  const { workspace, provider } = await params;
  const { db, workspace: ws, provider: p, base, can } = await loadProvider(workspace, provider);
  const versions = await listVersions({ db, workspaceId: ws.id, providerId: p.id });
  const search = await searchParams;
  const byNumber = new Map(versions.map((v) => [v.number, v]));
  const latest = versions[0];
  const to = byNumber.get(Number(search.to)) ?? latest;
  const from = byNumber.get(Number(search.from)) ?? (to ? byNumber.get(to.number - 1) : undefined);
  const diff = from && to && from.id !== to.id ? await diffBetween({ db, workspaceId: ws.id, providerId: p.id, fromVersionId: from.id, toVersionId: to.id }) : null;

  return (
    <div className="space-y-5">
      <Card title="Version history">
        <Table
          label="Versions"
          data-testid="version-table"
          head={
            <>
              <Th>Version</Th>
              <Th>Document</Th>
              <Th>Imported (UTC)</Th>
              <Th>Source</Th>
              <Th align="right">Operations</Th>
              <Th>Changes from previous</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </>
          }
        >
          {versions.map((v) => (
            <Tr key={v.id} data-testid={`version-${v.number}`} current={v.id === p.currentVersionId}>
              <Td className="whitespace-nowrap font-medium">
                v{v.number} {v.id === p.currentVersionId ? <Badge tone="green">current</Badge> : null}
              </Td>
              <Td className="min-w-48 text-slate-700">
                {versionLabel(v.documentVersion)}{' '}
                <span className="text-xs text-slate-500">
                  OpenAPI {v.openapiVersion} · {v.format.toUpperCase()} · {(v.documentBytes / 1024).toFixed(0)} KB
                </span>
              </Td>
              <Td className="whitespace-nowrap text-slate-600">{dateFormat.format(v.createdAt)}</Td>
              <Td className="text-slate-600">{v.source}</Td>
              <Td align="right" className="tabular-nums">
                {v.operationCount.toLocaleString('en')}
              </Td>
              <Td className="min-w-48">
                <DiffSummary diff={v.diff} />
              </Td>
              <Td align="right">
                {can('builder') && v.id !== p.currentVersionId ? <MakeCurrentButton workspace={ws.slug} providerId={p.id} versionId={v.id} number={v.number} /> : null}
              </Td>
            </Tr>
          ))}
        </Table>
      </Card>
      {versions.length > 1 ? (
        <Card title="Compare versions">
          <form method="get" action={`${base}/versions`} className="mb-4 flex items-end gap-2" aria-label="Compare versions">
            <label className="text-xs font-medium text-slate-600">
              From
              <select name="from" defaultValue={from?.number} className={`mt-1 block ${control}`}>
                {versions.map((v) => (
                  <option key={v.id} value={v.number}>
                    v{v.number} ({versionLabel(v.documentVersion)})
                  </option>
                ))}
              </select>
            </label>
            <label className="text-xs font-medium text-slate-600">
              To
              <select name="to" defaultValue={to?.number} className={`mt-1 block ${control}`}>
                {versions.map((v) => (
                  <option key={v.id} value={v.number}>
                    v{v.number} ({versionLabel(v.documentVersion)})
                  </option>
                ))}
              </select>
            </label>
            <Button type="submit" variant="secondary">
              Compare
            </Button>
          </form>
          {diff && from && to ? (
            <>
              <p className="mb-3 text-sm font-medium text-slate-700">
                From v{from.number} to v{to.number}
              </p>
              <DiffView diff={diff} />
            </>
          ) : (
            <p className="text-sm text-slate-600">Choose two different versions.</p>
          )}
        </Card>
      ) : null}
    </div>
  );
}
