import { expect, test } from 'vitest';
import { plural } from './plural';

test('one of a thing is singular; none and many are plural; thousands are grouped', () => {
  expect(plural(1, 'error')).toBe('1 error');
  expect(plural(0, 'error')).toBe('0 errors');
  expect(plural(2, 'operation')).toBe('2 operations');
  expect(plural(1200, 'operation')).toBe('1,200 operations');
  expect(plural(3, 'entry', 'entries')).toBe('3 entries');
});
