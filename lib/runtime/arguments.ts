// Checks a tool call's arguments against the tool's input schema before anything is sent, and says
// in plain words what is wrong with each field.
import { createHash } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonObject } from '@/lib/openapi';

export type ArgumentError = { field: string; message: string };
export type ArgumentCheck = { ok: true } | { ok: false; errors: ArgumentError[] };

/** The field name used for a problem with the arguments as a whole. */
export const ROOT_FIELD = '(arguments)';

const MAX_CACHED = 500;
const MAX_ENUM_SHOWN = 12;

// OpenAPI's own formats: numbers and strings Ajv would otherwise warn about and ignore.
const openApiFormats = ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password'];

let ajv: Ajv2020 | undefined;
const byIdentity = new WeakMap<object, ValidateFunction | null>();
const byHash = new Map<string, ValidateFunction | null>();

function validator(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, formats: Object.fromEntries(openApiFormats.map((f) => [f, true])) });
  addFormats(ajv);
  return ajv;
}

/**
 * The compiled validator of a schema: by identity for the same object, else by a hash of its JSON
 * (schemas loaded from the database are new objects on every read). Null when Ajv cannot compile it.
 */
function compiled(schema: JsonObject): ValidateFunction | null {
  const known = byIdentity.get(schema);
  if (known !== undefined) return known;
  const hash = createHash('sha256').update(JSON.stringify(schema)).digest('base64url');
  let validate = byHash.get(hash);
  if (validate === undefined) {
    try {
      validate = validator().compile(acceptFileObjects(schema));
    } catch {
      validate = null;
    }
    if (byHash.size >= MAX_CACHED) byHash.delete(byHash.keys().next().value!);
    byHash.set(hash, validate);
  }
  byIdentity.set(schema, validate);
  return validate;
}

/**
 * Validates `args` against a tool's input schema. A schema Ajv cannot compile (a broken stub in a
 * cut-down schema) is not held against the caller: only its required arguments are checked.
 */
export function validateArguments(inputSchema: JsonObject, args: unknown): ArgumentCheck {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    return { ok: false, errors: [{ field: ROOT_FIELD, message: 'must be an object of named arguments' }] };
  }
  const validate = compiled(inputSchema);
  if (!validate) {
    const required = Array.isArray(inputSchema.required) ? inputSchema.required.filter((name): name is string => typeof name === 'string') : [];
    const missing = required.filter((name) => (args as Record<string, unknown>)[name] === undefined);
    return missing.length === 0 ? { ok: true } : { ok: false, errors: missing.map((field) => ({ field, message: 'is required' })) };
  }
  if (validate(args)) return { ok: true };
  return { ok: false, errors: describeErrors(validate.errors ?? []) };
}

/** One line for a person or a model: "Invalid arguments: limit must be an integer; body.name is required." */
export function formatArgumentErrors(errors: ArgumentError[]): string {
  return `Invalid arguments: ${errors.map((e) => (e.field === ROOT_FIELD ? `the arguments ${e.message}` : `${e.field} ${e.message}`)).join('; ')}.`;
}

