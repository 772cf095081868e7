import { Duration, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FallbackResult, MessageReviewHandler } from './chat-room';
import { BundledFunction, validateMemorySize } from './private/bundled-function';
import { checkIntegerRange } from './private/shared/common-rules';
import { REVIEW_CONFIG_FILE, REVIEW_LIMITS, ReviewConfigFile } from './private/shared/review-contract';
import { checkDeniedPatterns, checkDeniedTerms, checkMaskCharacter, checkReasonAttribute } from './private/shared/review-rules';
import { validate } from './private/validation';

/**
 * What the reviewer does with a message that breaks one of its rules.
 */
export enum ReviewAction {
  /** Drop the message: IVS Chat does not deliver it. */
  DENY = 'DENY',
  /**
   * Deliver the message with what broke the rules replaced by the mask
   * character, one per grapheme: denied terms, pattern matches, the links beyond
   * the limit and the repeats beyond the limit. Everything else is unchanged.
   */
  MASK = 'MASK',
}

/**
 * Properties of a `MessageReviewer`. Give at least one rule: denied terms,
 * denied patterns, a link limit or a repeat limit.
 */
export interface MessageReviewerProps {
  /**
   * Words and phrases a message must not contain.
   *
   * Matching folds both the term and the message: Unicode NFKC (full-width and
   * styled letters such as "ｂａｄ" or "𝐛𝐚𝐝" become "bad", conjoining Hangul
   * jamo compose into syllables), case folding ("İ" is "i"), and removal of
   * what shows nothing or only decorates: invisible characters (zero-width
   * spaces, soft hyphens, variation selectors, every format character, every
   * control character but tab and line breaks) and the decorating marks that
   * compose into no letter (strike-through, enclosing circles, accents piled
   * on one letter). A letter sent precomposed stays itself, so "año" is not
   * "ano" unless `ignoreAccents` is set; an accent sent as a character of its
   * own ("a" followed by U+0301) is optional, so "ba\u0301d" matches both
   * "bad" and "bád". A term matches only on word boundaries, so "ass" does not match
   * "class" and "cunt" does not match "Scunthorpe"; a word character is a
   * letter, digit or mark of any script. Scripts written without spaces (Han,
   * Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar) always have a
   * boundary next to them, so terms in those scripts match anywhere as
   * substrings, and a Latin term matches right next to Chinese text.
   *
   * Up to 20,000 terms of at most 100 code points each. The terms are written
   * to a file in the function's asset, not to its environment (limited to 4 KB).
   *
   * @default - no denied terms
   */
  readonly deniedTerms?: string[];

  /**
   * Regular expressions a message must not match, in RE2 syntax
   * (https://github.com/google/re2/wiki/Syntax), matched case-insensitively
   * against the folded message (see `deniedTerms`): write them in lower case.
   * They run on RE2's engine, which takes time linear in the length of the
   * message whatever the pattern, so `(a|aa)+b` is as safe as `ab`. RE2 has no
   * lookaround and no backreferences; JavaScript-only syntax (`[^]`, `\u00e9`,
   * `\p{Script=Greek}`) is refused with what to write instead.
   *
   * Checked at synth: each must compile, be at most 256 characters and 500 RE2
   * instructions (RE2's measure of the work per character; counted repetitions
   * such as `{1,100}` multiply it), all together at most 1,000 instructions,
   * and none may match the empty string. Up to 50 patterns.
   *
   * To keep the work per message bounded, a message that folds to more than
   * 2,000 UTF-16 units (only compatibility characters expand that much, such as
   * U+FDFA, which NFKC turns into 18) is denied with reason `too-long` when
   * there are patterns; and with `MASK`, a message whose folded length times
   * the instructions of the patterns it matches exceeds 200,000 is denied rather
   * than masked (finding where a pattern matches costs more than finding whether).
   *
   * @default - no denied patterns
   */
  readonly deniedPatterns?: string[];

  /**
   * What to do with a message that breaks a rule. With `DENY`, the first rule
   * broken decides: the rules run from the cheapest (terms, repeated
   * characters, links) to patterns, and the reason names that one rule. With
   * `MASK`, every rule runs and the reason lists each rule broken.
   *
   * @default ReviewAction.DENY
   */
  readonly action?: ReviewAction;

  /**
   * The character that replaces each masked grapheme when `action` is `MASK`:
   * exactly one visible character.
   *
   * @default '*'
   */
  readonly maskCharacter?: string;

  /**
   * Whether accents are ignored: after decomposition, the decorating marks
   * (U+0300–U+036F, U+1AB0–U+1AFF, U+1DC0–U+1DFF, U+20D0–U+20FF,
   * U+FE20–U+FE2F and the enclosing marks) are removed, so a term "cafe"
   * matches "café". Off by default because it also makes distinct words equal
   * (Spanish "año" and "ano"). Marks of other scripts (Devanagari vowel
   * signs, …) are always kept.
   *
   * @default false
   */
  readonly ignoreAccents?: boolean;

