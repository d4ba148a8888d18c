// What a caller is told to do names the page as the console's sidebar names it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import type { Db } from '@/db';
import { assertMayActFor, authenticateApiToken } from './tokens';

const sidebarItems = [...readFileSync(path.join(process.cwd(), 'app/(console)/w/[workspace]/layout.tsx'), 'utf8').matchAll(/>([^<>{}]+)<\/NavLink>/g)].map((match) =>
  match[1]!.trim(),
);

const pagesNamedIn = (message: string) => [...message.matchAll(/"([^"]+)" page/g)].map((match) => match[1]!);

test('the 401 for a missing token and the 403 for acting without the on-behalf scope name the sidebar item "API tokens"', async () => {
  expect(sidebarItems).toContain('API tokens');
  const missing = await authenticateApiToken({ db: null as unknown as Db, authorization: null, scope: 'tools:read' }).catch((error: Error) => error);
  expect(missing).toMatchObject({ code: 'unauthenticated' });
  let forbidden: unknown;
  try {
    assertMayActFor({ scopes: ['tools:invoke'] }, 'user-1');
  } catch (error) {
    forbidden = error;
  }
  for (const message of [(missing as Error).message, (forbidden as Error).message]) {
    expect(message).not.toMatch(/Settings →/);
    expect(pagesNamedIn(message)).toEqual(['API tokens']);
    for (const page of pagesNamedIn(message)) expect(sidebarItems).toContain(page);
  }
});
