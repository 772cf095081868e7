"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// lambda/message-review/index.ts
var index_exports = {};
__export(index_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(index_exports);
var path = __toESM(require("path"));

// lambda/message-review/config.ts
var import_fs = require("fs");

// src/private/shared/review-text.ts
var GRAPHEME = new RegExp("[^][\\p{M}]*(?:(?:\\p{Emoji_Modifier}|[\\u{E0020}-\\u{E007F}]|\\u200D\\p{Extended_Pictographic})\\p{M}*)*", "gu");
var IGNORABLE = new RegExp("\\p{Default_Ignorable_Code_Point}", "gu");
var DIACRITICS = /[\u0300-\u036f]/g;
var ASCII = /^[\x00-\x7f]*$/;
var FINAL_SIGMA = /ς/g;
var FOLD_CACHE_SIZE = 4096;
function foldGrapheme(grapheme, options) {
  let s = grapheme.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC").replace(FINAL_SIGMA, "\u03C3");
  if (options.ignoreAccents) {
    s = s.normalize("NFKD").replace(DIACRITICS, "").normalize("NFKC");
  }
  return s.replace(IGNORABLE, "");
}
function foldText(original, options, cache) {
  if (ASCII.test(original)) {
    return { original, text: original.toLowerCase() };
  }
  const parts = [];
  const owners = [];
  const starts = [];
  const invisible = [];
  for (const match of original.matchAll(GRAPHEME)) {
    const grapheme = match[0];
    const index = starts.length;
    starts.push(match.index);
    const code = grapheme.charCodeAt(0);
    let folded;
    if (grapheme.length === 1 && code < 128) {
      folded = grapheme.toLowerCase();
    } else {
      folded = cache?.get(grapheme);
      if (folded === void 0) {
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
    text: parts.join(""),
    unitToGrapheme: Uint32Array.from(owners),
    graphemeStarts: starts,
    invisible: Uint8Array.from(invisible)
  };
}
function maskText(folded, spans, maskCharacter) {
  const { original, unitToGrapheme, graphemeStarts, invisible } = folded;
  if (!unitToGrapheme || !graphemeStarts || !invisible) {
    const masked2 = new Uint8Array(original.length);
    for (const [start, end] of spans) masked2.fill(1, start, end);
    let out2 = "";
    let runStart2 = 0;
    for (let i = 0; i <= original.length; i++) {
      if (i === original.length || masked2[i]) {
        out2 += original.slice(runStart2, i);
        if (i < original.length) out2 += maskCharacter;
        runStart2 = i + 1;
      }
    }
    return out2;
  }
  const count = graphemeStarts.length - 1;
  const masked = new Uint8Array(count);
  for (const [start, end] of spans) {
    if (end <= start) continue;
    masked.fill(1, unitToGrapheme[start], unitToGrapheme[end - 1] + 1);
  }
  let out = "";
  let runStart = 0;
  for (let g = 0; g <= count; g++) {
    if (g === count || masked[g] && !invisible[g]) {
      out += original.slice(runStart, graphemeStarts[g]);
      if (g < count) out += maskCharacter;
      runStart = graphemeStarts[g + 1];
    }
  }
  return out;
}

// lambda/message-review/matcher.ts
var LINK = new RegExp(
  "(?:[a-z][a-z0-9+.-]*://|www[.\u3002])[^\\s]+|(?<![\\p{L}\\p{N}_-])(?:[\\p{L}\\p{N}-]+[.\u3002])+(?:com|net|org|info|biz|io|co|gg|tv|me|app|dev|xyz|ru|cn|de|uk|fr|jp|br|in|us|ly|be|to|cc|link|live|site|online|top|shop|club|vip|pro|store|ws|su)(?![\\p{L}\\p{N}])(?:[/?#][^\\s]*)?",
  "gu"
);
var WORDISH = /[\p{L}\p{N}\p{M}]/u;
var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
var WHITESPACE = /\s/u;
var ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => /[a-zA-Z0-9]/.test(String.fromCharCode(c)) ? 1 : 0);
var MessageMatcher = class _MessageMatcher {
  constructor(config) {
    this.config = config;
    this.fold = { ignoreAccents: config.ignoreAccents };
    this.masking = config.action === "MASK";
    for (const term of config.deniedTerms) {
      const folded = foldText(term, this.fold).text.trim().replace(/\s+/gu, " ");
      if (folded) this.insert(folded);
    }
    this.patterns = config.deniedPatterns.map((source) => new RegExp(source, "giu"));
  }
  config;
  /** Compiles a configuration; throws on a pattern that does not compile (the construct checks them at synth). */
  static compile(config) {
    return new _MessageMatcher(config);
  }
  fold;
  root = { terminal: false };
  patterns;
  masking;
  /** Folded graphemes: per container, like the trie; folding is pure, so it only saves time. */
  foldCache = /* @__PURE__ */ new Map();
  /** Reviews one message's content. */
  review(content) {
    const folded = foldText(content, this.fold, this.foldCache);
    const findings = this.find(folded);
    if (findings.reasons.length === 0) {
      return { reasons: [], result: "ALLOW", content };
    }
    if (!this.masking) {
      return { reasons: findings.reasons, result: "DENY", content };
    }
    return { reasons: findings.reasons, result: "ALLOW", content: maskText(folded, findings.spans, this.config.maskCharacter) };
  }
  /**
   * Every rule the folded text breaks. When denying, each rule stops at its
   * first finding; when masking, every span is collected.
   */
  find(folded) {
    const reasons = [];
    const spans = [];
    const all = this.masking;
    const text = folded.text;
    if (this.root.children && this.findTerms(text, spans, all)) {
      reasons.push("denied-term");
    }
    let patternHit = false;
    for (const pattern of this.patterns) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        if (m[0].length === 0) {
          pattern.lastIndex++;
          continue;
        }
        patternHit = true;
        if (!all) break;
        spans.push([m.index, m.index + m[0].length]);
      }
      if (patternHit && !all) break;
    }
    if (patternHit) reasons.push("denied-pattern");
    const maxLinks = this.config.maxLinks;
    if (maxLinks !== void 0 && (text.includes(".") || text.includes(":") || text.includes("\u3002"))) {
      LINK.lastIndex = 0;
      let count = 0;
      for (let m = LINK.exec(text); m; m = LINK.exec(text)) {
        count++;
        if (count > maxLinks) {
          if (!all) break;
          spans.push([m.index, m.index + m[0].length]);
        }
      }
      if (count > maxLinks) reasons.push("links");
    }
    const maxRun = this.config.maxRepeatedCharacters;
    if (maxRun !== void 0 && this.findRepeats(text, maxRun, spans, all)) {
      reasons.push("repeated-character");
    }
    return { reasons, spans };
  }
  insert(term) {
    let node = this.root;
    for (let i = 0; i < term.length; i++) {
      const unit = term.charCodeAt(i);
      node.children ??= /* @__PURE__ */ new Map();
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
  findTerms(text, spans, all) {
    const root = this.root.children;
    let found = false;
    for (let i = 0; i < text.length; i++) {
      let node = root.get(text.charCodeAt(i));
      if (!node || !boundaryAt(text, i)) continue;
      let j = i + 1;
      for (; ; ) {
        if (node.terminal && boundaryAt(text, j)) {
          found = true;
          if (!all) return true;
          spans.push([i, j]);
        }
        if (j >= text.length || !node.children) break;
        const unit = text.charCodeAt(j);
        const next = node.children.get(isSpaceUnit(unit) ? 32 : unit);
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
  findRepeats(text, maxRun, spans, all) {
    let found = false;
    let previous = -1;
    let run = 0;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i);
      const width = cp > 65535 ? 2 : 1;
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
};
function boundaryAt(text, i) {
  if (i <= 0 || i >= text.length) return true;
  return !(isSpacedWordChar(codePointBefore(text, i)) && isSpacedWordChar(text.codePointAt(i)));
}
function codePointBefore(text, i) {
  const low = text.charCodeAt(i - 1);
  if (low >= 56320 && low <= 57343 && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 55296 && high <= 56319) return text.codePointAt(i - 2);
  }
  return low;
}
function isSpacedWordChar(cp) {
  if (cp < 128) return ASCII_WORD[cp] === 1;
  const c = String.fromCodePoint(cp);
  return WORDISH.test(c) && !UNSPACED.test(c);
}
function isSpaceUnit(unit) {
  return unit === 32 || unit >= 9 && unit <= 13;
}
function isWhitespace(cp) {
  if (cp < 128) return cp === 32 || cp >= 9 && cp <= 13;
  return WHITESPACE.test(String.fromCodePoint(cp));
}

// lambda/message-review/config.ts
var DEFAULT_REASON_ATTRIBUTE = "reviewReason";
function loadReviewer(file) {
  let reasonAttribute = DEFAULT_REASON_ATTRIBUTE;
  try {
    const config = JSON.parse((0, import_fs.readFileSync)(file, "utf8"));
    if (config.version !== 1) {
      throw new Error(`unsupported configuration version ${JSON.stringify(config.version)}`);
    }
    reasonAttribute = typeof config.reasonAttribute === "string" ? config.reasonAttribute : DEFAULT_REASON_ATTRIBUTE;
    return { matcher: MessageMatcher.compile(config), reasonAttribute };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(JSON.stringify({ message: "Cannot load the review configuration: every message will be denied", file, reason }));
    return { error: reason, reasonAttribute };
  }
}

// src/private/shared/review-contract.ts
var REVIEW_CONFIG_FILE = "config.json";
var REVIEW_LIMITS = {
  /** A term longer than this cannot be a word worth listing, and bounds the work per message. */
  termMaxCodePoints: 100,
  maxTerms: 2e4,
  maxPatterns: 50,
  patternMaxLength: 256,
  maxLinks: { min: 0, max: 100 },
  maxRepeatedCharacters: { min: 2, max: 500 },
  reasonAttributeMaxLength: 128,
  /** The configuration file; far below Lambda's package limit, so that init stays fast. */
  configMaxBytes: 1024 * 1024,
  /** IVS Chat message attributes are limited to 1 KB in total (keys and values, UTF-8). */
  attributesMaxBytes: 1024
};

// lambda/message-review/review.ts
var MAX_CONTENT_UNITS = 4096;
function reviewEvent(state2, event) {
  const raw = typeof event === "object" && event !== null ? event : {};
  const attributes = readAttributes(raw.Attributes, state2.reasonAttribute);
  const content = raw.Content;
  if (typeof content !== "string" || content.length > MAX_CONTENT_UNITS) {
    console.warn(JSON.stringify({
      message: "Malformed review event: answering DENY",
      eventType: event === null ? "null" : typeof event,
      keys: typeof event === "object" && event !== null ? Object.keys(event).slice(0, 20) : [],
      contentType: typeof content,
      contentLength: typeof content === "string" ? content.length : void 0
    }));
    return deny(typeof content === "string" ? content : "", attributes, ["malformed-event"], state2.reasonAttribute);
  }
  if ("error" in state2) {
    return deny(content, attributes, ["reviewer-error"], state2.reasonAttribute);
  }
  try {
    const verdict = state2.matcher.review(content);
    if (verdict.reasons.length === 0) {
      return { ReviewResult: "ALLOW", Content: content, Attributes: attributes };
    }
    return {
      ReviewResult: verdict.result,
      Content: verdict.content,
      Attributes: withReason(attributes, verdict.reasons, state2.reasonAttribute)
    };
  } catch (error) {
    console.error(JSON.stringify({
      message: "Review failed: answering DENY",
      messageId: typeof raw.MessageId === "string" ? raw.MessageId : void 0,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    }));
    return deny(content, attributes, ["reviewer-error"], state2.reasonAttribute);
  }
}
function deny(content, attributes, reasons, reasonAttribute) {
  return { ReviewResult: "DENY", Content: content, Attributes: withReason(attributes, reasons, reasonAttribute) };
}
function readAttributes(value, reasonAttribute) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {};
  }
  const entries = Object.entries(value);
  if (entries.every(([key, v]) => typeof v === "string" && key !== reasonAttribute)) {
    return value;
  }
  return Object.fromEntries(entries.filter(([key, v]) => typeof v === "string" && key !== reasonAttribute));
}
function withReason(attributes, reasons, reasonAttribute) {
  if (!reasonAttribute) {
    return attributes;
  }
  const value = reasons.join(",");
  let bytes = Buffer.byteLength(reasonAttribute) + Buffer.byteLength(value);
  for (const [k, v] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  return bytes <= REVIEW_LIMITS.attributesMaxBytes ? { ...attributes, [reasonAttribute]: value } : attributes;
}

// lambda/message-review/index.ts
var state = loadReviewer(process.env.REVIEW_CONFIG_PATH ?? path.join(__dirname, REVIEW_CONFIG_FILE));
async function handler(event) {
  return reviewEvent(state, event);
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
