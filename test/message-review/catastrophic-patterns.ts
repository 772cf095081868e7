/**
 * Patterns known to make a backtracking engine run away (nested or overlapping
 * quantifiers), from the review that broke the earlier hand-written check and
 * from the usual ReDoS corpora, each with an input of 500 code points (the room
 * maximum) built to make a backtracking engine explode, and whether the pattern
 * matches it.
 */
export const CATASTROPHIC_ATTACKS: Record<string, { readonly input: string; readonly matches: boolean }> = {
  '(\\w|\\d)+@': { input: '1'.repeat(500), matches: false },
  'free(.|\\s)*nitro': { input: `free${' '.repeat(496)}`, matches: false },
  '(a|aa)+b': { input: 'a'.repeat(500), matches: false },
  '(?:\\s|\\p{Z})*x': { input: ' '.repeat(500), matches: false },
  '(a{1,2})+b': { input: 'a'.repeat(500), matches: false },
  '(a+)+b': { input: 'a'.repeat(500), matches: false },
  '(a*)*b': { input: 'a'.repeat(500), matches: false },
  '(a|a)*b': { input: 'a'.repeat(500), matches: false },
  '^(a+)+$': { input: `${'a'.repeat(499)}!`, matches: false },
  '(x+x+)+y': { input: 'x'.repeat(500), matches: false },
  // Eleven a's, where the pattern needs twelve: polynomial of degree 11.
  '(.*a){12}': { input: `a${'x'.repeat(44)}`.repeat(11).padEnd(500, 'x'), matches: false },
  '(\\w+\\s?)+$': { input: `${'a'.repeat(499)}!`, matches: false },
  '(\\d+\\s?)+x': { input: '1'.repeat(500), matches: false },
  '^(([a-z])+.)+[a-z]([a-z])+$': { input: `${'a'.repeat(499)}!`, matches: false },
  '([a-z]+)*x': { input: 'a'.repeat(500), matches: false },
  '((ab)+c)+': { input: 'ab'.repeat(250), matches: false },
  '(a{2,})+': { input: 'a'.repeat(500), matches: true },
  '(?:x+y?)*z': { input: 'x'.repeat(500), matches: false },
  // OWASP's e-mail example.
  '^([a-z0-9])(([\\-.]|[_]+)?([a-z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$': {
    input: `${'a'.repeat(499)}!`, matches: false,
  },
};
