import { applyCatalogEntries, catalogEntries, loadCatalog } from '@/lib/models/catalog';
import { createModel, listModels } from '@/lib/models/models';
import { modelInputSchema } from '@/lib/models/schema';
import { actorOf, makeTeam } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { appliedSummary, searchCatalogEntries, type AppliedModel } from './picks';

describe('model catalogue import: search, picks and the confirmation', () => {
  test('a search matches every word in provider, identifier or name, and says when it left some out', async () => {
    const { entries } = await loadCatalog();
    const gpt41 = searchCatalogEntries(entries, 'gpt-4.1').entries.map((e) => e.key);
    expect(gpt41).toEqual(expect.arrayContaining(['openai:gpt-4.1', 'openai:gpt-4.1-mini', 'openai:gpt-4.1-nano']));
    const both = searchCatalogEntries(entries, '  OpenAI   mini ').entries;
    expect(both.length).toBeGreaterThan(0);
    for (const e of both) expect(`${e.provider} ${e.identifier} ${e.displayName}`.toLowerCase()).toMatch(/openai[\s\S]*mini|mini[\s\S]*openai/);
    const all = searchCatalogEntries(entries, '', 5);
    expect(all.entries).toHaveLength(5);
    expect(all.more).toBe(true);
    expect(searchCatalogEntries(entries, 'no-such-model-anywhere-xyz')).toEqual({ entries: [], more: false });
  });

  test('the confirmation names what was added, changed and already the same', () => {
    const results: AppliedModel[] = [
      { key: 'openai:gpt-4.1', name: 'GPT-4.1', status: 'new' },
      { key: 'openai:gpt-4.1-mini', name: 'GPT-4.1 mini', status: 'new' },
      { key: 'openai:gpt-4o', name: 'GPT-4o', status: 'changed' },
      { key: 'openai:o3', name: 'o3', status: 'same' },
    ];
    expect(appliedSummary(results)).toBe('Added: GPT-4.1, GPT-4.1 mini; Changed: GPT-4o; Already up to date: o3.');
    expect(appliedSummary(results.slice(2, 3))).toBe('Changed: GPT-4o.');
    expect(appliedSummary([])).toBe('Nothing was picked.');
  });

  test('picks from two searches are applied together: three GPT-4.1 models and one found later', async ({ db }) => {
    const { workspace, admin } = await makeTeam(db);
    const ctx = { db, workspaceId: workspace.id, actor: actorOf(admin) };
    await createModel({
      ...ctx,
      input: modelInputSchema.parse({ provider: 'openai', identifier: 'gpt-4o', displayName: 'GPT-4o', contextWindow: 1000, prices: { input: '9', output: '10' } }),
    });
    const { entries } = await loadCatalog();
    const first = searchCatalogEntries(entries, 'gpt-4.1').entries.filter((e) => ['openai:gpt-4.1', 'openai:gpt-4.1-mini', 'openai:gpt-4.1-nano'].includes(e.key));
    const second = searchCatalogEntries(entries, 'gpt-4o').entries.filter((e) => e.key === 'openai:gpt-4o');
    const keys = [...first, ...second].map((e) => e.key);
    expect(keys).toHaveLength(4);

    const applied = await applyCatalogEntries({ ...ctx, keys });
    const names = new Map((await catalogEntries(keys)).map((e) => [e.key, e.displayName]));
    const summary = appliedSummary(applied.results.map((r) => ({ key: r.key, name: names.get(r.key)!, status: r.status })));
    expect(applied).toMatchObject({ created: 3, updated: 1, unchanged: 0 });
    expect(summary).toMatch(/^Added: GPT-4\.1[^;]*, [^;]+, [^;]+; Changed: GPT-4o\.$/);
    const identifiers = (await listModels({ db, workspaceId: workspace.id })).map((m) => m.identifier).sort();
    expect(identifiers).toEqual(['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o']);
  });
});
