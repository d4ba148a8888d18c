// How a document's info.version is kept and shown. Pure: used by the catalogue builder and by
// client components alike.

/** What `String(new Date(…))` prints: "Wed Oct 15 2025 13:53:19 GMT+0000 (Coordinated Universal Time)". */
const stringifiedDate = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT[+-]\d{4}(?: \(.*\))?$/;

/**
 * info.version as the document's author wrote it. A YAML timestamp that some tool parsed into a
 * JavaScript Date and printed back (the public API directory ships Stripe's version that way)
 * becomes the timestamp again: "2025-10-15" at midnight UTC, else "2025-10-15T13:53:19Z".
 */
export function documentVersion(version: unknown): string {
  if (version instanceof Date) return isoOf(version);
  const text = String(version ?? '').trim();
  if (stringifiedDate.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return isoOf(date);
  }
  return text;
}

function isoOf(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A document version as people read it, the one spelling used wherever a version is shown: as the
 * document gives it ("1.2.0", "v3", "2023-10-16.acacia"), a date as a date ("2025-10-15"), never
 * with a "v" added (so never "vv3"). Where a bare number would be unclear, the text around it says
 * "version".
 */
export function versionLabel(version: string | null | undefined): string {
  return documentVersion(version);
}