  /**
   * How many links a message may contain: 0 to 100. A link is a URL with a
   * scheme (`https://…`), an address starting with `www.`, or a host name whose
   * last label is a common top-level domain (`example.com`; e-mail addresses
   * count). With `MASK`, the links beyond the limit are masked.
   *
   * @default - any number of links
   */
  readonly maxLinks?: number;

  /**
   * The longest run of one repeated character a message may contain, after
   * folding (so "aAａ" is a run of three): 2 to 500. Whitespace is not counted.
   * A letter carrying more decorating marks that compose into no letter than
   * the limit ("Zalgo" text) breaks the rule too. With `MASK`, the characters
   * beyond the limit (and such letters) are masked.
   *
   * @default - runs of any length
   */
  readonly maxRepeatedCharacters?: number;

  /**
   * The message attribute that says why the reviewer changed or denied a
   * message, e.g. `denied-term,links`; an empty string adds none. The reviewer
   * owns this key: a sender's own value for it is removed. IVS Chat shows a
   * denied message's sender only `Reason`, in its error: `'Reason'` tells
   * senders which rule their message broke.
   *
   * @default 'reviewReason'
   */
  readonly reasonAttribute?: string;

  /**
   * The function's memory, in MiB; Lambda gives CPU in proportion to it.
   *
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * How long the function's logs are kept. The function logs only malformed
   * events and errors, never message content.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A ready-made Amazon IVS Chat message review handler: a Lambda function that
 * denies or masks messages containing denied terms or patterns, too many links
 * or long runs of one character.
 *
 * The function is prebuilt; its configuration is a JSON file written at synth
 * into the function's asset, so thousands of terms fit and the asset changes
 * with the configuration. The terms are compiled into a trie and the patterns
 * into RE2 programs once per container; on a shared 2-core machine a
 * 500-character message takes 0.2 to 0.5 ms of CPU at p99, the worst messages
 * we could build about 2 ms (bench/RESULTS.md in the repository), against IVS
 * Chat's 200 ms limit. Give it to a room with `asMessageReviewHandler()`: the
 * room grants IVS Chat permission to invoke it, for that room only.
 *
 * Answers: a clean message is `ALLOW`ed with its content and attributes as they
 * came. A message that breaks a rule is `DENY`ed, or with `ReviewAction.MASK`
 * delivered with what broke the rule masked; either way the `reasonAttribute`
 * names the rules (`denied-term`, `denied-pattern`, `links`,
 * `repeated-character`, `bidi-control`, `too-long`). Whatever the rules, a
 * message with a bidi override, embedding or isolate (U+202A–U+202E,
 * U+2066–U+2069) breaks `bidi-control`: those make text show in another order
 * than it is matched in ("\u202Edab\u202C" shows "bad"); `MASK` replaces each
 * with the mask character. The handler never throws and fails closed: an event
 * without a string `Content` (or with more than 4,096 UTF-16 units, which no
 * room sends) is `DENY`ed with reason `malformed-event`, and an internal error
 * with reason `reviewer-error`. The room's fallback result then applies only
 * when the function cannot answer within 200 ms: throttling, or a cold start
 * (Lambda's own start-up, plus this handler's init, measured on that machine
 * at 34 ms of CPU for 1,000 terms, 52 ms with patterns).
 *
 * @example
 * const reviewer = new MessageReviewer(this, 'Reviewer', {
 *   deniedTerms: ['badword', 'worse phrase'],
 *   deniedPatterns: ['fr[e3]{2}\\s*v[i1]dz'],
 *   action: ReviewAction.MASK,
 *   maxLinks: 1,
 *   maxRepeatedCharacters: 10,
 * });
 * new ChatRoom(this, 'Room', {
 *   messageReviewHandler: reviewer.asMessageReviewHandler(), // FallbackResult.DENY
 * });
 */
export class MessageReviewer extends Construct {
  /** The review function, to give to a room or to monitor. */
  public readonly function: lambda.IFunction;

  /** The function's log group. */
  public readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: MessageReviewerProps = {}) {
    super(scope, id);

    const config = this.buildConfig(props);
    const fn = new BundledFunction(this, 'Function', {
      handler: 'message-review',
      description: 'cdk-ivs-chat: reviews Amazon IVS Chat messages (denied terms, patterns, links, repeats)',
      // IVS Chat waits 200 ms and then applies the room's fallback, so a longer
      // run helps no one. 1 s is Lambda's minimum: an invocation that runs past
      // 200 ms (a GC pause, a throttled CPU) still ends normally and keeps its
      // warm container, where a shorter timeout would reset it and turn the next
      // message into a cold start.
      timeout: Duration.seconds(1),
      memorySize: props.memorySize,
      invokedBy: 'IVS Chat (a 200 ms review call)',
      roleId: 'Role',
      roleDescription: 'cdk-ivs-chat message reviewer: writes its own logs, nothing else',
      logGroupId: 'Logs',
      logRetention: props.logRetention,
      // The configuration goes into the asset rather than the environment (4 KB at most).
      files: { [REVIEW_CONFIG_FILE]: JSON.stringify(config) },
    });
    this.function = fn;
    this.logGroup = fn.logGroup;
  }

