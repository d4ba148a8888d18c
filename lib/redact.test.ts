import { describe, expect, it } from 'vitest';
import { isSecretKey, redact, REDACTED } from './redact';

describe('redact', () => {
  it('hides values under secret-looking keys at any depth and keeps the rest', () => {
    const input = { name: 'GitHub', apiKey: 'sk-123', nested: { password: 'hunter2', client_secret: 'x', headers: [{ Authorization: 'Bearer t' }] }, count: 3, empty: '' };
    expect(redact(input)).toEqual({
      name: 'GitHub',
      apiKey: REDACTED,
      nested: { password: REDACTED, client_secret: REDACTED, headers: [{ Authorization: REDACTED }] },
      count: 3,
      empty: '',
    });
    expect(input.apiKey).toBe('sk-123');
  });
});

describe('isSecretKey', () => {
  const secrets = [
    'password',
    'newPassword',
    'passwd',
    'pass',
    'secret',
    'client_secret',
    'clientSecret',
    'webhookSecret',
    'token',
    'accessToken',
    'access_token',
    'refresh_token',
    'id_token',
    'X-Auth-Token',
    'private-token',
    'api_key',
    'apiKey',
    'API_KEY',
    'x-api-key',
    'apikey',
    'x-goog-api-key',
    'privateKey',
    'private_key',
    'secretKey',
    'authorization',
    'Proxy-Authorization',
    'cookie',
    'Set-Cookie',
    'credentials',
    'credential',
    'accesstoken',
    'tokenValue',
    'passwordHash',
  ];
  const harmless = [
    'credentialMode',
    'credentialsOrigin',
    'authType',
    'tokenType',
    'token_type',
    'tokenUrl',
    'refreshTokenUrl',
    'apiTokenId',
    'tokenPrefix',
    'environment',
    'maxTokens',
    'inputTokens',
    'passthrough',
    'keyName',
    'key',
    'sortKey',
    'apiKeyName',
    'apiKeyIn',
    'cookieName',
    'secretConfigured',
    'tokenExpiresAt',
    'name',
    'status',
  ];

  it.each(secrets)('%s holds a secret', (key) => expect(isSecretKey(key)).toBe(true));
  it.each(harmless)('%s does not', (key) => expect(isSecretKey(key)).toBe(false));

  it('an audit entry keeps the credential mode, auth type and environment and still hides the secrets', () => {
    const entry = {
      credentialMode: 'per_user',
      authType: 'api_key',
      environment: 'production',
      tokenType: 'bearer',
      secrets: { api_key: 'sk-live-1' },
      oauth2: { clientId: 'c', clientSecret: 's' },
    };
    expect(redact(entry)).toEqual({
      credentialMode: 'per_user',
      authType: 'api_key',
      environment: 'production',
      tokenType: 'bearer',
      secrets: { api_key: REDACTED },
      oauth2: { clientId: 'c', clientSecret: REDACTED },
    });
  });
});
