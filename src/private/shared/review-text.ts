/**
 * How the message reviewer folds text before matching, shared by the
 * `MessageReviewer` construct (which checks terms at synth) and the handler
 * (which folds terms at init and every message), so a term and a message are
 * always compared in the same form.
 */

/**
 * One user-perceived character, close enough to a Unicode grapheme cluster for
 * masking: a code point with its combining marks (accents, variation selectors),
 * emoji modifiers (skin tones), tag characters (subdivision flags) and
 * zero-width-joiner continuations (👨‍👩‍👧). `Intl.Segmenter` is exact but
 * several times slower, and the handler has a 200 ms budget.
 */
const GRAPHEME = /[^][\p{M}]*(?:(?:\p{Emoji_Modifier}|[\u{E0020}-\u{E007F}]|\u200D\p{Extended_Pictographic})\p{M}*)*/gu;

/**
 * Invisible characters people insert to split a word ("f\u200Buck"): zero-width
 * spaces and joiners, soft hyphens, bidi controls, variation selectors, Hangul fillers.
 */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** Latin, Greek and Cyrillic accents after decomposition; other scripts' marks carry meaning and stay. */
const DIACRITICS = /[\u0300-\u036f]/g;

const ASCII = /^[\x00-\x7f]*$/;

const FINAL_SIGMA = /ς/g;

/** Graphemes kept in a fold cache before it starts over; chat repeats the same few hundred. */
const FOLD_CACHE_SIZE = 4096;

/** How text is folded. */
export interface FoldOptions {
  /** Remove combining diacritical marks (U+0300–U+036F), so that "é" and "e" compare equal. */
  readonly ignoreAccents: boolean;
}

/** Text folded for matching, with the way back to the original. */
export interface FoldedText {
  /** The original text. */
  readonly original: string;
  /** The folded text that terms and patterns are matched against. */
  readonly text: string;
  /**
   * For each UTF-16 unit of `text`, the index of the grapheme of `original` it
   * came from; `undefined` when `original` is ASCII and every unit is its own grapheme.
   */
  readonly unitToGrapheme?: Uint32Array;
  /**
   * Start offset of each grapheme in `original`, then `original.length`;
   * `undefined` in the ASCII case.
   */
  readonly graphemeStarts?: number[];
  /** For each grapheme, whether it folded to nothing (invisible). */
  readonly invisible?: Uint8Array;
}

/**
 * Folds one grapheme: NFKC (full-width and styled letters become plain ones,
 * ligatures split), then case folding (upper then lower case, so "ß" and "SS"
 * compare equal), then NFKC again because case mapping can denormalize, then
 * optionally accent removal, then removal of invisible characters.
 */
export function foldGrapheme(grapheme: string, options: FoldOptions): string {
  // Case folding maps the final sigma to σ; lower-casing alone would depend on context.
  let s = grapheme.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').replace(FINAL_SIGMA, 'σ');
  if (options.ignoreAccents) {
    s = s.normalize('NFKD').replace(DIACRITICS, '').normalize('NFKC');
  }
  return s.replace(IGNORABLE, '');
}

/**
 * Folds a whole text grapheme by grapheme and remembers where every folded unit
 * came from, so a match in the folded text can be masked in the original.
 * Folding per grapheme rather than per string differs from NFKC of the whole
 * string only where composition crosses graphemes (conjoining Hangul jamo).
 *
 * @param cache folded graphemes, owned by the caller (one per compiled reviewer);
 * folding is pure, so a cache only saves time
 */
export function foldText(original: string, options: FoldOptions, cache?: Map<string, string>): FoldedText {
  // Most chat is ASCII: NFKC is the identity there and lower-casing keeps every offset.
  if (ASCII.test(original)) {
    return { original, text: original.toLowerCase() };
  }
  const parts: string[] = [];
  const owners: number[] = [];
  const starts: number[] = [];
  const invisible: number[] = [];
  for (const match of original.matchAll(GRAPHEME)) {
    const grapheme = match[0];
    const index = starts.length;
    starts.push(match.index!);
    const code = grapheme.charCodeAt(0);
    let folded: string | undefined;
    if (grapheme.length === 1 && code < 0x80) {
      folded = grapheme.toLowerCase();
    } else {
      folded = cache?.get(grapheme);
      if (folded === undefined) {
        folded = foldGrapheme(grapheme, options);
        if (cache) {
          if (cache.size >= FOLD_CACHE_SIZE) cache.clear();
          cache.set(grapheme, folded);
        }
      }
    }
    parts.push(folded);
    invisible.push(folded.length === 0 ? 1 : 0);
    for (let i = 0; i < folded.length; i++) {
      owners.push(index);
    }
  }
  starts.push(original.length);
  return {
    original,
    text: parts.join(''),
    unitToGrapheme: Uint32Array.from(owners),
    graphemeStarts: starts,
    invisible: Uint8Array.from(invisible),
  };
}

/**
 * Replaces every visible grapheme that a span of the folded text touches with
 * `maskCharacter`, one per grapheme, and leaves everything else as it was:
 * unmatched text byte for byte, and invisible characters inside a span.
 *
 * @param spans half-open `[start, end)` ranges of UTF-16 units of `folded.text`
 */
export function maskText(folded: FoldedText, spans: ReadonlyArray<readonly [number, number]>, maskCharacter: string): string {
  const { original, unitToGrapheme, graphemeStarts, invisible } = folded;
  if (!unitToGrapheme || !graphemeStarts || !invisible) {
    const masked = new Uint8Array(original.length);
    for (const [start, end] of spans) masked.fill(1, start, end);
    let out = '';
    let runStart = 0;
    for (let i = 0; i <= original.length; i++) {
      if (i === original.length || masked[i]) {
        out += original.slice(runStart, i);
        if (i < original.length) out += maskCharacter;
        runStart = i + 1;
      }
    }
    return out;
  }
  const count = graphemeStarts.length - 1;
  const masked = new Uint8Array(count);
  for (const [start, end] of spans) {
    if (end <= start) continue;
    masked.fill(1, unitToGrapheme[start], unitToGrapheme[end - 1] + 1);
  }
  let out = '';
  let runStart = 0;
  for (let g = 0; g <= count; g++) {
    if (g === count || (masked[g] && !invisible[g])) {
      out += original.slice(runStart, graphemeStarts[g]);
      if (g < count) out += maskCharacter;
      runStart = graphemeStarts[g + 1];
    }
  }
  return out;
}
