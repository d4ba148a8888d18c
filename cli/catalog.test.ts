import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCatalogBuild } from './catalog';

const document = { openapi: '3.0.3', info: { title: 'Tiny', version: '1.0.0' }, paths: { '/ping': { get: { responses: { '200': { description: 'pong' } } } } } };

describe('catalog:build', () => {
  it('prints a line per provider and a summary, and fails only when nothing could be built', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-cli-'));
    fs.writeFileSync(path.join(dir, 'tiny.json'), JSON.stringify(document));
    const entry = (id: string, file: string) => ({ id, name: id, description: `${id}.`, categories: ['ai'], source: { type: 'file', path: file } });
    const write = (providers: unknown[]) => fs.writeFileSync(path.join(dir, 'sources.json'), JSON.stringify({ name: 'CLI test', providers }));

    write([entry('tiny', 'tiny.json'), entry('gone', 'missing.json')]);
    const lines: string[] = [];
    const built = await runCatalogBuild({ sources: path.join(dir, 'sources.json'), out: path.join(dir, 'dist'), log: (line) => lines.push(line) });
    expect(built.code).toBe(0);
    expect(lines.some((line) => /\[1\/2\] tiny: published 1\.0\.0, 1 operation\. First version\./.test(line))).toBe(true);
    expect(lines.some((line) => line.startsWith('[2/2] gone: FAILED'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^1 published, 0 unchanged, 1 failed\. 1 provider, 1 operation,/);

    write([entry('gone', 'missing.json')]);
    const empty = await runCatalogBuild({ sources: path.join(dir, 'sources.json'), out: path.join(dir, 'empty'), log: () => {} });
    expect(empty.code).toBe(1);

    write([{ ...entry('Bad Id', 'tiny.json') }]);
    await expect(runCatalogBuild({ sources: path.join(dir, 'sources.json'), out: path.join(dir, 'bad'), log: () => {} })).rejects.toThrow(/providers\.0\.id/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
