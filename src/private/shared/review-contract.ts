/**
 * The configuration file of the message-review function, shared by the
 * `MessageReviewer` construct (which writes it into the function's asset) and
 * the handler (which reads it once per container), so that renaming a field
 * breaks the compiler rather than a deployment.
 */

/** The name of the configuration file, next to `index.js` in the function's asset. */
export const REVIEW_CONFIG_FILE = 'config.json';

/** What the handler does with a message that breaks a rule. */
export type ReviewActionName = 'DENY' | 'MASK';

/** Why a message was changed or denied; the value of the reason attribute is a comma-separated list of these. */
export type ReviewReason =
  | 'denied-term'
  | 'denied-pattern'
  | 'links'
  | 'repeated-character'
  | 'bidi-control'
  | 'too-long'
  | 'malformed-event'
  | 'reviewer-error';

/** The contents of `config.json`. */
export interface ReviewConfigFile {
  /** Bumped when the format changes incompatibly. */
  readonly version: 1;
  /** Terms as the user wrote them; the handler folds them at init, with the same code it folds messages with. */
  readonly deniedTerms: string[];
  /** Regular-expression sources, run with flags `giu` against the folded message. */
  readonly deniedPatterns: string[];
  /** `DENY` the message or `MASK` what broke a rule. */
  readonly action: ReviewActionName;
  /** One code point. */
  readonly maskCharacter: string;
  /** Whether combining diacritical marks are removed before matching. */
  readonly ignoreAccents: boolean;
  /** Links allowed per message; absent: no limit. */
  readonly maxLinks?: number;
  /** Longest run of one repeated character; absent: no limit. */
  readonly maxRepeatedCharacters?: number;
  /** The attribute key that says why a message was changed; empty: no attribute. */
  readonly reasonAttribute: string;
}

/** Limits the construct enforces at synth, chosen to keep init and per-message time inside the budget. */
export const REVIEW_LIMITS = {
  /** A term longer than this cannot be a word worth listing, and bounds the work per message. */
  termMaxCodePoints: 100,
  maxTerms: 20_000,
  maxPatterns: 50,
  patternMaxLength: 256,
  /**
   * RE2's program size bounds the work per character of text: 500 instructions
   * for one pattern, 1,000 for all of them together (`fr[e3]{2}\\s*v[i1]dz` is 12).
   */
  patternMaxInstructions: 500,
  patternsMaxInstructions: 1000,
  maxLinks: { min: 0, max: 100 },
  maxRepeatedCharacters: { min: 2, max: 500 },
  reasonAttributeMaxLength: 128,
  /** The configuration file; far below Lambda's package limit, so that init stays fast. */
  configMaxBytes: 1024 * 1024,
  /**
   * With denied patterns, the longest folded message the reviewer matches them
   * against, in UTF-16 units: 4 per code point of a 500-code-point message.
   * Only compatibility characters get there (NFKC turns U+FDFA into 18
   * characters); a longer one is denied, so that the work per message stays
   * bounded whatever the patterns.
   */
  foldedMaxUnits: 2000,
  /** IVS Chat message attributes are limited to 1 KB in total (keys and values, UTF-8). */
  attributesMaxBytes: 1024,
} as const;
