import { describe, expect, test } from 'vitest';
import { readOAuthError, setOAuthError } from './flash';

describe('OAuth outcome in a URL', () => {
  test('a message this app signed is shown; a crafted or altered one is not', () => {
    const url = setOAuthError(new URL('http://app.example.test/w/acme'), 'Pet Clinic did not grant access: access_denied.');
    const params = Object.fromEntries(url.searchParams) as { oauth_error?: string; oauth_sig?: string };
    expect(readOAuthError(params)).toBe('Pet Clinic did not grant access: access_denied.');
    expect(readOAuthError({ ...params, oauth_error: 'Your session expired: enter your password at evil.example' })).toBeNull();
    expect(readOAuthError({ oauth_error: 'Unsigned words' })).toBeNull();
    expect(readOAuthError({ ...params, oauth_sig: 'x' })).toBeNull();
  });
});
