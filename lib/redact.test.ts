import { describe, expect, it } from 'vitest';
import { redact, REDACTED } from './redact';

describe('redact', () => {
  it('hides values under secret-looking keys at any depth and keeps the rest', () => {
    const input = { name: 'GitHub', apiKey: 'sk-123', nested: { password: 'hunter2', client_secret: 'x', headers: [{ Authorization: 'Bearer t' }] }, count: 3, empty: '' };
    expect(redact(input)).toEqual({ name: 'GitHub', apiKey: REDACTED, nested: { password: REDACTED, client_secret: REDACTED, headers: [{ Authorization: REDACTED }] }, count: 3, empty: '' });
    expect(input.apiKey).toBe('sk-123');
  });
});
