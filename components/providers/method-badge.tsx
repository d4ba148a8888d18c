const colours: Record<string, string> = {
  GET: 'bg-sky-100 text-sky-800',
  POST: 'bg-green-100 text-green-800',
  PUT: 'bg-amber-100 text-amber-800',
  PATCH: 'bg-orange-100 text-orange-800',
  DELETE: 'bg-red-100 text-red-800',
};

export function MethodBadge({ method }: { method: string }) {
  return (
    <span className={`inline-block w-16 shrink-0 rounded px-1.5 py-0.5 text-center font-mono text-[11px] font-semibold ${colours[method] ?? 'bg-slate-100 text-slate-700'}`}>
      {method}
    </span>
  );
}
