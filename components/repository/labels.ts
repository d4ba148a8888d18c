import type { SyncOutcome } from '@/db/schema';

const authLabels: Record<string, string> = {
  apiKey: 'API key',
  'http:basic': 'Basic',
  'http:bearer': 'Bearer',
  http: 'HTTP',
  oauth2: 'OAuth 2',
  openIdConnect: 'OpenID Connect',
  none: 'None',
};

export const authLabel = (type: string) => authLabels[type] ?? type;

export const outcomeLabels: Record<SyncOutcome['outcome'], { label: string; tone: 'slate' | 'green' | 'amber' | 'red' | 'indigo' }> = {
  pending: { label: 'waiting', tone: 'slate' },
  created: { label: 'synced', tone: 'green' },
  updated: { label: 'updated', tone: 'green' },
  unchanged: { label: 'up to date', tone: 'slate' },
  held: { label: 'update held', tone: 'amber' },
  failed: { label: 'failed', tone: 'red' },
};
