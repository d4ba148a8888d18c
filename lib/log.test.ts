import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, vi } from 'vitest';
import { users } from '@/db/schema';
import { env } from '@/lib/env';
import { makeUser } from '@/test/factories';
import { describe, expect, test } from '@/test/db';
import { log } from './log';

const savedLevel = env.LOG_LEVEL;
let lines: string[] = [];
beforeEach(() => {
  lines = [];
  env.LOG_LEVEL = 'debug';
  // Captures what would reach the terminal: log.ts writes each entry as one line to console.error.
  vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
});
afterEach(() => {
  env.LOG_LEVEL = savedLevel;
  vi.restoreAllMocks();
});

async function failure(run: () => Promise<unknown>): Promise<Error> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('log.error with a failed query', () => {
  test('carries the SQL, the PostgreSQL code and the constraint, never the email or password hash it was sent with', async ({ db }) => {
    const email = `canary-${randomUUID()}@example.test`;
    const hash = `$argon2id$v=19$m=19456,t=2,p=1$canary${randomUUID()}`;
    await makeUser(db, { email });
    const error = await failure(() => db.transaction((tx) => tx.insert(users).values({ email, name: 'Twin', passwordHash: hash })));
    expect(JSON.stringify({ message: error.message, cause: String(error.cause), detail: (error.cause as { detail?: string }).detail })).toContain(email); // the raw error does carry it

    log.error('sign-up failed', { requestId: 'r-1', error });
    const output = lines.join('\n');
    expect(output).not.toContain(email);
    expect(output).not.toContain('canary');
    const entry = JSON.parse(lines[0]!) as { error: { message: string; cause: { code: string; constraint?: string; constraint_name?: string } } };
    expect(entry.error.message).toMatch(/^Failed query: insert into "users"/);
    expect(entry.error.cause.code).toBe('23505');
    expect(entry.error.cause.constraint ?? entry.error.cause.constraint_name).toBe('users_email_unique');
  });

  test('masks a parameter value the database quotes in its own message', async ({ db }) => {
    const canary = `canary-${randomUUID()}`;
    const error = await failure(() => db.transaction((tx) => tx.execute(sql`select ${canary}::uuid`)));
    expect(String((error.cause as Error).message)).toContain(canary);

    log.error('lookup failed', { error });
    const output = lines.join('\n');
    expect(output).not.toContain(canary);
    const entry = JSON.parse(lines[0]!) as { error: { cause: { code: string; message: string } } };
    expect(entry.error.cause.code).toBe('22P02');
    expect(entry.error.cause.message).toBe('invalid input syntax for type uuid: "[parameter]"');
  });
});
