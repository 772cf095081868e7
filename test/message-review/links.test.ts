import * as fc from 'fast-check';
import { findLinks } from '../../lambda/message-review/links';

/**
 * The link rule as a regular expression, as the reviewer had it: the oracle for
 * what is a link. It backtracks: each label of a dotted chain restarts the
 * chain, so "a.m." × 500 (what "\u33c2" × 500 folds to) costs a quadratic
 * number of steps. The scanner must find exactly the same links, reading each
 * character a bounded number of times.
 */
const LINK_ORACLE = new RegExp(
  '(?:[a-z][a-z0-9+.-]*://|www[.\u3002])[^\\s]+'
  + '|(?<![\\p{L}\\p{N}_-])(?:[\\p{L}\\p{N}-]+[.\u3002])+'
  + '(?:com|net|org|info|biz|io|co|gg|tv|me|app|dev|xyz|ru|cn|de|uk|fr|jp|br|in|us|ly|be|to|cc|link|live|site|online|top|shop|club|vip|pro|store|ws|su)'
  + '(?![\\p{L}\\p{N}])(?:[/?#][^\\s]*)?',
  'gu',
);

function oracle(text: string): Array<[number, number]> {
  return [...text.matchAll(LINK_ORACLE)].map((m) => [m.index!, m.index! + m[0].length]);
}

/** Pieces that reach every branch of the rule: schemes, www, labels, dots, TLDs and their look-alikes, paths, spaces. */
const piece = fc.constantFrom(
  'a', 'b', 'e', 'x', 'A', 'Z', '1', '0', '-', '_', '+', '.', '\u3002', ':', '/', '//', '?', '#', ' ', '\n', '\t', '\u00a0', '\u2028',
  'é', 'ß', '日', '𠀀', '\u0301', 'com', 'co', 'comx', 'io', 'gg', 'online', 'su', 'COM', 'top', 'to', 'info', 'in', 'link',
  'www', 'ww', 'www.', 'http', 'https://', '\uD800', '\uDC00', '\u2003', '\u3000', '\u0085',
  '://', 'a.com', 'x.co', '.', '..', 'mailto:', '@', 'e.g.', 'js', 'txt',
);

describe('findLinks finds exactly what the regular expression found', () => {
  test.each([
    ['https://example.com/a?b=c', [[0, 25]]],
    ['see a.com, b.net and https://c.io/x ok', [[4, 9], [11, 16], [21, 35]]],
    ['www.example and www。x', [[0, 11], [16, 21]]],
    ['mail me: a@example.org', [[11, 22]]],
    ['x.com.au', [[0, 5]]],
    ['a.com-x', [[0, 5]]],
    ['_a.b.com', [[3, 8]]],
    ['a.top and b.info: "to" and "in" come first but a letter follows them', [[0, 5], [10, 16]]],
    ['e.g. this, node.js, 3.14, file.txt', []],
    ['\u33c2'.repeat(3).normalize('NFKC'), []],
  ])('%j', (text, expected) => {
    expect(findLinks(text)).toEqual(expected);
    expect(oracle(text)).toEqual(expected);
  });

  test('on 20,000 random texts of up to 40 pieces', () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join('')), (text) => {
      expect(findLinks(text)).toEqual(oracle(text));
    }), { seed: 0x11e5, numRuns: 20_000 });
  });
});

/** Calls `findLinks` on a string object that counts how many times a character of it is read. */
function reads(text: string): number {
  let count = 0;
  const counted = Object.assign(new String(text), {
    charCodeAt(i: number) {
      count++;
      return String.prototype.charCodeAt.call(text, i);
    },
    codePointAt(i: number) {
      count++;
      return String.prototype.codePointAt.call(text, i);
    },
  });
  findLinks(counted as unknown as string);
  return count;
}

describe('findLinks reads each character a bounded number of times, whatever the text', () => {
  const worst: Array<[string, string]> = [
    ['"\\u33c2" × 500, folded (a.m. × 500)', '\u33c2'.repeat(500).normalize('NFKC')],
    ['"a." × 1,000', 'a.'.repeat(1_000)],
    ['labels ending in a TLD look-alike, × 400', 'comx.'.repeat(400)],
    ['a chain that ends in a TLD', `${'a.'.repeat(999)}com`],
    ['schemes without "://"', 'a+'.repeat(1_000)],
    ['"://" after a long scheme', `${'a'.repeat(1_999)}://x`],
    ['"www" × 700', 'www'.repeat(700)],
    ['underscores and labels', '_a.'.repeat(700)],
    ['ideographic full stops', 'a\u3002'.repeat(1_000)],
    ['astral letters and dots', '𠀀.'.repeat(700)],
  ];

  test.each(worst)('%s', (_, text) => {
    expect(reads(text)).toBeLessThanOrEqual(12 * text.length);
  });

  test('the count grows linearly: four times the text, at most four times the reads (plus a constant)', () => {
    for (const [, text] of worst) {
      const unit = text.slice(0, Math.floor(text.length / 4));
      expect(reads(unit.repeat(4))).toBeLessThanOrEqual(4 * reads(unit) + 64);
    }
  });
});
