import { describe, expect, test } from 'vitest';
import { safeReturnTo } from './return-to';

const ORIGIN = 'http://app.example.test:3000';

describe('safeReturnTo', () => {
  const kept: [string, string][] = [
    ['/', '/'],
    ['/w/acme', '/w/acme'],
    ['/w/acme/providers?tab=ops&x=1#top', '/w/acme/providers?tab=ops&x=1#top'],
    [`${ORIGIN}/w/acme?x=1`, '/w/acme?x=1'],
    ['/w/acme/../acme/members', '/w/acme/members'],
    ['/w/a%2Fb', '/w/a%2Fb'],
    ['/%2F%2Fevil.test', '/%2F%2Fevil.test'],
    ['w/acme', '/w/acme'],
    ['?x=1', '/?x=1'],
    // Same scheme, no slashes: the browser reads a path on this origin.
    ['http:evil.test', '/evil.test'],
  ];
  test.each(kept)('keeps the page of this app %j → %j', (input, expected) => {
    expect(safeReturnTo(input, ORIGIN, '/fallback')).toBe(expected);
  });

  // Each of these, used as a Location or window.location, would take the browser to evil.test,
  // run script, or reach another origin; the first group collapses to a path on this origin.
  const collapsed: [string, string][] = [
    ['/.//evil.test', '/evil.test'],
    ['/a/..//evil.test', '/evil.test'],
    ['/./\\evil.test/x', '/evil.test/x'],
  ];
  test.each(collapsed)('collapses %j to a path on this origin %j', (input, expected) => {
    const output = safeReturnTo(input, ORIGIN, '/fallback');
    expect(output).toBe(expected);
    expect(new URL(output, 'https://elsewhere.test').host).toBe('elsewhere.test');
  });

  const refused = [
    '/\\evil.test',
    '/\t/evil.test',
    '/\n/evil.test',
    '/\r\n/evil.test',
    '/\\/evil.test',
    '//evil.test',
    '///evil.test',
    '\\\\evil.test',
    '\\/evil.test',
    '/\\\\evil.test'.replace('/', '\\'),
    ' //evil.test',
    '\t//evil.test',
    '/\t/evil.test'.replace('/', '\t/'),
    'https://evil.test/w/acme',
    'http://app.example.test:3001/w/acme',
    'https://app.example.test:3000/w/acme',
    'http://app.example.test:3000@evil.test/',
    'http://user:pw@app.example.test:3000/w/acme',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'https:/\\evil.test',
    '',
    '   ',
  ];
  test.each(refused)('refuses %j with the default page', (input) => {
    expect(safeReturnTo(input, ORIGIN, '/fallback')).toBe('/fallback');
  });

  test('refuses what is not a string', () => {
    for (const input of [undefined, null, 42, ['/w/acme'], { href: '/w/acme' }]) expect(safeReturnTo(input, ORIGIN)).toBe('/');
  });

  test('no output is ever read by a browser as another host', () => {
    for (const input of [...kept.map(([i]) => i), ...collapsed.map(([i]) => i), ...refused]) {
      const output = safeReturnTo(input, ORIGIN, '/fallback');
      expect(output.startsWith('/') && !output.startsWith('//') && !output.startsWith('/\\')).toBe(true);
      expect(new URL(output, ORIGIN).origin).toBe(ORIGIN);
    }
  });
});
