import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { Server, ToolArgument } from '@/lib/openapi';
import { buildRequest, resolveBaseUrl, type BuildRequestInput, type ConnectorTarget, type Credentials, type RequestOperation } from './build-request';
import { sendRequest } from './send';
import { startPeer, type Arrival, type Peer } from './test-peer';

let peer: Peer;
beforeAll(async () => {
  peer = await startPeer();
});
afterAll(() => peer.close());

const noAuth: ConnectorTarget = { baseUrl: null, serverVariables: {}, authType: 'none', authConfig: {} };

type Call = {
  path?: string;
  method?: string;
  arguments: ToolArgument[];
  args: Record<string, unknown>;
  detail?: Partial<RequestOperation>;
  target?: Partial<ConnectorTarget>;
  credentials?: Credentials;
  basePath?: string;
};

function input(call: Call): BuildRequestInput {
  return {
    detail: { arguments: call.arguments, ...call.detail },
    method: call.method ?? 'GET',
    path: call.path ?? '/items',
    target: { ...noAuth, baseUrl: `${peer.url}${call.basePath ?? ''}`, ...call.target },
    documentServers: [],
    credentials: call.credentials ?? {},
    args: call.args,
  };
}

/** Builds the request, sends it to the loopback peer, and returns what the peer received. */
async function arrive(call: Call): Promise<Arrival> {
  const before = peer.arrivals.length;
  const response = await sendRequest(buildRequest(input(call)), { allowPrivateNetwork: true, timeoutMs: 5000 });
  expect(response.status).toBe(200);
  expect(peer.arrivals.length).toBe(before + 1);
  return peer.arrivals[before]!;
}

