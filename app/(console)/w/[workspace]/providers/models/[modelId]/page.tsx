import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
import { Badge, Card } from '@/components/ui/card';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { CostEstimator, DeleteModelButton } from '@/components/models/model-controls';
import { priceHistory } from '@/lib/models/models';
import { currentPricePoint, formatPrice } from '@/lib/models/prices';
import { featureLabels, modalityLabels, priceFields, priceLabels } from '@/lib/models/schema';
import { loadModel } from './load';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function ModelPage({ params }: { params: Promise<{ workspace: string; modelId: string }> }) {
  const { workspace, modelId } = await params;
  const { db, workspace: ws, model: m, base, can } = await loadModel(workspace, modelId);
  const history = await priceHistory({ db, workspaceId: ws.id, modelId: m.id });
  const current = currentPricePoint(history);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <Link href={base} className="text-sm text-indigo-700 hover:underline">
            ← LLM Models
          </Link>
          <h2 className="mt-1 flex items-center gap-2 text-lg font-semibold">
            {m.displayName} <Badge tone={m.status === 'active' ? 'green' : 'slate'}>{m.status}</Badge>
          </h2>
          <p className="font-mono text-sm text-slate-600">
            {m.provider} · {m.identifier}
          </p>
        </div>
        {can('admin') ? (
          <div className="flex items-start gap-2">
            <ButtonLink href={`${base}/${m.id}/edit`} variant="secondary">
              Edit
            </ButtonLink>
            <DeleteModelButton workspace={ws.slug} modelId={m.id} identifier={m.identifier} />
          </div>
        ) : null}
      </div>
      <div className="grid gap-5 lg:grid-cols-2">
        <Card title="Capabilities">
          <dl className="grid grid-cols-[11rem_1fr] gap-y-1.5 text-sm">
            <dt className="text-slate-500">Context window</dt>
            <dd>{m.contextWindow?.toLocaleString('en') ?? 'unknown'} tokens</dd>
            <dt className="text-slate-500">Max output</dt>
            <dd>{m.maxOutputTokens?.toLocaleString('en') ?? 'unknown'} tokens</dd>
            <dt className="text-slate-500">Features</dt>
            <dd>{m.features.map((f) => featureLabels[f]).join(', ') || 'none listed'}</dd>
            <dt className="text-slate-500">Input</dt>
            <dd>{m.inputModalities.map((x) => modalityLabels[x]).join(', ')}</dd>
            <dt className="text-slate-500">Output</dt>
            <dd>{m.outputModalities.map((x) => modalityLabels[x]).join(', ')}</dd>
            <dt className="text-slate-500">Source</dt>
            <dd>{m.source === 'catalog' ? 'catalogue' : 'added by hand'}</dd>
          </dl>
        </Card>
        <Card title="Price history" description="USD per million tokens; each change kept with the date it took effect.">
          <Table
            label="Price history"
            data-testid="price-history"
            empty="No prices recorded."
            head={
              <>
                <Th>From</Th>
                {priceFields.map((p) => (
                  <Th key={p} align="right">
                    {priceLabels[p]}
                  </Th>
                ))}
              </>
            }
          >
            {history.map((h) => (
              <Tr key={h.id} current={h === current}>
                <Td>
                  {dateFormat.format(h.effectiveFrom)}
                  {h === current ? (
                    <span className="ml-2">
                      <Badge tone="indigo">current</Badge>
                    </span>
                  ) : h.effectiveFrom > new Date() ? (
                    <span className="ml-2">
                      <Badge>scheduled</Badge>
                    </span>
                  ) : null}
                </Td>
                {priceFields.map((p) => (
                  <Td key={p} align="right" className="tabular-nums">
                    {formatPrice(h.prices[p])}
                  </Td>
                ))}
              </Tr>
            ))}
          </Table>
        </Card>
      </div>
      <Card title="Cost estimator" description="For a number of tokens, at today's prices or at a past date.">
        <CostEstimator workspace={ws.slug} modelId={m.id} />
      </Card>
    </div>
  );
}
