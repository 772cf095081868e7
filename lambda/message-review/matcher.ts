import { findLinks } from './links';
import { REVIEW_LIMITS, ReviewConfigFile, ReviewReason } from '../../src/private/shared/review-contract';
import {
  CompiledPattern, CompiledPatternSet, compilePattern, compilePatternSet, patternSpans, programSize,
} from '../../src/private/shared/review-patterns';
import {
  FoldedGrapheme, FoldedText, FoldedView, FoldOptions, foldText, graphemesOf, maskText,
} from '../../src/private/shared/review-text';

/** A half-open `[start, end)` range of UTF-16 units of a folded text. */
type Span = readonly [number, number];

/** What a review found in one message. */
interface Findings {
  /** The rules the message broke, in a fixed order; empty when it is clean. */
  readonly reasons: ReviewReason[];
  /** What broke them, as `[first, end)` ranges of graphemes of the message; only collected when masking. */
  readonly ranges: Array<readonly [number, number]>;
  /** Graphemes to mask even if they show nothing (bidi controls). */
  readonly always: number[];
  /** The message must be denied even when masking: it could not be masked within the work budget. */
  readonly deny: boolean;
}

/** The order reasons are listed in, whatever order the rules run in. */
const REASON_ORDER: readonly ReviewReason[] = [
  'denied-term', 'denied-pattern', 'links', 'repeated-character', 'bidi-control', 'too-long',
];

/**
 * How much span-finding work a masked message may take: its folded length
 * times the RE2 instructions of the patterns it matches. Finding where a
 * pattern matches needs RE2's NFA, which costs about that product (the test
 * whether it matches at all runs on a DFA, far cheaper). 200,000 is a
 * 500-character message and 400 instructions; a message that would cost more
 * is denied instead of masked.
 */
const MASK_WORK_BUDGET = 200_000;

/** What the matcher decided for one message. */
export interface Verdict {
  readonly reasons: ReviewReason[];
  /** `DENY`, or `ALLOW` with `content` masked (or unchanged when `reasons` is empty). */
  readonly result: 'ALLOW' | 'DENY';
  readonly content: string;
}

/** Letters, digits and marks: what a word is made of. */
const WORDISH = /[\p{L}\p{N}\p{M}]/u;

/**
 * Scripts written without spaces between words. Next to a character of these
 * scripts there is always a word boundary, because there is no other way to
 * tell where a word ends; terms in them match anywhere, as substrings.
 */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

const WHITESPACE = /\s/u;

/** Whether an ASCII code is a letter or digit. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => (/[a-zA-Z0-9]/.test(String.fromCharCode(c)) ? 1 : 0));

/** A node of the term trie, keyed by UTF-16 unit of the folded term. */
interface TrieNode {
  children?: Map<number, TrieNode>;
  /** A term ends here. */
  terminal: boolean;
}

/**
 * The compiled configuration: the denied terms in a trie, the patterns as
 * RE2 programs. Built once per container; `review` allocates only per message.
 */
export class MessageMatcher {
  /** Compiles a configuration; throws on a pattern that does not compile (the construct checks them at synth). */
  public static compile(config: ReviewConfigFile): MessageMatcher {
    return new MessageMatcher(config);
  }

  private readonly fold: FoldOptions;
  private readonly root: TrieNode = { terminal: false };
  /** Every pattern in one automaton: which of them match, in one pass. */
  private readonly patternSet?: CompiledPatternSet;
  /** Each pattern on its own, to find where it matches; only when masking. */
  private readonly patterns: Array<{ readonly pattern: CompiledPattern; readonly size: number }>;
  private readonly masking: boolean;
  /** Folded graphemes: per container, like the trie; folding is pure, so it only saves time. */
  private readonly foldCache = new Map<string, FoldedGrapheme>();

