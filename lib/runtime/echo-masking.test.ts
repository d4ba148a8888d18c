// An API that echoes what it was sent must not hand a connector's secrets back to the caller: not in
// JSON (values or keys), text, headers, encodings, errors, nor through Test connection.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, connectors, invocations } from '@/db/schema';
import { testConnection } from '@/lib/connectors/test-connection';
import { describe, expect, test } from '@/test/db';
import { invokeTool } from './invoke';
import { alsoSays, echoBack, echoWorld, expectNothingLeaked, leaksIn, SECRETS, USERNAME, type EchoAuth } from './test-echo';
import { startPeer, type Peer } from './test-peer';

let api: Peer;
beforeAll(async () => {
  api = await startPeer(echoBack);
});
afterAll(() => api.close());
beforeEach(() => {
  api.arrivals.length = 0;
  alsoSays.length = 0;
});

const kinds: EchoAuth[] = ['api_key', 'api_key_query', 'basic', 'bearer', 'oauth2_client_credentials'];

/** What the API received, to show the test is not vacuous: the secret really went out. */
function sent(auth: EchoAuth): string {
  const arrival = api.arrivals[0]!;
  if (auth === 'api_key') return String(arrival.headers['x-api-key']);
  if (auth === 'api_key_query') return new URL(arrival.target, 'http://x').searchParams.get('key')!;
  if (auth === 'basic') return Buffer.from(String(arrival.headers.authorization).slice('Basic '.length), 'base64').toString('utf8');
  return String(arrival.headers.authorization).slice('Bearer '.length);
}
const expectedSent = {
  api_key: SECRETS.apiKey,
  api_key_query: SECRETS.queryKey,
  basic: `${USERNAME}:${SECRETS.password}`,
  bearer: SECRETS.token,
  oauth2_client_credentials: SECRETS.accessToken,
};

describe('an API that echoes the credentials it was sent', () => {
  test.for(kinds)('%s: no answer (JSON or text body, headers) carries a stored secret in any spelling', async (auth, { db }) => {
    const w = await echoWorld(db, api.url, auth);
    // The API also says the secrets this call does not send (refresh token, client secret, secret parameters).
    alsoSays.push(...w.secrets);
    const call = (petId: string) =>
      invokeTool({
        db,
        workspaceId: w.workspaceId,
        caller: { type: 'api_token', label: 'echo test' },
        context: w.context,
        tool: { name: 'pet-store__showPetById' },
        args: { petId },
        allowPrivateNetwork: true,
      });

    const json = await call('json');
    expect(sent(auth)).toBe(expectedSent[auth]);
    expect(json.body.kind).toBe('json');
    expectNothingLeaked(json, w.secrets);
    // Masked, not emptied: the rest of what the API said is all there.
    expect(json.body).toMatchObject({ kind: 'json', value: { seen: { method: 'GET', target: expect.stringMatching(/^\/pets\/json/) } } });
    expect(json.headers['x-request-id']).toContain('••••');

    const text = await call('text');
    expect(text.body.kind).toBe('text');
    expectNothingLeaked(text, w.secrets);

    expect(leaksIn(await db.select().from(invocations).where(eq(invocations.workspaceId, w.workspaceId)), w.secrets)).toEqual([]);
  });

  test('a refused redirect whose URL carries the key is an error that names none of it', async ({ db }) => {
    const w = await echoWorld(db, api.url, 'api_key_query');
    const error = await invokeTool({
      db,
      workspaceId: w.workspaceId,
      caller: { type: 'api_token', label: 'echo test' },
      context: w.context,
      tool: { name: 'pet-store__showPetById' },
      args: { petId: 'redirect' },
      allowPrivateNetwork: true,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('another host; refused') });
    expect(sent('api_key_query')).toBe(SECRETS.queryKey);
    expect(leaksIn({ message: (error as Error).message, details: (error as { details?: unknown }).details }, w.secrets)).toEqual([]);
    expect(leaksIn(await db.select().from(invocations).where(eq(invocations.workspaceId, w.workspaceId)), w.secrets)).toEqual([]);
  });

  test.for(kinds)('%s: Test connection shows the request and an excerpt of the answer without any stored secret', async (auth, { db }) => {
    const w = await echoWorld(db, api.url, auth);
    alsoSays.push(...w.secrets);
    const outcome = await testConnection({ db, workspaceId: w.workspaceId, actor: w.actor, connectorId: w.connector.id, userId: null, allowPrivateNetwork: true });
    expect(outcome).toMatchObject({ ok: true, operation: 'GET /pets' });
    expect(sent(auth)).toBe(expectedSent[auth]);
    expectNothingLeaked(outcome, w.secrets);
    const [row] = await db.select().from(connectors).where(eq(connectors.id, w.connector.id));
    expect(leaksIn({ statusReason: row!.statusReason, audit: await db.select().from(auditLog).where(eq(auditLog.workspaceId, w.workspaceId)) }, w.secrets)).toEqual([]);
  });
});
