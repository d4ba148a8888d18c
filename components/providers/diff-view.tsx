import { Badge } from '@/components/ui/card';
import type { VersionDiff } from '@/lib/openapi';
import { MethodBadge } from './method-badge';

export function DiffSummary({ diff }: { diff: VersionDiff | null }) {
  if (!diff) return <span className="text-slate-500">first version</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5 text-xs">
      <span className="text-green-700">+{diff.added.length}</span>
      <span className="text-red-700">−{diff.removed.length}</span>
      <span className="text-amber-700">~{diff.changed.length}</span>
      {diff.breaking ? <Badge tone="red">breaking</Badge> : null}
    </span>
  );
}

/** A version diff as a person reads it: what was added, removed and changed, breaking first. */
export function DiffView({ diff }: { diff: VersionDiff }) {
  const changed = [...diff.changed].sort((a, b) => Number(b.breaking) - Number(a.breaking));
  const nothing = !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.document.length;
  return (
    <div className="space-y-4 text-sm" data-testid="diff-view">
      <p>
        <strong>{diff.added.length}</strong> added, <strong>{diff.removed.length}</strong> removed, <strong>{diff.changed.length}</strong> changed, {diff.unchanged} unchanged.{' '}
        {diff.breaking ? <Badge tone="red">breaking changes</Badge> : <Badge tone="green">no breaking change</Badge>}
      </p>
      {nothing ? <p className="text-slate-600">The operations are the same.</p> : null}
      {diff.document.length ? (
        <section>
          <h4 className="font-semibold">Document</h4>
          <ul className="mt-1 list-disc pl-5">
            {diff.document.map((c, i) => (
              <li key={i}>
                {c.message} {c.breaking ? <Badge tone="red">breaking</Badge> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {diff.removed.length ? <OperationList title="Removed (breaking)" tone="text-red-800" operations={diff.removed} /> : null}
      {diff.added.length ? <OperationList title="Added" tone="text-green-800" operations={diff.added} /> : null}
      {changed.length ? (
        <section>
          <h4 className="font-semibold text-amber-800">Changed</h4>
          <ul className="mt-1 space-y-2">
            {changed.map((op) => (
              <li key={`${op.method} ${op.path}`}>
                <p className="flex items-center gap-2">
                  <MethodBadge method={op.method.toUpperCase()} />
                  <span className="font-mono text-xs">{op.path}</span>
                  {op.breaking ? <Badge tone="red">breaking</Badge> : null}
                </p>
                <ul className="ml-20 list-disc pl-4 text-slate-700">
                  {op.changes.map((c, i) => (
                    <li key={i} className={c.breaking ? 'text-red-800' : undefined}>
                      {c.message}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function OperationList({ title, tone, operations }: { title: string; tone: string; operations: VersionDiff['added'] }) {
  return (
    <section>
      <h4 className={`font-semibold ${tone}`}>{title}</h4>
      <ul className="mt-1 space-y-1">
        {operations.map((op) => (
          <li key={op.toolName} className="flex items-center gap-2">
            <MethodBadge method={op.method.toUpperCase()} />
            <span className="font-mono text-xs">{op.path}</span>
            <span className="text-xs text-slate-500">{op.toolName}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
