// What changed between two imported versions of a document, and which changes break callers.
import { canonicalJson } from './hash';
import { TimeSlices } from './slices';
import type { JsonObject, Operation, Server } from './types';

type DiffedOperation = Pick<
  Operation,
  'method' | 'path' | 'operationId' | 'parameters' | 'requestBody' | 'security' | 'servers' | 'deprecated' | 'fingerprint' | 'summary' | 'description' | 'responses'
> & {
  tool: Pick<Operation['tool'], 'name' | 'description' | 'inputSchema'>;
};

export interface VersionSnapshot {
  operations: DiffedOperation[];
  servers: Server[];
  securitySchemes?: Record<string, JsonObject>;
}

export interface Change {
  kind:
    | 'tool-renamed'
    | 'moved'
    | 'parameter-added'
    | 'parameter-removed'
    | 'parameter-required'
    | 'parameter-optional'
    | 'parameter-type'
    | 'body-added'
    | 'body-removed'
    | 'body-required'
    | 'body-optional'
    | 'body-type'
    | 'body-content-type'
    | 'security'
    | 'servers'
    | 'deprecated'
    | 'description'
    | 'responses'
    | 'input-schema'
    | 'security-schemes';
  breaking: boolean;
  message: string;
}

export interface OperationChange {
  method: string;
  path: string;
  toolName: string;
  previousToolName: string;
  breaking: boolean;
  changes: Change[];
}

export interface OperationRef {
  method: string;
  path: string;
  toolName: string;
}

export interface VersionDiff {
  added: OperationRef[];
  /** Removing an operation always breaks its callers. */
  removed: OperationRef[];
  changed: OperationChange[];
  unchanged: number;
  /** Document-level changes: servers and security schemes. */
  document: Change[];
  breaking: boolean;
}

