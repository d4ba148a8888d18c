// Runs imports in a worker thread with a heap cap and a wall-clock timeout, so a hostile document
// costs a refusal, never the app process. The worker entry is TypeScript loaded from disk by an
// absolute path under process.cwd() with tsx's require hook: this works the same from vitest, a
// tsx CLI and a bundled Next.js server, where a bundled entry would not exist as a file.
import { deserialize } from 'node:v8';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { parseDocument } from './parse';
import { yieldToEventLoop } from './slices';
import { defaultLimits, type ImportedDocument, type ImportLimits, type ImportPhase, type ImportResult, type RefusedDocument, type SourceInput } from './types';

export interface ImportRequest {
  id: number;
  input: SourceInput;
  limits?: Partial<ImportLimits>;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { id: number; type: 'progress'; phase: ImportPhase }
  /** The ImportResult without its operations, v8-serialised; the operations follow in chunks. */
  | { id: number; type: 'result'; result: Uint8Array; operations: Uint8Array[] }
  | { id: number; type: 'failed'; message: string };

export interface ImportOptions {
  /** Wall-clock limit for the whole import; the worker is terminated past it. Default 60 s. */
  timeoutMs?: number;
  onProgress?: (phase: ImportPhase) => void;
  limits?: Partial<ImportLimits>;
}

export interface WorkerOptions {
  /** Old-generation heap limit of the worker. Default 1536 MB. */
  maxHeapMb?: number;
  /** Project root holding lib/openapi/worker.ts and node_modules/tsx. Default process.cwd(). */
  root?: string;
}

export const defaultTimeoutMs = 60_000;

/**
 * Operations per serialised chunk of a result. Deserialising one chunk takes ~5-15 ms on the
 * main thread; between chunks the event loop gets a turn.
 */
export const operationsPerChunk = 200;
export const defaultMaxHeapMb = 1536;

/** A worker that runs imports one at a time; it is replaced after being killed. */
export class ImportWorker {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private readonly maxHeapMb: number;
  private readonly root: string;

  constructor(options: WorkerOptions = {}) {
    this.maxHeapMb = options.maxHeapMb ?? defaultMaxHeapMb;
    this.root = options.root ?? process.cwd();
  }

  /** Starts the worker ahead of the first import (optional). */
  start(): this {
    this.worker ??= this.spawn();
    return this;
  }

  import(input: SourceInput, options: ImportOptions = {}): Promise<ImportResult> {
    const job = this.queue.then(() => this.run(input, options));
    this.queue = job.catch(() => {});
    return job;
  }

  async close() {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private spawn(): Worker {
    // Taken from the runtime rather than imported: bundlers (Turbopack in `next build`) rewrite
    // `new Worker(…)` and `createRequire` to look inside the bundle, where the entry is not.
    const { createRequire } = process.getBuiltinModule('node:module');
    const { Worker: NodeWorker } = process.getBuiltinModule('node:worker_threads');
    const requireFromRoot = createRequire(path.join(this.root, 'package.json'));
    const worker = new NodeWorker(path.join(this.root, 'lib', 'openapi', 'worker.ts'), {
      execArgv: ['--require', requireFromRoot.resolve('tsx/cjs')],
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 64 },
      env: process.env,
    });
    worker.unref();
    return worker;
  }

  private run(input: SourceInput, options: ImportOptions): Promise<ImportResult> {
    // Refuse oversized uploads before copying them into the worker.
    const maxBytes = options.limits?.maxBytes ?? defaultLimits.maxBytes;
    if (input.text.length > maxBytes) {
      const parsed = parseDocument(input.text, { limits: { maxBytes } });
      if (!parsed.ok) return Promise.resolve({ ok: false, reason: parsed.problem.message, problems: [parsed.problem], timings: {} });
    }
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    const started = performance.now();

    return new Promise<ImportResult>((resolve) => {
      let settled = false;
      const settle = (result: ImportResult, kill: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (kill) {
          if (this.worker === worker) this.worker = undefined;
          void worker.terminate();
        }
        resolve(result);
      };
      const abort = (aborted: RefusedDocument['aborted'], reason: string) =>
        settle({ ok: false, aborted, reason, problems: [{ severity: 'error', pointer: '', message: reason }], timings: { totalMs: performance.now() - started } }, true);

      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'ready' || message.id !== id) return;
        if (message.type === 'progress') options.onProgress?.(message.phase);
        else if (message.type === 'result') {
          // The worker is done: the time limit no longer applies to reading its answer.
          clearTimeout(timer);
          readResult(message).then(
            (result) => settle(result, false),
            (error: Error) => abort('crash', `The import's result could not be read: ${error.message}`),
          );
        } else abort('crash', `The import failed unexpectedly: ${message.message}`);
      };
      const onError = (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          abort('memory', `The document ran out of memory (limit ${this.maxHeapMb} MB) while being processed. It is too large or too deeply nested to import.`);
        } else abort('crash', `The import failed unexpectedly: ${error.message}`);
      };
      const onExit = (code: number) => abort('crash', `The import worker stopped unexpectedly (exit code ${code}).`);
      const timer = setTimeout(
        () => abort('timeout', `The document took longer than ${Math.round(timeoutMs / 1000)} s to process and was abandoned. It is too large or too complex to import.`),
        timeoutMs,
      );

      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, input, limits: options.limits } satisfies ImportRequest);
    });
  }
}

/** The worker's answer, its operations deserialised a chunk at a time with a turn of the event loop between chunks. */
async function readResult(message: Extract<WorkerMessage, { type: 'result' }>): Promise<ImportResult> {
  const result = deserialize(message.result) as ImportResult;
  if (!result.ok) return result;
  for (const chunk of message.operations) {
    await yieldToEventLoop();
    for (const operation of deserialize(chunk) as ImportedDocument['operations']) result.operations.push(operation);
  }
  return result;
}

/** One import in a fresh worker, which is terminated afterwards. */
export async function importDocument(input: SourceInput, options: ImportOptions & WorkerOptions = {}): Promise<ImportResult> {
  const worker = new ImportWorker(options);
  try {
    return await worker.import(input, options);
  } finally {
    await worker.close();
  }
}
