// Tool names: at most 64 characters of [A-Za-z0-9_-], unique within a document, and stable across
// versions. A name depends only on its own operation (operationId, else method and path); when
// names collide, they are told apart by a short hash of method and path, never by position.
import { sha256 } from './hash';

export const maxToolNameLength = 64;

export interface NamedOperation {
  method: string;
  path: string;
  operationId?: string;
}

interface Candidate {
  name: string;
  /** The name is the operationId itself, unmodified: it keeps its name in a collision. */
  exact: boolean;
}

export function candidateToolName({ method, path, operationId }: NamedOperation): Candidate {
  const fromId = operationId ? sanitize(operationId) : '';
  const exact = fromId !== '' && fromId === operationId && fromId.length <= maxToolNameLength;
  const name = fromId || sanitize(`${method.toLowerCase()}_${path}`).replace(/_{2,}/g, '_') || method.toLowerCase();
  return { name: fitLength(name), exact };
}

/** Names for every operation, in the order given; the result does not depend on that order. */
export function assignToolNames(operations: NamedOperation[]): string[] {
  const candidates = operations.map(candidateToolName);
  const groups = new Map<string, number[]>();
  candidates.forEach((candidate, index) => {
    const group = groups.get(candidate.name);
    if (group) group.push(index);
    else groups.set(candidate.name, [index]);
  });

  const names = candidates.map((candidate) => candidate.name);
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const exact = members.filter((index) => candidates[index]!.exact);
    const keeper = exact.length === 1 ? exact[0] : undefined;
    for (const index of members) {
      if (index === keeper) continue;
      const operation = operations[index]!;
      names[index] = withSuffix(candidates[index]!.name, operationKeyHash(operation, 6));
    }
  }

  // A suffixed name could, in theory, equal another operation's name: lengthen the hash until not.
  const taken = new Set<string>();
  const clashes: number[] = [];
  names.forEach((name, index) => (taken.has(name) ? clashes.push(index) : taken.add(name)));
  for (const index of clashes) {
    for (let length = 8; ; length += 2) {
      const name = withSuffix(candidates[index]!.name, operationKeyHash(operations[index]!, length));
      if (!taken.has(name) || length >= 64) {
        names[index] = name;
        taken.add(name);
        break;
      }
    }
  }
  return names;
}

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
}

function fitLength(name: string): string {
  if (name.length <= maxToolNameLength) return name;
  return withSuffix(name, sha256(name).slice(0, 8));
}

function withSuffix(name: string, suffix: string): string {
  return `${name.slice(0, maxToolNameLength - suffix.length - 1)}_${suffix}`;
}

function operationKeyHash({ method, path }: NamedOperation, length: number): string {
  return sha256(`${method.toUpperCase()} ${path}`).slice(0, length);
}
