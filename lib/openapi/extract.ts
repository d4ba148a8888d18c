// Reads operations out of a dereferenced OpenAPI 3.x document and builds one tool per operation.
import { sha256, canonicalJson } from './hash';
import { toPointer } from './locate';
import { SchemaConverter, truncateText, type SchemaBudget } from './schema';
import { estimateTokens } from './export';
import { assignToolNames } from './tool-names';
import {
  defaultLimits,
  type ImportLimits,
  type JsonObject,
  type Operation,
  type OperationParameter,
  type OperationRequestBody,
  type OperationResponse,
  type ParameterLocation,
  type SecurityRequirement,
  type Server,
  type ToolArgument,
} from './types';

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const parameterLocations: ParameterLocation[] = ['path', 'query', 'header', 'cookie'];
const maxToolDescriptionLength = 1000;
const argumentNamePattern = /^[A-Za-z0-9_.-]{1,64}$/;

type Draft = Omit<Operation, 'tool' | 'arguments' | 'fingerprint' | 'toolTokens'>;

export function extractOperations(document: JsonObject, limits: ImportLimits = defaultLimits): Operation[] {
  const converter = new SchemaConverter(document);
  const stored = (schema: unknown) => (schema === undefined ? undefined : converter.convert(schema, 'output', { remaining: limits.maxStoredSchemaNodes, truncated: false }));
  const documentSecurity = asArray<SecurityRequirement>(document.security);

  const drafts: { draft: Draft; source: { parameters: JsonObject[]; body?: { required: boolean; description?: string; contentType: string; schema: unknown } } }[] = [];
  for (const [path, pathItem] of Object.entries(asObject(document.paths))) {
    if (!isObject(pathItem)) continue;
    const pathParameters = asArray<JsonObject>(pathItem.parameters);
    for (const method of httpMethods) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const parameters = mergeParameters(pathParameters, asArray<JsonObject>(operation.parameters));
      const body = readRequestBody(operation.requestBody);
      const draft: Draft = {
        method: method.toUpperCase(),
        path,
        pointer: toPointer(['paths', path, method]),
        ...(typeof operation.operationId === 'string' && operation.operationId ? { operationId: operation.operationId } : {}),
        ...(typeof operation.summary === 'string' ? { summary: operation.summary } : {}),
        ...(typeof operation.description === 'string' ? { description: operation.description } : {}),
        tags: asArray(operation.tags).filter((tag): tag is string => typeof tag === 'string'),
        deprecated: operation.deprecated === true,
        parameters: parameters.map(describeParameter),
        ...(body
          ? {
              requestBody: {
                required: body.required,
                ...(body.description ? { description: body.description } : {}),
                contentType: body.contentType,
                contentTypes: body.contentTypes,
              } satisfies OperationRequestBody,
            }
          : {}),
        responses: readResponses(operation.responses, stored),
        security: Array.isArray(operation.security) ? (operation.security as SecurityRequirement[]) : documentSecurity,
        ...((readServers(operation.servers) ?? readServers(pathItem.servers)) ? { servers: readServers(operation.servers) ?? readServers(pathItem.servers) } : {}),
      };
      drafts.push({ draft, source: { parameters, ...(body ? { body } : {}) } });
    }
  }

  const names = assignToolNames(drafts.map(({ draft }) => draft));
  return drafts.map(({ draft, source }, index) => {
    const { inputSchema, inputSchemaJson, args, truncated } = buildInputSchema(source, converter, limits);
    // Parameters and body keep the very schema objects of the tool: no second conversion, and
    // they cost nothing more to send from the worker (v8 serialises shared objects once).
    const properties = inputSchema.properties as JsonObject;
    draft.parameters.forEach((parameter, parameterIndex) => (parameter.schema = properties[args[parameterIndex]!.name] as JsonObject));
    if (draft.requestBody) draft.requestBody.schema = properties[args[args.length - 1]!.name] as JsonObject;
    const tool = { name: names[index]!, description: toolDescription(draft), inputSchema, truncated };
    return { ...draft, tool, arguments: args, fingerprint: fingerprint(draft, tool, inputSchemaJson), toolTokens: estimateTokens(tool, inputSchemaJson.length) };
  });
}

