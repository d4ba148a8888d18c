import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, vi } from 'vitest';
import { env } from '@/lib/env';
import { describe, expect, test } from '@/test/db';
import { buildAuthOptions } from './auth';

const saved = { ...env };
let lines: string[] = [];
beforeEach(() => {
  lines = [];
  Object.assign(env, { LOG_LEVEL: 'debug', NEXTAUTH_SECRET: 'test-session-secret', CREDENTIALS_KEY: 'test-credentials-key' });
  vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
});
afterEach(() => {
  Object.assign(env, saved);
  vi.restoreAllMocks();
});

describe("next-auth's error logger", () => {
  test('logs a failed query during sign-in by its code, without the email it was sent with', async ({ db }) => {
    const email = `canary-${randomUUID()}@example.test`;
    const error = await db
      .transaction((tx) => tx.execute(sql`select ${email}::uuid`))
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toContain(email);
    // next-auth passes either the error or { error, providerId, message }.
    buildAuthOptions().logger!.error!('CALLBACK_CREDENTIALS_HANDLER_ERROR' as never, { error: error!, providerId: 'credentials', message: error!.message } as never);
    buildAuthOptions().logger!.error!('SIGNIN_EMAIL_ERROR' as never, error! as never);
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(email);
    expect(lines.join('\n')).toContain('22P02');
  });
});
