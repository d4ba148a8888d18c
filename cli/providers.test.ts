import { afterAll, beforeAll } from 'vitest';
import { completeSetup } from '@/lib/auth/setup';
import { ImportWorker } from '@/lib/openapi';
import { listProviders } from '@/lib/providers/queries';
import { listWorkspacesOfUser } from '@/lib/workspaces/workspaces';
import { makeWorkspace } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { importSources, workspaceForImport } from './providers';

let worker: ImportWorker;
beforeAll(() => {
  worker = new ImportWorker().start();
});
afterAll(() => worker.close());

describe('providers:import', () => {
  test('imports many documents, one line each; a changed document adds a version, a repeated one does not', async ({ db }) => {
    const workspace = await makeWorkspace(db);
    const lines = await importSources({
      db,
      workspaceId: workspace.id,
      sources: ['test/fixtures/petstore-v1.yaml', 'test/fixtures/petstore-v2.yaml', 'test/fixtures/petstore-v2.yaml', 'test/fixtures/missing.yaml', 'README.md'],
      worker,
    });
    expect(lines[0]).toEqual({ source: 'test/fixtures/petstore-v1.yaml', provider: 'pet-store', version: 1, operations: 5 });
    expect(lines[1]).toEqual({ source: 'test/fixtures/petstore-v2.yaml', provider: 'pet-store', version: 2, operations: 5 });
    expect(lines[2]).toEqual({ source: 'test/fixtures/petstore-v2.yaml', provider: 'pet-store', version: 2, operations: 5, unchanged: true });
    expect(lines[3]).toEqual({ source: 'test/fixtures/missing.yaml', error: 'Cannot read the file: it does not exist.' });
    expect(lines[4]).toMatchObject({ source: 'README.md', error: expect.stringMatching(/not .*OpenAPI|YAML|JSON/i) });
    expect((await listProviders({ db, workspaceId: workspace.id })).providers).toMatchObject([{ slug: 'pet-store', versionCount: 2 }]);
  });

  test('on an empty database the import creates a workspace that first-run setup hands to the first admin', async ({ db }) => {
    const workspace = await workspaceForImport({ db });
    const again = await workspaceForImport({ db });
    expect(again.id).toBe(workspace.id);
    await importSources({ db, workspaceId: workspace.id, sources: ['test/fixtures/petstore-v1.yaml'], worker });
    const { user, workspace: adopted } = await completeSetup({
      db,
      input: { email: 'first@example.test', name: 'First', password: 'a-long-password', workspaceName: 'Acme Ops' },
      ip: null,
    });
    expect(adopted.id).toBe(workspace.id);
    expect(adopted.name).toBe('Acme Ops');
    expect(await listWorkspacesOfUser({ db, userId: user.id })).toMatchObject([{ id: workspace.id, role: 'admin' }]);
    expect((await listProviders({ db, workspaceId: workspace.id })).total).toBe(1);
  });

  test('a workspace that does not exist is named in the error', async ({ db }) => {
    await expect(workspaceForImport({ db, slug: 'nope' })).rejects.toThrow('No workspace has the slug "nope"');
  });
});
