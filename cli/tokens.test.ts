import { afterEach, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { apiTokens, auditLog } from '@/db/schema';
import { authenticateApiToken } from '@/lib/api-tokens/tokens';
import { makeWorkspace } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { createOperatorToken, runTokensCreate } from './tokens';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('tokens:create', () => {
  test('prints one JSON line with the token, which works with exactly its scopes; the owner is the operator', async ({ db }) => {
    const workspace = await makeWorkspace(db);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    let closed = false;
    const code = await runTokensCreate({
      values: { workspace: workspace.slug, scopes: 'tools:read, tools:invoke', name: 'smoke check', 'expires-in-days': '7' },
      open: async () => ({ db, close: async () => void (closed = true) }),
    });
    expect(code).toBe(0);
    expect(closed).toBe(true);
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]!);
    expect(printed).toMatchObject({ token: expect.stringMatching(/^pis_/), scopes: ['tools:read', 'tools:invoke'], name: 'smoke check (cli)', workspace: workspace.slug });
    expect(printed.prefix).toBe(printed.token.slice(0, 10));
    expect(new Date(printed.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const caller = await authenticateApiToken({ db, authorization: `Bearer ${printed.token}`, scope: 'tools:invoke' });
    expect(caller).toMatchObject({ workspaceId: workspace.id, tokenId: printed.id, createdBy: null });
    await expect(authenticateApiToken({ db, authorization: `Bearer ${printed.token}`, scope: 'tools:invoke:on-behalf' })).rejects.toMatchObject({ code: 'forbidden' });
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, printed.id));
    expect(row!.tokenHash).not.toContain(printed.token);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, 'api_token.created')));
    expect(audit).toMatchObject({ actorId: null, actorLabel: 'cli' });
    expect(JSON.stringify(audit)).not.toContain(printed.token);
  });

  test('refuses bad input with what is wrong and what is valid, before opening the database', async ({ db }) => {
    const workspace = await makeWorkspace(db);
    const open = vi.fn(async () => ({ db, close: async () => {} }));
    await expect(runTokensCreate({ values: { workspace: workspace.slug, scopes: 'tools:read,tools:write' }, open })).rejects.toThrow(
      'unknown scope "tools:write". Valid scopes: tools:read, tools:invoke, tools:invoke:on-behalf, connectors:resolve, models:read, platform:write.',
    );
    await expect(runTokensCreate({ values: { scopes: 'tools:read' }, open })).rejects.toThrow('--workspace <slug> is required');
    await expect(runTokensCreate({ values: { workspace: workspace.slug }, open })).rejects.toThrow(/--scopes is required: a comma-separated list of tools:read/);
    await expect(runTokensCreate({ values: { workspace: workspace.slug, scopes: 'tools:read', 'expires-in-days': '0' }, open })).rejects.toThrow(
      '--expires-in-days: At least 1 day.',
    );
    expect(open).not.toHaveBeenCalled();
    await expect(createOperatorToken({ db, workspace: 'no-such-workspace', scopes: 'tools:read' })).rejects.toThrow('there is no workspace "no-such-workspace"');
    expect(await db.select().from(apiTokens).where(eq(apiTokens.workspaceId, workspace.id))).toHaveLength(0);
  });
});
