import { describe, expect, test } from 'vitest';
import { diffVersions } from './diff';
import { processDocument } from './process';
import { assignToolNames } from './tool-names';
import type { ImportedDocument, JsonObject } from './types';

describe('tool names', () => {
  test('follow the charset and length rules, from operationId or else method and path', () => {
    const names = assignToolNames([
      { method: 'GET', path: '/users/{id}', operationId: 'users.get' },
      { method: 'POST', path: '/users' },
      { method: 'GET', path: '/x', operationId: 'a'.repeat(100) },
      { method: 'GET', path: '/y', operationId: 'Ünïcödé näme' },
    ]);
    expect(names[0]).toBe('users_get');
    expect(names[1]).toBe('post_users');
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    }
    expect(names[2]).toHaveLength(64);
  });

  test('collisions are broken by a hash of method and path, whatever the order', () => {
    const operations = [
      { method: 'GET', path: '/a', operationId: 'list' },
      { method: 'GET', path: '/b', operationId: 'list' },
      { method: 'GET', path: '/c', operationId: 'list.' },
      { method: 'GET', path: '/d', operationId: 'a'.repeat(70) },
      { method: 'GET', path: '/e', operationId: 'a'.repeat(71) },
    ];
    const names = assignToolNames(operations);
    expect(new Set(names).size).toBe(names.length);
    const reversed = assignToolNames([...operations].reverse()).reverse();
    expect(reversed).toEqual(names);
    // A valid operationId that collides only with a sanitised one keeps its own name.
    expect(assignToolNames([operations[2]!, { method: 'GET', path: '/z', operationId: 'list' }])[1]).toBe('list');
  });

  test('a name stays the same when the document changes elsewhere', () => {
    const base = [
      { method: 'GET', path: '/users/{id}' },
      { method: 'DELETE', path: '/users/{id}', operationId: 'deleteUser' },
    ];
    const before = assignToolNames(base);
    const after = assignToolNames([{ method: 'POST', path: '/teams', operationId: 'createTeam' }, ...base, { method: 'GET', path: '/teams' }]);
    expect(after.slice(1, 3)).toEqual(before);
  });
});

function documentWith(operations: JsonObject, extra: JsonObject = {}): string {
  return JSON.stringify({ openapi: '3.0.3', info: { title: 'Diff', version: '1' }, servers: [{ url: 'https://api.example.com' }], paths: operations, ...extra });
}

async function importText(text: string): Promise<ImportedDocument> {
  const result = await processDocument({ text });
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('version diff', () => {
  const ok = { '200': { description: 'ok' } };
  const v1 = documentWith({
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'fields', in: 'query', schema: { type: 'string' } },
        ],
        responses: ok,
      },
      put: { operationId: 'updateUser', requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } }, responses: ok },
      delete: { operationId: 'deleteUser', responses: ok },
    },
    '/teams': { get: { operationId: 'listTeams', parameters: [{ name: 'page', in: 'query', schema: { type: 'integer' } }], responses: ok } },
    '/health': { get: { operationId: 'health', security: [], responses: ok } },
  });

  test('identical content gives no changes and equal fingerprints', async () => {
    const [a, b] = [await importText(v1), await importText(v1)];
    expect(a.operations.map((operation) => operation.fingerprint)).toEqual(b.operations.map((operation) => operation.fingerprint));
    expect(diffVersions(a, b)).toMatchObject({ added: [], removed: [], changed: [], unchanged: 5, document: [], breaking: false });
  });

  test('added, removed, changed, and which changes break callers', async () => {
    const v2 = documentWith(
      {
        '/users/{id}': {
          get: {
            operationId: 'getUser',
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
              { name: 'fields', in: 'query', required: true, schema: { type: 'string' } },
              { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } },
            ],
            responses: ok,
          },
          put: {
            operationId: 'updateUser',
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } },
            responses: ok,
          },
        },
        '/teams': {
          get: {
            operationId: 'listTeams',
            summary: 'List teams',
            parameters: [
              { name: 'page', in: 'query', schema: { type: 'integer' } },
              { name: 'size', in: 'query', schema: { type: 'integer' } },
            ],
            responses: ok,
          },
        },
        '/health': { get: { operationId: 'health', security: [{ key: [] }], responses: ok } },
        '/teams/{id}': { get: { operationId: 'getTeam', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
      },
      { servers: [{ url: 'https://api.example.com/v2' }], components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'k' } } } },
    );
    const diff = diffVersions(await importText(v1), await importText(v2));
    expect(diff.added.map((operation) => operation.toolName)).toEqual(['getTeam']);
    expect(diff.removed.map((operation) => operation.toolName)).toEqual(['deleteUser']);
    expect(diff.breaking).toBe(true);
    expect(diff.document).toEqual([
      expect.objectContaining({ kind: 'servers', breaking: true }),
      expect.objectContaining({ kind: 'security-schemes', breaking: false, message: 'Security schemes added: key.' }),
    ]);

    const byTool = Object.fromEntries(diff.changed.map((change) => [change.toolName, change]));
    expect(byTool.getUser!.changes.map((change) => [change.kind, change.breaking])).toEqual(
      expect.arrayContaining([
        ['parameter-type', true],
        ['parameter-required', true],
        ['parameter-added', true],
      ]),
    );
    expect(byTool.updateUser!.changes).toEqual([expect.objectContaining({ kind: 'body-required', breaking: true })]);
    expect(byTool.listTeams).toMatchObject({ breaking: false });
    expect(byTool.listTeams!.changes.map((change) => change.kind).sort()).toEqual(['description', 'parameter-added']);
    expect(byTool.health!.changes).toEqual([expect.objectContaining({ kind: 'security', breaking: true })]);
  });

  test('a removed parameter and a changed body type are breaking', async () => {
    const v2 = documentWith({
      '/users/{id}': {
        get: { operationId: 'getUser', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok },
        put: { operationId: 'updateUser', requestBody: { content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } }, responses: ok },
        delete: { operationId: 'deleteUser', responses: ok },
      },
      '/teams': { get: { operationId: 'listTeams', parameters: [{ name: 'page', in: 'query', schema: { type: 'integer' } }], responses: ok } },
      '/health': { get: { operationId: 'health', security: [], responses: ok } },
    });
    const diff = diffVersions(await importText(v1), await importText(v2));
    const kinds = diff.changed.flatMap((change) => change.changes.map((detail) => `${change.toolName}:${detail.kind}:${detail.breaking}`));
    expect(kinds.sort()).toEqual(['getUser:parameter-removed:true', 'updateUser:body-type:true']);
    expect(diff.unchanged).toBe(3);
  });
});
