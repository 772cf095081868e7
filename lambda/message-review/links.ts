/**
 * The links of a folded message, found in time linear in its length.
 *
 * A link is a URL with a scheme (`https://…`, any `scheme://…`), an address
 * that starts with `www.`, or a host name whose last label is a common
 * top-level domain (`example.com`, so e-mail addresses count too). The
 * ideographic full stop counts as a dot, as browsers treat it; full-width forms
 * are already folded to ASCII.
 *
 * Precisely, this is what the regular expression
 *
 *     (?:[a-z][a-z0-9+.-]*://|www[.。])\S+
 *     |(?<![\p{L}\p{N}_-])(?:[\p{L}\p{N}-]+[.。])+(?:com|net|…)(?![\p{L}\p{N}])(?:[/?#]\S*)?
 *
 * finds, leftmost first (the tests hold the two to each other). That
 * expression backtracks: from every label of a dotted chain it walks to the end
 * of the chain and back, so "a.m." × 500 (what "\u33c2" × 500 folds to) costs
 * a quadratic number of steps. Here no link crosses whitespace, so the text is
 * cut into tokens; a token without a colon, or a dot with something after it,
 * holds no link; in the others the chains are worked out right to left, then
 * the token is read left to right once. Every character is read at most twice.
 */

/** The top-level domains that make a host name a link, in the order the expression tried them. */
const TLDS = [
  'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'gg', 'tv', 'me', 'app', 'dev', 'xyz', 'ru', 'cn', 'de', 'uk', 'fr',
  'jp', 'br', 'in', 'us', 'ly', 'be', 'to', 'cc', 'link', 'live', 'site', 'online', 'top', 'shop', 'club', 'vip', 'pro',
  'store', 'ws', 'su',
].map((tld) => Array.from(tld, (c) => c.codePointAt(0)!));

/** The same, by their first letter (a-z), each list in the same order. */
const TLDS_BY_FIRST_LETTER: number[][][] = Array.from({ length: 0x7b }, (_, first) => TLDS.filter((tld) => tld[0] === first));

/** JavaScript's `\s` with the `u` flag, from U+0080 on (below, `code <= 0x20` and the tab to carriage return). */
const SPACES = new Set([0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const COLON = 0x3a;
const DOT = 0x2e;
const IDEOGRAPHIC_DOT = 0x3002;
const SLASH = 0x2f;
const UNDERSCORE = 0x5f;
const QUESTION_MARK = 0x3f;
const NUMBER_SIGN = 0x23;
const W = 0x77;

/** Whether a UTF-16 unit is whitespace as `\s` means it (none of them is a surrogate). */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x80 && (SPACES.has(code) || (code >= 0x2000 && code <= 0x200a)));
}

/**
 * The links of `text`, as half-open `[start, end)` ranges of UTF-16 units, in
 * order. Linear in the length of `text`.
 */
export function findLinks(text: string): Array<[number, number]> {
  const links: Array<[number, number]> = [];
  const length = text.length;
  let start = 0;
  while (start < length) {
    let code = text.charCodeAt(start);
    if (isSpace(code)) {
      start++;
      continue;
    }
    // A token: up to the next whitespace. Every link has a dot followed by
    // something, or a colon: most tokens ("ok.", "hello") are skipped here.
    let end = start;
    let candidate = false;
    let previous = 0;
    while (!isSpace(code)) {
      candidate ||= code === COLON || isDot(previous);
      previous = code;
      end++;
      if (end === length) break;
      code = text.charCodeAt(end);
    }
    if (candidate) linksInToken(text, start, end, links);
    start = end;
  }
  return links;
}

/** Past the last code point of a token: matches no character class and no character. */
const NONE = -1;
/** Room past the end of a token, so looking a few code points ahead needs no bounds check. */
const PADDING = 4;

/**
 * The links of the token `text[start, end)` (no whitespace inside, whitespace
 * or nothing around), added to `links`.
 */
