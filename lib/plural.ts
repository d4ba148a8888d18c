/** "1 error", "2 errors", "1 entry" / "3 entries" (give the plural when adding "s" is wrong). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? singular : pluralForm}`;
}
