import { CATASTROPHIC_ATTACKS } from './catastrophic-patterns';
import { checkDeniedPattern, checkDeniedPatterns, checkDeniedTerms, checkMaskCharacter } from '../../src/private/shared/review-rules';

/** On a linear-time engine, each of these is just a pattern: accepted (`catastrophic.test.ts` runs them on their attacks). */
const CATASTROPHIC_PATTERNS = Object.keys(CATASTROPHIC_ATTACKS);

describe('checkDeniedPattern', () => {
  test.each(CATASTROPHIC_PATTERNS)('accepts %s: RE2 runs it in linear time', (source) => {
    expect(checkDeniedPattern('p', source)).toBeUndefined();
  });

  test.each([
    ['[^](a+)+b', '`[^]` (any character) is JavaScript only: write `[\\s\\S]` or `(?s:.)`'],
    ['x[^]*(a|aa)+b', '`[^]` (any character) is JavaScript only'],
    ['\\u00e9', '`\\uXXXX` and `\\u{…}` are JavaScript only: write `\\x{XXXX}`'],
    ['\\cA', '`\\cX` is JavaScript only'],
    ['\\p{Script=Greek}', 'write `\\p{Name}`, e.g. `\\p{Greek}`'],
    ['(?=a+)+b', 'lookahead and lookbehind'],
    ['(?<!x)y', 'lookahead and lookbehind'],
    ['(a+)\\1', 'backreferences'],
    ['(?<n>a)\\k<n>', 'backreferences'],
  ])('refuses %s, which RE2 does not accept, and says what to write', (source, hint) => {
    const problem = checkDeniedPattern('deniedPatterns[3]', source);
    expect(problem).toContain(`\`deniedPatterns[3]\` must be a regular expression in RE2 syntax (https://github.com/google/re2/wiki/Syntax), got: /${source}/ (`);
    expect(problem).toContain(hint);
  });

  test('a pattern that does not compile', () => {
    expect(checkDeniedPattern('deniedPatterns[0]', '(abc')).toBe(
      '`deniedPatterns[0]` must be a regular expression in RE2 syntax (https://github.com/google/re2/wiki/Syntax), '
      + 'got: /(abc/ (error parsing regexp: missing closing ): `(abc`)');
  });

  test.each(['a*', 'x?', '\\b', '\\B', '$', '^', '(?:)', 'a|', '\\s*'])('refuses %s, which matches an empty piece of text (so every message)', (source) => {
    expect(checkDeniedPattern('p', source)).toBe(`\`p\` must not match the empty string (it would match every message), got: /${source}/`);
  });

  test('a pattern too costly per character: counted repetitions multiply RE2\'s program', () => {
    expect(checkDeniedPattern('p', 'a{1,1000}x')).toBe(
      '`p` must compile to at most 500 RE2 instructions (what it costs per character of a message; '
      + 'large counted repetitions such as `{1,1000}` multiply it), got 2002: /a{1,1000}x/');
    expect(checkDeniedPattern('p', '(?:[\\p{L}\\p{N}]{1,50}){1,20}x')).toMatch(/^`p` must compile to at most 500 RE2 instructions .*, got 2002:/);
    expect(checkDeniedPattern('p', 'a{1,200}x')).toBeUndefined();
  });

  test('too long', () => {
    expect(checkDeniedPattern('p', 'a'.repeat(257))).toMatch(/^`p` must be at most 256 characters, got 257/);
    expect(checkDeniedPattern('p', 'a'.repeat(256))).toBeUndefined();
  });

  test('empty', () => {
    expect(checkDeniedPattern('p', '')).toBe('`p` must be a non-empty regular expression, got: ""');
  });
});

describe('checkDeniedPatterns', () => {
  test('the patterns together are limited to 1,000 RE2 instructions', () => {
    // `w0a{1,95}` is 193 instructions and `z{1,17}` 35: 1,000 in all; `z{1,18}` is 37.
    const five = Array.from({ length: 5 }, (_, i) => `w${i}a{1,95}`);
    expect(checkDeniedPatterns('deniedPatterns', [...five, 'z{1,17}'])).toEqual([]);
    expect(checkDeniedPatterns('deniedPatterns', [...five, 'z{1,18}'])).toEqual([
      '`deniedPatterns` must compile to at most 1000 RE2 instructions in all (what they cost per character of a message), got 1002',
    ]);
  });

  test('at most 50 patterns', () => {
    expect(checkDeniedPatterns('p', Array.from({ length: 51 }, (_, i) => `x${i}`))).toEqual(['`p` can have at most 50 patterns, got: 51']);
  });
});

describe('checkDeniedTerms', () => {
  test.each([
    ['empty', ''],
    ['spaces', '   '],
    ['only a zero-width space', '\u200B'],
    ['only variation selectors', '\uFE0F\uFE0F'],
  ])('a term that is %s is refused, with its index', (_, term) => {
    expect(checkDeniedTerms('deniedTerms', ['ok', term], { ignoreAccents: false }))
      .toEqual([`\`deniedTerms[1]\` must contain a visible character, got: ${JSON.stringify(term)}`]);
  });

  test('a term of 101 code points is refused, 100 accepted (astral characters count once)', () => {
    expect(checkDeniedTerms('t', ['😀'.repeat(100)], { ignoreAccents: false })).toEqual([]);
    expect(checkDeniedTerms('t', ['😀'.repeat(101)], { ignoreAccents: false })[0]).toMatch(/^`t\[0\]` must be at most 100 code points, got 101/);
  });

  test('more than 20,000 terms are refused', () => {
    const terms = Array.from({ length: 20_001 }, (_, i) => `t${i}`);
    expect(checkDeniedTerms('t', terms, { ignoreAccents: false })).toEqual(['`t` can have at most 20000 terms, got: 20001']);
  });
});

describe('checkMaskCharacter', () => {
  test.each(['*', '█', '•', '🙈', '#'])('accepts %s', (c) => {
    expect(checkMaskCharacter('maskCharacter', c)).toBeUndefined();
  });

  test.each(['', '**', '\u0301', '\u200B', '\n', 'ab'])('refuses %j', (c) => {
    expect(checkMaskCharacter('maskCharacter', c)).toBe(`\`maskCharacter\` must be exactly one visible character, got: ${JSON.stringify(c)}`);
  });
});
