import { describe, expect, it } from 'vitest';
import type { ToolArgument } from '@/lib/openapi';
import { buildRequest, type ConnectorTarget, type Credentials } from './build-request';
import { AppError } from '@/lib/errors';
import { describeRequestSafely, MASK, maskSecrets, secretMasker, secretsOf } from './mask';

const credentials: Credentials = { apiKey: 'key+/= secret', password: 'p@ss word', token: 'tok_0123456789' };
const forms = (secret: string) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];

function request(target: Partial<ConnectorTarget>, args: Record<string, unknown> = {}, argumentList: ToolArgument[] = []) {
  return buildRequest({
    detail: { arguments: argumentList },
    method: 'POST',
    path: '/items',
    target: { baseUrl: 'https://api.example.com', serverVariables: {}, authType: 'none', authConfig: {}, ...target },
    documentServers: [],
    credentials,
    args,
  });
}

describe('maskSecrets', () => {
  it('masks a secret as is, URL-encoded, form-encoded and in base64', () => {
    const secret = 'a b/c';
    const text = `raw ${secret} url ${encodeURIComponent(secret)} form a+b%2Fc b64 ${Buffer.from(secret).toString('base64')}`;
    expect(maskSecrets(text, [secret])).toBe(`raw ${MASK} url ${MASK} form ${MASK} b64 ${MASK}`);
    expect(maskSecrets('nothing here', [secret, ''])).toBe('nothing here');
  });
});

describe('describeRequestSafely', () => {
  const secrets = secretsOf(credentials, 'ana');

  it('shows what was sent with no secret in any place', () => {
    const places: Partial<ConnectorTarget>[] = [
      { authType: 'api_key', authConfig: { apiKey: { name: 'X-Key', in: 'header', prefix: 'Token' } } },
      { authType: 'api_key', authConfig: { apiKey: { name: 'key', in: 'query' } } },
      { authType: 'api_key', authConfig: { apiKey: { name: 'key', in: 'cookie' } } },
      { authType: 'basic', authConfig: { username: 'ana' } },
      { authType: 'bearer' },
      { authType: 'oauth2_code' },
    ];
    const argumentList: ToolArgument[] = [
      { name: 'q', in: 'query', parameterName: 'q', required: false },
      { name: 'body', in: 'body', required: false, contentType: 'application/json' },
    ];
    for (const target of places) {
      const sent = request(target, { q: 'visible', body: { note: `echo ${credentials.token}` } }, argumentList);
      const shown = describeRequestSafely(sent, secrets);
      const json = JSON.stringify(shown);
      for (const secret of secrets) for (const form of forms(secret)) expect(json).not.toContain(form);
      expect(shown.url).toContain('q=visible');
      expect(shown.method).toBe('POST');
      expect(shown.body).toBe(`{"note":"echo ${MASK}"}`);
    }
    expect(describeRequestSafely(request(places[0]!), secrets).headers['x-key']).toBe(`Token ${MASK}`);
    expect(describeRequestSafely(request(places[1]!), secrets).url).toBe(`https://api.example.com/items?key=${MASK}`);
    expect(describeRequestSafely(request(places[2]!), secrets).headers.cookie).toBe(`key=${MASK}`);
    expect(describeRequestSafely(request(places[3]!), secrets).headers.authorization).toBe(`Basic ${MASK}`);
    expect(describeRequestSafely(request(places[4]!), secrets).headers.authorization).toBe(`Bearer ${MASK}`);
  });

  it('masks query values under secret-looking names even when not a known secret', () => {
    const shown = describeRequestSafely({ method: 'GET', url: 'https://x.example/a?access_token=abc&page=2', headers: { 'x-api-key': 'zzz', accept: 'application/json' } }, []);
    expect(shown).toEqual({ method: 'GET', url: `https://x.example/a?access_token=${MASK}&page=2`, headers: { 'x-api-key': MASK, accept: 'application/json' } });
  });

  it('describes a binary body by its size', () => {
    const shown = describeRequestSafely({ method: 'PUT', url: 'https://x.example/f', headers: { 'content-type': 'image/png' }, body: new Uint8Array(10) }, secrets);
    expect(shown.body).toBe('(image/png body, 10 bytes)');
  });
});

