// Runtime overhead: one tool call through `invokeTool` (in process, PGlite in memory, or a fresh
// database on the PostgreSQL server named by BENCH_DATABASE_URL, dropped afterwards) against the
// same request sent straight to the same loopback API with undici's fetch. Latency p50/p99 over N
// sequential calls (the two paths alternate, so both see the same machine), throughput at a fixed
// concurrency, then a breakdown of where an invocation's time goes, step by step as invokeTool
// takes them, and the cost of resolving a tool in a provider with many operations.
//
//   tsx --conditions=react-server bench/runtime.ts [--requests 2000] [--concurrency 8] [--max-seconds 60]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test tsx --conditions=react-server bench/runtime.ts
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

// The app's env module is read on import: give it its secrets here instead of DATA_DIR/secrets.json.
process.env.LOG_LEVEL = 'silent';
process.env.NEXTAUTH_SECRET ||= randomBytes(32).toString('base64');
process.env.CREDENTIALS_KEY ||= randomBytes(32).toString('base64');

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const REQUESTS = flag('requests', 2000);
const CONCURRENCY = flag('concurrency', 8);
const MAX_MS = flag('max-seconds', 60) * 1000;
const WARMUP = 200;
const KEY = 'bench-key-SECRET';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const ms = (n: number) => `${n.toFixed(2)} ms`;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** A large document: `count` GET operations, for the cost of finding one tool among many. */
function manyOperations(count: number) {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    paths[`/items/i${i}/{id}`] = {
      get: {
        operationId: `getItem${i}`,
        summary: `Get item kind ${i}`,
        description: 'Returns one item with its attributes, owners and history. '.repeat(4),
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'expand', in: 'query', schema: { type: 'array', items: { type: 'string', enum: ['owners', 'history', 'attributes'] } } },
        ],
        responses: {
          '200': { description: 'The item', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } } } },
        },
      },
    };
  }
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'Many Items', version: '1.0.0' },
    servers: [{ url: 'https://items.example.com' }],
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
    security: [{ apiKey: [] }],
    paths,
  });
}

