/**
 * Per-message latency of the message-review handler with 1,000 denied terms and
 * 500-code-point messages (clean, dirty, worst case), beside a naive baseline
 * (a loop of `includes` over the terms) in the same run; cold init time and
 * bundle size.
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/review.ts [messagesPerCase]
 *
 * Needs the bundle: `npx projen bundle` (or the esbuild command in the README of
 * this folder's RESULTS.md). Targets: p99 ≤ 1 ms per message, init ≤ 50 ms.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { MessageMatcher } from '../lambda/message-review/matcher';
import { reviewEvent, ReviewerState } from '../lambda/message-review/review';
import type { ReviewConfigFile } from '../src/private/shared/review-contract';

const MESSAGES_PER_CASE = Number(process.argv[2] ?? 100_000);
const TERM_COUNT = 1_000;
const MESSAGE_CODE_POINTS = 500;
const COLD_STARTS = 15;
const BUNDLE = path.join(__dirname, '..', 'assets', 'lambda', 'message-review', 'index', 'index.js');

/* eslint-disable no-bitwise -- a PRNG is bit arithmetic */
/** Deterministic PRNG so every run measures the same messages. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */
const random = mulberry32(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function word(min: number, max: number, alphabet = LETTERS): string {
  const length = min + Math.floor(random() * (max - min + 1));
  let w = '';
  for (let i = 0; i < length; i++) w += pick([...alphabet]);
  return w;
}

// 1,000 terms: mostly Latin words of 4–10 letters, some with accents, some
// Cyrillic, some two-word phrases, some Han; they share prefixes like real lists do.
const terms: string[] = [];
const termSet = new Set<string>();
while (terms.length < TERM_COUNT) {
  const r = random();
  const t = r < 0.75 ? word(4, 10)
    : r < 0.85 ? word(3, 6) + pick(['é', 'ü', 'ñ', 'ø']) + word(1, 3)
      : r < 0.92 ? word(4, 8, 'абвгдежзиклмнопрстуфхцчшщ')
        : r < 0.97 ? `${word(3, 6)} ${word(3, 6)}`
          : word(2, 3, '笨蛋傻瓜混账垃圾白痴');
  if (!termSet.has(t)) {
    termSet.add(t);
    terms.push(t);
  }
}
const latinTerms = terms.filter((t) => /^[a-z]+$/.test(t));

/** Words guaranteed not to be terms: they contain a digit, and no term does. */
function cleanWord(): string {
  return `${word(1, 4)}7${word(0, 3)}`;
}

/** Fills `parts` with words until the message has exactly 500 code points. */
function toLength(parts: string[]): string {
  let s = parts.join(' ');
  while ([...s].length < MESSAGE_CODE_POINTS) s += ` ${cleanWord()}`;
  return [...s].slice(0, MESSAGE_CODE_POINTS).join('');
}

function cleanMessage(): string {
  return toLength([]);
}

/** Clean text with three denied terms, one of them full-width and capitalized, so the Unicode path runs. */
function dirtyMessage(): string {
  const parts = Array.from({ length: 60 }, cleanWord);
  const fullWidth = (s: string) => [...s.toUpperCase()].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
  parts[5] = pick(latinTerms);
  parts[25] = fullWidth(pick(latinTerms));
  parts[45] = `${pick(terms)}!`;
  return toLength(parts);
}

/**
 * The worst case found for this matcher: every word is a term's longest proper
 * prefix (the trie walk goes deepest and then fails), written in full-width
 * letters with combining accents and emoji (the per-grapheme folding path) and
 * a dot (the link expression runs at every word), with masking on, so every span
 * is collected.
 */
function worstMessage(): string {
  let s = '';
  while ([...s].length < MESSAGE_CODE_POINTS) {
    const t = pick(latinTerms);
    const prefix = t.slice(0, -1);
    s += [...prefix].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('') + '\u0301😀. ';
  }
  return [...s].slice(0, MESSAGE_CODE_POINTS).join('');
}

interface Stats { p50: number; p99: number; max: number; mean: number }

function stats(samples: Float64Array): Stats {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  let sum = 0;
  for (const x of sorted) sum += x;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1], mean: sum / sorted.length };
}

/**
 * Times `fn` on `count` messages drawn round-robin from `pool`, in microseconds:
 * wall time, and CPU time of the process, which a busy machine's preemption
 * does not inflate (garbage collection still counts in both).
 */
function measure(pool: string[], count: number, fn: (content: string) => unknown): { wall: Stats; cpu: Stats } {
  for (let i = 0; i < 2_000; i++) fn(pool[i % pool.length]); // warm-up: let V8 optimize
  const wall = new Float64Array(count);
  const cpu = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const content = pool[i % pool.length];
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    fn(content);
    wall[i] = Number(process.hrtime.bigint() - start) / 1_000;
    const used = process.cpuUsage(cpuStart);
    cpu[i] = used.user + used.system;
  }
  return { wall: stats(wall), cpu: stats(cpu) };
}

function config(action: 'DENY' | 'MASK', extra: Partial<ReviewConfigFile> = {}): ReviewConfigFile {
  return {
    version: 1,
    deniedTerms: terms,
    deniedPatterns: ['fr[e3]{2}\\s*v[i1]dz', '\\b\\d{3}[-.\\s]?\\d{3}[-.\\s]?\\d{4}\\b'],
    action,
    maskCharacter: '*',
    ignoreAccents: false,
    maxLinks: 2,
    maxRepeatedCharacters: 8,
    reasonAttribute: 'reviewReason',
    ...extra,
  };
}

