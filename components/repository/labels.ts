import type { SyncOutcome } from '@/db/schema';

export { versionLabel } from '@/lib/catalog/version';

const authLabels: Record<string, string> = {
  apiKey: 'API key',
  'http:basic': 'HTTP basic',
  'http:bearer': 'HTTP bearer',
  'http:digest': 'HTTP digest',
  http: 'HTTP',
  oauth2: 'OAuth 2.0',
  openIdConnect: 'OpenID Connect',
  mutualTLS: 'Mutual TLS',
  none: 'None',
};

const httpSchemeWords: Record<string, string> = { oauth: 'OAuth', ntlm: 'NTLM', hoba: 'HOBA', aws4: 'AWS Signature 4' };

/** A security scheme type as people read it: "OAuth 2.0", "API key", "HTTP bearer"; an unusual HTTP scheme names its scheme ("HTTP OAuth scheme"). */
export function authLabel(type: string): string {
  const known = authLabels[type];
  if (known) return known;
  if (type.startsWith('http:')) {
    const scheme = type.slice('http:'.length);
    return `HTTP ${httpSchemeWords[scheme] ?? scheme} scheme`;
  }
  return type;
}

export const outcomeLabels: Record<SyncOutcome['outcome'], { label: string; tone: 'slate' | 'green' | 'amber' | 'red' | 'indigo' }> = {
  pending: { label: 'waiting', tone: 'slate' },
  created: { label: 'synced', tone: 'green' },
  updated: { label: 'updated', tone: 'green' },
  unchanged: { label: 'up to date', tone: 'slate' },
  held: { label: 'update held', tone: 'amber' },
  failed: { label: 'failed', tone: 'red' },
};