function linksInToken(text: string, start: number, end: number, links: Array<[number, number]>): void {
  // One buffer for every table of the token (a typed array costs more to make
  // than to fill): by code point index, the code point (NONE past the end), where
  // it starts in `text`, whether it is a letter or digit, where the run of scheme
  // characters and the label that start there end, and for a label that starts
  // there the end of the last top-level domain of the dotted chain after it, as a
  // greedy `(?:label\.)+tld` reaches (NONE if none).
  const size = end - start + PADDING;
  const buffer = new Int32Array(6 * size);
  const CP = 0;
  const AT = size;
  const LETTER_OR_DIGIT_AT = 2 * size;
  const SCHEME_END = 3 * size;
  const LABEL_END = 4 * size;
  const CHAIN_END = 5 * size;
  buffer.fill(NONE, CP, AT);
  let n = 0;
  for (let i = start; i < end; n++) {
    const cp = text.codePointAt(i)!;
    buffer[CP + n] = cp;
    buffer[AT + n] = i;
    buffer[LETTER_OR_DIGIT_AT + n] = (cp < 0x80
      ? (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a)
      : LETTER_OR_DIGIT.test(String.fromCodePoint(cp))) ? 1 : 0;
    i += cp > 0xffff ? 2 : 1;
  }
  buffer[AT + n] = end;
  const cp = (k: number) => buffer[CP + k];
  const isLabel = (k: number) => buffer[LETTER_OR_DIGIT_AT + k] === 1 || buffer[CP + k] === 0x2d;

  buffer[SCHEME_END + n] = n;
  buffer[LABEL_END + n] = n;
  buffer[CHAIN_END + n] = NONE;
  for (let k = n - 1; k >= 0; k--) {
    buffer[SCHEME_END + k] = isScheme(cp(k)) ? buffer[SCHEME_END + k + 1] : k;
    const label = isLabel(k);
    buffer[LABEL_END + k] = label ? buffer[LABEL_END + k + 1] : k;
    buffer[CHAIN_END + k] = NONE;
    if (label && !(k > 0 && isLabel(k - 1))) {
      const next = buffer[LABEL_END + k] + 1;
      if (isDot(cp(next - 1)) && isLabel(next)) {
        // The greedy repetition prefers the furthest top-level domain of the chain.
        const further = buffer[CHAIN_END + next];
        const tld = further !== NONE ? 0 : tldLength(buffer, CP, LETTER_OR_DIGIT_AT, next);
        buffer[CHAIN_END + k] = further !== NONE ? further : tld > 0 ? next + tld : NONE;
      }
    }
  }

  for (let k = 0; k < n;) {
    let linkEnd = NONE;
    const c = cp(k);
    // [a-z][a-z0-9+.-]*://\S+ : "://" can only follow the whole run of scheme characters.
    const colon = buffer[SCHEME_END + k];
    if (c >= 0x61 && c <= 0x7a && cp(colon) === COLON && cp(colon + 1) === SLASH && cp(colon + 2) === SLASH && colon + 3 < n) {
      linkEnd = n;
    } else if (c === W && cp(k + 1) === W && cp(k + 2) === W && isDot(cp(k + 3)) && k + 4 < n) {
      linkEnd = n;
    } else if (buffer[CHAIN_END + k] !== NONE && !(k > 0 && (isLabel(k - 1) || cp(k - 1) === UNDERSCORE))) {
      linkEnd = buffer[CHAIN_END + k];
      // An optional path, query or fragment, to the end of the token.
      const after = cp(linkEnd);
      if (after === SLASH || after === QUESTION_MARK || after === NUMBER_SIGN) linkEnd = n;
    }
    if (linkEnd === NONE) {
      k++;
    } else {
      links.push([buffer[AT + k], buffer[AT + linkEnd]]);
      k = linkEnd;
    }
  }
}

function isDot(cp: number): boolean {
  return cp === DOT || cp === IDEOGRAPHIC_DOT;
}

/** What a URL scheme is made of: a-z, 0-9, '+', '.', '-'. */
function isScheme(cp: number): boolean {
  return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || cp === 0x2b || cp === 0x2d || cp === DOT;
}

/**
 * The length of the first top-level domain at code point `k` (in the
 * expression's order) that no letter or digit follows; 0 if none. "top" is not
 * "to" followed by a letter: the next one is tried, as the expression backtracks.
 */
function tldLength(buffer: Int32Array, cps: number, letterOrDigit: number, k: number): number {
  const first = buffer[cps + k];
  if (first < 0x61 || first > 0x7a) return 0;
  for (const tld of TLDS_BY_FIRST_LETTER[first]) {
    let i = 0;
    while (i < tld.length && buffer[cps + k + i] === tld[i]) i++;
    if (i === tld.length && buffer[letterOrDigit + k + i] !== 1) return i;
  }
  return 0;
}
