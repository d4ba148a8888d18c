// The runtime API's own OpenAPI document, served at /api/v1/openapi.json. The app can import it
// as a provider of itself.
const context = {
  type: 'object',
  description: 'Where the call comes from: a workflow (and one node of it) or a worker (and one skill of it).',
  oneOf: [
    {
      type: 'object',
      required: ['workflowId'],
      properties: { workflowId: { type: 'string', format: 'uuid' }, nodeId: { type: 'string', format: 'uuid' } },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['workerId'],
      properties: { workerId: { type: 'string', format: 'uuid' }, skillId: { type: 'string', format: 'uuid' } },
      additionalProperties: false,
    },
  ],
};
const error = {
  description: 'An error: its code, a message saying what to do, the request id, and field issues for invalid input.',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const errors = { '401': error, '403': error, '404': error, '409': error, '422': error };
const registration = (parts: string) => ({
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 100 }, description: { type: 'string', maxLength: 500 }, [parts]: { type: 'array', items: { type: 'string', maxLength: 100 } } },
});

export function runtimeApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Provider & Integration System runtime API',
      version: '1.0.0',
      description:
        'For AI workers and workflows: list the tools a context may use, call them through the connector the context resolves to, resolve connectors, read LLM models. Authenticate with a workspace API token.',
    },
    servers: [{ url: serverUrl }],
    security: [{ apiToken: [] }],
    components: {
      securitySchemes: { apiToken: { type: 'http', scheme: 'bearer', description: 'A workspace API token (pis_…), created by an admin with the scopes the client needs.' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                requestId: { type: 'string' },
                issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
    paths: {
      '/tools': {
        get: {
          operationId: 'listTools',
          summary: 'List the tools available in a context',
          description:
            'Scope tools:read. The enabled tools of every provider with a connector assigned in the context, named <provider>__<tool>. Give workerId (optionally skillId) or workflowId (optionally nodeId), in the query or as x-worker-id/x-skill-id/x-workflow-id/x-node-id headers: none is a 422, an unknown one a 404.',
          parameters: ['workflowId', 'nodeId', 'workerId', 'skillId'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string', format: 'uuid' } })),
          responses: {
            '200': {
              description: 'The tools',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      tools: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: { name: { type: 'string' }, description: { type: 'string' }, inputSchema: { type: 'object' }, provider: { type: 'string' } },
                        },
                      },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      '/tools/invoke': {
        post: {
          operationId: 'invokeTool',
          summary: 'Call a tool',
          description: 'Scope tools:invoke. Validates the arguments, resolves the connector (node over workflow, skill over worker), sends the request and returns the answer.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['tool'],
                  properties: {
                    context: { ...context, description: `${context.description} Or in the query (?workerId=…) or the x-worker-id… headers; given twice, the values must agree.` },
                    tool: { type: 'string' },
                    arguments: { type: 'object' },
                    userId: {
                      type: 'string',
                      format: 'uuid',
                      description:
                        'The person the call is made for (per-user connectors). Needs the scope tools:invoke:on-behalf (403 without it); without userId only shared connectors are used.',
                    },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'The API answered (any status)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      status: { type: 'integer' },
                      headers: { type: 'object' },
                      body: { type: 'object' },
                      truncated: { type: 'boolean' },
                      durationMs: { type: 'number' },
                    },
                  },
                },
              },
            },
            '503': error,
            ...errors,
          },
        },
      },
      '/connectors/resolve': {
        post: {
          operationId: 'resolveConnector',
          summary: 'Which connector a call would use, and why',
          description: 'Scope connectors:resolve.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: ['context', 'provider'], properties: { context, provider: { type: 'string', description: 'The provider slug.' } } },
              },
            },
          },
          responses: { '200': { description: 'The resolution, or why there is none', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors },
        },
      },
      '/connectors/connect-link': {
        post: {
          operationId: 'getConnectLink',
          summary: 'The link that leads a person through connecting their account',
          description:
            'Scope connectors:resolve. For the User OAuth connector a context resolves to: the URL a person opens to connect (signed in to this app as themselves), and whether they already have, with granted and missing scopes.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['context', 'provider'],
                  properties: {
                    context,
                    provider: { type: 'string', description: 'The provider slug.' },
                    userId: { type: 'string', format: 'uuid', description: 'Who is to connect (per-user connectors). Needs the scope tools:invoke:on-behalf as well.' },
                    returnTo: { type: 'string', description: 'A page of this app to return to.' },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'The link and the connection status',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      url: { type: 'string' },
                      connected: { type: 'boolean' },
                      status: { type: 'string' },
                      grantedScopes: { type: 'array', items: { type: 'string' } },
                      missingScopes: { type: 'array', items: { type: 'string' } },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      '/models': {
        get: {
          operationId: 'listModels',
          summary: 'The enabled LLM models with limits and current prices',
          description: 'Scope models:read.',
          responses: { '200': { description: 'The models', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors },
        },
      },
      '/models/estimate': {
        post: {
          operationId: 'estimateCost',
          summary: 'Estimate the cost of a call',
          description: 'Scope models:read. Input tokens include the cached ones.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['provider', 'identifier', 'inputTokens', 'outputTokens'],
                  properties: {
                    provider: { type: 'string' },
                    identifier: { type: 'string' },
                    inputTokens: { type: 'integer', minimum: 0 },
                    cachedInputTokens: { type: 'integer', minimum: 0 },
                    outputTokens: { type: 'integer', minimum: 0 },
                    at: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          responses: { '200': { description: 'The cost in USD, exact decimals', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors },
        },
      },
      '/workers': {
        get: {
          operationId: 'listWorkers',
          summary: 'Registered AI workers and their skills',
          description: 'Scope tools:read.',
          responses: { '200': { description: 'The workers', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors },
        },
        post: {
          operationId: 'registerWorker',
          summary: 'Register an AI worker by name',
          description: 'Scope platform:write.',
          requestBody: { required: true, content: { 'application/json': { schema: registration('skills') } } },
          responses: { '201': { description: 'Registered', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors },
        },
      },
      '/workflows': {
        get: {
          operationId: 'listWorkflows',
          summary: 'Registered AI workflows and their nodes',
          description: 'Scope tools:read.',
          responses: { '200': { description: 'The workflows', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors },
        },
        post: {
          operationId: 'registerWorkflow',
          summary: 'Register an AI workflow by name',
          description: 'Scope platform:write.',
          requestBody: { required: true, content: { 'application/json': { schema: registration('nodes') } } },
          responses: { '201': { description: 'Registered', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors },
        },
      },
    },
  };
}
