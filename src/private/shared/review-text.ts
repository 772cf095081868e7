/**
 * How the message reviewer folds text before matching, shared by the
 * `MessageReviewer` construct (which checks terms at synth) and the handler
 * (which folds terms at init and every message), so a term and a message are
 * always compared in the same form.
 */

/** Conjoining Hangul jamo (https://www.unicode.org/reports/tr29/#Hangul_Syllable_Boundary_Determination): leading, vowel, trailing; and precomposed syllables. */
const JAMO_L = '[\\u1100-\\u115F\\uA960-\\uA97C]';
const JAMO_V = '[\\u1160-\\u11A7\\uD7B0-\\uD7C6]';
const JAMO_T = '[\\u11A8-\\u11FF\\uD7CB-\\uD7FB]';
const SYLLABLE = '[\\uAC00-\\uD7A3]';

/**
 * One user-perceived character, close enough to a Unicode grapheme cluster for
 * masking: a sequence of conjoining Hangul jamo (shown as one syllable block,
 * and composed into it by NFKC), or a code point with its combining marks
 * (accents, variation selectors), emoji modifiers (skin tones), tag characters
 * (subdivision flags) and zero-width-joiner continuations (👨‍👩‍👧).
 * `Intl.Segmenter` is exact but several times slower, and the handler has a
 * 200 ms budget.
 */
const GRAPHEME = new RegExp(
  `(?:${JAMO_L}*(?:${JAMO_V}+|${SYLLABLE}${JAMO_V}*)${JAMO_T}*|${JAMO_L}+|${JAMO_T}+)\\p{M}*`
  + '|[^][\\p{M}]*(?:(?:\\p{Emoji_Modifier}|[\\u{E0020}-\\u{E007F}]|\\u200D\\p{Extended_Pictographic})\\p{M}*)*',
  // Sticky: matched at a given index, for the characters the fast path does not take.
  'uy',
);

/**
 * What people put inside a word to split it without showing anything
 * ("f\u200Buck"), removed when matching: default-ignorable code points (zero-width
 * spaces and joiners, soft hyphens, variation selectors, Hangul fillers), every
 * format character (U+0600 ARABIC NUMBER SIGN, U+FFF9 INTERLINEAR ANNOTATION
 * ANCHOR, Egyptian and musical format controls, bidi controls) and every control
 * character but tab, line feed, vertical tab, form feed and carriage return,
 * which separate words as spaces do.
 */
const INVISIBLE = /(?![\t\n\v\f\r])[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/gu;

/**
 * Marks that decorate letters of any script: Combining Diacritical Marks
 * (U+0300–U+036F) and their Extended (U+1AB0–U+1AFF) and Supplement
 * (U+1DC0–U+1DFF) blocks, Combining Marks for Symbols (U+20D0–U+20FF),
 * Combining Half Marks (U+FE20–U+FE2F) and the enclosing marks (a circle, a
 * keycap, the Cyrillic signs drawn around a letter). Marks of other blocks
 * belong to a script (Devanagari vowel signs, Thai tone marks) and carry meaning.
 */
const DECORATIVE_MARKS = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F\p{Me}]/gu;
const HAS_DECORATIVE_MARK = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F\p{Me}]/u;

/**
 * Overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069): they make
 * text show in another order than it is sent ("\u202Edab\u202C" shows "bad").
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

const ANY_MARK = /\p{M}/u;

/** ASCII without control characters other than whitespace: NFKC and case folding keep every offset. */
const PLAIN_ASCII = /^[\t\n\v\f\r\x20-\x7e]*$/;

const FINAL_SIGMA = /ς/g;

/** Printable ASCII, or the whitespace controls tab to carriage return. */
function isPlainAscii(code: number): boolean {
  return (code >= 0x20 && code < 0x7f) || (code >= 0x09 && code <= 0x0d);
}

/** Graphemes kept in a fold cache before it starts over; chat repeats the same few hundred. */
const FOLD_CACHE_SIZE = 4096;

/** How text is folded. */
export interface FoldOptions {
  /** Remove the decorating marks (accents and the like) after decomposition, so that "é" and "e" compare equal. */
  readonly ignoreAccents: boolean;
}

