import jsYaml from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { processDocument } from './process';
import { toAnthropicTools, toMcpTools, toOpenAiTools, estimateToolListTokens } from './export';
import type { ImportedDocument, ImportResult, JsonObject, Operation } from './types';

function imported(result: ImportResult): ImportedDocument {
  if (!result.ok) throw new Error(`expected the document to import, got: ${result.reason}\n${JSON.stringify(result.problems, null, 2)}`);
  return result;
}

function operation(result: ImportedDocument, method: string, path: string): Operation {
  const found = result.operations.find((candidate) => candidate.method === method && candidate.path === path);
  if (!found) throw new Error(`no ${method} ${path}`);
  return found;
}

const json = (document: unknown) => ({ text: JSON.stringify(document, null, 2), filename: 'api.json' });

const petStore = {
  openapi: '3.0.3',
  info: {
    title: 'Pets',
    version: '1.0.0',
    description: 'A pet store',
    contact: { email: 'api@example.com' },
    license: { name: 'MIT' },
    'x-logo': { url: 'https://example.com/logo.png' },
  },
  servers: [{ url: 'https://{region}.example.com/v1', variables: { region: { default: 'eu', enum: ['eu', 'us'] } } }],
  security: [{ apiKey: [] }],
  tags: [{ name: 'pets', description: 'Pet operations' }],
  paths: {
    '/pets/{petId}': {
      parameters: [
        { name: 'petId', in: 'path', required: true, schema: { type: 'string' }, description: 'path-level' },
        { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
      ],
      get: {
        operationId: 'getPet',
        summary: 'Get a pet',
        tags: ['pets'],
        parameters: [
          { name: 'petId', in: 'path', required: true, schema: { type: 'integer' }, description: 'operation-level' },
          { $ref: '#/components/parameters/TraceId' },
          { name: 'session', in: 'cookie', schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: 'The pet', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
          default: { description: 'Error' },
        },
      },
      put: {
        operationId: 'updatePet',
        security: [],
        servers: [{ url: 'https://write.example.com' }],
        requestBody: {
          required: true,
          content: {
            'application/xml': { schema: { type: 'string' } },
            'application/json': { schema: { $ref: '#/components/schemas/Pet' } },
          },
        },
        responses: { '204': { description: 'Updated' } },
      },
    },
    '/pets': {
      post: {
        operationId: 'createPet',
        deprecated: true,
        requestBody: {
          content: {
            'application/json': {
              schema: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind' } },
            },
          },
        },
        responses: { '201': { description: 'Created' } },
      },
    },
    '/forms': {
      post: {
        operationId: 'submitForm',
        requestBody: {
          content: {
            'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
            'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { name: { type: 'string' } } } },
          },
        },
        responses: { '200': { description: 'OK' } },
      },
      put: {
        operationId: 'uploadFile',
        requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } } },
        responses: { '200': { description: 'OK' } },
      },
    },
  },
  components: {
    parameters: { TraceId: { name: 'X-Trace-Id', in: 'header', required: true, schema: { type: 'string' } } },
    securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
    schemas: {
      Pet: {
        type: 'object',
        required: ['id', 'name'],
        properties: {
          id: { type: 'integer', readOnly: true },
          name: { type: 'string', nullable: true, example: 'Rex' },
          owner: { allOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'object', properties: { since: { type: 'string', format: 'date' } } }] },
        },
        xml: { name: 'pet' },
      },
      Owner: { type: 'object', properties: { name: { type: 'string' } } },
      Cat: { type: 'object', properties: { kind: { type: 'string', enum: ['cat'] }, lives: { type: 'integer' } } },
      Dog: { type: 'object', properties: { kind: { type: 'string', enum: ['dog'] }, barks: { type: 'boolean' } } },
    },
  },
};