export function diffVersions(before: VersionSnapshot, after: VersionSnapshot): VersionDiff {
  const steps = diffSteps(before, after);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The same diff in time slices, so a server diffing two versions of 100,000 operations keeps
 * answering meanwhile.
 */
export async function diffVersionsInSlices(before: VersionSnapshot, after: VersionSnapshot, slices = new TimeSlices()): Promise<VersionDiff> {
  const steps = diffSteps(before, after);
  let step = steps.next();
  while (!step.done) {
    await slices.check();
    step = steps.next();
  }
  return step.value;
}

/** How many operations the diff handles between two chances to end a time slice. */
const stepOperations = 100;

function* diffSteps(before: VersionSnapshot, after: VersionSnapshot): Generator<void, VersionDiff> {
  const key = (operation: DiffedOperation) => `${operation.method.toUpperCase()} ${operation.path}`;
  const previous = new Map(before.operations.map((operation) => [key(operation), operation]));
  yield;
  const previousByTool = new Map(before.operations.map((operation) => [operation.tool.name, operation]));
  yield;
  const matched = new Set<DiffedOperation>();
  const pairs: [DiffedOperation, DiffedOperation][] = [];
  const added: OperationRef[] = [];

  // Same method and path is the same operation; else the same tool name (a moved path).
  const unmatched: DiffedOperation[] = [];
  let done = 0;
  for (const operation of after.operations) {
    if (++done % stepOperations === 0) yield;
    const old = previous.get(key(operation));
    if (old) {
      pairs.push([old, operation]);
      matched.add(old);
    } else unmatched.push(operation);
  }
  for (const operation of unmatched) {
    const old = previousByTool.get(operation.tool.name);
    if (old && !matched.has(old)) {
      pairs.push([old, operation]);
      matched.add(old);
    } else added.push(refOf(operation));
  }
  const removed = before.operations.filter((operation) => !matched.has(operation)).map(refOf);

  const changed: OperationChange[] = [];
  let unchanged = 0;
  for (const [old, current] of pairs) {
    if (++done % stepOperations === 0) yield;
    if (old.fingerprint === current.fingerprint && key(old) === key(current)) {
      unchanged++;
      continue;
    }
    const changes = compareOperations(old, current);
    if (changes.length === 0) {
      unchanged++;
      continue;
    }
    changed.push({
      method: current.method,
      path: current.path,
      toolName: current.tool.name,
      previousToolName: old.tool.name,
      breaking: changes.some((change) => change.breaking),
      changes,
    });
  }

  const document: Change[] = [];
  if (canonicalJson(before.servers) !== canonicalJson(after.servers)) {
    document.push({ kind: 'servers', breaking: true, message: `The document's servers changed from ${serverList(before.servers)} to ${serverList(after.servers)}.` });
  }
  if (before.securitySchemes && after.securitySchemes && canonicalJson(before.securitySchemes) !== canonicalJson(after.securitySchemes)) {
    const [old, current] = [before.securitySchemes, after.securitySchemes];
    const removedSchemes = Object.keys(old).filter((name) => !(name in current));
    const changedSchemes = Object.keys(old).filter((name) => name in current && canonicalJson(old[name]) !== canonicalJson(current[name]));
    const addedSchemes = Object.keys(current).filter((name) => !(name in old));
    const parts = [
      removedSchemes.length > 0 ? `removed: ${removedSchemes.join(', ')}` : '',
      changedSchemes.length > 0 ? `changed: ${changedSchemes.join(', ')}` : '',
      addedSchemes.length > 0 ? `added: ${addedSchemes.join(', ')}` : '',
    ].filter(Boolean);
    document.push({ kind: 'security-schemes', breaking: removedSchemes.length + changedSchemes.length > 0, message: `Security schemes ${parts.join('; ')}.` });
  }

  return {
    added,
    removed,
    changed,
    unchanged,
    document,
    breaking: removed.length > 0 || changed.some((change) => change.breaking) || document.some((change) => change.breaking),
  };
}

function compareOperations(old: DiffedOperation, current: DiffedOperation): Change[] {
  const changes: Change[] = [];
  const add = (kind: Change['kind'], breaking: boolean, message: string) => changes.push({ kind, breaking, message });

  if (old.tool.name !== current.tool.name)
    add('tool-renamed', true, `The tool was renamed from ${old.tool.name} to ${current.tool.name}; workers that call it by name need updating.`);
  if (old.method.toUpperCase() !== current.method.toUpperCase() || old.path !== current.path) {
    add('moved', true, `The operation moved from ${old.method.toUpperCase()} ${old.path} to ${current.method.toUpperCase()} ${current.path}.`);
  }

  const parameterKey = (parameter: { in: string; name: string }) => `${parameter.in}:${parameter.name}`;
  const oldParameters = new Map(old.parameters.map((parameter) => [parameterKey(parameter), parameter]));
  const newParameters = new Map(current.parameters.map((parameter) => [parameterKey(parameter), parameter]));
  for (const [name, parameter] of newParameters) {
    const before = oldParameters.get(name);
    const label = `${parameter.in} parameter "${parameter.name}"`;
    if (!before) {
      add('parameter-added', parameter.required, `The ${parameter.required ? 'required' : 'optional'} ${label} was added.`);
      continue;
    }
    if (!before.required && parameter.required) add('parameter-required', true, `The ${label} became required.`);
    if (before.required && !parameter.required) add('parameter-optional', false, `The ${label} became optional.`);
    const oldType = typeOf(before.schema);
    const newType = typeOf(parameter.schema);
    if (oldType !== newType) add('parameter-type', true, `The type of the ${label} changed from ${oldType} to ${newType}.`);
  }
  for (const [name, parameter] of oldParameters) {
    if (!newParameters.has(name)) add('parameter-removed', true, `The ${parameter.in} parameter "${parameter.name}" was removed.`);
  }

  const oldBody = old.requestBody;
  const newBody = current.requestBody;
  if (!oldBody && newBody) add('body-added', newBody.required, `A ${newBody.required ? 'required' : 'optional'} request body (${newBody.contentType}) was added.`);
  else if (oldBody && !newBody) add('body-removed', true, 'The request body was removed.');
  else if (oldBody && newBody) {
    if (!oldBody.required && newBody.required) add('body-required', true, 'The request body became required.');
    if (oldBody.required && !newBody.required) add('body-optional', false, 'The request body became optional.');
    if (oldBody.contentType !== newBody.contentType) {
      add(
        'body-content-type',
        !newBody.contentTypes.includes(oldBody.contentType),
        `The request body's content type changed from ${oldBody.contentType} to ${newBody.contentType}.`,
      );
    }
    const oldType = typeOf(oldBody.schema);
    const newType = typeOf(newBody.schema);
    if (oldType !== newType) add('body-type', true, `The request body's type changed from ${oldType} to ${newType}.`);
    else {
      const newlyRequired = requiredProperties(newBody.schema).filter((name) => !requiredProperties(oldBody.schema).includes(name));
      if (newlyRequired.length > 0) add('body-type', true, `The request body now requires ${newlyRequired.map((name) => `"${name}"`).join(', ')}.`);
    }
  }

  if (canonicalJson(old.security) !== canonicalJson(current.security)) {
    add('security', true, `The security requirements changed from ${securityText(old.security)} to ${securityText(current.security)}.`);
  }
  if (canonicalJson(old.servers ?? null) !== canonicalJson(current.servers ?? null)) {
    add(
      'servers',
      true,
      `The operation's servers changed from ${old.servers ? serverList(old.servers) : 'the document servers'} to ${current.servers ? serverList(current.servers) : 'the document servers'}.`,
    );
  }
  if (old.deprecated !== current.deprecated) add('deprecated', false, current.deprecated ? 'The operation is now deprecated.' : 'The operation is no longer deprecated.');
  if (old.tool.description !== current.tool.description) add('description', false, 'The description changed.');
  const statuses = (operation: DiffedOperation) => operation.responses.map((response) => `${response.status} ${response.contentType ?? ''}`).join(',');
  if (statuses(old) !== statuses(current)) add('responses', false, 'The responses changed.');

  // Otherwise unexplained differences in the input schema (nested properties, enums, formats).
  const explained = changes.some((change) => change.kind.startsWith('parameter-') || change.kind.startsWith('body-'));
  if (!explained && canonicalJson(old.tool.inputSchema) !== canonicalJson(current.tool.inputSchema)) {
    add('input-schema', false, "The tool's input schema changed in detail (nested properties, enums, formats or descriptions).");
  }
  return changes;
}

function refOf(operation: DiffedOperation): OperationRef {
  return { method: operation.method, path: operation.path, toolName: operation.tool.name };
}

function typeOf(schema: JsonObject | undefined): string {
  if (!schema) return 'any';
  if (schema.type !== undefined) return Array.isArray(schema.type) ? (schema.type as string[]).join(' | ') : String(schema.type);
  for (const combinator of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (Array.isArray(schema[combinator])) return `${combinator}(${(schema[combinator] as JsonObject[]).map(typeOf).join(', ')})`;
  }
  return schema.properties ? 'object' : 'any';
}

function requiredProperties(schema: JsonObject | undefined): string[] {
  return Array.isArray(schema?.required) ? (schema.required as string[]) : [];
}

function securityText(requirements: Record<string, string[]>[]): string {
  if (requirements.length === 0) return 'none';
  return requirements.map((requirement) => Object.keys(requirement).join(' + ') || 'anonymous').join(' or ');
}

function serverList(servers: Server[]): string {
  return servers.length === 0 ? 'none' : servers.map((server) => server.url).join(', ');
}
