import {
  backtrackingRisk, checkDeniedPattern, checkDeniedTerms, checkMaskCharacter,
} from '../../src/private/shared/review-rules';

describe('backtrackingRisk', () => {
  test.each([
    '(a+)+', '(a*)*', '(\\w+\\s?)+', '(.*a){10}', '(?:x+y?)*', '((ab)+c)+', '(a{2,})+', '([a-z]+)*$',
  ])('refuses %s (a repeated group with an unbounded quantifier inside)', (source) => {
    expect(backtrackingRisk(source)).toMatch(/nested quantifier/);
  });

  test.each(['(a)\\1', '(?<x>a)\\k<x>'])('refuses backreferences: %s', (source) => {
    expect(backtrackingRisk(source)).toBe('use a backreference');
  });

  test.each([
    'fr[e3]{2}\\s*v[i1]dz', '(?:foo|bar)+', '(ab)+', '\\d{3}-\\d{4}', '(a+)?', '(a+){1}', '[(+*)]+', '\\(a+\\)+',
    '\\p{L}+', '\\u{1F600}+', '(?=a+)b', 'x{2,5}',
  ])('accepts %s', (source) => {
    expect(backtrackingRisk(source)).toBeUndefined();
  });
});

describe('checkDeniedPattern', () => {
  test('a pattern that does not compile', () => {
    expect(checkDeniedPattern('deniedPatterns[0]', '(abc')).toMatch(
      /^`deniedPatterns\[0\]` must be a valid regular expression with flags `giu`, got: \/\(abc\/ \(Invalid regular expression/);
  });

  test('a pattern valid without `u` but not with it', () => {
    expect(checkDeniedPattern('p', '\\-')).toMatch(/must be a valid regular expression with flags `giu`/);
  });

  test('a pattern that matches the empty string', () => {
    expect(checkDeniedPattern('p', 'a*')).toBe('`p` must not match the empty string (it would match every message), got: /a*/');
  });

  test('a nested quantifier', () => {
    expect(checkDeniedPattern('p', '(a+)+b')).toBe(
      '`p` must not repeat a group that contains an unbounded quantifier (a nested quantifier such as `(a+)+`), '
      + 'which can take exponential time on a 500-character message, got: /(a+)+b/');
  });

  test('too long', () => {
    expect(checkDeniedPattern('p', 'a'.repeat(257))).toMatch(/^`p` must be at most 256 characters, got 257/);
    expect(checkDeniedPattern('p', 'a'.repeat(256))).toBeUndefined();
  });

  test('empty', () => {
    expect(checkDeniedPattern('p', '')).toBe('`p` must be a non-empty regular expression, got: ""');
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
