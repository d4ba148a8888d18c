// A valid OpenAPI 3.0 document with as many operations as asked (a GET and a POST per path), for
// measuring what a very large import costs. `revision` changes a slice of it, so importing two
// revisions one after the other yields a version with a real diff (changed, added, removed).

export function syntheticOpenApi({ operations, revision = 0 }: { operations: number; revision?: number }): string {
  const paths: Record<string, unknown> = {};
  const pathCount = Math.ceil(operations / 2);
  // Revision r drops the first r×1% of paths and appends as many new ones; r×1% more get a new parameter.
  const shift = Math.floor((pathCount * revision) / 100);
  for (let index = shift; index < pathCount + shift; index++) {
    const changed = revision > 0 && index >= shift && index < shift * 2;
    const item: Record<string, unknown> = {
      get: {
        operationId: `getItem${index}`,
        summary: `Get item ${index}`,
        description: `Returns item ${index} of collection ${index % 97}.`,
        tags: [`group${index % 50}`],
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'fields', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
          ...(changed ? [{ name: 'expand', in: 'query', required: true, schema: { type: 'boolean' } }] : []),
        ],
        responses: {
          '200': { description: 'The item.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
          '404': { description: 'Not found.' },
        },
      },
    };
    if (index * 2 + 1 < operations + shift * 2) {
      item.post = {
        operationId: `updateItem${index}`,
        summary: `Update item ${index}`,
        tags: [`group${index % 50}`],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
        responses: { '200': { description: 'Updated.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } } },
      };
    }
    paths[`/collections/c${index % 97}/items${index}/{id}`] = item;
  }
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: `Synthetic ${operations.toLocaleString('en')}`, version: `1.${revision}.0` },
    servers: [{ url: 'https://api.example.com/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Item: {
          type: 'object',
          required: ['id', 'name'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string', maxLength: 200 },
            tags: { type: 'array', items: { type: 'string' } },
            size: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    paths,
  });
}