async function main() {
  const { fetch: undiciFetch, Agent } = await import('undici');
  const { and, eq, isNull, sql } = await import('drizzle-orm');
  const schema = await import('@/db/schema');
  const { invokeTool } = await import('@/lib/runtime/invoke');
  const { validateArguments } = await import('@/lib/runtime/arguments');
  const { buildRequest } = await import('@/lib/runtime/build-request');
  const { sendRequest } = await import('@/lib/runtime/send');
  const { readCallState, operationContent } = await import('@/lib/runtime/plan');
  const { recordInvocation, flushInvocations } = await import('@/lib/runtime/invocation-log');
  const { levelsFrom, pickConnector } = await import('@/lib/connectors/resolve');
  const { secretsFromRows, createConnector } = await import('@/lib/connectors/connectors');
  const { credentialsOf } = await import('@/lib/connectors/test-connection');
  const { connectorInputSchema } = await import('@/lib/connectors/schema');
  const { assignConnector } = await import('@/lib/connectors/assignments');
  const { createWorker } = await import('@/lib/connectors/platform');
  const { processDocument } = await import('@/lib/openapi');
  type ImportedDocument = import('@/lib/openapi').ImportedDocument;
  const { saveImport } = await import('@/lib/providers/save');
  const { openBenchDatabase, openServerBenchDatabase } = await import('./db');

  const serverUrl = process.env.BENCH_DATABASE_URL || undefined;
  const backend = serverUrl ? 'PostgreSQL' : 'PGlite';

  const api = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.headers['x-api-key'] !== KEY) return res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7,"name":"Rex","tag":"dog"}');
    });
  });
  api.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

  const setupStarted = performance.now();
  const bench = serverUrl ? await openServerBenchDatabase(serverUrl, 'bench_runtime') : await openBenchDatabase();
  const { db, workspaceId, actor } = bench;
  const worker = await createWorker({ db, workspaceId, actor, input: { name: 'Bench bot', skills: [] } });
  async function provider(text: string, filename: string) {
    const saved = await saveImport({ db, workspaceId, actor, imported: (await processDocument({ text, filename })) as ImportedDocument, text, source: 'upload' });
    const connector = await createConnector({
      db,
      workspaceId,
      actor,
      providerId: saved.providerId,
      input: connectorInputSchema.parse({
        name: `Bench ${filename}`,
        environment: 'production',
        credentialMode: 'shared',
        authType: 'api_key',
        apiKey: { name: 'X-API-Key', in: 'header' },
        secrets: { api_key: KEY },
        baseUrl: origin,
      }),
    });
    await assignConnector({ db, workspaceId, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
  }
  await provider(fs.readFileSync(path.resolve('test/fixtures/petstore-v1.yaml'), 'utf8'), 'petstore.yaml');
  const context = { workerId: worker.id };
  const caller = { type: 'mcp' as const, label: 'bench' };
  console.log(`setup (migrate, import, connector): ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

  const viaApp = async (toolName = 'pet-store__showPetById') => {
    const result = await invokeTool({ db, workspaceId, caller, context, tool: { name: toolName }, args: { petId: '7' }, allowPrivateNetwork: true });
    if (result.status !== 200) throw new Error(`app call answered ${result.status}`);
  };
  const directAgent = new Agent({ keepAliveTimeout: 60_000 });
  const direct = async () => {
    const response = await undiciFetch(`${origin}/pets/7`, { headers: { 'x-api-key': KEY, accept: 'application/json' }, dispatcher: directAgent });
    if (response.status !== 200) throw new Error(`direct call answered ${response.status}`);
    JSON.parse(await response.text());
  };

  for (let i = 0; i < WARMUP; i++) {
    await direct();
    await viaApp();
  }

  // Latency, sequential, alternating.
  const appTimes: number[] = [];
  const directTimes: number[] = [];
  const latencyStarted = performance.now();
  for (let i = 0; i < REQUESTS && performance.now() - latencyStarted < MAX_MS; i++) {
    let t = performance.now();
    await direct();
    directTimes.push(performance.now() - t);
    t = performance.now();
    await viaApp();
    appTimes.push(performance.now() - t);
  }
  appTimes.sort((a, b) => a - b);
  directTimes.sort((a, b) => a - b);

  // Throughput at fixed concurrency, each path on its own.
  async function throughput(call: () => Promise<void>) {
    let issued = 0;
    const started = performance.now();
    const lane = async () => {
      while (issued < REQUESTS && performance.now() - started < MAX_MS) {
        issued++;
        await call();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return (issued / (performance.now() - started)) * 1000;
  }
  const directRps = await throughput(direct);
  const appRps = await throughput(viaApp);

  // Where an invocation's time goes: invokeTool's steps, in its order, with the same calls.
  const stages: Record<string, number[]> = {
    'read call state (1 statement)': [],
    'operation detail (kept per version)': [],
    'validate arguments': [],
    'resolve (the rules, no reads)': [],
    'secrets (decrypt)': [],
    'build request': [],
    'send + read answer': [],
    'record invocation (queued)': [],
  };
  const stageOf = async <T>(name: string, run: () => Promise<T> | T): Promise<T> => {
    const t = performance.now();
    const value = await run();
    stages[name]!.push(performance.now() - t);
    return value;
  };
  for (let i = 0; i < 500; i++) {
    const state = (await stageOf('read call state (1 statement)', () => readCallState({ db, workspaceId, slug: 'pet-store', toolName: 'showPetById', context })))!;
    const { provider: p, operation } = state;
    const content = (await stageOf('operation detail (kept per version)', () => operationContent({ db, versionId: p.currentVersionId!, toolName: operation!.toolName })))!;
    const args = { petId: '7' };
    await stageOf('validate arguments', () => validateArguments(content.detail.inputSchema, args));
    const winner = await stageOf(
      'resolve (the rules, no reads)',
      () => pickConnector({ levels: levelsFrom(context, state.names), candidates: state.candidates, providerName: p.name }).winner!,
    );
    const credentials = await stageOf('secrets (decrypt)', () => credentialsOf(winner, secretsFromRows(winner.secrets, { userId: null })));
    const request = await stageOf('build request', () =>
      buildRequest({ detail: content.detail, method: operation!.method, path: operation!.path, target: winner, documentServers: content.servers, credentials, args }),
    );
    const response = await stageOf('send + read answer', () => sendRequest(request, { allowPrivateNetwork: true }));
    await stageOf('record invocation (queued)', () =>
      recordInvocation(db, {
        workspaceId,
        callerType: 'mcp',
        callerLabel: 'bench',
        context,
        toolName: 'pet-store__showPetById',
        providerId: p.id,
        connectorId: winner.id,
        operation: 'GET /pets/{petId}',
        status: response.status,
        attempts: response.attempts,
        latencyMs: 1,
      }),
    );
  }
  // What the queue costs when it is written: one multi-row insert per batch.
  const batchWrites: number[] = [];
  for (let i = 0; i < 50; i++) {
    for (let j = 0; j < 20; j++) await recordInvocation(db, { workspaceId, callerType: 'mcp', callerLabel: 'bench', context, toolName: 'pet-store__showPetById', latencyMs: 1 });
    const t = performance.now();
    await flushInvocations(db);
    batchWrites.push(performance.now() - t);
  }

  // The floor under every read: one round trip to the database through drizzle, and the operation found
  // by one indexed query (provider, version servers, operation and its disabled flag joined).
  const roundTrips: number[] = [];
  const oneQueryFind: number[] = [];
  for (let i = 0; i < 500; i++) {
    let t = performance.now();
    await db.execute(sql`select 1`);
    roundTrips.push(performance.now() - t);
    t = performance.now();
    const [row] = await db
      .select({
        providerId: schema.providers.id,
        servers: schema.providerVersions.servers,
        method: schema.operations.method,
        path: schema.operations.path,
        detail: schema.operations.detail,
        disabled: schema.disabledTools.toolName,
      })
      .from(schema.providers)
      .innerJoin(schema.providerVersions, eq(schema.providerVersions.id, schema.providers.currentVersionId))
      .innerJoin(schema.operations, and(eq(schema.operations.versionId, schema.providers.currentVersionId), eq(schema.operations.toolName, 'showPetById')))
      .leftJoin(schema.disabledTools, and(eq(schema.disabledTools.providerId, schema.providers.id), eq(schema.disabledTools.toolName, schema.operations.toolName)))
      .where(and(eq(schema.providers.workspaceId, workspaceId), eq(schema.providers.slug, 'pet-store'), isNull(schema.disabledTools.toolName)));
    if (!row) throw new Error('one-query find found nothing');
    oneQueryFind.push(performance.now() - t);
  }

  // A provider with many operations: findOperation reads every operation of the version.
  const large = 2000;
  const largeStarted = performance.now();
  await provider(manyOperations(large), 'items.json');
  const largeSetup = performance.now() - largeStarted;
  const largeTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    const result = await invokeTool({ db, workspaceId, caller, context, tool: { name: 'many-items__getItem1999' }, args: { id: 'a' }, allowPrivateNetwork: true });
    if (result.status !== 200) throw new Error(`large call answered ${result.status}`);
    if (i >= 10) largeTimes.push(performance.now() - t);
  }

  const p = (sorted: number[]) => ({ p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
  const a = p(appTimes);
  const d = p(directTimes);
  console.log(
    `\n${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, node ${process.version}, ${appTimes.length} sequential calls per path (after ${WARMUP} warm-up), concurrency ${CONCURRENCY} for throughput\n`,
  );
  console.log('| path | p50 | p99 | throughput (c=' + CONCURRENCY + ') |');
  console.log('|---|---|---|---|');
  console.log(`| direct undici fetch | ${ms(d.p50)} | ${ms(d.p99)} | ${directRps.toFixed(0)} req/s |`);
  console.log(`| invokeTool (${backend}) | ${ms(a.p50)} | ${ms(a.p99)} | ${appRps.toFixed(0)} req/s |`);
  console.log(`| **overhead** | **${ms(a.p50 - d.p50)}** | **${ms(a.p99 - d.p99)}** | ${((1 - appRps / directRps) * 100).toFixed(0)}% fewer |`);
  console.log(`\ngoal: overhead p50 <= 2 ms: ${a.p50 - d.p50 <= 2 ? 'met' : 'MISSED'}; p99 <= 10 ms: ${a.p99 - d.p99 <= 10 ? 'met' : 'MISSED'}\n`);
  console.log('| step of invokeTool (500 calls) | median | p99 |');
  console.log('|---|---|---|');
  for (const [name, times] of Object.entries(stages)) {
    const sorted = [...times].sort((x, y) => x - y);
    console.log(`| ${name} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} |`);
  }
  console.log(`\nthe queued records written, 20 at a time: median ${ms(median(batchWrites))} a batch`);
  console.log(`one ${backend} round trip (select 1): median ${ms(median(roundTrips))}; the operation found by one joined, indexed query: median ${ms(median(oneQueryFind))}`);
  console.log(`provider with ${large} operations (import ${(largeSetup / 1000).toFixed(1)} s): invokeTool median ${ms(median(largeTimes))} over ${largeTimes.length} calls`);

  await bench.close();
  await directAgent.close();
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
