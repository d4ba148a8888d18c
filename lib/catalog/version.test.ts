import { describe, expect, it } from 'vitest';
import { authLabel } from '@/components/repository/labels';
import { documentVersion, versionLabel } from './version';

describe('document versions', () => {
  it('turns a YAML timestamp that was printed as a JavaScript Date back into the timestamp', () => {
    expect(documentVersion('Wed Oct 15 2025 13:53:19 GMT+0000 (Coordinated Universal Time)')).toBe('2025-10-15T13:53:19Z');
    expect(documentVersion('Mon Jan 01 2024 00:00:00 GMT+0000 (Coordinated Universal Time)')).toBe('2024-01-01');
    expect(documentVersion(new Date('2025-10-15T00:00:00Z'))).toBe('2025-10-15');
    expect(documentVersion(' 1.2.0 ')).toBe('1.2.0');
    expect(documentVersion('Wed Oct 15 2025 release')).toBe('Wed Oct 15 2025 release');
  });

  it('shows a version as the document gives it, never with a doubled "v"', () => {
    expect(versionLabel('v1')).toBe('v1');
    expect(versionLabel('v3')).toBe('v3');
    expect(versionLabel('1.2.0')).toBe('1.2.0');
    expect(versionLabel('2025-10-15')).toBe('2025-10-15');
    expect(versionLabel('2023-10-16.acacia')).toBe('2023-10-16.acacia');
    expect(versionLabel('Wed Oct 15 2025 13:53:19 GMT+0000 (Coordinated Universal Time)')).toBe('2025-10-15T13:53:19Z');
    expect(versionLabel(null)).toBe('');
    for (const v of ['v1', 'v3', '1.0.0']) expect(versionLabel(v)).not.toMatch(/^vv/);
  });

  it('names security schemes as people read them', () => {
    expect(authLabel('oauth2')).toBe('OAuth 2.0');
    expect(authLabel('apiKey')).toBe('API key');
    expect(authLabel('http:bearer')).toBe('HTTP bearer');
    expect(authLabel('http:basic')).toBe('HTTP basic');
    expect(authLabel('http:oauth')).toBe('HTTP OAuth scheme');
    expect(authLabel('openIdConnect')).toBe('OpenID Connect');
    for (const type of ['oauth2', 'apiKey', 'http:bearer', 'http:basic', 'http:oauth', 'http:negotiate']) expect(authLabel(type)).not.toMatch(/[:]|^[a-z]+[A-Z]/);
  });
});

describe('the catalogue builder', () => {
  it('publishes a version printed as a JavaScript Date (as the public directory ships Stripe) as its timestamp, in the index and the document', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { gunzipSync } = await import('node:zlib');
    const { buildCatalog } = await import('./build');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-version-'));
    try {
      const document = { openapi: '3.0.3', info: { title: 'Dated', version: 'Wed Oct 15 2025 13:53:19 GMT+0000 (Coordinated Universal Time)' }, paths: { '/ping': { get: { responses: { '200': { description: 'pong' } } } } } };
      fs.writeFileSync(path.join(dir, 'dated.json'), JSON.stringify(document));
      const outDir = path.join(dir, 'dist');
      await buildCatalog({ sources: { name: 'Dated', providers: [{ id: 'dated', name: 'Dated', description: '', categories: ['payments'], source: { type: 'file', path: 'dated.json' } }] }, sourcesDir: dir, outDir });
      const index = JSON.parse(fs.readFileSync(path.join(outDir, 'index.json'), 'utf8'));
      const version = index.providers[0].versions[0];
      expect(version.version).toBe('2025-10-15T13:53:19Z');
      const published = JSON.parse(gunzipSync(fs.readFileSync(path.join(outDir, 'documents', `${version.sha256}.json.gz`))).toString('utf8'));
      expect(published.info.version).toBe('2025-10-15T13:53:19Z');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
