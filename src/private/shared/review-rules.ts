/**
 * Checks on a message reviewer's configuration, as pure functions with uniform
 * messages. The `MessageReviewer` construct runs them at synth; the handler
 * compiles the same configuration at init.
 */
import { REVIEW_LIMITS } from './review-contract';
import { foldGrapheme, FoldOptions, foldText } from './review-text';
import { showValue } from './show-value';

/** Problems with `deniedTerms`: empty after folding, too long, too many. */
export function checkDeniedTerms(property: string, terms: readonly string[], options: FoldOptions): string[] {
  const problems: string[] = [];
  if (terms.length > REVIEW_LIMITS.maxTerms) {
    problems.push(`\`${property}\` can have at most ${REVIEW_LIMITS.maxTerms} terms, got: ${terms.length}`);
  }
  terms.forEach((term, index) => {
    if (typeof term !== 'string' || foldText(term, options).text.trim() === '') {
      problems.push(`\`${property}[${index}]\` must contain a visible character, got: ${showValue(term)}`);
      return;
    }
    const codePoints = [...term].length;
    if (codePoints > REVIEW_LIMITS.termMaxCodePoints) {
      problems.push(`\`${property}[${index}]\` must be at most ${REVIEW_LIMITS.termMaxCodePoints} code points, got ${codePoints}: ${showValue(term)}`);
    }
  });
  return problems;
}

/**
 * Problems with one regular expression: too long, does not compile with flag
 * `u`, matches the empty string (it would match every message), or can
 * backtrack exponentially (a quantified group that contains an unbounded
 * quantifier, such as `(a+)+`, or a backreference).
 */
export function checkDeniedPattern(property: string, source: string): string | undefined {
  if (typeof source !== 'string' || source.length === 0) {
    return `\`${property}\` must be a non-empty regular expression, got: ${showValue(source)}`;
  }
  if (source.length > REVIEW_LIMITS.patternMaxLength) {
    return `\`${property}\` must be at most ${REVIEW_LIMITS.patternMaxLength} characters, got ${source.length}: ${showValue(source)}`;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'giu');
  } catch (error) {
    return `\`${property}\` must be a valid regular expression with flags \`giu\`, got: /${source}/ (${(error as Error).message})`;
  }
  const risk = backtrackingRisk(source);
  if (risk) {
    return `\`${property}\` must not ${risk}, which can take exponential time on a 500-character message, got: /${source}/`;
  }
  if (regex.test('')) {
    return `\`${property}\` must not match the empty string (it would match every message), got: /${source}/`;
  }
  return undefined;
}

/** Problems with the list of patterns. */
export function checkDeniedPatterns(property: string, patterns: readonly string[]): string[] {
  const problems: string[] = [];
  if (patterns.length > REVIEW_LIMITS.maxPatterns) {
    problems.push(`\`${property}\` can have at most ${REVIEW_LIMITS.maxPatterns} patterns, got: ${patterns.length}`);
  }
  patterns.forEach((source, index) => {
    const problem = checkDeniedPattern(`${property}[${index}]`, source);
    if (problem) problems.push(problem);
  });
  return problems;
}

/** A mask character: exactly one visible code point (not a combining mark, control or format character). */
export function checkMaskCharacter(property: string, value: string): string | undefined {
  const codePoints = [...value];
  if (codePoints.length !== 1 || /[\p{M}\p{C}]/u.test(value) || foldGrapheme(value, { ignoreAccents: false }) === '') {
    return `\`${property}\` must be exactly one visible character, got: ${showValue(value)}`;
  }
  return undefined;
}

/** The reason attribute key: empty (no attribute) or at most 128 characters. */
export function checkReasonAttribute(property: string, value: string): string | undefined {
  if (value.length > REVIEW_LIMITS.reasonAttributeMaxLength) {
    return `\`${property}\` must be at most ${REVIEW_LIMITS.reasonAttributeMaxLength} characters, got: ${value.length}`;
  }
  return undefined;
}

/**
 * A conservative test for catastrophic backtracking, in the spirit of
 * "star height > 1": a group repeated more than once that itself contains an
 * unbounded quantifier, or a backreference. Returns what is wrong, or
 * `undefined`. Overlapping alternatives under a quantifier (`(a|a)*`) are not
 * detected; messages are at most 500 code points, which bounds the damage of
 * the polynomial cases.
 */
export function backtrackingRisk(source: string): string | undefined {
  // One frame per open group: does it contain an unbounded quantifier?
  const frames: boolean[] = [false];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) {
        return 'use a backreference';
      }
      // \u{…}, \p{…}, \P{…}: skip to the closing brace.
      if (/[upP]/.test(next) && source[i + 2] === '{') {
        const close = source.indexOf('}', i + 3);
        i = close < 0 ? source.length : close + 1;
      } else {
        i += 2;
      }
      i = afterQuantifier(source, i, frames);
      continue;
    }
    if (c === '[') {
      i = skipClass(source, i);
      i = afterQuantifier(source, i, frames);
      continue;
    }
    if (c === '(') {
      frames.push(false);
      i++;
      continue;
    }
    if (c === ')') {
      const inner = frames.length > 1 ? frames.pop()! : false;
      const quantifier = readQuantifier(source, i + 1);
      if (inner && quantifier && quantifier.repeats) {
        return 'repeat a group that contains an unbounded quantifier (a nested quantifier such as `(a+)+`)';
      }
      frames[frames.length - 1] ||= inner;
      i = afterQuantifier(source, i + 1, frames);
      continue;
    }
    i = afterQuantifier(source, i + 1, frames);
  }
  return undefined;
}

interface Quantifier {
  /** The quantifier has no upper bound. */
  readonly unbounded: boolean;
  /** The quantifier allows more than one repetition. */
  readonly repeats: boolean;
  /** Where the quantifier (and its lazy `?`) ends. */
  readonly end: number;
}

function readQuantifier(source: string, at: number): Quantifier | undefined {
  const c = source[at];
  let end: number;
  let unbounded = false;
  let repeats = false;
  if (c === '*' || c === '+') {
    unbounded = repeats = true;
    end = at + 1;
  } else if (c === '?') {
    end = at + 1;
  } else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
    if (!m) return undefined;
    unbounded = m[2] !== undefined && m[3] === '';
    repeats = unbounded || Number(m[3] ?? m[1]) > 1;
    end = at + m[0].length;
  } else {
    return undefined;
  }
  if (source[end] === '?') end++;
  return { unbounded, repeats, end };
}

/** Records a quantifier after an atom in the innermost group and returns where the next atom starts. */
function afterQuantifier(source: string, at: number, frames: boolean[]): number {
  const quantifier = readQuantifier(source, at);
  if (!quantifier) return at;
  if (quantifier.unbounded) frames[frames.length - 1] = true;
  return quantifier.end;
}

function skipClass(source: string, at: number): number {
  let i = at + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  while (i < source.length && source[i] !== ']') {
    i += source[i] === '\\' ? 2 : 1;
  }
  return i + 1;
}
