import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted, so the same content gives the same text however it was written.
 * A replacer that hands JSON.stringify a key-sorted copy of each unsorted object is about twice as
 * fast as serialising by hand (150 vs 330 ms on GitHub's 13 MB document). Integer-like keys still
 * come first, in numeric order, as JavaScript enumerates them: deterministic all the same.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortKeys) ?? 'null';
}

function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  let sorted = true;
  for (let index = 1; index < keys.length; index++) {
    if (keys[index - 1]! > keys[index]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return value;
  keys.sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) copy[key] = (value as Record<string, unknown>)[key];
  return copy;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function contentHash(document: unknown): string {
  return sha256(canonicalJson(document));
}
