import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { Problem } from '@/lib/openapi';

/** The problems of a document, each with where it is (JSON pointer, line) and what to do. */
export function ProblemReport({ problems, title }: { problems: Problem[]; title?: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="overflow-hidden rounded-md border border-slate-200">
      {title ? <p className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm font-medium text-slate-700">{title}</p> : null}
      <Table
        label={title ?? 'Problems'}
        data-testid="problem-report"
        head={
          <>
            <Th>Severity</Th>
            <Th>Line</Th>
            <Th>Location</Th>
            <Th>Problem</Th>
          </>
        }
      >
        {problems.map((p, i) => (
          <Tr key={i}>
            <Td className={`text-xs font-semibold uppercase ${p.severity === 'error' ? 'text-red-700' : 'text-amber-700'}`}>{p.severity}</Td>
            <Td className="text-slate-600">{p.line ?? '—'}</Td>
            <Td className="max-w-xs break-all font-mono text-xs text-slate-700">{p.pointer || '/'}</Td>
            <Td className="min-w-56 text-slate-800">{p.message}</Td>
          </Tr>
        ))}
      </Table>
    </div>
  );
}
