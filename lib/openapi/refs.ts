// `$ref` handling. External references (anything not starting with '#') are never followed: no
// network, no file reads. They are recorded, left in place while the document is validated (as
// swagger-parser does with external resolution off, so verdicts agree), then turned into a
// placeholder schema before extraction. Internal references are dereferenced by swagger-parser
// with every resolver off and circular references kept as `$ref`s, so the result has no JS cycles.
import SwaggerParser from '@apidevtools/swagger-parser';
import { toPointer } from './locate';
import type { JsonObject, Problem } from './types';

export interface ExternalRef {
  pointer: string;
  ref: string;
  /** The `{ $ref }` object itself, rewritten in place into a placeholder after validation. */
  holder: JsonObject;
}

export interface RefScan {
  external: ExternalRef[];
  /** Internal references whose target does not exist. */
  broken: Problem[];
}

export function scanRefs(document: JsonObject): RefScan {
  const external: ExternalRef[] = [];
  const broken: Problem[] = [];
  const path: (string | number)[] = [];
  const known = new Map<string, boolean>();
  const resolves = (ref: string) => {
    let found = known.get(ref);
    if (found === undefined) known.set(ref, (found = resolveInternal(document, ref) !== undefined));
    return found;
  };
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        path.push(index);
        visit(item);
        path.pop();
      });
      return;
    }
    const object = node as JsonObject;
    const ref = object.$ref;
    if (typeof ref === 'string') {
      if (!ref.startsWith('#')) external.push({ pointer: toPointer(path), ref, holder: object });
      else if (!resolves(ref)) {
        broken.push({
          severity: 'error',
          pointer: toPointer([...path, '$ref']),
          message: `The reference "${ref}" points at nothing in this document. Fix the reference or add the missing definition.`,
        });
      }
    }
    for (const key in object) {
      path.push(key);
      visit(object[key]);
      path.pop();
    }
  };
  visit(document);
  return { external, broken };
}

/** Resolves `#/a/b` in the document, following internal `$ref`s met on the way. */
export function resolveInternal(document: JsonObject, ref: string, hops = 0): unknown {
  const fragment = ref.slice(1);
  if (fragment !== '' && !fragment.startsWith('/')) return undefined;
  let segments: string[];
  try {
    segments =
      fragment === ''
        ? []
        : fragment
            .slice(1)
            .split('/')
            .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));
  } catch {
    return undefined;
  }
  let node: unknown = document;
  for (const segment of segments) {
    while (node !== null && typeof node === 'object' && typeof (node as JsonObject).$ref === 'string' && ((node as JsonObject).$ref as string).startsWith('#')) {
      if (++hops > 64) return undefined;
      node = resolveInternal(document, (node as JsonObject).$ref as string, hops);
    }
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as JsonObject)[segment];
  }
  return node;
}

/**
 * Dereferences internal refs in place (the caller's object is consumed) and returns the result:
 * a DAG in which every reference to a recursive component is a `{ $ref }` object again, as
 * swagger-parser's `circular: 'ignore'` leaves it, so it never holds a JS cycle.
 *
 * Not `circular: 'ignore'` itself: with it json-schema-ref-parser re-crawls every object on every
 * visit, which is exponential on a `$ref` fan-out (measured: 108 s for 24 levels x 2 refs, against
 * 19 ms with the default). So the default is used, and the cycles it creates are cut afterwards in
 * linear passes.
 */
export async function dereferenceInternal(document: JsonObject): Promise<JsonObject> {
  const homes = componentPointers(document);
  const recursive = recursiveComponents(document, homes);
  const parser = new SwaggerParser();
  const result = (await parser.dereference(document as never, {
    resolve: { file: false, http: false, external: false },
  })) as unknown as JsonObject;
  if (parser.$refs.circular) {
    restoreRecursiveRefs(result, homes, recursive);
    breakCycles(result, homes);
  }
  return result;
}

/** Components that reach themselves again through internal `$ref`s. */
function recursiveComponents(document: JsonObject, homes: Map<object, string>): Set<string> {
  const edges = new Map<string, Set<string>>();
  const homeOf = (ref: string) => {
    const match = ref.match(/^#\/(components\/[^/]+|definitions|parameters|responses)\/([^/]+)/);
    return match ? `#/${match[1]}/${match[2]}` : undefined;
  };
  for (const [component, home] of homes) {
    const targets = new Set<string>();
    const stack: unknown[] = [component];
    const seen = new Set<object>();
    while (stack.length > 0) {
      const node = stack.pop();
      if (node === null || typeof node !== 'object' || seen.has(node)) continue;
      seen.add(node);
      const ref = (node as JsonObject).$ref;
      if (typeof ref === 'string') {
        const target = homeOf(ref);
        if (target) targets.add(target);
      }
      for (const value of Object.values(node as JsonObject)) stack.push(value);
    }
    edges.set(home, targets);
  }
  // Tarjan's strongly connected components, iteratively.
  const recursive = new Set<string>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; targets: string[]; next: number }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, targets: [...(edges.get(node) ?? [])], next: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++]!;
        if (!edges.has(target)) continue;
        if (!index.has(target)) open(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const members: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          members.push(member);
        } while (member !== frame.node);
        if (members.length > 1 || edges.get(frame.node)!.has(frame.node)) for (const name of members) recursive.add(name);
      }
    }
  }
  return recursive;
}