describe('processDocument on OpenAPI 3.0', () => {
  test('reads info, servers, security, tags and every operation', async () => {
    const result = imported(await processDocument(json(petStore)));
    expect(result.originalVersion).toBe('3.0.3');
    expect(result.info).toMatchObject({
      title: 'Pets',
      version: '1.0.0',
      contact: { email: 'api@example.com' },
      license: { name: 'MIT' },
      logo: { url: 'https://example.com/logo.png' },
    });
    expect(result.servers).toEqual([{ url: 'https://{region}.example.com/v1', variables: { region: { default: 'eu', enum: ['eu', 'us'] } } }]);
    expect(result.securitySchemes.apiKey).toMatchObject({ type: 'apiKey' });
    expect(result.tags).toEqual([{ name: 'pets', description: 'Pet operations' }]);
    expect(result.counts).toMatchObject({ paths: 3, operations: 5, tools: 5 });
    expect(result.problems).toEqual([]);
    expect(result.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(() => JSON.stringify(result)).not.toThrow();
  });

  test('operation parameters override path parameters; $ref parameters are resolved', async () => {
    const getPet = operation(imported(await processDocument(json(petStore))), 'GET', '/pets/{petId}');
    expect(getPet.parameters.map((parameter) => `${parameter.in}:${parameter.name}`).sort()).toEqual(['cookie:session', 'header:X-Trace-Id', 'path:petId', 'query:verbose']);
    const petId = getPet.parameters.find((parameter) => parameter.name === 'petId')!;
    expect(petId).toMatchObject({ required: true, description: 'operation-level', schema: { type: 'integer' } });
    expect(getPet.tool.inputSchema).toMatchObject({
      type: 'object',
      properties: { petId: { type: 'integer' }, 'X-Trace-Id': { type: 'string' }, verbose: { type: 'boolean' }, session: { type: 'string' } },
    });
    expect((getPet.tool.inputSchema.required as string[]).sort()).toEqual(['X-Trace-Id', 'petId']);
    expect(getPet.arguments).toContainEqual({ name: 'X-Trace-Id', in: 'header', parameterName: 'X-Trace-Id', required: true });
    expect(getPet.security).toEqual([{ apiKey: [] }]);
    expect(getPet.responses[0]).toMatchObject({ status: '200', contentType: 'application/json', schema: { type: 'object' } });
    expect(getPet.tool.description).toBe('Get a pet');
  });

  test('request body: JSON chosen first, readOnly dropped from input, nullable becomes a type union, OAS keywords stripped', async () => {
    const updatePet = operation(imported(await processDocument(json(petStore))), 'PUT', '/pets/{petId}');
    expect(updatePet.requestBody).toMatchObject({ required: true, contentType: 'application/json', contentTypes: ['application/xml', 'application/json'] });
    expect(updatePet.security).toEqual([]);
    expect(updatePet.servers).toEqual([{ url: 'https://write.example.com' }]);
    const body = (updatePet.tool.inputSchema.properties as JsonObject).body as JsonObject;
    expect(Object.keys(body.properties as JsonObject)).toEqual(['name', 'owner']);
    expect(body.required).toEqual(['name']);
    expect((body.properties as JsonObject).name).toEqual({ type: ['string', 'null'] });
    expect(body.xml).toBeUndefined();
    expect(updatePet.tool.inputSchema.required).toContain('body');
    expect(updatePet.arguments).toContainEqual({ name: 'body', in: 'body', required: true, contentType: 'application/json' });
  });

  test('oneOf and allOf bodies keep their structure; form-urlencoded before multipart', async () => {
    const result = imported(await processDocument(json(petStore)));
    const createPet = operation(result, 'POST', '/pets');
    const body = (createPet.tool.inputSchema.properties as JsonObject).body as JsonObject;
    expect((body.oneOf as JsonObject[]).map((branch) => Object.keys(branch.properties as JsonObject))).toEqual([
      ['kind', 'lives'],
      ['kind', 'barks'],
    ]);
    expect(body.discriminator).toBeUndefined();
    expect(createPet.deprecated).toBe(true);
    expect(createPet.tool.description).toMatch(/^Deprecated\./);
    const owner = ((operation(result, 'PUT', '/pets/{petId}').tool.inputSchema.properties as JsonObject).body as JsonObject).properties as JsonObject;
    expect((owner.owner as JsonObject).allOf).toHaveLength(2);

    expect(operation(result, 'POST', '/forms').requestBody).toMatchObject({
      contentType: 'application/x-www-form-urlencoded',
      contentTypes: ['multipart/form-data', 'application/x-www-form-urlencoded'],
    });
    const upload = operation(result, 'PUT', '/forms');
    expect(upload.requestBody?.contentType).toBe('multipart/form-data');
    expect(((upload.tool.inputSchema.properties as JsonObject).body as JsonObject).properties).toEqual({ file: { type: 'string', format: 'binary' } });
  });

  test('tools export as OpenAI, Anthropic and MCP tool lists with a token estimate', async () => {
    const tools = imported(await processDocument(json(petStore))).operations.map((candidate) => candidate.tool);
    const [openAi] = toOpenAiTools(tools);
    expect(openAi).toEqual({ type: 'function', function: { name: 'getPet', description: 'Get a pet', parameters: tools[0]!.inputSchema } });
    expect(toAnthropicTools(tools)[0]).toEqual({ name: 'getPet', description: 'Get a pet', input_schema: tools[0]!.inputSchema });
    expect(toMcpTools(tools).tools[0]).toEqual({ name: 'getPet', description: 'Get a pet', inputSchema: tools[0]!.inputSchema });
    const tokens = estimateToolListTokens(tools);
    expect(tokens).toBeGreaterThan(JSON.stringify(toAnthropicTools(tools)).length / 5);
    expect(tokens).toBeLessThan(JSON.stringify(toAnthropicTools(tools)).length / 3);
  });
});

describe('circular schemas', () => {
  const tree = {
    openapi: '3.0.0',
    info: { title: 'Tree', version: '1' },
    paths: {
      '/nodes': {
        post: {
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } },
        },
      },
    },
    components: { schemas: { Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } } } },
  };

  test('import, stringify, and cut the recursion to a (recursive) stub', async () => {
    const result = imported(await processDocument(json(tree)));
    const text = JSON.stringify(result);
    expect(text).toContain('(recursive)');
    const body = (result.operations[0]!.tool.inputSchema.properties as JsonObject).body as JsonObject;
    const items = ((body.properties as JsonObject).children as JsonObject).items as JsonObject;
    expect(items.description).toMatch(/^\(recursive\) Node/);
    expect(result.operations[0]!.tool.name).toBe('post_nodes');
  });
});

