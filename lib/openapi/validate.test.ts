// The report for a broken document: one message per mistake, at the mistake, saying what is allowed.
import { describe, expect, test } from 'vitest';
import { countProblems } from './count-problems';
import { processDocument } from './process';
import type { Problem } from './types';

async function problemsOf(text: string, filename = 'api.yaml'): Promise<Problem[]> {
  const result = await processDocument({ text, filename });
  if (result.ok) throw new Error('expected the document to be refused');
  return result.problems;
}

const errorsOf = (problems: Problem[]) => problems.filter((problem) => problem.severity === 'error');

describe('one message per mistake', () => {
  test('`in: querystring` is one error at `in`, naming the four locations (OpenAPI 3.0)', async () => {
    const problems = await problemsOf(`openapi: 3.0.3
info:
  title: Broken
  version: "1"
paths:
  /items:
    get:
      parameters:
        - name: q
          in: querystring
          schema:
            type: string
      responses:
        "200":
          description: ok
`);
    expect(problems).toEqual([
      { severity: 'error', pointer: '/paths/~1items/get/parameters/0/in', line: 10, message: '`in` must be path, query, header or cookie; it is "querystring"' },
    ]);
  });

  test('the same mistake in OpenAPI 3.1 and Swagger 2.0 is one error too', async () => {
    const parameter = (extra: string) => `paths:
  /items:
    get:
      parameters:
        - name: q
          in: querystring
${extra}      responses:
        "200":
          description: ok
`;
    const v31 = await problemsOf(`openapi: 3.1.0\ninfo:\n  title: Broken\n  version: "1"\n${parameter('          schema:\n            type: string\n')}`);
    expect(v31).toEqual([
      { severity: 'error', pointer: '/paths/~1items/get/parameters/0/in', line: 10, message: '`in` must be query, header, path or cookie; it is "querystring"' },
    ]);
    const v2 = await problemsOf(`swagger: "2.0"\ninfo:\n  title: Broken\n  version: "1"\n${parameter('          type: string\n')}`);
    expect(v2).toEqual([
      { severity: 'error', pointer: '/paths/~1items/get/parameters/0/in', line: 10, message: '`in` must be body, header, formData, query or path; it is "querystring"' },
    ]);
  });

  test('a security scheme of an unknown type is one error at `type`', async () => {
    const problems = await problemsOf(`openapi: 3.0.3
info:
  title: Broken
  version: "1"
paths: {}
components:
  securitySchemes:
    key:
      type: apikey
      name: X-Key
      in: header
`);
    expect(problems).toEqual([
      { severity: 'error', pointer: '/components/securitySchemes/key/type', line: 9, message: '`type` must be apiKey, http, oauth2 or openIdConnect; it is "apikey"' },
    ]);
  });

  test('a security scheme whose type is right reports only what that type lacks', async () => {
    const problems = await problemsOf(`openapi: 3.0.3
info:
  title: Broken
  version: "1"
paths: {}
components:
  securitySchemes:
    key:
      type: apiKey
      in: header
`);
    expect(problems).toEqual([
      { severity: 'error', pointer: '/components/securitySchemes/key', line: 8, message: '/components/securitySchemes/key is missing the required property "name". Add it.' },
    ]);
  });

  test('an operation without responses is one error saying so', async () => {
    const problems = await problemsOf(`openapi: 3.0.3
info:
  title: Broken
  version: "1"
paths:
  /items:
    get:
      summary: no responses
`);
    expect(problems).toEqual([{ severity: 'error', pointer: '/paths/~1items/get', line: 7, message: '/paths/~1items/get is missing the required property "responses". Add it.' }]);
  });

  test('a misspelt required property is one error at the misspelling, not a missing and an unknown property', async () => {
    const problems = await problemsOf(`openapi: 3.0.3
info:
  title: Broken
  version: "1"
paths:
  /items:
    post:
      requestBody:
        contents:
          application/json: {}
      responses:
        "200":
          description: ok
`);
    expect(problems).toEqual([
      {
        severity: 'error',
        pointer: '/paths/~1items/post/requestBody/contents',
        line: 9,
        message: '"contents" is not a property OpenAPI knows here; the required "content" is missing. Did you mean "content"? Rename it.',
      },
    ]);
  });

  test('an unknown schema type names the types allowed', async () => {
    const problems = await problemsOf(`openapi: 3.0.3
info:
  title: Broken
  version: "1"
paths:
  /items:
    get:
      parameters:
        - name: q
          in: query
          schema:
            type: strin
      responses:
        "200":
          description: ok
`);
    expect(errorsOf(problems)).toEqual([
      {
        severity: 'error',
        pointer: '/paths/~1items/get/parameters/0/schema/type',
        line: 12,
        message: '`type` must be array, boolean, integer, number, object or string; it is "strin"',
      },
    ]);
  });
});

test('a refused document also lists the warnings: duplicate operationIds and undeclared path parameters', async () => {
  const problems = await problemsOf(`openapi: 3.0.3
info:
  title: Broken
  version: "1"
paths:
  /users/{id}:
    get:
      operationId: same
      responses:
        "200":
          description: ok
  /teams:
    get:
      operationId: same
      parameters:
        - name: q
          in: querystring
          schema:
            type: string
      responses:
        "200":
          description: ok
`);
  expect(errorsOf(problems)).toEqual([expect.objectContaining({ pointer: '/paths/~1teams/get/parameters/0/in' })]);
  expect(problems.filter((problem) => problem.severity === 'warning')).toEqual([
    expect.objectContaining({ pointer: '/paths/~1users~1{id}/get', line: 7, message: expect.stringContaining('has {id} in its path but no path parameter "id"') }),
    expect.objectContaining({ pointer: '/paths/~1teams/get/operationId', line: 14, message: expect.stringContaining('The operationId "same" is also used by GET /users/{id}') }),
  ]);
});

test('the report title counts with plurals that read right', () => {
  const error = { severity: 'error', pointer: '', message: 'x' } as const;
  const warning = { severity: 'warning', pointer: '', message: 'y' } as const;
  expect(countProblems([error])).toBe('1 error');
  expect(countProblems([error, error, warning])).toBe('2 errors, 1 warning');
  expect(countProblems([warning, warning])).toBe('2 warnings');
});

test('a document with thousands of mistakes is reported in seconds, one message each (was 50 s for 6,001)', async () => {
  const paths: Record<string, unknown> = {};
  for (let index = 0; index < 3000; index++) {
    paths[`/p${index}`] = {
      get: {
        parameters: [
          { name: 'q', in: 'querystring', schema: { type: 'string' } },
          { name: 'r', in: 'query' },
        ],
        responses: { '200': { description: 'ok' } },
      },
    };
  }
  const document = { openapi: '3.0.3', info: { title: 'Many', version: '1' }, paths };
  const started = performance.now();
  const result = await processDocument({ text: JSON.stringify(document), filename: 'many.json' });
  expect(performance.now() - started).toBeLessThan(20_000);
  expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/not valid OpenAPI 3\.0: 6,?000 errors\./) });
}, 60_000);