  private constructor(private readonly config: ReviewConfigFile) {
    this.fold = { ignoreAccents: config.ignoreAccents };
    this.masking = config.action === 'MASK';
    for (const term of config.deniedTerms) {
      // Words of a phrase are separated by one space; any run of whitespace in a message matches it.
      const folded = foldText(term, this.fold).text.trim().replace(/\s+/gu, ' ');
      if (folded) this.insert(folded);
    }
    if (config.deniedPatterns.length > 0) {
      this.patternSet = compilePatternSet(config.deniedPatterns);
    }
    this.patterns = this.masking
      ? config.deniedPatterns.map((source) => {
        const pattern = compilePattern(source);
        return { pattern, size: programSize(pattern) };
      })
      : [];
  }

  /** Reviews one message's content. */
  public review(content: string): Verdict {
    const folded = foldText(content, this.fold, this.foldCache);
    const findings = this.find(folded);
    if (findings.reasons.length === 0) {
      return { reasons: [], result: 'ALLOW', content };
    }
    if (!this.masking || findings.deny) {
      return { reasons: findings.reasons, result: 'DENY', content };
    }
    return {
      reasons: findings.reasons,
      result: 'ALLOW',
      content: maskText(folded, findings.ranges, findings.always, this.config.maskCharacter),
    };
  }

  /**
   * Every rule the folded text breaks. When denying, the first rule broken
   * decides: the rules run from the cheapest (bidi controls, terms, repeats,
   * links) to the dearest (patterns) and the review stops there. When masking,
   * every rule runs and every range is collected. Terms and patterns are
   * matched against the folded text and, when the message carries decorating
   * marks as characters of their own, against it without them (`bare`).
   */
  private find(folded: FoldedText): Findings {
    const all = this.masking;
    const views: FoldedView[] = folded.bare ? [folded, folded.bare] : [folded];
    const ranges: Array<readonly [number, number]> = [];
    const always: number[] = [];
    const broken = new Set<ReviewReason>();
    const done = (deny = false): Findings => ({ reasons: REASON_ORDER.filter((r) => broken.has(r)), ranges, always, deny });
    /** Runs a rule over views of the text, keeping its spans as ranges of graphemes. */
    const rule = (reason: ReviewReason, over: FoldedView[], run: (text: string, spans: Span[]) => boolean): boolean => {
      let hit = false;
      for (const view of over) {
        const spans: Span[] = [];
        if (run(view.text, spans)) hit = true;
        for (const [start, end] of spans) ranges.push(graphemesOf(view, start, end));
        if (hit && !all) break;
      }
      if (hit) broken.add(reason);
      return hit && !all;
    };

    if (folded.bidiControls) {
      broken.add('bidi-control');
      if (!all) return done();
      always.push(...folded.bidiControls);
    }
    if (this.root.children && rule('denied-term', views, (text, spans) => this.findTerms(text, spans, all))) {
      return done();
    }
    const maxRun = this.config.maxRepeatedCharacters;
    if (maxRun !== undefined) {
      // Marks stacked on one letter show as a pile: a run of its own.
      const piled = (folded.stackedMarks ?? []).filter(([, count]) => count > maxRun);
      if (piled.length > 0) {
        broken.add('repeated-character');
        if (!all) return done();
        for (const [g] of piled) ranges.push([g, g + 1]);
      }
      if (rule('repeated-character', [folded], (text, spans) => this.findRepeats(text, maxRun, spans, all))) return done();
    }
    const maxLinks = this.config.maxLinks;
    if (maxLinks !== undefined && rule('links', [folded], (text, spans) => this.findLinks(text, maxLinks, spans, all))) {
      return done();
    }
    if (this.patternSet) {
      if (folded.text.length > REVIEW_LIMITS.foldedMaxUnits) {
        broken.add('too-long');
        return done(true);
      }
      const matches = views.map((view) => ({ view, matched: this.patternSet!.match(view.text) }));
      if (matches.some(({ matched }) => matched.length > 0)) {
        broken.add('denied-pattern');
        if (!all) return done();
        const work = matches.reduce((sum, { view, matched }) =>
          sum + view.text.length * matched.reduce((size, i) => size + this.patterns[i].size, 0), 0);
        if (work > MASK_WORK_BUDGET) return done(true);
        for (const { view, matched } of matches) {
          for (const i of matched) {
            for (const [start, end] of patternSpans(this.patterns[i].pattern, view.text)) ranges.push(graphemesOf(view, start, end));
          }
        }
      }
    }
    return done();
  }

