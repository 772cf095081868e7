/**
 * The links of a folded message, found in one pass.
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
 * a quadratic number of steps. Here the chains are read once, right to left,
 * so every character is read once and looked at a bounded number of times.
 */

/** The top-level domains that make a host name a link, in the order the expression tried them. */
const TLDS = [
  'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'gg', 'tv', 'me', 'app', 'dev', 'xyz', 'ru', 'cn', 'de', 'uk', 'fr',
  'jp', 'br', 'in', 'us', 'ly', 'be', 'to', 'cc', 'link', 'live', 'site', 'online', 'top', 'shop', 'club', 'vip', 'pro',
  'store', 'ws', 'su',
].map((tld) => Array.from(tld, (c) => c.codePointAt(0)!));

/** JavaScript's `\s` with the `u` flag. */
const SPACES = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const COLON = 0x3a;
const SLASH = 0x2f;
const UNDERSCORE = 0x5f;
const QUESTION_MARK = 0x3f;
const NUMBER_SIGN = 0x23;
const W = 0x77;

/** What the rule needs to know of each character of a text, by code point index. */
interface Classes {
  readonly whitespace: Uint8Array;
  /** A letter or a digit of any script. */
  readonly letterOrDigit: Uint8Array;
  /** A letter, a digit or '-': what a label of a host name is made of. */
  readonly label: Uint8Array;
  /** '.' or the ideographic full stop. */
  readonly dot: Uint8Array;
  /** What a URL scheme is made of: a-z, 0-9, '+', '.', '-'. */
  readonly scheme: Uint8Array;
  /** What a URL scheme starts with: a-z. */
  readonly lower: Uint8Array;
}

function classify(cps: readonly number[]): Classes {
  const n = cps.length;
  const c: Classes = {
    whitespace: new Uint8Array(n),
    letterOrDigit: new Uint8Array(n),
    label: new Uint8Array(n),
    dot: new Uint8Array(n),
    scheme: new Uint8Array(n),
    lower: new Uint8Array(n),
  };
  cps.forEach((cp, k) => {
    const lower = cp >= 0x61 && cp <= 0x7a;
    const digit = cp >= 0x30 && cp <= 0x39;
    const letterOrDigit = cp < 0x80
      ? lower || digit || (cp >= 0x41 && cp <= 0x5a)
      : LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
    c.whitespace[k] = SPACES.has(cp) || (cp >= 0x2000 && cp <= 0x200a) ? 1 : 0;
    c.letterOrDigit[k] = letterOrDigit ? 1 : 0;
    c.label[k] = letterOrDigit || cp === 0x2d ? 1 : 0;
    c.dot[k] = cp === 0x2e || cp === 0x3002 ? 1 : 0;
    c.scheme[k] = lower || digit || cp === 0x2b || cp === 0x2d || cp === 0x2e ? 1 : 0;
    c.lower[k] = lower ? 1 : 0;
  });
  return c;
}

/**
 * The links of `text`, as half-open `[start, end)` ranges of UTF-16 units, in
 * order. Linear in the length of `text`.
 */
export function findLinks(text: string): Array<[number, number]> {
  // Code points, their classes and where each starts; every character is read here, once.
  const length = text.length;
  const cps: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < length;) {
    const cp = text.codePointAt(i)!;
    cps.push(cp);
    at.push(i);
    i += cp > 0xffff ? 2 : 1;
  }
  at.push(length);
  const n = cps.length;
  const c = classify(cps);
  /** Whether the character at `k` (which may be past the end) is of a class. */
  const is = (k: number, cls: Uint8Array) => k < n && cls[k] === 1;

  // Right to left: where the token (run of non-whitespace), the run of scheme
  // characters and the label that start at k end.
  const tokenEnd = new Int32Array(n + 1).fill(n);
  const schemeEnd = new Int32Array(n + 1).fill(n);
  const labelEnd = new Int32Array(n + 1).fill(n);
  // For a label that starts at k: the end of the last top-level domain of the
  // dotted chain after it, as a greedy `(?:label\.)+tld` reaches; -1 if none.
  const chainEnd = new Int32Array(n + 1).fill(-1);
  for (let k = n - 1; k >= 0; k--) {
    tokenEnd[k] = is(k, c.whitespace) ? k : tokenEnd[k + 1];
    schemeEnd[k] = is(k, c.scheme) ? schemeEnd[k + 1] : k;
    labelEnd[k] = is(k, c.label) ? labelEnd[k + 1] : k;
    if (is(k, c.label) && !(k > 0 && is(k - 1, c.label))) {
      const dot = labelEnd[k];
      const next = dot + 1;
      if (is(dot, c.dot) && is(next, c.label)) {
        const tld = tldLength(cps, c.letterOrDigit, next);
        chainEnd[k] = chainEnd[next] >= 0 ? chainEnd[next] : tld > 0 ? next + tld : -1;
      }
    }
  }

  const links: Array<[number, number]> = [];
  for (let k = 0; k < n;) {
    let end = -1;
    if (is(k, c.lower)) {
      // [a-z][a-z0-9+.-]*://\S+ : "://" can only follow the whole run of scheme characters.
      const colon = schemeEnd[k];
      if (cps[colon] === COLON && cps[colon + 1] === SLASH && cps[colon + 2] === SLASH && colon + 3 < n && !is(colon + 3, c.whitespace)) {
        end = tokenEnd[colon + 3];
      }
    }
    if (end < 0 && cps[k] === W && cps[k + 1] === W && cps[k + 2] === W && is(k + 3, c.dot) && k + 4 < n && !is(k + 4, c.whitespace)) {
      end = tokenEnd[k + 4];
    }
    if (end < 0 && is(k, c.label) && !(k > 0 && (is(k - 1, c.label) || cps[k - 1] === UNDERSCORE)) && chainEnd[k] >= 0) {
      end = chainEnd[k];
      // An optional path, query or fragment, to the end of the token.
      if (end < n && (cps[end] === SLASH || cps[end] === QUESTION_MARK || cps[end] === NUMBER_SIGN)) end = tokenEnd[end];
    }
    if (end < 0) {
      k++;
    } else {
      links.push([at[k], at[end]]);
      k = end;
    }
  }
  return links;
}

/**
 * The length of the first top-level domain at `k` (in the expression's order)
 * that no letter or digit follows; 0 if none. "top" is not "to" followed by a
 * letter: the next one is tried, as the expression backtracks.
 */
function tldLength(cps: number[], letterOrDigit: Uint8Array, k: number): number {
  for (const tld of TLDS) {
    let i = 0;
    while (i < tld.length && cps[k + i] === tld[i]) i++;
    if (i === tld.length && letterOrDigit[k + i] !== 1) return i;
  }
  return 0;
}