function describeErrors(errors: ErrorObject[]): ArgumentError[] {
  // A failed anyOf/oneOf also reports why each branch failed; those are folded into one message.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const branchOf = (e: ErrorObject) => alternatives.find((alt) => alt !== e && e.schemaPath.startsWith(`${alt.schemaPath}/`));
  const out: ArgumentError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (branchOf(error) || error.keyword === 'if') continue;
    const described =
      error.keyword === 'anyOf' || error.keyword === 'oneOf'
        ? {
            field: fieldOf(error.instancePath),
            message: describeAlternatives(
              error,
              errors.filter((e) => branchOf(e) === error),
            ),
          }
        : describe(error);
    const key = `${described.field}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(described);
  }
  return out;
}

function describe(error: ErrorObject): ArgumentError {
  const params = error.params as Record<string, unknown>;
  const field = fieldOf(error.instancePath);
  const at = (name: unknown) => ({ field: fieldOf(error.instancePath, String(name)) });
  switch (error.keyword) {
    case 'required':
      return { ...at(params.missingProperty), message: 'is required' };
    case 'additionalProperties':
      return { ...at(params.additionalProperty), message: 'is not an accepted field' };
    case 'unevaluatedProperties':
      return { ...at(params.unevaluatedProperty), message: 'is not an accepted field' };
    case 'dependentRequired':
      return { ...at(params.missingProperty), message: `is required when ${String(params.property)} is given` };
    case 'type':
      return { field, message: `must be ${typeNames(params.type)}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const shown = allowed.slice(0, MAX_ENUM_SHOWN).map(show).join(', ');
      return { field, message: `must be one of: ${shown}${allowed.length > MAX_ENUM_SHOWN ? `, … (${allowed.length} values)` : ''}` };
    }
    case 'const':
      return { field, message: `must be ${show(params.allowedValue)}` };
    case 'format':
      return { field, message: `must be a valid ${String(params.format)}` };
    case 'minimum':
      return { field, message: `must be at least ${String(params.limit)}` };
    case 'maximum':
      return { field, message: `must be at most ${String(params.limit)}` };
    case 'exclusiveMinimum':
      return { field, message: `must be greater than ${String(params.limit)}` };
    case 'exclusiveMaximum':
      return { field, message: `must be less than ${String(params.limit)}` };
    case 'multipleOf':
      return { field, message: `must be a multiple of ${String(params.multipleOf)}` };
    case 'minLength':
      return { field, message: `must be at least ${plural(params.limit, 'character')} long` };
    case 'maxLength':
      return { field, message: `must be at most ${plural(params.limit, 'character')} long` };
    case 'pattern':
      return { field, message: `must match the pattern ${String(params.pattern)}` };
    case 'minItems':
      return { field, message: `must have at least ${plural(params.limit, 'item')}` };
    case 'maxItems':
      return { field, message: `must have at most ${plural(params.limit, 'item')}` };
    case 'uniqueItems':
      return { field, message: `must not repeat items (items ${String(params.j)} and ${String(params.i)} are the same)` };
    case 'minProperties':
      return { field, message: `must have at least ${plural(params.limit, 'field')}` };
    case 'maxProperties':
      return { field, message: `must have at most ${plural(params.limit, 'field')}` };
    case 'not':
      return { field, message: 'has a value that is not allowed here' };
    case 'false schema':
      return { field, message: 'is not allowed' };
    default:
      return { field, message: error.message ?? 'is not valid' };
  }
}

function describeAlternatives(error: ErrorObject, branches: ErrorObject[]): string {
  if (error.keyword === 'oneOf' && Array.isArray((error.params as { passingSchemas?: unknown }).passingSchemas)) {
    return 'matches more than one of the allowed shapes; make it match exactly one';
  }
  // When every branch only wanted another type here, naming the types says it all.
  const sameSpot = branches.every((b) => b.instancePath === error.instancePath && b.keyword === 'type');
  if (branches.length > 0 && sameSpot) {
    const types = [...new Set(branches.flatMap((b) => [(b.params as { type: unknown }).type].flat().map(String)))];
    return `must be ${typeNames(types)}`;
  }
  return 'does not match any of the allowed shapes';
}

/** `/body/items/0/name` → `body.items[0].name`. */
function fieldOf(instancePath: string, child?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  if (segments.length === 0) return ROOT_FIELD;
  return segments.reduce((path, segment, index) => (/^\d+$/.test(segment) && index > 0 ? `${path}[${segment}]` : index === 0 ? segment : `${path}.${segment}`), '');
}

const articles: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function typeNames(type: unknown): string {
  const names = (Array.isArray(type) ? type : String(type).split(',')).map((t) => articles[String(t)] ?? String(t));
  return names.length <= 1 ? (names[0] ?? 'of another type') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));
const plural = (n: unknown, word: string) => `${String(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * File fields (`format: binary`) also take `{ filename, contentType, data }` (data in base64), the
 * shape the request builder sends as a file part. Returns a copy with those fields widened.
 */
function acceptFileObjects(schema: unknown): JsonObject {
  const fileObject = {
    type: 'object',
    required: ['data'],
    properties: { filename: { type: 'string' }, contentType: { type: 'string' }, data: { type: 'string' } },
  };
  const visit = (node: unknown, depth: number): unknown => {
    if (depth > 64 || node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item) => visit(item, depth + 1));
    const source = node as JsonObject;
    const copy: JsonObject = {};
    for (const [key, value] of Object.entries(source)) copy[key] = key === 'enum' || key === 'const' || key === 'default' ? value : visit(value, depth + 1);
    if (source.format === 'binary' && (source.type === 'string' || (Array.isArray(source.type) && source.type.includes('string')))) {
      const { format: _format, ...asString } = copy;
      return { anyOf: [asString, fileObject] };
    }
    return copy;
  };
  return visit(schema, 0) as JsonObject;
}
