import { Card } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { BulkToolToggle } from '@/components/providers/tool-toggles';
import { enabledToolSummary } from '@/lib/providers/manage';
import { operationFacets } from '@/lib/providers/queries';
import { loadProvider, type ProviderPageParams } from '../load';

export default async function ToolsPage({ params }: ProviderPageParams) {
  const { workspace, provider } = await params;
  const { db, workspace: ws, provider: p, version, can } = await loadProvider(workspace, provider);
  if (!version) return <p className="text-sm text-slate-600">This provider has no current version.</p>;
  const [summary, facets] = await Promise.all([
    enabledToolSummary({ db, workspaceId: ws.id, providerId: p.id }),
    operationFacets({ db, workspaceId: ws.id, versionId: version.id }),
  ]);
  const exportUrl = (format: string) => `/api/w/${ws.slug}/providers/${p.id}/tools?format=${format}`;
  return (
    <div className="grid gap-5 lg:grid-cols-3">
      <Card title="Enabled tools" className="lg:col-span-1">
        <p className="text-3xl font-semibold tabular-nums" data-testid="enabled-tools">
          {summary.enabled.toLocaleString('en')} <span className="text-base font-normal text-slate-500">of {summary.total.toLocaleString('en')}</span>
        </p>
        <p className="mt-1 text-sm text-slate-600" data-testid="tool-tokens">
          about {summary.tokens.toLocaleString('en')} tokens of tool definitions
        </p>
        <p className="mt-3 text-xs text-slate-500">Turning a tool off keeps it off in later versions, as long as the operation keeps its tool name.</p>
        <div className="mt-4 space-y-1 text-sm">
          <p className="font-medium text-slate-700">Export the enabled tools</p>
          <a className="block text-indigo-700 hover:underline" href={exportUrl('openai')} download>
            OpenAI tools (JSON)
          </a>
          <a className="block text-indigo-700 hover:underline" href={exportUrl('anthropic')} download>
            Anthropic tools (JSON)
          </a>
          <a className="block text-indigo-700 hover:underline" href={exportUrl('mcp')} download>
            MCP tool list (JSON)
          </a>
        </div>
      </Card>
      <Card title="By tag and method" description="Enable or disable whole groups of operations." className="lg:col-span-2">
        <Table
          label="Tool groups"
          empty="No tags or methods in this version."
          head={
            <>
              <Th>Group</Th>
              <Th align="right">Operations</Th>
              <Th>
                <span className="sr-only">Enable or disable</span>
              </Th>
            </>
          }
        >
          {[
            ...facets.tags.map((t) => ({ label: `Tag ${t.tag}`, count: t.count, filter: { tag: t.tag } })),
            ...facets.methods.map((m) => ({ label: `Method ${m.method}`, count: m.count, filter: { method: m.method } })),
          ].map((group) => (
            <Tr key={group.label}>
              <Td>{group.label}</Td>
              <Td align="right" className="tabular-nums text-slate-600">
                {group.count}
              </Td>
              <Td>{can('builder') ? <BulkToolToggle workspace={ws.slug} providerId={p.id} filter={group.filter} count={group.count} /> : null}</Td>
            </Tr>
          ))}
        </Table>
      </Card>
    </div>
  );
}
