// `catalog:build`: builds the central-repository catalogue from the curated source list.
import path from 'node:path';
import { buildCatalog, type BuildProgress, type BuildReport, type ProviderOutcome } from '@/lib/catalog/build';
import { readSourceList } from '@/lib/catalog/source-list';
import { env } from '@/lib/env';

export const defaultSourcesFile = 'catalog/sources.json';
export const defaultOutDir = 'catalog/dist';
export const defaultConcurrency = 1;

export async function runCatalogBuild({
  sources = defaultSourcesFile,
  out = defaultOutDir,
  concurrency = defaultConcurrency,
  log = console.log,
}: { sources?: string; out?: string; concurrency?: number; log?: (line: string) => void } = {}): Promise<{ code: number; report: BuildReport }> {
  const sourcesFile = path.resolve(sources);
  const outDir = path.resolve(out);
  const list = await readSourceList(sourcesFile);
  log(
    `Building "${list.name}": ${list.providers.length} sources from ${path.relative(process.cwd(), sourcesFile) || sourcesFile} into ${path.relative(process.cwd(), outDir) || outDir}`,
  );
  // With SOURCE_DATE_EPOCH the same packages give byte-identical output, index hash included.
  const epoch = env.SOURCE_DATE_EPOCH;
  const now = epoch === undefined ? undefined : () => new Date(epoch * 1000);
  const report = await buildCatalog({ sources: list, sourcesDir: path.dirname(sourcesFile), outDir, concurrency, now, onProgress: (event) => progressLine(event, log) });

  const count = (status: ProviderOutcome['status']) => report.outcomes.filter((outcome) => outcome.status === status).length;
  for (const warning of report.warnings) log(`warning: ${warning}`);
  const failed = report.outcomes.filter((outcome) => outcome.status === 'failed');
  if (failed.length > 0) {
    log('Failed:');
    for (const outcome of failed)
      log(`  ${outcome.id}: ${outcome.status === 'failed' ? outcome.reason : ''}${outcome.status === 'failed' && outcome.keptVersion ? ` (kept ${outcome.keptVersion})` : ''}`);
  }
  log(
    `${count('published')} published, ${count('unchanged')} unchanged, ${failed.length} failed. ` +
      `${plural(report.providers, 'provider')}, ${plural(report.operations, 'operation')}, documents ${(report.documentBytes / 1024 / 1024).toFixed(1)} MB gzipped, ${report.logos} of ${report.providers} logos bundled. ` +
      `Index ${report.indexHash.slice(0, 12)}${report.indexWritten ? ' written' : ' unchanged'}. ${(report.ms / 1000).toFixed(1)} s.`,
  );
  // Only a catalogue with nothing in it is a failed build: one bad source keeps its last good version.
  return { code: report.providers === 0 ? 1 : 0, report };
}

function progressLine(event: BuildProgress, log: (line: string) => void) {
  if (event.type !== 'done') return;
  const { outcome } = event;
  const position = `[${String(event.index + 1).padStart(String(event.total).length)}/${event.total}]`;
  const seconds = `${(outcome.ms / 1000).toFixed(1)} s`;
  if (outcome.status === 'published') {
    log(`${position} ${outcome.id}: published ${outcome.version}, ${plural(outcome.operations, 'operation')}. ${outcome.changelog.summary}. ${seconds}`);
  } else if (outcome.status === 'unchanged') {
    log(`${position} ${outcome.id}: unchanged ${outcome.version} (${outcome.reason}). ${seconds}`);
  } else {
    log(`${position} ${outcome.id}: FAILED${outcome.keptVersion ? `, keeps ${outcome.keptVersion}` : ''}: ${outcome.reason} ${seconds}`);
  }
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}