describe('secretMasker', () => {
  const secret = 'k"/+ é-SECRET';
  const mask = secretMasker([secret, 'user:pw-SECRET']);
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  it('masks JSON values, object keys and numbers, and leaves everything else as it was', () => {
    const pinMask = secretMasker(['424242']);
    expect(pinMask.value({ pin: 424242, other: 7, list: ['x', 'pre424242post'] })).toEqual({ pin: MASK, other: 7, list: ['x', `pre${MASK}post`] });
    expect(mask.value({ [secret]: 1, [encodeURIComponent(secret)]: 2, [`${secret}!`]: 3, nested: { deep: [secret] } })).toEqual({
      [MASK]: 1,
      [`${MASK} (2)`]: 2,
      [`${MASK}!`]: 3,
      nested: { deep: [MASK] },
    });
    const clean = { a: [1, 'two', { three: null }] };
    expect(mask.value(clean)).toBe(clean);
  });

  it('masks the secret JSON-escaped, inside longer base64 at any offset, and encoded twice', () => {
    const json = JSON.stringify({ key: secret });
    for (const prefix of ['', 'a', 'ab', 'abc']) expect(mask.text(`x ${b64(prefix + json)} y`)).not.toContain(b64(prefix + json).slice(4, -4));
    expect(mask.text(json)).toBe(`{"key":"${MASK}"}`);
    expect(mask.text(json.replace(/\//g, '\\/'))).toBe(`{"key":"${MASK}"}`);
    expect(mask.text(encodeURIComponent(encodeURIComponent(json)))).toBe(MASK);
    expect(mask.text(`Basic ${b64('user:pw-SECRET')}`)).toBe(`Basic ${MASK}`);
    expect(mask.text(b64(b64(json)))).toBe(MASK);
    expect(mask.text(Buffer.from(secret).toString('hex'))).toBe(MASK);
    const html = secretMasker(['a<b>&"c\'-SECRET']);
    expect(html.text('<p>a&lt;b&gt;&amp;&quot;c&#39;-SECRET</p> a&lt;b&gt;&amp;&#34;c&#x27;-SECRET')).toBe(`<p>${MASK}</p> ${MASK}`);
    expect(html.text('"a\\u003cb\\u003e\\u0026\\"c\'-SECRET"')).toBe(`"${MASK}"`);
  });

  it('masks every part of a response: header names and values, text and binary bodies, the start of a secret a truncation cut off', () => {
    const response = mask.response({
      headers: { 'x-request-id': secret, location: `/next?k=${encodeURIComponent(secret)}` },
      body: { kind: 'text', value: `before ${secret.slice(0, 6)}\n… [truncated: the response is larger than 1 MB]` },
      truncated: true,
    });
    expect(response.headers).toEqual({ 'x-request-id': MASK, location: `/next?k=${MASK}` });
    expect(response.body).toEqual({ kind: 'text', value: `before ${MASK}\n… [truncated: the response is larger than 1 MB]` });
    expect(mask.response({ headers: {}, body: { kind: 'binary', contentType: `application/x-${secret}`, bytes: 3, note: 'n' } }).body).toMatchObject({
      contentType: `application/x-${MASK}`,
    });
  });

  it('masks an error for users: message, fields and details; other errors pass as they are', () => {
    const masked = mask.error(new AppError('conflict', `The API said ${secret}`, { details: { echo: secret }, fields: { a: [secret] } })) as AppError;
    expect(masked).toMatchObject({ code: 'conflict', message: `The API said ${MASK}`, details: { echo: MASK }, fields: { a: [MASK] } });
    expect(masked.cause).toBeUndefined();
    const other = new Error('boom');
    expect(mask.error(other)).toBe(other);
  });
});
