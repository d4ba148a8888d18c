import { describe, expect, test } from 'vitest';
import { locatePointers } from './locate';

describe('locatePointers', () => {
  const yaml = `openapi: 3.0.0
info:
  title: "Quoted: title"
paths:
  /users/{id}:
    get:
      parameters:
      - name: id
        in: path
      -   name: fields
          in: query
      responses:
        '200':
          description: |
            text with key: inside
          content: { application/json: {} }
`;

  test('YAML: mapping keys, sequence items (also indented like the key), quoted keys and flow values', () => {
    const lines = locatePointers(yaml, 'yaml', [
      '/info/title',
      '/paths/~1users~1{id}/get/parameters/0',
      '/paths/~1users~1{id}/get/parameters/1/in',
      '/paths/~1users~1{id}/get/responses/200/description',
      '/paths/~1users~1{id}/get/responses/200/content/application~1json',
      '/paths/~1users~1{id}/get/missing/deeper',
    ]);
    expect(Object.fromEntries(lines)).toEqual({
      '/info/title': 3,
      '/paths/~1users~1{id}/get/parameters/0': 8,
      '/paths/~1users~1{id}/get/parameters/1/in': 11,
      '/paths/~1users~1{id}/get/responses/200/description': 14,
      '/paths/~1users~1{id}/get/responses/200/content/application~1json': 16,
      '/paths/~1users~1{id}/get/missing/deeper': 6,
    });
  });

  test('JSON: values, array items, escaped keys, and the deepest existing ancestor', () => {
    const text = JSON.stringify({ a: { 'b/c': [1, { d: 'x"}' }], e: null }, f: true }, null, 2);
    const lines = locatePointers(text, 'json', ['/a/b~1c/1/d', '/a/e', '/f', '/a/b~1c/7', '']);
    expect(Object.fromEntries(lines)).toEqual({ '/a/b~1c/1/d': 6, '/a/e': 9, '/f': 11, '/a/b~1c/7': 3, '': 1 });
  });
});
