/**
 * Checks on a message reviewer's configuration, as pure functions with uniform
 * messages. The `MessageReviewer` construct runs them at synth; the handler
 * compiles the same configuration at init.
 */
import { REVIEW_LIMITS } from './review-contract';
import { compilePattern, CompiledPattern, javaScriptSyntaxHint, matchesEmpty, programSize } from './review-patterns';
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

/** Where RE2's syntax is described, for messages about patterns. */
const RE2_SYNTAX = 'https://github.com/google/re2/wiki/Syntax';

/**
 * Problems with one regular expression: too long, not RE2 syntax, too costly
 * per character (RE2 instructions), or matches the empty string (it would
 * match every message).
 */
export function checkDeniedPattern(property: string, source: string): string | undefined {
  return checkAndCompilePattern(property, source).problem;
}

/** Problems with the list of patterns, each and together. */
export function checkDeniedPatterns(property: string, patterns: readonly string[]): string[] {
  const problems: string[] = [];
  if (patterns.length > REVIEW_LIMITS.maxPatterns) {
    problems.push(`\`${property}\` can have at most ${REVIEW_LIMITS.maxPatterns} patterns, got: ${patterns.length}`);
  }
  let instructions = 0;
  patterns.forEach((source, index) => {
    const { problem, pattern } = checkAndCompilePattern(`${property}[${index}]`, source);
    if (problem) problems.push(problem);
    if (pattern) instructions += programSize(pattern);
  });
  if (instructions > REVIEW_LIMITS.patternsMaxInstructions) {
    problems.push(`\`${property}\` must compile to at most ${REVIEW_LIMITS.patternsMaxInstructions} RE2 instructions in all `
      + `(what they cost per character of a message), got ${instructions}`);
  }
  return problems;
}

function checkAndCompilePattern(property: string, source: string): { problem?: string; pattern?: CompiledPattern } {
  if (typeof source !== 'string' || source.length === 0) {
    return { problem: `\`${property}\` must be a non-empty regular expression, got: ${showValue(source)}` };
  }
  if (source.length > REVIEW_LIMITS.patternMaxLength) {
    return { problem: `\`${property}\` must be at most ${REVIEW_LIMITS.patternMaxLength} characters, got ${source.length}: ${showValue(source)}` };
  }
  let pattern: CompiledPattern;
  try {
    pattern = compilePattern(source);
  } catch (error) {
    const hint = javaScriptSyntaxHint(source);
    // RE2 quotes the pattern with the case-insensitivity flag it was compiled with.
    const reason = (error as Error).message.replace('`(?i)', '`') + (hint ? `; ${hint}` : '');
    return { problem: `\`${property}\` must be a regular expression in RE2 syntax (${RE2_SYNTAX}), got: /${source}/ (${reason})` };
  }
  const size = programSize(pattern);
  if (size > REVIEW_LIMITS.patternMaxInstructions) {
    return {
      problem: `\`${property}\` must compile to at most ${REVIEW_LIMITS.patternMaxInstructions} RE2 instructions (what it costs per `
        + `character of a message; large counted repetitions such as \`{1,1000}\` multiply it), got ${size}: /${source}/`,
      pattern,
    };
  }
  if (matchesEmpty(pattern)) {
    return { problem: `\`${property}\` must not match the empty string (it would match every message), got: /${source}/`, pattern };
  }
  return { pattern };
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