describe('Swagger 2.0', () => {
  const swagger = `
swagger: "2.0"
info:
  title: Legacy
  version: "2.1"
host: api.example.com
basePath: /v2
schemes: [https]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  basic:
    type: basic
paths:
  /users/{id}:
    parameters:
      - name: id
        in: path
        required: true
        type: string
    get:
      operationId: getUser
      parameters:
        - name: expand
          in: query
          type: array
          items:
            type: string
          collectionFormat: csv
      responses:
        "200":
          description: A user
          schema:
            $ref: "#/definitions/User"
    post:
      operationId: updateUser
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - name: name
          in: formData
          type: string
          required: true
      responses:
        "200":
          description: ok
definitions:
  User:
    type: object
    properties:
      id:
        type: string
`;

  test('a YAML Swagger 2.0 document is converted to OpenAPI 3.0 with its operations intact', async () => {
    const result = imported(await processDocument({ text: swagger, filename: 'legacy.yaml' }));
    expect(result.format).toBe('yaml');
    expect(result.originalVersion).toBe('2.0');
    expect(result.version).toMatch(/^3\.0\./);
    expect(result.servers).toEqual([{ url: 'https://api.example.com/v2' }]);
    expect(result.operations.map((candidate) => candidate.tool.name).sort()).toEqual(['getUser', 'updateUser']);
    const getUser = operation(result, 'GET', '/users/{id}');
    expect(getUser.parameters.find((parameter) => parameter.name === 'expand')).toMatchObject({ in: 'query', style: 'form', explode: false, schema: { type: 'array' } });
    expect(getUser.responses[0]).toMatchObject({ status: '200', contentType: 'application/json', schema: { type: 'object' } });
    const updateUser = operation(result, 'POST', '/users/{id}');
    expect(updateUser.requestBody).toMatchObject({ contentType: 'application/x-www-form-urlencoded', required: true });
    expect(((updateUser.tool.inputSchema.properties as JsonObject).body as JsonObject).required).toEqual(['name']);
    expect(result.securitySchemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });
  });

  test("swagger-parser's 2.0 semantic rules refuse a missing path parameter", async () => {
    const broken = swagger.replace(
      '      - name: id\n        in: path\n        required: true\n        type: string\n',
      '      - name: other\n        in: query\n        type: string\n',
    );
    const result = await processDocument({ text: broken, filename: 'legacy.yaml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ severity: 'error', pointer: '/paths/~1users~1{id}/get', line: 20 });
    expect(result.problems[0]!.message).toContain('{id}');
  });
});

describe('OpenAPI 3.1', () => {
  test('type arrays pass through into tool schemas', async () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'New', version: '1' },
      paths: {
        '/things': {
          post: {
            operationId: 'createThing',
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { label: { type: ['string', 'null'] }, count: { type: 'integer', exclusiveMinimum: 0 } }, required: ['label'] },
                },
              },
            },
            responses: { '201': { description: 'ok' } },
          },
        },
      },
    };
    const result = imported(await processDocument(json(document)));
    expect(result.version).toBe('3.1.0');
    const body = (result.operations[0]!.tool.inputSchema.properties as JsonObject).body as JsonObject;
    expect(body.properties).toEqual({ label: { type: ['string', 'null'] }, count: { type: 'integer', exclusiveMinimum: 0 } });
  });
});