/** One form of a folded text, and where each of its UTF-16 units came from. */
export interface FoldedView {
  /** The folded text that terms and patterns are matched against. */
  readonly text: string;
  /**
   * For each UTF-16 unit of `text`, the index of the grapheme of the original
   * it came from; `undefined` when the original is plain ASCII and every unit
   * is its own grapheme.
   */
  readonly unitToGrapheme?: Uint32Array;
}

/** Text folded for matching, with the way back to the original. */
export interface FoldedText extends FoldedView {
  /** The original text. */
  readonly original: string;
  /**
   * The same text with every decorating mark that was sent as a character of
   * its own left out (precomposed letters kept), when that differs from `text`:
   * "ba\u0301d" is "bád" in `text` and "bad" here, so either term matches it.
   */
  readonly bare?: FoldedView;
  /**
   * Start offset of each grapheme in `original`, then `original.length`;
   * `undefined` in the plain ASCII case.
   */
  readonly graphemeStarts?: number[];
  /** For each grapheme, whether it shows nothing (only invisible characters). */
  readonly invisible?: Uint8Array;
  /** The graphemes that hold a bidi override, embedding or isolate. */
  readonly bidiControls?: number[];
  /** `[grapheme, count]` for each grapheme carrying decorating marks that compose into no letter ("Zalgo"). */
  readonly stackedMarks?: Array<readonly [number, number]>;
}

/** What folding does to one grapheme. */
export interface FoldedGrapheme {
  /** The folded form. */
  readonly folded: string;
  /** The folded form without the decorating marks sent as characters of their own, when it differs. */
  readonly bare?: string;
  /** Decorating marks that composed into no letter. */
  readonly stacked: number;
  /** Shows nothing. */
  readonly invisible: boolean;
  /** Holds a bidi override, embedding or isolate. */
  readonly bidi: boolean;
}

/**
 * Folds one grapheme: NFKC (full-width and styled letters become plain ones,
 * ligatures split, conjoining jamo compose), then case folding (upper then
 * lower case, so "ß" and "SS" compare equal; the Turkish dotted capital I
 * becomes "i"), then NFKC again because case mapping can denormalize, then
 * optionally accent removal, then removal of the decorating marks that
 * composed into no letter ("b\u0336" is "b"; "a\u0301" stays "á") and of
 * invisible characters.
 */
export function foldGrapheme(grapheme: string, options: FoldOptions): string {
  return stripMarks(caseFold(grapheme), options);
}

function caseFold(grapheme: string): string {
  // Lower-casing U+0130 gives "i" plus a combining dot; case folding gives "i".
  // Case folding maps the final sigma to σ; lower-casing alone would depend on context.
  return grapheme.normalize('NFKC').replace(/\u0130/g, 'i').toUpperCase().toLowerCase().normalize('NFKC').replace(FINAL_SIGMA, 'σ');
}

function stripMarks(casefolded: string, options: FoldOptions): string {
  let s = casefolded;
  if (options.ignoreAccents) {
    s = s.normalize('NFKD').replace(DECORATIVE_MARKS, '').normalize('NFKC');
  }
  return s.replace(DECORATIVE_MARKS, '').replace(INVISIBLE, '');
}

function foldOneGrapheme(grapheme: string, options: FoldOptions): FoldedGrapheme {
  const casefolded = caseFold(grapheme);
  const folded = stripMarks(casefolded, options);
  let bare: string | undefined;
  let stacked = 0;
  if (HAS_DECORATIVE_MARK.test(grapheme)) {
    stacked = casefolded.match(DECORATIVE_MARKS)?.length ?? 0;
    const withoutSentMarks = foldGrapheme(grapheme.replace(DECORATIVE_MARKS, ''), options);
    if (withoutSentMarks !== folded) bare = withoutSentMarks;
  }
  return {
    folded,
    bare,
    stacked,
    invisible: folded === '' && !ANY_MARK.test(grapheme),
    bidi: BIDI_CONTROL.test(grapheme),
  };
}

/**
 * Folds a whole text grapheme by grapheme and remembers where every folded unit
 * came from, so a match in the folded text can be masked in the original.
 * Folding per grapheme rather than per string differs from NFKC of the whole
 * string only where composition would cross what is shown as two characters.
 *
 * @param cache folded graphemes, owned by the caller (one per compiled reviewer);
 * folding is pure, so a cache only saves time
 */
