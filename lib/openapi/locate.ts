// Finds the source line of JSON pointers, only for the problems being reported. JSON is scanned
// once for all pointers; YAML is read by indentation (block style, the way OpenAPI documents are
// written), which costs a fraction of a full YAML parse with positions. A pointer that passes
// through a `$ref` or an inline flow collection gets the line of its deepest located ancestor.
import type { SourceFormat } from './types';

export function locatePointers(text: string, format: SourceFormat, pointers: string[]): Map<string, number> {
  const lines = new Map<string, number>();
  if (pointers.length === 0) return lines;
  try {
    if (format === 'json') return locateInJson(text, pointers);
    const yaml = new YamlLocator(text);
    for (const pointer of pointers) {
      const line = yaml.locate(pointer);
      if (line !== undefined) lines.set(pointer, line);
    }
  } catch {
    // Locating is a courtesy: a pathological nesting depth must not fail the import.
  }
  return lines;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function prefixesOf(pointer: string): string[] {
  const segments = pointer.split('/');
  const prefixes: string[] = [];
  for (let index = 1; index <= segments.length; index++) prefixes.push(segments.slice(0, index).join('/'));
  return prefixes;
}

function locateInJson(text: string, pointers: string[]): Map<string, number> {
  const wanted = new Set<string>();
  for (const pointer of pointers) for (const prefix of prefixesOf(pointer)) wanted.add(prefix);
  const offsets = new Map<string, number>();
  let index = 0;

  const skipSpace = () => {
    for (;;) {
      const code = text.charCodeAt(index);
      if (code === 32 || code === 10 || code === 13 || code === 9) index++;
      else return;
    }
  };
  const readString = (): string => {
    const start = index;
    index++;
    let escaped = false;
    for (;;) {
      const code = text.charCodeAt(index++);
      if (Number.isNaN(code)) throw new Error('unterminated string');
      if (code === 92) {
        escaped = true;
        index++;
      } else if (code === 34) break;
    }
    const raw = text.slice(start + 1, index - 1);
    return escaped ? (JSON.parse(text.slice(start, index)) as string) : raw;
  };
  // Skips one value without tracking pointers: only strings and bracket depth matter.
  const skipValue = () => {
    const first = text.charCodeAt(index);
    if (first === 34) return void readString();
    if (first === 123 || first === 91) {
      let depth = 0;
      while (index < text.length) {
        const code = text.charCodeAt(index);
        if (code === 34) {
          readString();
          continue;
        }
        index++;
        if (code === 123 || code === 91) depth++;
        else if ((code === 125 || code === 93) && --depth === 0) return;
      }
      return;
    }
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === 44 || code === 125 || code === 93 || code === 32 || code === 10 || code === 13 || code === 9) return;
      index++;
    }
  };
  const visit = (pointer: string) => {
    skipSpace();
    offsets.set(pointer, index);
    const code = text.charCodeAt(index);
    if (code === 123) {
      index++;
      skipSpace();
      if (text.charCodeAt(index) === 125) return void index++;
      for (;;) {
        skipSpace();
        const key = readString();
        skipSpace();
        index++; // ':'
        const child = pointer + '/' + key.replace(/~/g, '~0').replace(/\//g, '~1');
        if (wanted.has(child)) visit(child);
        else {
          skipSpace();
          skipValue();
        }
        skipSpace();
        if (text.charCodeAt(index++) !== 44) return;
      }
    } else if (code === 91) {
      index++;
      skipSpace();
      if (text.charCodeAt(index) === 93) return void index++;
      for (let item = 0; ; item++) {
        const child = pointer + '/' + item;
        if (wanted.has(child)) visit(child);
        else {
          skipSpace();
          skipValue();
        }
        skipSpace();
        if (text.charCodeAt(index++) !== 44) return;
      }
    } else skipValue();
  };
  visit('');

  const sorted = [...offsets.entries()].sort((a, b) => a[1] - b[1]);
  const lineOf = new Map<string, number>();
  let line = 1;
  let cursor = 0;
  for (const [pointer, offset] of sorted) {
    for (let newline = text.indexOf('\n', cursor); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) {
      line++;
      cursor = newline + 1;
    }
    lineOf.set(pointer, line);
  }
  const result = new Map<string, number>();
  for (const pointer of pointers) {
    const deepest = prefixesOf(pointer)
      .reverse()
      .find((prefix) => lineOf.has(prefix));
    if (deepest !== undefined) result.set(pointer, lineOf.get(deepest)!);
  }
  return result;
}

interface YamlBlock {
  /** Line index where the located node's key or item marker sits. */
  line: number;
  /** Child lines [from, to) and the column their entries start at, when the value is a block. */
  from: number;
  to: number;
  column: number;
  /** Column override for the first line when an item's content starts after its "- ". */
  firstColumn?: number;
}

class YamlLocator {
  private readonly lines: string[];
  private readonly indents: Int32Array;
  private readonly cache = new Map<string, YamlBlock | null>();

