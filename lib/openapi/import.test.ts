import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ImportWorker, importDocument } from './import';
import type { ImportPhase } from './types';

const githubText = fs.readFileSync(path.join(process.cwd(), 'node_modules/@octokit/openapi/generated/api.github.com.json'), 'utf8');
const tiny = JSON.stringify({
  openapi: '3.0.0',
  info: { title: 'Tiny', version: '1' },
  paths: { '/ping': { get: { operationId: 'ping', responses: { '200': { description: 'pong' } } } } },
});

describe('importDocument in a worker thread', () => {
  const worker = new ImportWorker();
  afterAll(() => worker.close());

  test("GitHub's REST document imports with its 1,223 operations and reports each phase", async () => {
    const phases: ImportPhase[] = [];
    const result = await worker.import({ text: githubText, filename: 'api.github.com.json' }, { onProgress: (phase) => phases.push(phase) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.counts).toMatchObject({ operations: 1223, tools: 1223 });
    expect(new Set(result.operations.map((operation) => operation.tool.name)).size).toBe(1223);
    expect(result.info.title).toMatch(/GitHub/);
    expect(phases).toEqual(['reading', 'resolving', 'validating', 'extracting']);
    expect(result.operations.every((operation) => operation.tool.name.length <= 64)).toBe(true);
  });

  test('a job past its time limit is killed with a clear error, and the next job still works', async () => {
    const slow = await worker.import({ text: githubText }, { timeoutMs: 50 });
    expect(slow).toMatchObject({ ok: false, aborted: 'timeout', reason: expect.stringMatching(/took longer than 0 s to process/) });
    const next = await worker.import({ text: tiny });
    expect(next).toMatchObject({ ok: true, counts: { operations: 1 } });
  });

  test('a job that exceeds the heap limit is refused as out of memory, and the caller survives', async () => {
    const result = await importDocument({ text: githubText }, { maxHeapMb: 48 });
    expect(result).toMatchObject({ ok: false, aborted: 'memory', reason: expect.stringContaining('ran out of memory (limit 48 MB)') });
    expect(await importDocument({ text: tiny })).toMatchObject({ ok: true });
  });
});