function naive(termList: string[]): (content: string) => boolean {
  return (content) => {
    const lower = content.toLowerCase();
    for (const t of termList) {
      if (lower.includes(t)) return true;
    }
    return false;
  };
}

function coldInit(configFile: string): { initMs: number; firstMs: number } {
  const script = `
    const t0 = process.hrtime.bigint();
    const m = require(${JSON.stringify(BUNDLE)});
    const t1 = process.hrtime.bigint();
    m.handler({ Content: 'hello there', MessageId: 'x', RoomArn: 'r', Attributes: {}, Sender: { UserId: 'u' } }).then(() => {
      const t2 = process.hrtime.bigint();
      console.log(JSON.stringify({ initMs: Number(t1 - t0) / 1e6, firstMs: Number(t2 - t1) / 1e6 }));
    });`;
  const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, REVIEW_CONFIG_PATH: configFile } });
  return JSON.parse(out.toString());
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function main() {
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(`The bundle is missing at ${BUNDLE}; run \`npx projen bundle\` first`);
  }
  const loadBefore = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const pools = {
    clean: Array.from({ length: 500 }, cleanMessage),
    dirty: Array.from({ length: 500 }, dirtyMessage),
    worst: Array.from({ length: 500 }, worstMessage),
  };
  for (const [name, pool] of Object.entries(pools)) {
    for (const m of pool) {
      if ([...m].length !== MESSAGE_CODE_POINTS) throw new Error(`${name} message has ${[...m].length} code points`);
    }
  }

  const deny: ReviewerState = { matcher: MessageMatcher.compile(config('DENY')), reasonAttribute: 'reviewReason' };
  const mask: ReviewerState = { matcher: MessageMatcher.compile(config('MASK')), reasonAttribute: 'reviewReason' };
  const event = (Content: string) => ({ Content, MessageId: 'AbCdEfGhIjKl', RoomArn: 'arn', Attributes: { a: 'b' }, Sender: { UserId: 'u' } });
  const check = (state: ReviewerState, content: string) => reviewEvent(state, event(content));
  // The pools are what they claim to be.
  for (const m of pools.clean) {
    const r = check(deny, m);
    if (r.ReviewResult !== 'ALLOW') throw new Error(`a clean message was denied (${r.Attributes.reviewReason}): ${check(mask, m).Content}`);
  }
  if (pools.dirty.some((m) => check(deny, m).ReviewResult !== 'DENY')) throw new Error('a dirty message was allowed');

  const naiveFn = naive(terms);
  const rows: Array<[string, string, { wall: Stats; cpu: Stats }]> = [];
  for (const [name, pool] of Object.entries(pools)) {
    rows.push([name, 'handler, DENY', measure(pool, MESSAGES_PER_CASE, (c) => check(deny, c))]);
    rows.push([name, 'handler, MASK', measure(pool, MESSAGES_PER_CASE, (c) => check(mask, c))]);
    rows.push([name, 'naive includes loop', measure(pool, MESSAGES_PER_CASE, naiveFn)]);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'review-bench-'));
  const small = path.join(tmp, 'config-1000.json');
  fs.writeFileSync(small, JSON.stringify(config('MASK')));
  const bigTerms = Array.from({ length: 20_000 }, (_, i) => `${word(4, 10)}${i}`);
  const big = path.join(tmp, 'config-20000.json');
  fs.writeFileSync(big, JSON.stringify(config('MASK', { deniedTerms: bigTerms })));
  const colds = (file: string) => Array.from({ length: COLD_STARTS }, () => coldInit(file));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const cold1k = colds(small);
  const cold20k = colds(big);
  fs.rmSync(tmp, { recursive: true, force: true });

  const bundle = fs.readFileSync(BUNDLE);
  const gzipped = zlib.gzipSync(bundle).length;

  console.log(`Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; `
    + `${TERM_COUNT} terms, ${MESSAGE_CODE_POINTS}-code-point messages, ${MESSAGES_PER_CASE.toLocaleString('en')} messages per row\n`);
  console.log(`Load average before: ${loadBefore}, after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  console.log('| messages | reviewer | p50 µs | p99 µs | max µs | mean µs | CPU p50 µs | CPU p99 µs |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, what, { wall, cpu }] of rows) {
    console.log(`| ${name} | ${what} | ${fmt(wall.p50)} | ${fmt(wall.p99)} | ${fmt(wall.max)} | ${fmt(wall.mean)} | ${fmt(cpu.p50)} | ${fmt(cpu.p99)} |`);
  }
  const initRow = (label: string, xs: Array<{ initMs: number; firstMs: number }>) =>
    `| ${label} | ${fmt(median(xs.map((x) => x.initMs)))} | ${fmt(Math.max(...xs.map((x) => x.initMs)))} | ${fmt(median(xs.map((x) => x.firstMs)))} |`;
  console.log(`\nCold init (require of the bundle: read config.json, compile; ${COLD_STARTS} fresh processes each)\n`);
  console.log('| configuration | init median ms | init max ms | first message median ms |');
  console.log('|---|---:|---:|---:|');
  console.log(initRow('1,000 terms', cold1k));
  console.log(initRow('20,000 terms (the limit)', cold20k));
  console.log(`\nBundle: ${bundle.length.toLocaleString('en')} bytes (${gzipped.toLocaleString('en')} gzipped), @aws-sdk not needed`);
}

main();
