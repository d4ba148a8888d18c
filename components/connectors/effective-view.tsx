import Link from 'next/link';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { effectiveConnectors, Resolution } from '@/lib/connectors/resolve';

function Outcome({ resolution, base }: { resolution: Resolution; base: string }) {
  if (resolution.ok) {
    return (
      <span>
        <Link href={`${base}/${resolution.connector.id}`} className="font-medium text-indigo-700 hover:underline">
          {resolution.connector.name}
        </Link>{' '}
        <span className="text-slate-500">because it is assigned to the {resolution.via.label}</span>
      </span>
    );
  }
  return (
    <span className={resolution.code === 'none' ? 'text-slate-600' : 'text-red-700'}>
      {resolution.code !== 'none' ? <Badge tone="red">{resolution.code}</Badge> : null} {resolution.message}
    </span>
  );
}

/** Per provider: the connector the whole worker (workflow) uses, and each skill (node), and why. */
export function EffectiveView({ rows, partWord, base }: { rows: Awaited<ReturnType<typeof effectiveConnectors>>; partWord: string; base: string }) {
  if (rows.length === 0) return <EmptyState title="No connector is assigned here yet">Assign connectors from a connector’s page.</EmptyState>;
  return (
    <div className="space-y-4" data-testid="effective-view">
      {rows.map((row) => (
        <Card key={row.providerId} title={row.providerName}>
          <Table
            label={`Connectors for ${row.providerName}`}
            head={
              <>
                <Th>Where</Th>
                <Th>Connector used</Th>
              </>
            }
          >
            <Tr data-testid={`effective-${row.providerName}-all`}>
              <Td className="w-48 text-slate-500">All {partWord}s by default</Td>
              <Td>
                <Outcome resolution={row.whole} base={base} />
              </Td>
            </Tr>
            {row.parts.map((part) => (
              <Tr key={part.id} data-testid={`effective-${row.providerName}-${part.name}`}>
                <Td>
                  {partWord} <span className="font-medium">{part.name}</span>
                </Td>
                <Td>
                  <Outcome resolution={part.resolution} base={base} />
                </Td>
              </Tr>
            ))}
          </Table>
        </Card>
      ))}
    </div>
  );
}
