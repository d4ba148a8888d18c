import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseDocument } from './parse';
import { processDocument } from './process';
import type { JsonObject } from './types';

function aliasBomb(levels = 9, width = 9): string {
  const lines = ['a0: &a0 ["lol"]'];
  for (let level = 1; level < levels; level++) {
    lines.push(`a${level}: &a${level} [${Array.from({ length: width }, () => `*a${level - 1}`).join(', ')}]`);
  }
  lines.push(`openapi: 3.0.0`, `info: { title: bomb, version: "1" }`, `paths: {}`, `x-bomb: [${Array.from({ length: width }, () => `*a${levels - 1}`).join(', ')}]`);
  return lines.join('\n');
}

describe('hostile documents', () => {
  test('a small YAML alias bomb is refused quickly, with a clear message', async () => {
    const text = aliasBomb();
    expect(text.length).toBeLessThan(700);
    const started = performance.now();
    const result = await processDocument({ text, filename: 'bomb.yaml' });
    expect(performance.now() - started).toBeLessThan(500);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/alias bomb/) });
  });

  test('YAML with a few aliases within the node limit still parses', () => {
    const parsed = parseDocument(aliasBomb(3, 3), { filename: 'small.yaml' });
    expect(parsed.ok).toBe(true);
  });

  test('a $ref fan-out bomb imports fast with each tool capped', async () => {
    const schemas: JsonObject = { L24: { type: 'string' } };
    for (let level = 23; level >= 0; level--) {
      schemas[`L${level}`] = { type: 'object', properties: { left: { $ref: `#/components/schemas/L${level + 1}` }, right: { $ref: `#/components/schemas/L${level + 1}` } } };
    }
    const document = {
      openapi: '3.0.0',
      info: { title: 'fan-out', version: '1' },
      paths: {
        '/bomb': {
          post: {
            operationId: 'bomb',
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/L0' } } } },
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/L0' } } } } },
          },
        },
      },
      components: { schemas },
    };
    const text = JSON.stringify(document);
    expect(text.length).toBeLessThan(4000);
    const started = performance.now();
    const result = await processDocument({ text });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const serialised = JSON.stringify(result);
    expect(performance.now() - started).toBeLessThan(2000);
    const tool = result.operations[0]!.tool;
    expect(tool.truncated).toBe(true);
    expect(JSON.stringify(tool.inputSchema)).toContain('(truncated)');
    expect(JSON.stringify(tool.inputSchema).length).toBeLessThanOrEqual(64 * 1024);
    expect(serialised.length).toBeLessThan(1_000_000);
  });
});

describe('external references are never followed', () => {
  let server: http.Server;
  let requests = 0;
  let baseUrl = '';
  let directory = '';
  const secret = 'TOP-SECRET-CONTENT-4f1c';

  beforeAll(async () => {
    server = http.createServer((_request, response) => {
      requests++;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ type: 'object', description: secret }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-refs-'));
    fs.writeFileSync(path.join(directory, 'secret.json'), JSON.stringify({ type: 'object', description: secret }));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(directory, { recursive: true, force: true });
  });

  test('http, absolute file, file:// and relative refs are reported, replaced by placeholders, and never fetched or read', async () => {
    const secretFile = path.join(directory, 'secret.json');
    const refs = [`${baseUrl}/schema.json`, secretFile, `file://${secretFile}`, './secret.json', `${baseUrl}/param.json`];
    const document = {
      openapi: '3.0.3',
      info: { title: 'external', version: '1' },
      paths: {
        '/a': {
          post: {
            operationId: 'postA',
            parameters: [{ $ref: refs[4] }, { name: 'q', in: 'query', schema: { $ref: refs[2] } }],
            requestBody: {
              content: { 'application/json': { schema: { type: 'object', properties: { http: { $ref: refs[0] }, abs: { $ref: refs[1] }, rel: { $ref: refs[3] } } } } },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    };
    const previousCwd = process.cwd();
    process.chdir(directory); // so that './secret.json' would be found if anything tried
    let result;
    try {
      result = await processDocument({ text: JSON.stringify(document, null, 2) });
    } finally {
      process.chdir(previousCwd);
    }
    expect(requests).toBe(0);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(result.unresolvedRefs.map((ref) => ref.ref).sort()).toEqual([...refs].sort());
    expect(result.unresolvedRefs.every((ref) => typeof ref.line === 'number')).toBe(true);
    const warnings = result.problems.filter((problem) => problem.message.includes('left unresolved'));
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatchObject({ severity: 'warning', pointer: expect.stringMatching(/^\/paths\/~1a\/post/) });

    const body = (result.operations[0]!.tool.inputSchema.properties as JsonObject).body as JsonObject;
    expect((body.properties as JsonObject).http).toEqual({ description: `Unresolved external reference: ${refs[0]}` });
    expect(result.operations[0]!.parameters.map((parameter) => parameter.name)).toEqual(['q']);
  });

  test('an external ref in a Swagger 2.0 document is not followed either', async () => {
    const document = {
      swagger: '2.0',
      info: { title: 'external', version: '1' },
      paths: { '/a': { get: { responses: { '200': { description: 'ok', schema: { $ref: `${baseUrl}/thing.json` } } } } } },
    };
    const result = await processDocument({ text: JSON.stringify(document) });
    expect(requests).toBe(0);
    expect(result).toMatchObject({ ok: true, unresolvedRefs: [{ pointer: '/paths/~1a/get/responses/200/schema', ref: `${baseUrl}/thing.json` }] });
  });
});
