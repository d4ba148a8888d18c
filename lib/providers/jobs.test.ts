import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { ImportWorker } from '@/lib/openapi';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { createImportJob, getImportJob, runImportJob } from './jobs';
import { listProviders } from './queries';

const petstore = fs.readFileSync(path.resolve('test/fixtures/petstore-v1.yaml'), 'utf8');
let server: http.Server;
let origin = '';
let worker: ImportWorker;

beforeAll(async () => {
  worker = new ImportWorker().start();
  server = http.createServer((req, res) => {
    if (req.url === '/openapi.yaml') return res.writeHead(200, { 'content-type': 'application/yaml' }).end(petstore);
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await worker.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('import jobs', () => {
  test('a URL import downloads through the guarded fetch, runs in the worker and records each outcome', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const source = { kind: 'url' as const, url: `${origin}/openapi.yaml` };
    const job = await createImportJob({ db, workspaceId: workspace.id, actor, source });
    const outcome = await runImportJob({ db, job, actor, source, worker, allowPrivateNetwork: true });
    expect(outcome.ok).toBe(true);
    const done = await getImportJob({ db, workspaceId: workspace.id, jobId: job.id });
    expect(done).toMatchObject({ status: 'succeeded', phase: null, result: { providerSlug: 'pet-store', versionNumber: 1, operations: 5, created: 'provider' } });
    expect((await listProviders({ db, workspaceId: workspace.id })).providers[0]).toMatchObject({ source: 'url', operationCount: 5 });
  });

  test('a loopback URL is refused unless the deployment allows private addresses; a 404 says so', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const refuse = async (url: string, allowPrivateNetwork: boolean) => {
      const source = { kind: 'url' as const, url };
      const job = await createImportJob({ db, workspaceId: workspace.id, actor, source });
      const outcome = await runImportJob({ db, job, actor, source, worker, allowPrivateNetwork });
      expect(outcome.ok).toBe(false);
      return (await getImportJob({ db, workspaceId: workspace.id, jobId: job.id })).error!;
    };
    expect(await refuse(`${origin}/openapi.yaml`, false)).toMatch(/Could not download the document: .*(private|loopback|not allowed)/i);
    expect(await refuse(`${origin}/missing.yaml`, true)).toMatch(/answered 404/);
    expect((await listProviders({ db, workspaceId: workspace.id })).total).toBe(0);
  });

  test('a hostile document is refused in bounded time and stores nothing', async ({ db }) => {
    const { workspace, builder } = await makeTeam(db);
    const actor = actorOf(builder);
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++)
      lines.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      );
    const bomb = `openapi: 3.0.0\ninfo: {title: Bomb, version: '1'}\npaths: {}\n${lines.join('\n')}\n`;
    const source = { kind: 'text' as const, text: bomb, filename: 'bomb.yaml' };
    const job = await createImportJob({ db, workspaceId: workspace.id, actor, source });
    const started = Date.now();
    const outcome = await runImportJob({ db, job, actor, source, worker });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcome.ok).toBe(false);
    expect((await getImportJob({ db, workspaceId: workspace.id, jobId: job.id })).error).toMatch(/alias|nodes|too large/i);
    expect((await listProviders({ db, workspaceId: workspace.id })).total).toBe(0);
  });
});