  /** Links beyond `maxLinks` (see `findLinks`); the excess is what gets masked. */
  private findLinks(text: string, maxLinks: number, spans: Span[], all: boolean): boolean {
    // Every link has a dot or a colon: most messages skip the scan.
    if (!(text.includes('.') || text.includes(':') || text.includes('\u3002'))) return false;
    const links = findLinks(text);
    if (links.length <= maxLinks) return false;
    if (all) spans.push(...links.slice(maxLinks));
    return true;
  }

  private insert(term: string) {
    let node = this.root;
    for (let i = 0; i < term.length; i++) {
      const unit = term.charCodeAt(i);
      node.children ??= new Map();
      let next = node.children.get(unit);
      if (!next) {
        next = { terminal: false };
        node.children.set(unit, next);
      }
      node = next;
    }
    node.terminal = true;
  }

  /**
   * Denied terms on word boundaries. A match may start only where a word may
   * start and end only where a word may end, so "Scunthorpe" does not contain
   * "cunt". In a phrase, the space between words matches any run of whitespace.
   * The trie is walked only from the candidate starts, so the work is bounded by
   * the message length times the longest term (100 code points).
   */
  private findTerms(text: string, spans: Span[], all: boolean): boolean {
    const root = this.root.children!;
    let found = false;
    for (let i = 0; i < text.length; i++) {
      let node = root.get(text.charCodeAt(i));
      if (!node || !boundaryAt(text, i)) continue;
      let j = i + 1;
      for (;;) {
        if (node.terminal && boundaryAt(text, j)) {
          found = true;
          if (!all) return true;
          spans.push([i, j]);
        }
        if (j >= text.length || !node.children) break;
        const unit = text.charCodeAt(j);
        const next: TrieNode | undefined = node.children.get(isSpaceUnit(unit) ? 0x20 : unit);
        if (!next) break;
        node = next;
        j++;
        if (isSpaceUnit(unit)) {
          while (j < text.length && isSpaceUnit(text.charCodeAt(j))) j++;
        }
      }
    }
    return found;
  }

  /** Runs of one code point (whitespace aside) longer than `maxRun`; the excess is what gets masked. */
  private findRepeats(text: string, maxRun: number, spans: Span[], all: boolean): boolean {
    let found = false;
    let previous = -1;
    let run = 0;
    for (let i = 0; i < text.length;) {
      const cp = text.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      if (cp === previous) {
        run++;
      } else {
        previous = cp;
        run = 1;
      }
      if (run > maxRun && !isWhitespace(cp)) {
        found = true;
        if (!all) return true;
        const last = spans[spans.length - 1];
        // Extend the previous span when it ends here, to keep the list short.
        if (last && last[1] === i) {
          spans[spans.length - 1] = [last[0], i + width];
        } else {
          spans.push([i, i + width]);
        }
      }
      i += width;
    }
    return found;
  }
}

/**
 * Whether a word boundary lies before UTF-16 index `i` of `text`: unless the
 * characters on both sides are word characters of a script that separates
 * words with spaces (letters, digits and marks; not Han, kana, Hangul, Thai, …).
 */
export function boundaryAt(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  return !(isSpacedWordChar(codePointBefore(text, i)) && isSpacedWordChar(text.codePointAt(i)!));
}

function codePointBefore(text: string, i: number): number {
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(i - 2)!;
  }
  return low;
}

function isSpacedWordChar(cp: number): boolean {
  if (cp < 0x80) return ASCII_WORD[cp] === 1;
  const c = String.fromCodePoint(cp);
  return WORDISH.test(c) && !UNSPACED.test(c);
}

/** ASCII whitespace: after NFKC, the other Unicode spaces (no-break, ideographic, …) are U+0020. */
function isSpaceUnit(unit: number): boolean {
  return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
}

function isWhitespace(cp: number): boolean {
  if (cp < 0x80) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  return WHITESPACE.test(String.fromCodePoint(cp));
}
