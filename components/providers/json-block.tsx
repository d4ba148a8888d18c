/** Pretty-printed JSON, capped so a huge schema does not make the page unusable. */
export function JsonBlock({ value, collapsed = false, maxChars = 40_000 }: { value: unknown; collapsed?: boolean; maxChars?: number }) {
  const text = JSON.stringify(value, null, 2);
  const shown = text.length > maxChars ? `${text.slice(0, maxChars)}\n… (${(text.length - maxChars).toLocaleString('en')} more characters)` : text;
  const block = <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">{shown}</pre>;
  if (!collapsed) return block;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-indigo-700">Schema</summary>
      {block}
    </details>
  );
}