/** Every edge into a recursive component, except its own home, becomes `{ $ref }` again. */
function restoreRecursiveRefs(root: JsonObject, homes: Map<object, string>, recursive: Set<string>) {
  const sections = new Set<object>();
  for (const key of ['definitions', 'parameters', 'responses']) if (root[key] && typeof root[key] === 'object') sections.add(root[key] as object);
  for (const section of Object.values((root.components ?? {}) as JsonObject)) if (section && typeof section === 'object') sections.add(section);
  const done = new Set<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (done.has(node)) continue;
    done.add(node);
    const container = node as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = container[key];
      if (child === null || typeof child !== 'object') continue;
      const home = homes.get(child);
      if (home && recursive.has(home) && !sections.has(node)) container[key] = { $ref: home };
      else stack.push(child);
    }
  }
}

/** Where each reusable object lives, to name it when a cycle through it is cut. */
function componentPointers(document: JsonObject): Map<object, string> {
  const homes = new Map<object, string>();
  const sections: [string, unknown][] = [
    ...Object.entries((document.components ?? {}) as JsonObject).map(([name, value]) => [`components/${name}`, value] as [string, unknown]),
    ['definitions', document.definitions],
    ['parameters', document.parameters],
    ['responses', document.responses],
  ];
  for (const [section, entries] of sections) {
    if (entries === null || typeof entries !== 'object') continue;
    for (const [name, value] of Object.entries(entries as JsonObject)) {
      if (value !== null && typeof value === 'object') homes.set(value, `#/${section}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }
  return homes;
}

/**
 * Cuts every cycle at an edge into a reusable component, which becomes `{ $ref }` to its home, as
 * `circular: 'ignore'` would leave it. The edge found closing the cycle may lead into an object
 * with no home (a `properties` map shared by a shallow copy that `$ref` siblings produce); then
 * the cycle is cut at the edge into the nearest component on it instead, keeping the shape valid.
 */
function breakCycles(root: JsonObject, homes: Map<object, string>) {
  const path: { node: object; container?: Record<string, unknown>; key?: string }[] = [];
  const onPath = new Map<object, number>();
  const done = new Set<object>();
  const visit = (node: object) => {
    onPath.set(node, path.length - 1);
    const container = node as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = container[key];
      if (child === null || typeof child !== 'object' || done.has(child)) continue;
      const start = onPath.get(child);
      if (start === undefined) {
        path.push({ node: child, container, key });
        visit(child);
        path.pop();
        continue;
      }
      const home = homes.get(child);
      if (home) {
        container[key] = { $ref: home };
        continue;
      }
      let cut = false;
      for (let index = path.length - 1; index > start && !cut; index--) {
        const entry = path[index]!;
        const entryHome = homes.get(entry.node);
        if (entryHome && entry.container && entry.key !== undefined) {
          entry.container[entry.key] = { $ref: entryHome };
          cut = true;
        }
      }
      if (!cut) container[key] = {};
    }
    onPath.delete(node);
    done.add(node);
  };
  path.push({ node: root });
  visit(root);
}

export function unresolvedPlaceholder(ref: string): JsonObject {
  return { description: `Unresolved external reference: ${ref}`, 'x-unresolved-ref': ref };
}

export function replaceExternalRefs(refs: ExternalRef[]) {
  for (const { holder, ref } of refs) {
    for (const key of Object.keys(holder)) delete holder[key];
    Object.assign(holder, unresolvedPlaceholder(ref));
  }
}

export function externalRefWarning(ref: { pointer: string; ref: string }): Problem {
  return {
    severity: 'warning',
    pointer: ref.pointer,
    message: `The external reference "${ref.ref}" was left unresolved: references to other files or URLs are never followed. Bundle it into the document (for example with "redocly bundle") to import what it describes.`,
  };
}

/**
 * Node count of a dereferenced document as a tree, which is what validating it walks: shared
 * objects count once per place they appear. Linear time, by remembering each object's size.
 * A few KB of `$ref` fan-out make this astronomical.
 */
export function expandedSize(dereferenced: unknown): number {
  const sizes = new WeakMap<object, number>();
  const visit = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // a JS cycle (never produced with circular: 'ignore') counts once
    let size = 1;
    if (Array.isArray(node)) for (const item of node) size += visit(item);
    else for (const key in node as JsonObject) size += visit((node as JsonObject)[key]);
    sizes.set(node, size);
    return size;
  };
  return visit(dereferenced);
}
