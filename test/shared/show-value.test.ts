import * as fc from 'fast-check';
import { showValue } from '../../src/private/shared/show-value';

describe('showValue', () => {
  test.each([
    ['a string, quoted', 'room 1', '"room 1"'],
    ['a number, as a number', 10, '10'],
    ['a numeric string, as a string', '10', '"10"'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an array', ['a', 1], '["a",1]'],
    ['invisible characters, escaped', 'a\u0000b\n', '"a\\u0000b\\n"'],
  ])('%s', (_, value, shown) => {
    expect(showValue(value)).toBe(shown);
  });

  test('a long string: its first 80 code points, quoted, then …', () => {
    expect(showValue('a'.repeat(5000))).toBe(`"${'a'.repeat(80)}"…`);
    expect(showValue('😀'.repeat(81))).toBe(`"${'😀'.repeat(80)}"…`);
    expect(showValue('a'.repeat(80))).toBe(`"${'a'.repeat(80)}"`);
  });

  test('a long object is cut without splitting an escape sequence', () => {
    // 79 characters of JSON, then an escape: cutting at 80 would leave a lone backslash or half of \u0000.
    const prefix = 'x'.repeat(77);
    expect(showValue([`${prefix}\n`])).toBe(`["${prefix}…`);
    expect(showValue([`${prefix}\u0001`])).toBe(`["${prefix}…`);
    expect(showValue([`${prefix}\\`])).toBe(`["${prefix}…`);
    expect(showValue([`${'x'.repeat(76)}\\abc`])).toBe(`["${'x'.repeat(76)}\\\\…`);
  });

  test('a cycle is shown rather than thrown', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(showValue(cycle)).toBe('[object Object]');
  });

  test('whatever the value, the result is short and ends in no partial escape', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      const shown = showValue(value);
      // 80 code points, each escaped in at most 6 characters, with quotes and the mark.
      expect(Array.from(shown).length).toBeLessThanOrEqual(80 * 6 + 3);
      if (shown.endsWith('…')) {
        const body = shown.slice(0, -1);
        // An odd run of backslashes at the end, optionally with \u and up to 3 hex digits, is a split escape.
        const tail = /(\\+)(u[0-9a-fA-F]{0,3})?$/.exec(body);
        expect(tail === null || tail[1].length % 2 === 0).toBe(true);
      }
    }));
  });
});
