/**
 * How the message reviewer compiles its denied patterns, shared by the
 * `MessageReviewer` construct (which checks them at synth) and the handler
 * (which runs them), so that a pattern accepted at synth is the pattern that runs.
 *
 * Patterns run on RE2's engine (re2js, a JavaScript port of RE2 without native
 * code): it matches in time linear in the length of the text, whatever the
 * pattern, because it never backtracks. JavaScript's own engine backtracks, and
 * patterns as plain as `(a|aa)+b` or `free(.|\s)*nitro` take seconds on a few
 * dozen characters there.
 */
import type { RE2JS, RE2Set } from 're2js';

/**
 * re2js, loaded when a pattern is first compiled rather than with the
 * handler: its 260 kB of code would lengthen every cold start, and a reviewer
 * without patterns never needs it. (`require` caches the module.)
 */
function re2js(): typeof import('re2js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('re2js');
}

/** A compiled denied pattern. */
export type CompiledPattern = RE2JS;

/** All denied patterns of a reviewer in one automaton: which of them match a text, in one pass. */
export type CompiledPatternSet = RE2Set;

/**
 * Compiles one pattern, case-insensitively (as the flag `i` did); throws (an
 * `RE2JSException`) on a pattern RE2 does not accept.
 */
export function compilePattern(source: string): CompiledPattern {
  const { RE2JS: Engine } = re2js();
  return Engine.compile(source, Engine.CASE_INSENSITIVE);
}

/**
 * Compiles the patterns into one set, case-insensitively; `match(text)` gives
 * the indexes of those that match somewhere in `text`.
 */
export function compilePatternSet(sources: readonly string[]): CompiledPatternSet {
  const { RE2JS: Engine, RE2Set: Set } = re2js();
  const set = new Set(Set.UNANCHORED, Engine.CASE_INSENSITIVE);
  for (const source of sources) set.add(source);
  set.compile();
  return set;
}

/**
 * RE2's measure of what a pattern costs per character of text: the number of
 * instructions of its program. Counted repetitions multiply it (`x{1,100}` is
 * about 200).
 */
export function programSize(pattern: CompiledPattern): number {
  return pattern.programSize();
}

/**
 * Texts that together give every context a zero-length match can depend on
 * (start and end of text, next to a word character, next to a non-word
 * character, at a line break).
 */
const EMPTY_MATCH_PROBES = ['', 'a', ' ', 'a a', 'a\na', '1'];

/** Whether the pattern can match an empty piece of text, anywhere: such a pattern matches every message. */
export function matchesEmpty(pattern: CompiledPattern): boolean {
  for (const probe of EMPTY_MATCH_PROBES) {
    const matcher = pattern.matcher(probe);
    while (matcher.find()) {
      if (matcher.start() === matcher.end()) return true;
    }
  }
  return false;
}

/**
 * Half-open `[start, end)` ranges of UTF-16 units of `text` that the pattern
 * matches, leftmost first, skipping empty matches.
 */
export function patternSpans(pattern: CompiledPattern, text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const matcher = pattern.matcher(text);
  while (matcher.find()) {
    const start = matcher.start();
    const end = matcher.end();
    if (end > start) spans.push([start, end]);
  }
  return spans;
}

/**
 * What to write instead of JavaScript syntax RE2 does not have, for the
 * constructs people bring from JavaScript; `undefined` when none applies.
 */
export function javaScriptSyntaxHint(source: string): string | undefined {
  const hints: Array<[RegExp, string]> = [
    [/\[\^\]/, '`[^]` (any character) is JavaScript only: write `[\\s\\S]` or `(?s:.)`'],
    [/\\u/, '`\\uXXXX` and `\\u{…}` are JavaScript only: write `\\x{XXXX}`'],
    [/\\c[A-Za-z]/, '`\\cX` is JavaScript only: write `\\x01` and so on'],
    [/\\p\{(?:Script|sc|Script_Extensions|scx)=/, '`\\p{Script=Name}` is JavaScript only: write `\\p{Name}`, e.g. `\\p{Greek}`'],
    [/\(\?<?[=!]/, 'lookahead and lookbehind (`(?=`, `(?!`, `(?<=`, `(?<!`) cannot run in linear time'],
    [/\\[1-9]|\\k</, 'backreferences (`\\1`, `\\k<name>`) cannot run in linear time'],
  ];
  return hints.find(([test]) => test.test(source))?.[1];
}
