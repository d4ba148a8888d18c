// For tests: an API that echoes everything it was sent (headers, query, body, basic-auth credentials)
// back in every form an API might (JSON values and keys, a JSON string inside JSON, base64, base64url,
// URL- and form-encoding, hex, response headers), and a search for any spelling of a secret.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Db } from '@/db/client';
import { oauthCredentials } from '@/db/schema';
import { assignConnector } from '@/lib/connectors/assignments';
import { createConnector } from '@/lib/connectors/connectors';
import { createWorker } from '@/lib/connectors/platform';
import { connectorInputSchema } from '@/lib/connectors/schema';
import { encryptSecret } from '@/lib/connectors/vault';
import { processDocument, type ImportedDocument } from '@/lib/openapi';
import { saveImport } from '@/lib/providers/save';
import { actorOf, makeTeam } from '@/test/factories';
import { MASK } from './mask';
import type { Handler } from './test-peer';

/** Secrets with the characters encoders treat specially: quotes, slashes, plus, equals, space, and (where no header carries them) non-ASCII. */
export const SECRETS = {
  apiKey: 'ak"/+= SECRET-echo-1',
  queryKey: 'qk&/"?#+ SECRET-echo-2',
  password: 'pw/"+:é-SECRET-echo-3',
  token: 'tok/"+==SECRET-echo-4',
  accessToken: 'oauth-access/"+SECRET-echo-5',
  refreshToken: 'oauth-refresh/"+SECRET-echo-6',
  clientSecret: 'client/"+ SECRET-echo-7',
  param: 'param/"+é SECRET-echo-8',
} as const;
export const USERNAME = 'echo-user';

/** What the echo API says besides what it was sent: a stand-in for an API that knows more (set per test). */
export const alsoSays: string[] = [];

/** JSON.stringify, escaping every non-ASCII character as \uXXXX (as Python's json.dumps does). */
const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export const echoBack: Handler = (arrival, res) => {
  const url = new URL(arrival.target, 'http://echo.invalid');
  const authorization = String(arrival.headers.authorization ?? '');
  const basic = /^Basic (.+)$/i.exec(authorization)?.[1];
  const decoded = basic ? Buffer.from(basic, 'base64').toString('utf8') : undefined;
  const seen = {
    method: arrival.method,
    target: arrival.target,
    query: Object.fromEntries(url.searchParams),
    headers: arrival.headers,
    body: arrival.body.toString('utf8'),
    basic: decoded ? { user: decoded.slice(0, decoded.indexOf(':')), password: decoded.slice(decoded.indexOf(':') + 1) } : null,
    alsoSays,
  };
  const text = asciiJson(seen);
  const values = [...Object.values(arrival.headers).flat(), ...url.searchParams.values(), ...alsoSays, decoded ?? ''].filter((v): v is string => typeof v === 'string' && v !== '');
  const payload = {
    seen,
    nested: text,
    base64: Buffer.from(text).toString('base64'),
    base64url: Buffer.from(`xx${text}`).toString('base64url'),
    urlEncoded: encodeURIComponent(text),
    formEncoded: new URLSearchParams(values.map((v, i) => [`v${i}`, v])).toString(),
    hex: values.map((v) => Buffer.from(v).toString('hex')),
    keys: Object.fromEntries(values.map((v) => [v, 'echoed as a key'])),
    numbers: alsoSays.filter((v) => /^\d+$/.test(v)).map(Number),
  };
  const echoed = String(arrival.headers['x-api-key'] ?? url.searchParams.get('key') ?? authorization);
  const headers = {
    'x-request-id': echoed,
    'x-correlation-id': encodeURIComponent(echoed),
    'x-trace-id': Buffer.from(`trace:${echoed}`).toString('base64'),
    'www-authenticate': `Basic realm="${authorization.replace(/"/g, '')}"`,
    location: `/again?${url.searchParams.toString()}`,
  };
  if (url.pathname.endsWith('/redirect')) {
    res.writeHead(302, { location: `http://elsewhere.invalid/${encodeURIComponent(echoed)}/${encodeURIComponent(text).slice(0, 2000)}` }).end();
  } else if (url.pathname.endsWith('/text')) {
    res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(
      Object.entries(payload)
        .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join('\n'),
    );
  } else {
    res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(payload));
  }
};

/** Every spelling of a secret this test knows of, computed here independently of the code under test. */
function spellingsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
    Buffer.from(secret).toString('hex'),
    json,
    json.replace(/\//g, '\\/'),
    asciiJson(secret).slice(1, -1),
  ];
}