export function foldText(original: string, options: FoldOptions, cache?: Map<string, FoldedGrapheme>): FoldedText {
  // Most chat is ASCII: NFKC is the identity there and lower-casing keeps every offset.
  if (PLAIN_ASCII.test(original)) {
    return { original, text: original.toLowerCase() };
  }
  const parts: string[] = [];
  const owners: number[] = [];
  const starts: number[] = [];
  const invisible: number[] = [];
  const bidiControls: number[] = [];
  const stackedMarks: Array<readonly [number, number]> = [];
  // Built from the first grapheme whose bare form differs; most messages have none.
  let bareParts: string[] | undefined;
  let bareOwners: number[] | undefined;
  for (let at = 0; at < original.length;) {
    const index = starts.length;
    starts.push(at);
    const code = original.charCodeAt(at);
    // A printable ASCII character followed by ASCII (or nothing) is a grapheme of its own and
    // folds to its lower case: no regular expression, no allocation. Marks, joiners and
    // modifiers that could extend it are never ASCII.
    if (isPlainAscii(code) && (at + 1 === original.length || original.charCodeAt(at + 1) < 0x80)) {
      parts.push(original[at].toLowerCase());
      owners.push(index);
      invisible.push(0);
      if (bareParts && bareOwners) {
        bareParts.push(parts[parts.length - 1]);
        bareOwners.push(index);
      }
      at++;
      continue;
    }
    GRAPHEME.lastIndex = at;
    const grapheme = GRAPHEME.exec(original)![0];
    at += grapheme.length;
    let f = cache?.get(grapheme);
    if (f === undefined) {
      f = foldOneGrapheme(grapheme, options);
      if (cache) {
        if (cache.size >= FOLD_CACHE_SIZE) cache.clear();
        cache.set(grapheme, f);
      }
    }
    if (f.bare !== undefined && !bareParts) {
      bareParts = [...parts];
      bareOwners = [...owners];
    }
    parts.push(f.folded);
    invisible.push(f.invisible ? 1 : 0);
    for (let i = 0; i < f.folded.length; i++) owners.push(index);
    if (f.bidi) bidiControls.push(index);
    if (f.stacked > 0) stackedMarks.push([index, f.stacked]);
    if (bareParts && bareOwners) {
      const bare = f.bare ?? f.folded;
      bareParts.push(bare);
      for (let i = 0; i < bare.length; i++) bareOwners.push(index);
    }
  }
  starts.push(original.length);
  return {
    original,
    text: parts.join(''),
    unitToGrapheme: Uint32Array.from(owners),
    ...(bareParts && bareOwners && { bare: { text: bareParts.join(''), unitToGrapheme: Uint32Array.from(bareOwners) } }),
    graphemeStarts: starts,
    invisible: Uint8Array.from(invisible),
    ...(bidiControls.length > 0 && { bidiControls }),
    ...(stackedMarks.length > 0 && { stackedMarks }),
  };
}

/** The graphemes `[first, end)` that units `[start, end)` of a view of the text came from. */
export function graphemesOf(view: FoldedView, start: number, end: number): [number, number] {
  const owners = view.unitToGrapheme;
  return owners ? [owners[start], owners[end - 1] + 1] : [start, end];
}

/**
 * Replaces with `maskCharacter`, one per grapheme, every visible grapheme of
 * the ranges and every grapheme of `always` (even one that shows nothing, such
 * as a bidi control), and leaves everything else as it was: unmatched text byte
 * for byte, and invisible characters inside a range.
 *
 * @param ranges half-open `[first, end)` ranges of graphemes, as `graphemesOf` gives them
 */
export function maskText(
  folded: FoldedText,
  ranges: ReadonlyArray<readonly [number, number]>,
  always: readonly number[],
  maskCharacter: string,
): string {
  const { original, graphemeStarts, invisible } = folded;
  // Plain ASCII: every unit is a grapheme.
  const count = graphemeStarts ? graphemeStarts.length - 1 : original.length;
  const startOf = (g: number) => (graphemeStarts ? graphemeStarts[g] : g);
  const masked = new Uint8Array(count);
  for (const [first, end] of ranges) {
    for (let g = first; g < end; g++) {
      if (!invisible?.[g]) masked[g] = 1;
    }
  }
  for (const g of always) masked[g] = 1;
  let out = '';
  let runStart = 0;
  for (let g = 0; g <= count; g++) {
    if (g === count || masked[g]) {
      out += original.slice(runStart, startOf(g));
      if (g < count) out += maskCharacter;
      runStart = startOf(g + 1);
    }
  }
  return out;
}
