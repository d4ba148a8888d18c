import fs from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterEach, beforeEach } from 'vitest';
import type { Database, Db } from '@/db/client';
import { oauthCredentials } from '@/db/schema';
import { createApiToken } from '@/lib/api-tokens/tokens';
import { assignConnector } from '@/lib/connectors/assignments';
import { createConnector } from '@/lib/connectors/connectors';
import { createWorker } from '@/lib/connectors/platform';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { encryptSecret } from '@/lib/connectors/vault';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { actorOf, makeTeam, makeUser } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { POST } from './route';

const ORIGIN = 'https://integrations.example.test';
const holder = globalThis as unknown as { appDatabase?: Promise<Database> };
const saved = process.env.NEXTAUTH_URL;
beforeEach(() => {
  process.env.NEXTAUTH_URL = ORIGIN;
});
afterEach(() => {
  process.env.NEXTAUTH_URL = saved;
  holder.appDatabase = undefined;
});

/** The route reads the app's database: here the test's own transaction, rolled back afterwards. */
async function world(db: Db) {
  holder.appDatabase = Promise.resolve({ db, kind: 'pglite', close: async () => {} } as Database);
  const team = await makeTeam(db);
  const actor = actorOf(team.builder);
  const text = fs.readFileSync(path.resolve('test/fixtures/pets-oauth.yaml'), 'utf8');
  const provider = await saveImport({ db, workspaceId: team.workspace.id, actor, imported: (await processDocument({ text })) as ImportedDocument, text, source: 'upload' });
  const input = connectorInputSchema.parse({
    name: 'Clinic',
    environment: 'production',
    credentialMode: 'per_user',
    authType: 'oauth2_code',
    oauth2: { authorizationUrl: 'https://auth.example.test/auth', tokenUrl: 'https://auth.example.test/token', scopes: ['pets:read'], clientId: 'clinic' },
  });
  const connector = await createConnector({ db, workspaceId: team.workspace.id, actor, providerId: provider.providerId, input });
  const worker = await createWorker({ db, workspaceId: team.workspace.id, actor, input: { name: 'Vet bot', skills: [] } });
  await assignConnector({ db, workspaceId: team.workspace.id, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
  const { token } = await createApiToken({
    db,
    workspaceId: team.workspace.id,
    actor: actorOf(team.admin),
    input: { name: 'bot', scopes: ['connectors:resolve', 'tools:invoke:on-behalf'] },
  });
  const call = (body: unknown, bearer = token) =>
    POST(
      new NextRequest(`${ORIGIN}/api/v1/connectors/connect-link`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({}) },
    );
  return { ...team, connector, worker, call };
}

describe('POST /api/v1/connectors/connect-link', () => {
  test('gives the link that leads a member through connecting, and whether they already have', async ({ db }) => {
    const w = await world(db);
    const body = { context: { workerId: w.worker.id }, provider: 'pet-clinic', userId: w.member.id, returnTo: '/w/x/chat' };
    const first = await w.call(body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      connector: { id: w.connector.id, name: 'Clinic', credentialMode: 'per_user' },
      url: `${ORIGIN}/w/${w.workspace.slug}/providers/connectors/${w.connector.id}/connect?returnTo=%2Fw%2Fx%2Fchat`,
      connected: false,
      status: 'not_connected',
      grantedScopes: [],
      missingScopes: ['pets:read'],
    });

    await db.insert(oauthCredentials).values({
      workspaceId: w.workspace.id,
      connectorId: w.connector.id,
      userId: w.member.id,
      accessToken: encryptSecret('a'),
      grantedScopes: ['pets:read'],
      requestedScopes: ['pets:read'],
    });
    expect(await (await w.call(body)).json()).toMatchObject({ connected: true, status: 'connected', grantedScopes: ['pets:read'], missingScopes: [] });
  });

  test('says what is wrong: no person on a per-user connector, someone outside the workspace, an unknown provider, a token without the scope', async ({ db }) => {
    const w = await world(db);
    const context = { workerId: w.worker.id };
    const noUser = await w.call({ context, provider: 'pet-clinic' });
    expect(noUser.status).toBe(422);
    expect((await noUser.json()).error.message).toContain('is per user: say who is to connect (userId)');

    const stranger = await makeUser(db);
    const outside = await w.call({ context, provider: 'pet-clinic', userId: stranger.id });
    expect(outside.status).toBe(404);
    expect((await outside.json()).error.message).toBe('That user is not a member of this workspace.');

    const unknown = await w.call({ context, provider: 'nope', userId: w.member.id });
    expect(unknown.status).toBe(404);

    const { token } = await createApiToken({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), input: { name: 'reader', scopes: ['tools:read'] } });
    expect((await w.call({ context, provider: 'pet-clinic', userId: w.member.id }, token)).status).toBe(403);
  });

  test("a member's link and connection status need the on-behalf scope", async ({ db }) => {
    const w = await world(db);
    await db.insert(oauthCredentials).values({
      workspaceId: w.workspace.id,
      connectorId: w.connector.id,
      userId: w.member.id,
      accessToken: encryptSecret('a'),
      grantedScopes: ['pets:read'],
      requestedScopes: ['pets:read'],
    });
    const { token } = await createApiToken({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), input: { name: 'resolver', scopes: ['connectors:resolve'] } });
    const refused = await w.call({ context: { workerId: w.worker.id }, provider: 'pet-clinic', userId: w.member.id }, token);
    expect(refused.status).toBe(403);
    const body = await refused.json();
    expect(body.error.message).toContain('needs a token with the "tools:invoke:on-behalf" scope');
    expect(JSON.stringify(body)).not.toMatch(/connected|pets:read/);
  });
});