/** Base64 (or base64url) runs in the text, decoded: a secret inside a longer base64 message shows up here. */
function decodedRuns(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9+/_-]{12,}={0,2}/g)].flatMap(([run]) => [Buffer.from(run, 'base64').toString('utf8'), Buffer.from(run, 'base64url').toString('utf8')]);
}

/** The secrets (of those given) that appear, in any spelling, anywhere in what a caller saw. */
export function leaksIn(seen: unknown, secrets: string[]): string[] {
  const text = typeof seen === 'string' ? seen : JSON.stringify(seen);
  const decoded = decodedRuns(text).join('\n');
  // One more level: what a caller would get by unescaping a JSON string or URL-decoding.
  const urlDecoded = text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => safely(() => decodeURIComponent(run)) || run);
  const unescaped = [text, urlDecoded, text.replace(/\\"/g, '"').replace(/\\\\/g, '\\').replace(/\\\//g, '/')].join('\n');
  return secrets.filter((secret) => spellingsOf(secret).some((form) => unescaped.includes(form) || decoded.includes(form)));
}

function safely(run: () => string): string {
  try {
    return run();
  } catch {
    return '';
  }
}

/** Asserts that no secret leaked, and that the answer still arrived (masked, not emptied). */
export function expectNothingLeaked(seen: unknown, secrets: string[]) {
  expect(leaksIn(seen, secrets)).toEqual([]);
  expect(JSON.stringify(seen)).toContain(MASK);
}

export type EchoAuth = 'api_key' | 'api_key_query' | 'basic' | 'bearer' | 'oauth2_client_credentials';

/** The secrets a connector of this kind stores (and, for OAuth, holds as tokens), all of which must stay hidden. */
export function secretsFor(auth: EchoAuth): string[] {
  const own = {
    api_key: [SECRETS.apiKey],
    api_key_query: [SECRETS.queryKey],
    basic: [SECRETS.password, `${USERNAME}:${SECRETS.password}`],
    bearer: [SECRETS.token],
    oauth2_client_credentials: [SECRETS.accessToken, SECRETS.refreshToken, SECRETS.clientSecret],
  }[auth];
  return [...own, SECRETS.param];
}

/** A workspace with the pet store provider, one connector of the given kind pointing at the echo API, assigned to a worker. */
export async function echoWorld(db: Db, apiUrl: string, auth: EchoAuth) {
  const team = await makeTeam(db);
  const actor = actorOf(team.builder);
  const workspaceId = team.workspace.id;
  const text = fs.readFileSync(path.resolve('test/fixtures/petstore-v1.yaml'), 'utf8');
  const saved = await saveImport({ db, workspaceId, actor, imported: (await processDocument({ text })) as ImportedDocument, text, source: 'upload' });
  const common = { name: 'Echo', environment: 'production', credentialMode: 'shared', baseUrl: apiUrl, extraParameters: [{ name: 'tenant', secret: true, value: SECRETS.param }] };
  const input = {
    api_key: { ...common, authType: 'api_key', apiKey: { name: 'X-API-Key', in: 'header' }, secrets: { api_key: SECRETS.apiKey } },
    api_key_query: { ...common, authType: 'api_key', apiKey: { name: 'key', in: 'query' }, secrets: { api_key: SECRETS.queryKey } },
    basic: { ...common, authType: 'basic', username: USERNAME, secrets: { password: SECRETS.password } },
    bearer: { ...common, authType: 'bearer', secrets: { token: SECRETS.token } },
    oauth2_client_credentials: {
      ...common,
      authType: 'oauth2_client_credentials',
      oauth2: { tokenUrl: `${apiUrl}/token`, clientId: 'echo-client' },
      secrets: { client_secret: SECRETS.clientSecret },
    },
  }[auth];
  const connector = await createConnector({ db, workspaceId, actor, providerId: saved.providerId, input: connectorInputSchema.parse(input) });
  if (auth === 'oauth2_client_credentials') {
    // A connection already made: the call uses its access token without asking the token endpoint.
    await db.insert(oauthCredentials).values({
      workspaceId,
      connectorId: connector.id,
      userId: null,
      accessToken: encryptSecret(SECRETS.accessToken),
      refreshToken: encryptSecret(SECRETS.refreshToken),
      expiresAt: new Date(Date.now() + 3_600_000),
      grantedScopes: [],
      requestedScopes: [],
    });
  }
  const worker = await createWorker({ db, workspaceId, actor, input: { name: 'Echo bot', skills: [] } });
  await assignConnector({ db, workspaceId, actor, connectorId: connector.id, target: { type: 'worker', id: worker.id } });
  return { ...team, actor, workspaceId, connector, worker, context: { workerId: worker.id }, secrets: secretsFor(auth) };
}