function mergeParameters(pathLevel: JsonObject[], operationLevel: JsonObject[]): JsonObject[] {
  const usable = (parameter: unknown): parameter is JsonObject =>
    isObject(parameter) && typeof parameter.name === 'string' && parameterLocations.includes(parameter.in as ParameterLocation);
  const merged = operationLevel.filter(usable);
  for (const parameter of pathLevel.filter(usable)) {
    if (!merged.some((other) => other.in === parameter.in && other.name === parameter.name)) merged.push(parameter);
  }
  return merged;
}

function parameterSchema(parameter: JsonObject): unknown {
  if (parameter.schema !== undefined) return parameter.schema;
  const content = asObject(parameter.content);
  const first = Object.values(content)[0];
  return isObject(first) ? first.schema : undefined;
}

function describeParameter(parameter: JsonObject): OperationParameter {
  return {
    name: parameter.name as string,
    in: parameter.in as ParameterLocation,
    required: parameter.in === 'path' || parameter.required === true,
    ...(typeof parameter.description === 'string' ? { description: parameter.description } : {}),
    ...(parameter.deprecated === true ? { deprecated: true } : {}),
    ...(typeof parameter.style === 'string' ? { style: parameter.style } : {}),
    ...(typeof parameter.explode === 'boolean' ? { explode: parameter.explode } : {}),
    ...(parameter.allowReserved === true ? { allowReserved: true } : {}),
  };
}

/** JSON first, else form-urlencoded, else multipart, else the first listed type. */
export function chooseContentType(types: string[]): string | undefined {
  const lower = types.map((type) => type.toLowerCase());
  const pick = (test: (type: string) => boolean) => {
    const index = lower.findIndex(test);
    return index === -1 ? undefined : types[index];
  };
  return (
    pick((type) => type.startsWith('application/json')) ??
    pick((type) => /^[^;]*[/+]json\b/.test(type)) ??
    pick((type) => type.startsWith('application/x-www-form-urlencoded')) ??
    pick((type) => type.startsWith('multipart/form-data')) ??
    pick((type) => type.startsWith('multipart/')) ??
    types[0]
  );
}

function readRequestBody(requestBody: unknown) {
  if (!isObject(requestBody)) return undefined;
  const content = asObject(requestBody.content);
  const contentTypes = Object.keys(content);
  const contentType = chooseContentType(contentTypes);
  if (!contentType) return undefined;
  const media = content[contentType];
  return {
    required: requestBody.required === true,
    ...(typeof requestBody.description === 'string' ? { description: requestBody.description } : {}),
    contentType,
    contentTypes,
    schema: isObject(media) ? media.schema : undefined,
  };
}

function readResponses(responses: unknown, stored: (schema: unknown) => JsonObject | undefined): OperationResponse[] {
  return Object.entries(asObject(responses))
    .filter(([status, response]) => !status.startsWith('x-') && isObject(response))
    .map(([status, response]) => {
      const content = asObject((response as JsonObject).content);
      const contentTypes = Object.keys(content);
      const contentType = chooseContentType(contentTypes);
      const media = contentType ? content[contentType] : undefined;
      const schema = isObject(media) ? media.schema : undefined;
      const description = (response as JsonObject).description;
      return {
        status,
        ...(typeof description === 'string' ? { description } : {}),
        ...(contentType ? { contentType } : {}),
        contentTypes,
        ...(schema !== undefined ? { schema: stored(schema) } : {}),
      };
    });
}

export function readServers(servers: unknown): Server[] | undefined {
  if (!Array.isArray(servers) || servers.length === 0) return undefined;
  return servers
    .filter(isObject)
    .filter((server) => typeof server.url === 'string')
    .map((server) => {
      const variables: Server['variables'] = {};
      for (const [name, variable] of Object.entries(asObject(server.variables))) {
        if (!isObject(variable)) continue;
        variables[name] = {
          default: String(variable.default ?? ''),
          ...(Array.isArray(variable.enum) ? { enum: variable.enum.map(String) } : {}),
          ...(typeof variable.description === 'string' ? { description: variable.description } : {}),
        };
      }
      return {
        url: server.url as string,
        ...(typeof server.description === 'string' ? { description: server.description } : {}),
        ...(Object.keys(variables).length > 0 ? { variables } : {}),
      };
    });
}

