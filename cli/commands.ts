import type { ParseArgsConfig } from 'node:util';
import path from 'node:path';
import readline from 'node:readline';
import { openDatabase, type Database } from '@/db/client';
import { dataDir, env } from '@/lib/env';
import { ImportWorker } from '@/lib/openapi';
import { runKeysRotate } from './keys';
import { runTokensCreate } from './tokens';
import { createAdmin } from './users';
import { importSources, workspaceForImport } from './providers';
import { defaultConcurrency, defaultOutDir, defaultSourcesFile, runCatalogBuild } from './catalog';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export type Command = {
  summary: string;
  options?: ParseArgsConfig['options'];
  run: (args: { values: Values; positionals: string[] }) => Promise<number | void>;
};

/** The database the app uses: DATABASE_URL, or the embedded one (which must not be open in a running server). */
export async function openAppDatabase(): Promise<Database> {
  return openDatabase({ url: env.DATABASE_URL, dataDir: path.join(dataDir, 'pglite') });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const lines = readline.createInterface({ input: process.stdin });
    for await (const line of lines) return line;
    throw new Error('no password on standard input');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  const question = 'Password (at least 10 characters): ';
  muted._writeToOutput = (s: string) => muted.output.write(s.startsWith(question) ? question : '');
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

export const commands: Record<string, Command> = {
  'providers:import': {
    summary: 'Import OpenAPI documents (files or http(s) URLs) as providers. <file-or-url>... [--workspace <slug>]; one JSON line each.',
    options: { workspace: { type: 'string' } },
    run: async ({ values, positionals }) => {
      if (positionals.length === 0) throw new Error('name at least one file or URL to import');
      const database = await openAppDatabase();
      const worker = new ImportWorker().start();
      try {
        const workspace = await workspaceForImport({ db: database.db, slug: typeof values.workspace === 'string' ? values.workspace : undefined });
        const lines = await importSources({ db: database.db, workspaceId: workspace.id, sources: positionals, worker });
        for (const line of lines) console.log(JSON.stringify(line));
        return lines.some((line) => 'error' in line) ? 1 : 0;
      } finally {
        await worker.close();
        await database.close();
      }
    },
  },
  'catalog:build': {
    summary: `Build the central-repository catalogue from its curated sources. [--sources ${defaultSourcesFile}] [--out ${defaultOutDir}] [--concurrency ${defaultConcurrency}]`,
    options: { sources: { type: 'string' }, out: { type: 'string' }, concurrency: { type: 'string' } },
    run: async ({ values }) => {
      const concurrency = typeof values.concurrency === 'string' ? Number(values.concurrency) : undefined;
      if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) throw new Error('--concurrency takes a whole number of at least 1');
      const { code } = await runCatalogBuild({
        sources: typeof values.sources === 'string' ? values.sources : undefined,
        out: typeof values.out === 'string' ? values.out : undefined,
        concurrency,
      });
      return code;
    },
  },
  'db:migrate': {
    summary: 'Apply pending database migrations (the app also does this when it starts).',
    run: async () => {
      const database = await openAppDatabase();
      await database.close();
      console.log(`migrations applied (${database.kind})`);
    },
  },
  'users:create-admin': {
    summary: 'Create a user (or take an existing one) and make them admin of a workspace. --email --name [--workspace <name or slug>] [--password-stdin]',
    options: { email: { type: 'string' }, name: { type: 'string' }, workspace: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    run: async ({ values }) => {
      if (typeof values.email !== 'string') throw new Error('--email is required');
      const database = await openAppDatabase();
      try {
        const password = await readPassword(values['password-stdin'] === true);
        const result = await createAdmin({
          db: database.db,
          email: values.email,
          name: typeof values.name === 'string' ? values.name : undefined,
          password,
          workspace: typeof values.workspace === 'string' ? values.workspace : undefined,
        });
        console.log(`${result.user.email} is ${result.createdUser ? 'created and ' : ''}admin of "${result.workspace.name}" (/w/${result.workspace.slug})`);
      } finally {
        await database.close();
      }
    },
  },
  'tokens:create': {
    summary: 'Create a workspace API token, printed once as one JSON line {token, id, prefix, scopes, …}. --workspace <slug> --scopes <a,b> [--name <name>] [--expires-in-days N]',
    options: { workspace: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' }, 'expires-in-days': { type: 'string' } },
    run: ({ values }) => runTokensCreate({ values, open: openAppDatabase }),
  },
  'keys:rotate': {
    summary: 'Re-encrypt every stored credential under the current (new) credentials key. [--new-key <base64>]; one JSON line.',
    options: { 'new-key': { type: 'string' } },
    run: ({ values }) => runKeysRotate({ newKey: typeof values['new-key'] === 'string' ? values['new-key'] : undefined, open: openAppDatabase }),
  },
};
