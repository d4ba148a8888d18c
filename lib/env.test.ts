import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('parseEnv', () => {
  it('treats empty strings as unset and parses booleans strictly', () => {
    const env = parseEnv({ DATABASE_URL: '', ALLOW_PRIVATE_NETWORK: 'true', NODE_ENV: 'test' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ALLOW_PRIVATE_NETWORK).toBe(true);
    expect(parseEnv({ NODE_ENV: 'test' }).ALLOW_PRIVATE_NETWORK).toBe(false);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x', NODE_ENV: 'test' })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ ALLOW_PRIVATE_NETWORK: 'yes', NODE_ENV: 'test' })).toThrow(/ALLOW_PRIVATE_NETWORK/);
  });

  it('refuses a CRON_SECRET shorter than 32 characters and says how to make one', () => {
    expect(() => parseEnv({ CRON_SECRET: 'x', NODE_ENV: 'test' })).toThrow(/CRON_SECRET must be at least 32 characters.*openssl rand -hex 32/);
    expect(() => parseEnv({ CRON_SECRET: 'a'.repeat(31), NODE_ENV: 'test' })).toThrow(/CRON_SECRET/);
    expect(parseEnv({ CRON_SECRET: 'a'.repeat(32), NODE_ENV: 'test' }).CRON_SECRET).toBe('a'.repeat(32));
    expect(parseEnv({ CRON_SECRET: '', NODE_ENV: 'test' }).CRON_SECRET).toBeUndefined();
  });

  it('trusts no proxy unless TRUST_PROXY names one', () => {
    expect(parseEnv({ NODE_ENV: 'test' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'false', NODE_ENV: 'test' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'true', NODE_ENV: 'test' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: '2', NODE_ENV: 'test' }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: 'Vercel', NODE_ENV: 'test' }).TRUST_PROXY).toBe('vercel');
    expect(() => parseEnv({ TRUST_PROXY: 'yes', NODE_ENV: 'test' })).toThrow(/TRUST_PROXY: Use false/);
  });
});
