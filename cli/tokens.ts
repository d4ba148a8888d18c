// `tokens:create`: an operator makes a workspace API token from the command line (for scripts and
// checks), printed once. Its owner is "operator": no user created it (createdBy null), and its name
// says it came from the CLI.
import type { Database, Db } from '@/db/client';
import { apiScopes, type ApiScope } from '@/db/schema';
import { createApiToken, tokenInputSchema } from '@/lib/api-tokens/tokens';
import { systemActor } from '@/lib/audit/record';
import { findWorkspaceBySlug } from '@/lib/workspaces/workspaces';

export type CreatedToken = { token: string; id: string; prefix: string; scopes: ApiScope[]; name: string; workspace: string; expiresAt: string | null };

const isScope = (scope: string): scope is ApiScope => (apiScopes as readonly string[]).includes(scope);

/** The command's options checked before the database is opened: what is wrong, and what is valid. */
export function tokenOptions({ workspace, scopes, name, expiresInDays }: { workspace?: string; scopes?: string; name?: string; expiresInDays?: string }) {
  if (!workspace) throw new Error('--workspace <slug> is required: the workspace the token belongs to (its slug is in the console URL, /w/<slug>).');
  if (!scopes?.trim()) throw new Error(`--scopes is required: a comma-separated list of ${apiScopes.join(', ')}.`);
  const wanted = [
    ...new Set(
      scopes
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = wanted.filter((s) => !isScope(s));
  if (unknown.length) throw new Error(`unknown scope${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `"${s}"`).join(', ')}. Valid scopes: ${apiScopes.join(', ')}.`);
  const parsed = tokenInputSchema.safeParse({ name: `${name?.trim() || 'operator token'} (cli)`, scopes: wanted, expiresInDays: expiresInDays ?? '' });
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${i.path[0] === 'expiresInDays' ? '--expires-in-days' : `--${String(i.path[0] ?? 'input')}`}: ${i.message}`).join('; '));
  return { workspace, input: parsed.data };
}

export async function createOperatorToken({ db, ...options }: { db: Db; workspace?: string; scopes?: string; name?: string; expiresInDays?: string }): Promise<CreatedToken> {
  const { workspace: slug, input } = tokenOptions(options);
  const workspace = await findWorkspaceBySlug({ db, slug });
  if (!workspace) throw new Error(`there is no workspace "${slug}". Use the slug from the console URL (/w/<slug>).`);
  const created = await createApiToken({ db, workspaceId: workspace.id, actor: systemActor('cli'), input });
  return {
    token: created.token,
    id: created.id,
    prefix: created.token.slice(0, 10),
    scopes: input.scopes,
    name: input.name,
    workspace: workspace.slug,
    expiresAt: created.expiresAt?.toISOString() ?? null,
  };
}

/** Runs the command: one JSON line on stdout (the token is shown this once), 0; an error throws (exit 1). */
export async function runTokensCreate({ values, open }: { values: Record<string, unknown>; open: () => Promise<Pick<Database, 'db' | 'close'>> }): Promise<number> {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const options = { workspace: text('workspace'), scopes: text('scopes'), name: text('name'), expiresInDays: text('expires-in-days') };
  tokenOptions(options);
  const database = await open();
  try {
    console.log(JSON.stringify(await createOperatorToken({ db: database.db, ...options })));
    return 0;
  } finally {
    await database.close();
  }
}