  /**
   * The `messageReviewHandler` of a `ChatRoom`:
   * `new ChatRoom(this, 'Room', { messageReviewHandler: reviewer.asMessageReviewHandler() })`.
   * The room adds the invoke permission for `ivschat.amazonaws.com`, conditioned
   * on the account and the room's ARN.
   *
   * The fallback is `DENY` unless you say otherwise: with `ALLOW`, a message the
   * function did not answer in time (a cold start, throttling, a burst that a
   * sender can cause) is delivered unreviewed. `DENY` drops those messages
   * instead; choose `ALLOW` where losing a message costs more than letting one through.
   *
   * @param fallbackResult what IVS Chat does when the function fails or takes
   * longer than 200 ms; `FallbackResult.DENY` when omitted
   */
  public asMessageReviewHandler(fallbackResult?: FallbackResult): MessageReviewHandler {
    return { handler: this.function, fallbackResult: fallbackResult ?? FallbackResult.DENY };
  }

  private buildConfig(props: MessageReviewerProps): ReviewConfigFile {
    // Rules cannot be checked on values that are not known yet: say so first.
    validate(this, 'MessageReviewer', this.validateKnownAtSynth(props));
    const ignoreAccents = props.ignoreAccents ?? false;
    const config: ReviewConfigFile = {
      version: 1,
      deniedTerms: dedupe(props.deniedTerms ?? []),
      deniedPatterns: dedupe(props.deniedPatterns ?? []),
      action: props.action ?? ReviewAction.DENY,
      maskCharacter: props.maskCharacter ?? '*',
      ignoreAccents,
      ...(props.maxLinks !== undefined && { maxLinks: props.maxLinks }),
      ...(props.maxRepeatedCharacters !== undefined && { maxRepeatedCharacters: props.maxRepeatedCharacters }),
      reasonAttribute: props.reasonAttribute ?? 'reviewReason',
    };

    const { maxLinks, maxRepeatedCharacters } = REVIEW_LIMITS;
    const problems = [
      validateMemorySize(props.memorySize),
      ...checkDeniedTerms('deniedTerms', config.deniedTerms, { ignoreAccents }),
      ...checkDeniedPatterns('deniedPatterns', config.deniedPatterns),
      checkMaskCharacter('maskCharacter', config.maskCharacter),
      checkReasonAttribute('reasonAttribute', config.reasonAttribute),
      config.maxLinks !== undefined ? checkIntegerRange('maxLinks', config.maxLinks, maxLinks.min, maxLinks.max) : undefined,
      config.maxRepeatedCharacters !== undefined
        ? checkIntegerRange('maxRepeatedCharacters', config.maxRepeatedCharacters, maxRepeatedCharacters.min, maxRepeatedCharacters.max)
        : undefined,
    ];
    if (config.deniedTerms.length === 0 && config.deniedPatterns.length === 0
      && config.maxLinks === undefined && config.maxRepeatedCharacters === undefined) {
      problems.push('at least one rule must be set: `deniedTerms`, `deniedPatterns`, `maxLinks` or `maxRepeatedCharacters`, got none');
    }
    const bytes = Buffer.byteLength(JSON.stringify(config));
    if (bytes > REVIEW_LIMITS.configMaxBytes) {
      problems.push(`the reviewer's configuration must be at most ${REVIEW_LIMITS.configMaxBytes} bytes of JSON, got: ${bytes} (shorten \`deniedTerms\`)`);
    }
    validate(this, 'MessageReviewer', problems);
    return config;
  }

  /** The configuration is written into a file at synth: deploy-time values cannot go there. */
  private validateKnownAtSynth(props: MessageReviewerProps): string[] {
    const fields: Array<[string, unknown[]]> = [
      ['deniedTerms', props.deniedTerms ?? []],
      ['deniedPatterns', props.deniedPatterns ?? []],
      ['maskCharacter', [props.maskCharacter]],
      ['maxLinks', [props.maxLinks]],
      ['maxRepeatedCharacters', [props.maxRepeatedCharacters]],
      ['reasonAttribute', [props.reasonAttribute]],
    ];
    return fields
      .filter(([, values]) => Token.isUnresolved(values) || values.some((v) => Token.isUnresolved(v)))
      .map(([name]) => `\`${name}\` must be known at synth (the reviewer writes its configuration into the function's asset), got a token`);
  }

}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