function refusal(call: Call): AppError {
  try {
    buildRequest(input(call));
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected buildRequest to refuse');
}

const param = (name: string, location: ToolArgument['in'], extra: Partial<ToolArgument> = {}): ToolArgument => ({
  name,
  in: location,
  ...(location === 'body' ? {} : { parameterName: name }),
  required: location === 'path',
  ...extra,
});

const list = [3, 4, 5];
const person = { role: 'admin', firstName: 'Alex' };

describe('path parameters', () => {
  const cases: [string, boolean | undefined, unknown, string][] = [
    ['simple', undefined, 5, '/items/5'],
    ['simple', false, list, '/items/3,4,5'],
    ['simple', true, list, '/items/3,4,5'],
    ['simple', false, person, '/items/role,admin,firstName,Alex'],
    ['simple', true, person, '/items/role=admin,firstName=Alex'],
    ['label', false, 5, '/items/.5'],
    ['label', false, list, '/items/.3,4,5'],
    ['label', true, list, '/items/.3.4.5'],
    ['label', false, person, '/items/.role,admin,firstName,Alex'],
    ['label', true, person, '/items/.role=admin.firstName=Alex'],
    ['matrix', false, 5, '/items/;id=5'],
    ['matrix', false, list, '/items/;id=3,4,5'],
    ['matrix', true, list, '/items/;id=3;id=4;id=5'],
    ['matrix', false, person, '/items/;id=role,admin,firstName,Alex'],
    ['matrix', true, person, '/items/;role=admin;firstName=Alex'],
  ];
  it.each(cases)('%s (explode %s) of %j', async (style, explode, value, expected) => {
    const arrival = await arrive({
      path: '/items/{id}',
      arguments: [param('id', 'path', { style, ...(explode === undefined ? {} : { explode }) })],
      args: { id: value },
    });
    expect(arrival.target).toBe(expected);
  });

  it('percent-encodes reserved characters and unicode, and keeps the base path', async () => {
    const arrival = await arrive({
      basePath: '/v1/',
      path: '/files/{name}/raw',
      arguments: [param('name', 'path')],
      args: { name: "a/b?c#d é!'()*~" },
    });
    expect(arrival.target).toBe('/v1/files/a%2Fb%3Fc%23d%20%C3%A9%21%27%28%29%2A~/raw');
  });

  it('maps a renamed argument back onto its parameter', async () => {
    const arrival = await arrive({
      path: '/users/{user-id}',
      arguments: [{ name: 'user_id', in: 'path', parameterName: 'user-id', required: true }],
      args: { user_id: 'u1' },
    });
    expect(arrival.target).toBe('/users/u1');
  });

  it('refuses a missing path parameter and a dot segment', () => {
    const missing = refusal({ path: '/users/{id}/posts/{post}', arguments: [param('id', 'path'), param('post', 'path')], args: { id: 1 } });
    expect(missing.message).toMatch(/Missing path parameter post/);
    expect(missing.fields).toHaveProperty('post');
    for (const id of ['..', '.']) {
      expect(refusal({ path: '/users/{id}/delete', arguments: [param('id', 'path')], args: { id } }).message).toMatch(/cannot be "\." or "\.\."/);
    }
  });
});

describe('query parameters', () => {
  const cases: [string | undefined, boolean | undefined, unknown, string][] = [
    [undefined, undefined, 5, 'id=5'],
    ['form', true, list, 'id=3&id=4&id=5'],
    ['form', false, list, 'id=3,4,5'],
    ['form', true, person, 'role=admin&firstName=Alex'],
    ['form', false, person, 'id=role,admin,firstName,Alex'],
    ['spaceDelimited', false, list, 'id=3%204%205'],
    ['spaceDelimited', false, person, 'id=role%20admin%20firstName%20Alex'],
    ['spaceDelimited', true, list, 'id=3&id=4&id=5'],
    ['pipeDelimited', false, list, 'id=3|4|5'],
    ['pipeDelimited', false, person, 'id=role|admin|firstName|Alex'],
    ['deepObject', true, person, 'id[role]=admin&id[firstName]=Alex'],
    ['deepObject', true, { name: { first: 'A' }, tags: ['x', 'y'] }, 'id[name][first]=A&id[tags][0]=x&id[tags][1]=y'],
    [undefined, undefined, [], ''],
    [undefined, undefined, true, 'id=true'],
    [undefined, undefined, '', 'id='],
  ];
  it.each(cases)('%s (explode %s) of %j', async (style, explode, value, expected) => {
    const arrival = await arrive({
      arguments: [param('id', 'query', { ...(style ? { style } : {}), ...(explode === undefined ? {} : { explode }) })],
      args: { id: value },
    });
    expect(arrival.target).toBe(expected === '' ? '/items' : `/items?${expected}`);
  });

  it('encodes reserved characters unless allowReserved, and unicode always', async () => {
    const strict = await arrive({ arguments: [param('q', 'query'), param('u', 'query')], args: { q: 'a&b=c/d?e#f%41 +', u: 'ü 東' } });
    expect(strict.target).toBe('/items?q=a%26b%3Dc%2Fd%3Fe%23f%2541%20%2B&u=%C3%BC%20%E6%9D%B1');
    const reserved = await arrive({ arguments: [param('q', 'query', { allowReserved: true })], args: { q: 'a&b=c/d?e#f%41 [x]:@' } });
    expect(reserved.target).toBe('/items?q=a&b=c/d?e%23f%41%20[x]:@');
  });

  it('leaves out absent and null values, keeps the base URL query, and sends names encoded', async () => {
    const arrival = await arrive({
      basePath: '/v1?tenant=t1',
      arguments: [param('a', 'query'), param('b', 'query'), param('c d', 'query')],
      args: { a: null, 'c d': 1 },
    });
    expect(arrival.target).toBe('/v1/items?tenant=t1&c%20d=1');
  });
});

describe('headers and cookies', () => {
  it('serialises headers in simple style and ignores the ones OpenAPI says to ignore', async () => {
    const arrival = await arrive({
      arguments: [
        param('X-One', 'header'),
        param('X-List', 'header'),
        param('X-Object', 'header'),
        param('X-Exploded', 'header', { explode: true }),
        param('Authorization', 'header'),
        param('Content-Type', 'header'),
        param('Accept', 'header'),
      ],
      args: { 'X-One': 42, 'X-List': ['a', 'b'], 'X-Object': person, 'X-Exploded': person, Authorization: 'Bearer evil', 'Content-Type': 'text/evil', Accept: 'text/evil' },
      detail: { responses: [{ status: '200', contentTypes: ['application/json'] }] },
    });
    expect(arrival.headers['x-one']).toBe('42');
    expect(arrival.headers['x-list']).toBe('a,b');
    expect(arrival.headers['x-object']).toBe('role,admin,firstName,Alex');
    expect(arrival.headers['x-exploded']).toBe('role=admin,firstName=Alex');
    expect(arrival.headers.authorization).toBeUndefined();
    expect(arrival.headers['content-type']).toBeUndefined();
    expect(arrival.headers.accept).toBe('application/json, */*;q=0.1');
  });

  it('refuses a header value with a line break', () => {
    expect(refusal({ arguments: [param('X-One', 'header')], args: { 'X-One': 'a\r\nX-Injected: 1' } }).message).toMatch(/printable ASCII/);
  });

  it('sends cookies as name=value pairs in form style', async () => {
    const arrival = await arrive({
      arguments: [param('session', 'cookie'), param('ids', 'cookie', { explode: false }), param('tag', 'cookie'), param('pref', 'cookie', { explode: false })],
      args: { session: 'a b;c', ids: [1, 2], tag: ['x', 'y'], pref: { theme: 'dark' } },
    });
    expect(arrival.headers.cookie).toBe('session=a%20b%3Bc; ids=1,2; tag=x; tag=y; pref=theme,dark');
  });
});

describe('bodies', () => {
  const body = (contentType: string) => [param('body', 'body', { contentType })];

  it('sends JSON, keeping a +json media type', async () => {
    const value = { name: 'Zoë', tags: ['a'], nested: { n: 1 }, none: null };
    const plain = await arrive({ method: 'POST', arguments: body('application/json'), args: { body: value } });
    expect(plain.method).toBe('POST');
    expect(plain.headers['content-type']).toBe('application/json');
    expect(plain.body.toString()).toBe(JSON.stringify(value));
    const vendor = await arrive({ method: 'PATCH', arguments: body('application/vnd.api+json'), args: { body: { data: 1 } } });
    expect(vendor.headers['content-type']).toBe('application/vnd.api+json');
    expect(vendor.body.toString()).toBe('{"data":1}');
  });

  it('sends a form: objects as fields, arrays exploded, nested objects in brackets', async () => {
    const arrival = await arrive({
      method: 'POST',
      arguments: body('application/x-www-form-urlencoded'),
      args: { body: { name: 'A B&C', tags: ['x', 'y'], meta: { k: 'v' }, n: 1, skip: null } },
    });
    expect(arrival.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(arrival.body.toString()).toBe('name=A+B%26C&tags=x&tags=y&meta[k]=v&n=1');
  });

  it('builds multipart/form-data with text fields, JSON fields and files', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const arrival = await arrive({
      method: 'POST',
      arguments: body('multipart/form-data'),
      detail: {
        requestBody: {
          required: true,
          contentType: 'multipart/form-data',
          contentTypes: ['multipart/form-data'],
          schema: { type: 'object', properties: { title: { type: 'string' }, raw: { type: 'string', format: 'binary' } } },
        },
      },
      args: {
        body: {
          title: 'Hello "world"',
          count: 3,
          meta: { a: 1 },
          raw: png.toString('base64'),
          photo: { filename: 'cat.png', contentType: 'image/png', data: png.toString('base64') },
          labels: ['x', 'y'],
        },
      },
    });
    const contentType = arrival.headers['content-type']!;
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(new Uint8Array(arrival.body), { headers: { 'content-type': contentType } }).formData();
    expect(form.get('title')).toBe('Hello "world"');
    expect(form.get('count')).toBe('3');
    expect(form.getAll('labels')).toEqual(['x', 'y']);
    expect(form.get('meta')).toBe('{"a":1}');
    expect(arrival.body.toString('latin1')).toContain('name="meta"\r\nContent-Type: application/json\r\n');
    const photo = form.get('photo') as File;
    expect(photo.name).toBe('cat.png');
    expect(photo.type).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(png);
    const raw = form.get('raw') as File;
    expect(raw.name).toBe('raw');
    expect(raw.type).toBe('application/octet-stream');
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(png);
  });

  it('sends text as is and binary from base64 or a data URL', async () => {
    const text = await arrive({ method: 'PUT', arguments: body('text/plain'), args: { body: 'line 1\nligne 2 é' } });
    expect(text.headers['content-type']).toBe('text/plain');
    expect(text.body.toString()).toBe('line 1\nligne 2 é');
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const binary = await arrive({ method: 'PUT', arguments: body('application/octet-stream'), args: { body: bytes.toString('base64') } });
    expect(binary.headers['content-type']).toBe('application/octet-stream');
    expect(binary.body).toEqual(bytes);
    const dataUrl = await arrive({ method: 'PUT', arguments: body('image/*'), args: { body: `data:image/gif;base64,${bytes.toString('base64')}` } });
    expect(dataUrl.headers['content-type']).toBe('image/gif');
    expect(dataUrl.body).toEqual(bytes);
  });

  it('refuses binary input that is not base64, and sends no body with GET', async () => {
    expect(refusal({ method: 'PUT', arguments: body('application/octet-stream'), args: { body: 'not base64!' } }).message).toMatch(/base64/);
    const get = await arrive({ method: 'GET', arguments: body('application/json'), args: { body: { a: 1 } } });
    expect(get.body.byteLength).toBe(0);
    expect(get.headers['content-type']).toBeUndefined();
  });
});

describe('authentication', () => {
  const apiKey = (location: 'header' | 'query' | 'cookie', prefix?: string): Partial<ConnectorTarget> => ({
    authType: 'api_key',
    authConfig: { apiKey: { name: location === 'header' ? 'X-API-Key' : 'api_key', in: location, ...(prefix ? { prefix } : {}) } },
  });

  it('puts an API key in a header, with its prefix, over an argument of the same name', async () => {
    const arrival = await arrive({
      arguments: [param('X-API-Key', 'header')],
      args: { 'X-API-Key': 'from-the-model' },
      target: apiKey('header', 'Token'),
      credentials: { apiKey: 'k-123' },
    });
    expect(arrival.headers['x-api-key']).toBe('Token k-123');
  });

  it('puts an API key in the query, replacing an argument of the same name', async () => {
    const arrival = await arrive({
      arguments: [param('api_key', 'query'), param('q', 'query')],
      args: { api_key: 'from-the-model', q: 'x' },
      target: apiKey('query'),
      credentials: { apiKey: 'k/1+2=' },
    });
    expect(arrival.target).toBe('/items?q=x&api_key=k%2F1%2B2%3D');
  });

  it('puts an API key in a cookie beside the operation cookies', async () => {
    const arrival = await arrive({
      arguments: [param('lang', 'cookie'), param('api_key', 'cookie')],
      args: { lang: 'en', api_key: 'from-the-model' },
      target: apiKey('cookie'),
      credentials: { apiKey: 'k-123' },
    });
    expect(arrival.headers.cookie).toBe('lang=en; api_key=k-123');
  });

  it('sends basic, bearer and OAuth credentials in Authorization, never an argument', async () => {
    const header = param('Authorization', 'header');
    const basic = await arrive({
      arguments: [header],
      args: { Authorization: 'Bearer evil' },
      target: { authType: 'basic', authConfig: { username: 'ana' } },
      credentials: { password: 'pä:ss' },
    });
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from('ana:pä:ss').toString('base64')}`);
    const bearer = await arrive({ arguments: [header], args: { Authorization: 'x' }, target: { authType: 'bearer' }, credentials: { token: 't-1' } });
    expect(bearer.headers.authorization).toBe('Bearer t-1');
    for (const authType of ['oauth2_code', 'oauth2_client_credentials'] as const) {
      const oauth = await arrive({ arguments: [], args: {}, target: { authType }, credentials: { token: `o-${authType}` } });
      expect(oauth.headers.authorization).toBe(`Bearer o-${authType}`);
    }
    const none = await arrive({ arguments: [], args: {}, credentials: { token: 'unused' } });
    expect(none.headers.authorization).toBeUndefined();
  });

  it('says which credential is missing', () => {
    expect(refusal({ arguments: [], args: {}, target: apiKey('header') }).message).toMatch(/no API key saved/);
    expect(refusal({ arguments: [], args: {}, target: { authType: 'bearer' } }).message).toMatch(/no token saved/);
    expect(refusal({ arguments: [], args: {}, target: { authType: 'api_key', authConfig: {} }, credentials: { apiKey: 'k' } }).message).toMatch(/where its API key goes/);
  });
});

describe('resolveBaseUrl', () => {
  const target = (baseUrl: string | null, serverVariables: Record<string, string> = {}) => ({ baseUrl, serverVariables });
  const documentServers: Server[] = [
    { url: 'https://{region}.api.example.com/{version}/', variables: { region: { default: 'eu', enum: ['eu', 'us'] }, version: { default: 'v1' } } },
    { url: 'https://backup.example.com' },
  ];

  it('prefers the connector, then the operation, then the document', () => {
    expect(resolveBaseUrl(target('https://override.example.com/api/'), documentServers, [{ url: 'https://op.example.com' }])).toBe('https://override.example.com/api');
    expect(resolveBaseUrl(target(null), documentServers, [{ url: 'https://op.example.com/x' }])).toBe('https://op.example.com/x');
    expect(resolveBaseUrl(target(null), documentServers, [])).toBe('https://eu.api.example.com/v1');
    expect(resolveBaseUrl(target(''), documentServers)).toBe('https://eu.api.example.com/v1');
  });

  it('fills variables from the connector, else their defaults, also in a chosen document server', () => {
    expect(resolveBaseUrl(target(null, { region: 'us' }), documentServers)).toBe('https://us.api.example.com/v1');
    expect(resolveBaseUrl(target(documentServers[0]!.url, { version: 'v2' }), documentServers)).toBe('https://eu.api.example.com/v2');
    expect(resolveBaseUrl(target('https://{tenant}.example.com', { tenant: 'acme' }), [])).toBe('https://acme.example.com');
  });

  it('refuses what cannot be called, saying what to set', () => {
    const message = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(message(() => resolveBaseUrl(target('https://{tenant}.example.com'), []))).toMatch(/needs a value for \{tenant\}.*server variables/);
    expect(message(() => resolveBaseUrl(target(null), [{ url: '/v1' }]))).toMatch(/"\/v1" is relative.*base URL.*https:\/\/api\.example\.com\/v1/);
    expect(message(() => resolveBaseUrl(target(null), []))).toMatch(/names no server.*Set a base URL/);
    expect(message(() => resolveBaseUrl(target('ftp://files.example.com'), []))).toMatch(/not an http\(s\) URL/);
    expect(message(() => resolveBaseUrl(target('https://u:p@example.com'), []))).toMatch(/user name or password/);
  });
});
