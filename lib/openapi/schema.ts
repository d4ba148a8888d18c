// Turns an OpenAPI schema (3.0 or 3.1, already dereferenced) into a bounded, plain JSON Schema
// for tool inputs and stored request/response shapes. The dereferenced document is a DAG that can
// expand exponentially (a 3 KB `$ref` fan-out), so every conversion runs on a node budget and
// stops with a `(truncated)` stub; references left in place for recursion become a `(recursive)` stub.
import { resolveInternal } from './refs';
import type { JsonObject } from './types';

export type SchemaMode = 'input' | 'output';

export interface SchemaBudget {
  remaining: number;
  truncated: boolean;
}

const maxDescriptionLength = 1000;

const schemaMapKeys = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'] as const;
const schemaListKeys = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const schemaValueKeys = [
  'additionalProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
] as const;
const dropped = new Set([
  'discriminator',
  'xml',
  'externalDocs',
  'example',
  'examples',
  'nullable',
  'readOnly',
  'writeOnly',
  'deprecated',
  '$schema',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$dynamicRef',
  '$comment',
  '$defs',
  'definitions',
  '$vocabulary',
]);

interface Memo {
  result: unknown;
  nodes: number;
}

/**
 * Converts schemas of one document. Results of complete (untruncated) conversions are shared
 * between operations by source identity, which keeps a document whose operations all reuse the
 * same large schemas small in memory.
 */
export class SchemaConverter {
  private readonly memo = { input: new WeakMap<object, Memo>(), output: new WeakMap<object, Memo>() };
  /** Set while converting a subtree whose result depends on where it sits (a recursion cut). */
  private cutByContext = false;

  /** `document` resolves the `$ref`s dereferencing left in place on recursive schemas. */
  constructor(private readonly document: JsonObject = {}) {}

  convert(schema: unknown, mode: SchemaMode, budget: SchemaBudget): JsonObject {
    const result = this.visit(schema, mode, budget, new Set());
    return result !== null && typeof result === 'object' ? (result as JsonObject) : result === false ? { not: {} } : {};
  }

  private visit(schema: unknown, mode: SchemaMode, budget: SchemaBudget, ancestors: Set<object | string>): unknown {
    if (typeof schema === 'boolean') return schema;
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return {};
    const source = schema as JsonObject;

    if (typeof source.$ref === 'string') {
      // Dereferencing keeps recursive references as `$ref`s. Follow one until it comes round again.
      const ref = source.$ref;
      const target = ref.startsWith('#') && !ancestors.has(ref) ? resolveInternal(this.document, ref) : undefined;
      if (ancestors.has(ref) || (target !== null && typeof target === 'object' && ancestors.has(target))) {
        this.cutByContext = true;
        return referenceStub(ref);
      }
      if (target === undefined || target === null || typeof target !== 'object') return referenceStub(ref);
      ancestors.add(ref);
      const result = this.visit(target, mode, budget, ancestors);
      ancestors.delete(ref);
      return result;
    }
    if (ancestors.has(source)) {
      this.cutByContext = true;
      return { description: '(recursive)' };
    }

    const memo = this.memo[mode].get(source);
    if (memo && memo.nodes <= budget.remaining) {
      budget.remaining -= memo.nodes;
      return memo.result;
    }
    if (budget.remaining <= 0) {
      budget.truncated = true;
      return { description: '(truncated)' };
    }

    const before = budget.remaining;
    const wasTruncated = budget.truncated;
    const wasCut = this.cutByContext;
    budget.truncated = false;
    this.cutByContext = false;
    budget.remaining--;
    ancestors.add(source);
    const result = this.convertObject(source, mode, budget, ancestors);
    ancestors.delete(source);
    // Only a conversion that depends on nothing but its source may be reused elsewhere.
    if (!budget.truncated && !this.cutByContext) this.memo[mode].set(source, { result, nodes: before - budget.remaining });
    budget.truncated ||= wasTruncated;
    this.cutByContext ||= wasCut;
    return result;
  }

  private convertObject(source: JsonObject, mode: SchemaMode, budget: SchemaBudget, ancestors: Set<object | string>): JsonObject {
    const out: JsonObject = {};
    for (const key of Object.keys(source)) {
      if (dropped.has(key) || key.startsWith('x-')) continue;
      const value = source[key];
      if ((schemaMapKeys as readonly string[]).includes(key)) {
        if (value === null || typeof value !== 'object') continue;
        const map: JsonObject = {};
        for (const [name, child] of Object.entries(value as JsonObject)) {
          if (key === 'properties' && mode === 'input' && isReadOnly(child)) continue;
          map[name] = this.visit(child, mode, budget, ancestors);
        }
        out[key] = map;
      } else if ((schemaListKeys as readonly string[]).includes(key)) {
        if (Array.isArray(value)) out[key] = value.map((child) => this.visit(child, mode, budget, ancestors));
      } else if ((schemaValueKeys as readonly string[]).includes(key)) {
        out[key] = Array.isArray(value) ? value.map((child) => this.visit(child, mode, budget, ancestors)) : this.visit(value, mode, budget, ancestors);
      } else if (key === 'description' || key === 'title') {
        if (typeof value === 'string') out[key] = truncateText(value, maxDescriptionLength);
      } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
        // OAS 3.0 (draft 4) booleans become the JSON Schema 2020 numeric form.
        if (typeof value === 'number') out[key] = value;
        else if (value === true) {
          const bound = key === 'exclusiveMinimum' ? source.minimum : source.maximum;
          if (typeof bound === 'number') out[key] = bound;
        }
      } else {
        out[key] = value;
      }
    }
    if (source.exclusiveMinimum === true && typeof source.minimum === 'number') delete out.minimum;
    if (source.exclusiveMaximum === true && typeof source.maximum === 'number') delete out.maximum;

    if (source.nullable === true) makeNullable(out);
    if (Array.isArray(out.required) && out.properties && typeof out.properties === 'object') {
      const properties = out.properties as JsonObject;
      const required = (out.required as unknown[]).filter((name) => typeof name === 'string' && name in properties);
      if (required.length > 0) out.required = required;
      else delete out.required;
    }
    return out;
  }
}

function isReadOnly(schema: unknown): boolean {
  return schema !== null && typeof schema === 'object' && (schema as JsonObject).readOnly === true;
}

function makeNullable(out: JsonObject) {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
}

function referenceStub(ref: string): JsonObject {
  if (!ref.startsWith('#')) return { description: `Unresolved external reference: ${ref}`, 'x-unresolved-ref': ref };
  const name = decodeURIComponent(ref.slice(ref.lastIndexOf('/') + 1)) || 'schema';
  return { description: `(recursive) ${name}: same shape as its enclosing ${name}` };
}

export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.8 ? cut.slice(0, space) : cut) + '…';
}
