// Removing a member takes their own connector secrets and OAuth connections in that workspace with
// them, revoking the tokens at a real authorization server (oidc-provider, in this process).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog, connectorSecrets, oauthCredentials } from '@/db/schema';
import { createConnector, setOwnCredential } from '@/lib/connectors/connectors';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { decryptSecret, encryptSecret } from '@/lib/connectors/vault';
import { completeAuthorization, startAuthorization } from '@/lib/oauth/flow';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { actorOf, addMember, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { signInAndConsent, startOidcServer, type OidcServer } from '@/test/oidc-server';
import { listMembers, removeMember } from './members';

const ORIGIN = 'http://app.example.test';
const CALLBACK = `${ORIGIN}/api/oauth/callback`;
const CLIENT_SECRET = 'members-client-SECRET-77';
const OWN_KEY = 'own-api-key-SECRET-of-the-member';

let as: OidcServer;
beforeAll(async () => {
  as = await startOidcServer({ clients: [{ client_id: 'clinic', client_secret: CLIENT_SECRET, redirect_uris: [CALLBACK], scope: 'pets:read offline_access' }] });
});
afterAll(() => as.close());

const document = fs.readFileSync(path.resolve('test/fixtures/pets-oauth.yaml'), 'utf8');

/** A workspace with a per-user OAuth connector and a per-user API-key connector. */
async function workspaceWithConnectors(db: Db, { issuer = as.issuer }: { issuer?: string } = {}) {
  const team = await makeTeam(db);
  const actor = actorOf(team.builder);
  const saved = await saveImport({
    db,
    workspaceId: team.workspace.id,
    actor,
    imported: (await processDocument({ text: document })) as ImportedDocument,
    text: document,
    source: 'upload',
  });
  const oauthConnector = await createConnector({
    db,
    workspaceId: team.workspace.id,
    actor,
    providerId: saved.providerId,
    input: connectorInputSchema.parse({
      name: 'Clinic',
      environment: 'production',
      credentialMode: 'per_user',
      authType: 'oauth2_code',
      oauth2: { issuer, scopes: ['pets:read', 'offline_access'], clientId: 'clinic' },
      secrets: { client_secret: CLIENT_SECRET },
      baseUrl: 'https://pets.example.test',
    }),
  });
  const keyConnector = await createConnector({
    db,
    workspaceId: team.workspace.id,
    actor,
    providerId: saved.providerId,
    input: connectorInputSchema.parse({
      name: 'Keys',
      environment: 'production',
      credentialMode: 'per_user',
      authType: 'api_key',
      apiKey: { name: 'X-API-Key', in: 'header' },
      baseUrl: 'https://pets.example.test',
    }),
  });
  return { ...team, oauthConnector, keyConnector };
}

/** The person connects through the server's real login and consent pages; returns their live access token. */
async function connect(db: Db, workspaceId: string, connectorId: string, user: { id: string; email: string }) {
  const { url } = await startAuthorization({ db, workspaceId, connectorId, userId: user.id, origin: ORIGIN, returnTo: '/', allowPrivateNetwork: true });
  const back = await signInAndConsent(url, { login: user.email, stopAt: CALLBACK });
  const outcome = await completeAuthorization({ db, actor: { ...actorOf(user), id: user.id }, params: back.searchParams, allowPrivateNetwork: true });
  expect(outcome.ok).toBe(true);
  const [row] = await db
    .select()
    .from(oauthCredentials)
    .where(and(eq(oauthCredentials.connectorId, connectorId), eq(oauthCredentials.userId, user.id)));
  return decryptSecret(row!.accessToken);
}

const rowsOf = async (db: Db, workspaceId: string, userId: string) => ({
  secrets: (
    await db
      .select()
      .from(connectorSecrets)
      .where(and(eq(connectorSecrets.workspaceId, workspaceId), eq(connectorSecrets.userId, userId)))
  ).length,
  connections: (
    await db
      .select()
      .from(oauthCredentials)
      .where(and(eq(oauthCredentials.workspaceId, workspaceId), eq(oauthCredentials.userId, userId)))
  ).length,
});

describe('removing a member', () => {
  test("deletes their own secrets and connections in that workspace and revokes their tokens; other members' and other workspaces' rows stay", async ({ db }) => {
    const w = await workspaceWithConnectors(db);
    const other = await workspaceWithConnectors(db);
    await addMember(db, other.workspace.id, w.member.id, 'member');

    const removedToken = await connect(db, w.workspace.id, w.oauthConnector.id, w.member);
    const colleagueToken = await connect(db, w.workspace.id, w.oauthConnector.id, w.builder);
    const elsewhereToken = await connect(db, other.workspace.id, other.oauthConnector.id, w.member);
    await setOwnCredential({ db, workspaceId: w.workspace.id, actor: actorOf(w.member), connectorId: w.keyConnector.id, userId: w.member.id, values: { api_key: OWN_KEY } });
    await setOwnCredential({
      db,
      workspaceId: w.workspace.id,
      actor: actorOf(w.builder),
      connectorId: w.keyConnector.id,
      userId: w.builder.id,
      values: { api_key: 'colleague-key' },
    });
    await setOwnCredential({
      db,
      workspaceId: other.workspace.id,
      actor: actorOf(w.member),
      connectorId: other.keyConnector.id,
      userId: w.member.id,
      values: { api_key: OWN_KEY },
    });
    expect(await as.verify(removedToken)).not.toBeNull();

    const result = await removeMember({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), userId: w.member.id, allowPrivateNetwork: true });
    expect(result).toEqual({ oauthConnectionsRevoked: 1, oauthRevocationFailed: 0 });

    expect((await listMembers({ db, workspaceId: w.workspace.id })).map((m) => m.userId)).not.toContain(w.member.id);
    expect(await rowsOf(db, w.workspace.id, w.member.id)).toEqual({ secrets: 0, connections: 0 });
    expect(await as.verify(removedToken)).toBeNull();
    // The colleague's rows and token, and the same person's rows in the other workspace, are untouched.
    expect(await rowsOf(db, w.workspace.id, w.builder.id)).toEqual({ secrets: 1, connections: 1 });
    expect(await as.verify(colleagueToken)).not.toBeNull();
    expect(await rowsOf(db, other.workspace.id, w.member.id)).toEqual({ secrets: 1, connections: 1 });
    expect(await as.verify(elsewhereToken)).not.toBeNull();
    // The client secret (the connector's own) stays.
    const [shared] = await db
      .select()
      .from(connectorSecrets)
      .where(and(eq(connectorSecrets.connectorId, w.oauthConnector.id), eq(connectorSecrets.name, 'client_secret')));
    expect(shared).toBeDefined();

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, w.workspace.id), eq(auditLog.targetId, w.member.id)));
    expect(audit.find((a) => a.action === 'member.removed')?.summary).toMatchObject({ ownStoredFieldsDeleted: 1, connectorsAffected: 1, oauthConnectionsDeleted: 1 });
    expect(audit.find((a) => a.action === 'member.oauth_revoked')?.summary).toEqual({ revokedAtProvider: 1, revocationFailed: 0, noRevocationOffered: 0 });
    expect(JSON.stringify(audit)).not.toContain(OWN_KEY);
    expect(JSON.stringify(audit)).not.toContain(removedToken);
  });

  test('a provider that cannot be reached does not stop the removal; the failed revocation is recorded', async ({ db }) => {
    // An issuer where nothing listens: discovery, and so revocation, fails.
    const w = await workspaceWithConnectors(db, { issuer: 'http://127.0.0.1:9' });
    await db.insert(oauthCredentials).values({
      workspaceId: w.workspace.id,
      connectorId: w.oauthConnector.id,
      userId: w.member.id,
      accessToken: encryptSecret('unreachable-token'),
      grantedScopes: ['pets:read'],
      requestedScopes: ['pets:read'],
    });
    const result = await removeMember({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), userId: w.member.id, allowPrivateNetwork: true });
    expect(result).toEqual({ oauthConnectionsRevoked: 0, oauthRevocationFailed: 1 });
    expect(await rowsOf(db, w.workspace.id, w.member.id)).toEqual({ secrets: 0, connections: 0 });
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, w.workspace.id), eq(auditLog.action, 'member.oauth_revoked')));
    expect(entry?.summary).toEqual({ revokedAtProvider: 0, revocationFailed: 1, noRevocationOffered: 0 });
  });

  test('the last admin cannot be removed, and nothing of theirs is deleted', async ({ db }) => {
    const w = await workspaceWithConnectors(db);
    await setOwnCredential({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), connectorId: w.keyConnector.id, userId: w.admin.id, values: { api_key: OWN_KEY } });
    await expect(removeMember({ db, workspaceId: w.workspace.id, actor: actorOf(w.admin), userId: w.admin.id })).rejects.toThrow(/last admin/);
    expect(await rowsOf(db, w.workspace.id, w.admin.id)).toEqual({ secrets: 1, connections: 0 });
  });
});
