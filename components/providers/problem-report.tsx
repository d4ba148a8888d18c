import type { Problem } from '@/lib/openapi';

/** The problems of a document, each with where it is (JSON pointer, line) and what to do. */
export function ProblemReport({ problems, title }: { problems: Problem[]; title?: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="overflow-hidden rounded-md border border-slate-200">
      {title ? <p className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm font-medium text-slate-700">{title}</p> : null}
      <table className="w-full text-left text-sm" data-testid="problem-report">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Severity</th>
            <th className="px-3 py-2 font-medium">Line</th>
            <th className="px-3 py-2 font-medium">Location</th>
            <th className="px-3 py-2 font-medium">Problem</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {problems.map((p, i) => (
            <tr key={i}>
              <td className={`px-3 py-2 text-xs font-semibold uppercase ${p.severity === 'error' ? 'text-red-700' : 'text-amber-700'}`}>{p.severity}</td>
              <td className="px-3 py-2 text-slate-600">{p.line ?? '—'}</td>
              <td className="max-w-xs break-all px-3 py-2 font-mono text-xs text-slate-700">{p.pointer || '/'}</td>
              <td className="px-3 py-2 text-slate-800">{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