describe('invalid documents', () => {
  test('schema errors carry a JSON pointer and the line in the uploaded text', async () => {
    const text = `openapi: 3.0.3
info:
  title: Broken
  version: "1"
paths:
  /a:
    get:
      summary: no responses here
  /b:
    post:
      responses:
        "200":
          description: ok
      requestBody:
        contents:
          application/json: {}
`;
    const result = await processDocument({ text, filename: 'broken.yaml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/not valid OpenAPI 3\.0/);
    expect(result.problems).toContainEqual(expect.objectContaining({ severity: 'error', pointer: '/paths/~1a/get', line: 7, message: expect.stringContaining('"responses"') }));
    expect(result.problems).toContainEqual(
      expect.objectContaining({ pointer: '/paths/~1b/post/requestBody/contents', line: 15, message: expect.stringContaining('Did you mean "content"?') }),
    );
  });

  test('the same errors are located in JSON sources', async () => {
    const document = { openapi: '3.0.3', info: { title: 'Broken', version: '1' }, paths: { '/a': { get: { summary: 'x' } } } };
    const result = await processDocument(json(document));
    if (result.ok) throw new Error('expected a refusal');
    expect(result.problems[0]).toMatchObject({ pointer: '/paths/~1a/get', line: 9 });
  });

  test('malformed JSON and YAML say where', async () => {
    const badJson = await processDocument({ text: '{\n  "openapi": "3.0.0",\n  "info": {,\n}', filename: 'x.json' });
    expect(badJson).toMatchObject({ ok: false, problems: [{ severity: 'error', line: 3 }] });
    const badYaml = await processDocument({ text: 'openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\n', filename: 'x.yaml' });
    expect(badYaml).toMatchObject({ ok: false, problems: [{ severity: 'error' }] });
    if (!badYaml.ok) expect(badYaml.problems[0]!.message).toMatch(/YAML is malformed.*line \d+/);
  });

  test('a broken internal reference and an unsupported version are refused clearly', async () => {
    const broken = await processDocument(json({ ...petStore, components: { ...petStore.components, parameters: {} } }));
    expect(broken).toMatchObject({
      ok: false,
      problems: [{ pointer: '/paths/~1pets~1{petId}/get/parameters/1/$ref', message: expect.stringContaining('#/components/parameters/TraceId') }],
    });
    expect(await processDocument(json({ ...petStore, openapi: '4.0.0' }))).toMatchObject({ ok: false, reason: expect.stringContaining('OpenAPI 4.0.0 is not supported') });
    expect(await processDocument({ text: 'just: text', filename: 'a.yaml' })).toMatchObject({ ok: false, reason: expect.stringContaining('neither') });
  });

  test('OAS 3 semantic problems swagger-parser accepts import with warnings', async () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 'Loose', version: '1' },
      paths: {
        '/users/{id}': { get: { operationId: 'same', responses: { '200': { description: 'ok' } } } },
        '/teams': { get: { operationId: 'same', responses: { '200': { description: 'ok' } } } },
      },
    };
    const result = imported(await processDocument(json(document)));
    expect(result.problems.map((problem) => problem.severity)).toEqual(['warning', 'warning']);
    expect(result.problems.map((problem) => problem.message).join('\n')).toMatch(/\{id\}[\s\S]*"same"/);
    expect(new Set(result.operations.map((candidate) => candidate.tool.name)).size).toBe(2);
  });

  test('uploads above the size limit are refused before parsing', async () => {
    const result = await processDocument(json(petStore), { limits: { maxBytes: 1000 } });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('upload limit') });
  });
});

describe('content hash', () => {
  test('the same document as JSON, reformatted JSON and YAML has one hash; a change gives another', async () => {
    const fromJson = imported(await processDocument(json(petStore)));
    const fromCompactJson = imported(await processDocument({ text: JSON.stringify(petStore) }));
    const fromYaml = imported(await processDocument({ text: jsYaml.dump(petStore), filename: 'api.yaml' }));
    expect(fromYaml.format).toBe('yaml');
    expect(fromCompactJson.contentHash).toBe(fromJson.contentHash);
    expect(fromYaml.contentHash).toBe(fromJson.contentHash);
    const reordered = Object.fromEntries(Object.entries(petStore).reverse());
    expect(imported(await processDocument(json(reordered))).contentHash).toBe(fromJson.contentHash);
    const changed = imported(await processDocument(json({ ...petStore, info: { ...petStore.info, version: '1.0.1' } })));
    expect(changed.contentHash).not.toBe(fromJson.contentHash);
  });
});
