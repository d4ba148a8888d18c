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
});
