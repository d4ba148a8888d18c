import { afterAll, beforeAll } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { operations, providers, providerVersions } from '@/db/schema';
import { ImportWorker, processDocument, type ImportedDocument } from '@/lib/openapi';
import { syntheticOpenApi } from '@/bench/synthetic-openapi';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { createImportJob, runImportJob } from './jobs';
import { saveImport } from './save';

// Saving a version of thousands of operations used to hold the main thread for the whole save
// (seconds here; 20 s for 100,000 operations), so the server answered nothing meanwhile.
const operationCount = 6000;
const tickMs = 20;
/** Generous for a loaded 2-core machine: the old code blocked for several seconds at this size. */
const maxTimerDelayMs = 1000;

let worker: ImportWorker;
beforeAll(() => {
  worker = new ImportWorker().start();
});
afterAll(async () => {
  await worker.close();
});

/** Runs `work` while a timer that should fire every 20 ms records how late it fires at worst. */
async function whileTicking<T>(work: () => Promise<T>): Promise<{ value: T; worstDelayMs: number }> {
  let worstDelayMs = 0;
  let expected = performance.now() + tickMs;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = performance.now();
    worstDelayMs = Math.max(worstDelayMs, now - expected);
    expected = now + tickMs;
    timer = setTimeout(tick, tickMs);
  };
  timer = setTimeout(tick, tickMs);
  const value = await work();
  // A block that lasted until the end shows only when timers run again.
  await new Promise((resolve) => setTimeout(resolve, tickMs * 3));
  clearTimeout(timer);
  return { value, worstDelayMs };
}

describe('saving a large import', () => {
  test('the event loop keeps turning while a version of thousands of operations is imported, and every operation is stored', { timeout: 180_000 }, async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const importText = async (text: string, providerId?: string) => {
      const source = { kind: 'text' as const, text, filename: 'large.json' };
      const job = await createImportJob({ db, workspaceId: workspace.id, actor, source, providerId });
      return whileTicking(() => runImportJob({ db, job, actor, source, worker }));
    };

    const first = await importText(syntheticOpenApi({ operations: operationCount }));
    expect(first.value).toMatchObject({ ok: true, saved: { created: 'provider', operations: operationCount } });
    expect(first.worstDelayMs).toBeLessThan(maxTimerDelayMs);
    const providerId = first.value.ok ? first.value.saved.providerId : '';

    // A new version: the previous one is read back and diffed, then the new rows written.
    const second = await importText(syntheticOpenApi({ operations: operationCount, revision: 2 }), providerId);
    expect(second.value).toMatchObject({ ok: true, saved: { created: 'version', versionNumber: 2, operations: operationCount } });
    const diff = second.value.ok ? second.value.saved.diff : null;
    expect(diff).toMatchObject({ breaking: true });
    expect(diff!.added.length).toBeGreaterThan(0);
    expect(diff!.removed.length).toBe(diff!.added.length);
    expect(diff!.changed.length).toBeGreaterThan(0);
    expect(second.worstDelayMs).toBeLessThan(maxTimerDelayMs);

    const stored = await db.select({ versionId: operations.versionId, n: count() }).from(operations).where(eq(operations.workspaceId, workspace.id)).groupBy(operations.versionId);
    expect(stored.map((row) => row.n)).toEqual([operationCount, operationCount]);
  });

  test('a failure in the last batch of operations leaves no provider, version or operation behind', { timeout: 120_000 }, async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const text = syntheticOpenApi({ operations: 2000 });
    const imported = (await processDocument({ text })) as ImportedDocument;
    expect(imported.ok).toBe(true);
    // The last operation takes the first one's tool name: the unique (version, tool name) key
    // refuses it only after every other batch has been written.
    const last = imported.operations[imported.operations.length - 1]!;
    last.tool = { ...last.tool, name: imported.operations[0]!.tool.name };

    await expect(saveImport({ db, workspaceId: workspace.id, actor: actorOf(builder), imported, text, source: 'upload' })).rejects.toThrow();

    const [versions] = await db.select({ n: count() }).from(providerVersions).where(eq(providerVersions.workspaceId, workspace.id));
    const [rows] = await db.select({ n: count() }).from(operations).where(eq(operations.workspaceId, workspace.id));
    const [created] = await db.select({ n: count() }).from(providers).where(eq(providers.workspaceId, workspace.id));
    expect({ versions: versions!.n, operations: rows!.n, providers: created!.n }).toEqual({ versions: 0, operations: 0, providers: 0 });
  });
});