function toolDescription(draft: Draft): string {
  const summary = draft.summary?.trim() ?? '';
  const description = draft.description?.trim() ?? '';
  let text = summary;
  if (description && !description.startsWith(summary)) text = summary ? `${summary}\n\n${description}` : description;
  else if (description) text = description;
  if (!text) text = `${draft.method} ${draft.path}`;
  if (draft.deprecated) text = `Deprecated. ${text}`;
  return truncateText(text, maxToolDescriptionLength);
}

function buildInputSchema(
  source: { parameters: JsonObject[]; body?: { required: boolean; description?: string; contentType: string; schema: unknown } },
  converter: SchemaConverter,
  limits: ImportLimits,
) {
  const args = argumentsFor(source);
  let nodes = limits.maxToolSchemaNodes;
  for (;;) {
    const budget: SchemaBudget = { remaining: nodes, truncated: false };
    const properties: JsonObject = {};
    source.parameters.forEach((parameter, index) => {
      const schema = converter.convert(parameterSchema(parameter), 'input', budget);
      const description = typeof parameter.description === 'string' ? truncateText(parameter.description, 1000) : undefined;
      properties[args[index]!.name] = description && !schema.description ? { ...schema, description } : schema;
    });
    if (source.body) {
      const schema = converter.convert(source.body.schema, 'input', budget);
      const description = source.body.description ? truncateText(source.body.description, 1000) : `Request body (${source.body.contentType}).`;
      properties[args[args.length - 1]!.name] = schema.description ? schema : { ...schema, description };
    }
    const required = args.filter((arg) => arg.required).map((arg) => arg.name);
    const inputSchema: JsonObject = { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
    const inputSchemaJson = JSON.stringify(inputSchema);
    if (inputSchemaJson.length <= limits.maxToolSchemaBytes || nodes <= 1) {
      return { inputSchema, inputSchemaJson, args, truncated: budget.truncated || nodes < limits.maxToolSchemaNodes };
    }
    nodes = Math.floor(nodes / 2);
  }
}

function argumentsFor(source: { parameters: JsonObject[]; body?: { required: boolean; contentType: string } }): ToolArgument[] {
  const taken = new Set<string>();
  const unique = (wanted: string, location: string) => {
    let name = argumentNamePattern.test(wanted) ? wanted : wanted.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 64) || 'param';
    if (taken.has(name)) name = `${location}_${name}`.slice(0, 64);
    for (let counter = 2; taken.has(name); counter++) name = `${name.slice(0, 60)}_${counter}`;
    taken.add(name);
    return name;
  };
  const args: ToolArgument[] = source.parameters.map((parameter) => ({
    name: unique(parameter.name as string, parameter.in as string),
    in: parameter.in as ParameterLocation,
    parameterName: parameter.name as string,
    required: parameter.in === 'path' || parameter.required === true,
    ...(typeof parameter.style === 'string' ? { style: parameter.style } : {}),
    ...(typeof parameter.explode === 'boolean' ? { explode: parameter.explode } : {}),
    ...(parameter.allowReserved === true ? { allowReserved: true } : {}),
  }));
  if (source.body) {
    args.push({ name: unique('body', 'request'), in: 'body', required: source.body.required, contentType: source.body.contentType });
  }
  return args;
}

/**
 * What a caller of the operation depends on; equal fingerprints mean nothing to compare. The input
 * schema enters as serialised (in document key order, not sorted: re-sorting every tool would cost
 * more than the rest of extraction); a document whose keys were only reordered gets new
 * fingerprints, and the diff then finds no change to report.
 */
function fingerprint(draft: Draft, tool: { name: string; description: string }, inputSchemaJson: string): string {
  return sha256(
    inputSchemaJson +
      canonicalJson({
        method: draft.method,
        path: draft.path,
        tool: { name: tool.name, description: tool.description },
        deprecated: draft.deprecated,
        parameters: draft.parameters.map(({ name, in: location, required, style, explode }) => ({ name, in: location, required, style, explode })),
        body: draft.requestBody ? { required: draft.requestBody.required, contentTypes: draft.requestBody.contentTypes } : null,
        responses: draft.responses.map(({ status, contentType }) => ({ status, contentType })),
        security: draft.security,
        servers: draft.servers ?? null,
        tags: draft.tags,
      }),
  );
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