  constructor(text: string) {
    this.lines = text.split('\n');
    this.indents = new Int32Array(this.lines.length);
    this.lines.forEach((line, index) => {
      const indent = line.search(/\S/);
      const blank = indent === -1 || line[indent] === '#' || (indent === 0 && /^(---|\.\.\.)\s*$/.test(line));
      this.indents[index] = blank ? -1 : indent;
    });
  }

  locate(pointer: string): number | undefined {
    const segments = parsePointer(pointer);
    let block = this.root();
    let line: number | undefined;
    let prefix = '';
    for (const segment of segments) {
      prefix += '/' + segment.replace(/~/g, '~0').replace(/\//g, '~1');
      let child = this.cache.get(prefix);
      if (child === undefined) {
        child = block ? this.child(block, segment) : null;
        this.cache.set(prefix, child);
      }
      if (!child) break;
      line = child.line + 1;
      block = child;
    }
    return line ?? (segments.length === 0 ? 1 : undefined);
  }

  private root(): YamlBlock | null {
    const first = this.indents.findIndex((indent) => indent >= 0);
    if (first === -1) return null;
    return { line: 0, from: first, to: this.lines.length, column: this.indents[first]! };
  }

  private indentAt(block: YamlBlock, index: number): number {
    return index === block.from && block.firstColumn !== undefined ? block.firstColumn : this.indents[index]!;
  }

  private child(block: YamlBlock, segment: string): YamlBlock | null {
    if (block.from >= block.to) return null;
    const firstText = this.lines[block.from]!.slice(this.indentAt(block, block.from));
    return firstText.startsWith('- ') || firstText.trimEnd() === '-' ? this.item(block, Number(segment)) : this.entry(block, segment);
  }

  private entry(block: YamlBlock, key: string): YamlBlock | null {
    for (let index = block.from; index < block.to; index++) {
      if (this.indentAt(block, index) !== block.column) continue;
      const content = this.lines[index]!.slice(block.column);
      const parsed = readKey(content);
      if (!parsed || parsed.key !== key) continue;
      const rest = content
        .slice(parsed.end)
        .replace(/^\s*&\S+/, '')
        .trim();
      if (rest !== '' && !rest.startsWith('#')) return { line: index, from: index, to: index, column: block.column };
      const to = this.blockEnd(index + 1, block.to, block.column, true);
      const from = this.nextContent(index + 1, to);
      return { line: index, from, to, column: from < to ? this.indents[from]! : block.column };
    }
    return null;
  }

  private item(block: YamlBlock, wantedIndex: number): YamlBlock | null {
    if (!Number.isInteger(wantedIndex)) return null;
    let count = -1;
    for (let index = block.from; index < block.to; index++) {
      if (this.indentAt(block, index) !== block.column) continue;
      const content = this.lines[index]!.slice(block.column);
      if (!(content.startsWith('- ') || content.trimEnd() === '-')) continue;
      if (++count !== wantedIndex) continue;
      const to = this.blockEnd(index + 1, block.to, block.column, false);
      const inline = content.slice(1).search(/\S/);
      if (inline === -1 || content[inline + 1] === '#') {
        const from = this.nextContent(index + 1, to);
        return { line: index, from, to, column: from < to ? this.indents[from]! : block.column };
      }
      const column = block.column + 1 + inline;
      return { line: index, from: index, to, column, firstColumn: column };
    }
    return null;
  }

  /** First line at or after `from` that leaves a block whose entries start at `column`. */
  private blockEnd(from: number, limit: number, column: number, allowSequenceAtColumn: boolean): number {
    for (let index = from; index < limit; index++) {
      const indent = this.indents[index]!;
      if (indent < 0 || indent > column) continue;
      if (indent === column && allowSequenceAtColumn && /^-(\s|$)/.test(this.lines[index]!.slice(indent))) continue;
      return index;
    }
    return limit;
  }

  private nextContent(from: number, limit: number): number {
    let index = from;
    while (index < limit && this.indents[index]! < 0) index++;
    return index;
  }
}

function readKey(content: string): { key: string; end: number } | null {
  const quote = content[0];
  if (quote === '"' || quote === "'") {
    let index = 1;
    while (index < content.length) {
      if (quote === '"' && content[index] === '\\') index += 2;
      else if (content[index] === quote) {
        if (quote === "'" && content[index + 1] === "'") index += 2;
        else break;
      } else index++;
    }
    const raw = content.slice(0, index + 1);
    const after = content.slice(index + 1).match(/^\s*:(\s|$)/);
    if (!after) return null;
    let key: string;
    try {
      key = quote === '"' ? (JSON.parse(raw) as string) : raw.slice(1, -1).replace(/''/g, "'");
    } catch {
      key = raw.slice(1, -1);
    }
    return { key, end: index + 1 + after[0].length };
  }
  const colon = content.search(/:(\s|$)/);
  if (colon <= 0 || content.startsWith('- ') || content.startsWith('? ')) return null;
  return { key: content.slice(0, colon).trimEnd(), end: colon + 1 };
}
