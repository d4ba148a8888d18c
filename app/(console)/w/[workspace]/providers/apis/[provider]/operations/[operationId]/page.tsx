import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge, Card } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { MethodBadge } from '@/components/providers/method-badge';
import { JsonBlock } from '@/components/providers/json-block';
import { getOperation } from '@/lib/providers/queries';
import { withSchemas } from '@/lib/providers/snapshot';
import { orNotFound, requireUuid } from '@/server/workspace';
import { loadProvider } from '../../load';

export default async function OperationPage({ params }: { params: Promise<{ workspace: string; provider: string; operationId: string }> }) {
  const { workspace, provider, operationId } = await params;
  const { db, workspace: ws, provider: p, base } = await loadProvider(workspace, provider);
  const op = await orNotFound(getOperation({ db, workspaceId: ws.id, operationId: requireUuid(operationId) }));
  if (op.providerId !== p.id) notFound();
  const detail = withSchemas(op.detail);
  const tool = { name: op.toolName, description: detail.toolDescription, input_schema: detail.inputSchema };
  return (
    <div className="space-y-5">
      <div>
        <Link href={`${base}/endpoints`} className="text-sm text-indigo-700 hover:underline">
          ← Endpoints
        </Link>
        <h3 className="mt-2 flex items-center gap-2 text-base font-semibold">
          <MethodBadge method={op.method} />
          <span className="break-all font-mono">{op.path}</span>
          {op.deprecated ? <Badge tone="amber">deprecated</Badge> : null}
        </h3>
        <p className="mt-1 text-sm text-slate-700">{op.summary}</p>
        <p className="mt-1 text-xs text-slate-500">
          operationId <span className="font-mono">{op.operationId ?? '—'}</span> · tool <span className="font-mono">{op.toolName}</span> · about {op.toolTokens} tokens
          {op.tags.length ? ` · tags ${op.tags.join(', ')}` : ''}
        </p>
        {op.description ? <p className="mt-3 max-w-3xl whitespace-pre-line text-sm text-slate-700">{op.description}</p> : null}
      </div>
      <Card title="Parameters">
        <Table
          label="Parameters"
          data-testid="parameters"
          empty="None."
          head={
            <>
              <Th>Name</Th>
              <Th>In</Th>
              <Th>Type</Th>
              <Th>Required</Th>
              <Th>Description</Th>
            </>
          }
        >
          {detail.parameters.map((param) => (
            <Tr key={`${param.in}:${param.name}`}>
              <Td className="font-mono text-xs">{param.name}</Td>
              <Td>{param.in}</Td>
              <Td className="font-mono text-xs">{describeType(param.schema)}</Td>
              <Td>{param.required ? 'yes' : 'no'}</Td>
              <Td className="text-slate-600">{param.description}</Td>
            </Tr>
          ))}
        </Table>
      </Card>
      <Card title="Request body" description={detail.requestBody ? `${detail.requestBody.contentTypes.join(', ')}${detail.requestBody.required ? ' · required' : ''}` : undefined}>
        {detail.requestBody?.schema ? <JsonBlock value={detail.requestBody.schema} /> : <p className="text-sm text-slate-600">None.</p>}
      </Card>
      <Card title="Responses">
        <ul className="space-y-3 text-sm">
          {detail.responses.map((r) => (
            <li key={r.status}>
              <p>
                <span className="font-mono font-semibold">{r.status}</span> {r.description}{' '}
                {r.contentType ? <span className="text-xs text-slate-500">({r.contentType})</span> : null}
              </p>
              {r.schema ? <JsonBlock value={r.schema} collapsed /> : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card
        title="Tool definition"
        description={detail.toolTruncated ? 'The input schema was cut at the size cap; the rest is summarised.' : 'What an LLM sees for this operation.'}
      >
        <JsonBlock value={tool} />
      </Card>
    </div>
  );
}

function describeType(schema: Record<string, unknown> | undefined): string {
  if (!schema) return '—';
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type as string | undefined);
  if (type === 'array') return `array of ${describeType(schema.items as Record<string, unknown> | undefined)}`;
  return [type ?? 'any', schema.format ? `(${schema.format})` : '', schema.enum ? `enum` : ''].filter(Boolean).join(' ');
}
