/**
 * The message-review handler against the reviewer as it was before the
 * security round (a baseline built from git in the same run): per-message
 * latency on ordinary and adversarial messages of 500 code points,
 * catastrophic patterns, cold init and bundle size.
 *
 *   npx projen bundle
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/review.ts [maxMessagesPerRow=20000] [baselineCommit]
 *
 * The baseline is `lambda/message-review` and `src/private/shared` of
 * `baselineCommit` (default: the last commit before this change), bundled with
 * the build's esbuild settings into `bench/out/`. Both bundles are loaded as
 * Lambda loads them (`require`, configuration from `REVIEW_CONFIG_PATH`) and
 * called the same way. Figures are per message: wall time (`hrtime`) and CPU
 * time of the process (`cpuUsage`, which preemption by other processes does not
 * inflate). Raw figures go to `bench/out/review.json`.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { median, percentile } from './stats';
import type { ReviewConfigFile } from '../src/private/shared/review-contract';

const MAX_MESSAGES_PER_ROW = Number(process.argv[2] ?? 20_000);
const BASELINE_COMMIT = process.argv[3] ?? '25a7576';
/** A row stops after this much wall time, whatever its count (the baseline takes milliseconds per message on some pools). */
const ROW_SECONDS = 8;
const MIN_MESSAGES_PER_ROW = 200;
const TERM_COUNT = 1_000;
const MESSAGE_CODE_POINTS = 500;
const COLD_STARTS = 15;
/** Per catastrophic-pattern run in a child process: the baseline's exponential cases stop here. */
const CATASTROPHIC_TIMEOUT_MS = 10_000;

const ROOT = path.join(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const CURRENT = path.join(ROOT, 'assets', 'lambda', 'message-review', 'index', 'index.js');

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

// ---- Terms and configurations ----

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

/** The example's rules: 1,000 terms, two patterns, two links, runs of eight. */
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

// ---- Messages: pools of exactly 500 code points ----

/** Words guaranteed not to be terms: they contain a digit, and no term does. */
function cleanWord(): string {
  return `${word(1, 4)}7${word(0, 3)}`;
}

/** Cuts or pads (with clean words) to exactly 500 code points. */
function toLength(s: string, pad = () => ` ${cleanWord()}`): string {
  let out = s;
  while ([...out].length < MESSAGE_CODE_POINTS) out += pad();
  return [...out].slice(0, MESSAGE_CODE_POINTS).join('');
}

const fullWidth = (s: string) => [...s].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
const pool = (make: () => string, size = 500) => Array.from({ length: size }, make);

const ORDINARY: Record<string, string[]> = {
  'clean (ASCII words, no term)': pool(() => toLength('')),
  'dirty (three terms, one full-width)': pool(() => {
    const parts = Array.from({ length: 60 }, cleanWord);
    parts[5] = pick(latinTerms);
    parts[25] = fullWidth(pick(latinTerms).toUpperCase());
    parts[45] = `${pick(terms)}!`;
    return toLength(parts.join(' '));
  }),
  // Every word a term's longest proper prefix (the trie walk goes deepest and
  // fails), full-width with an accent, an emoji and a dot: the slow folding path.
  'trie worst case (prefixes, full-width, accents)': pool(() => toLength('', () => {
    const prefix = pick(latinTerms).slice(0, -1);
    return `${fullWidth(prefix)}\u0301😀. `;
  })),
};

const ADVERSARIAL: Record<string, string[]> = {
  'links: "\\u33c2" × 500 (folds to a.m. × 500)': ['\u33c2'.repeat(500)],
  'links: "a." × 250': ['a.'.repeat(250)],
  'links: labels like TLDs ("comx." × 100)': ['comx.'.repeat(100)],
  'links: a chain ending in a TLD ("a." × 248 + "com")': [`${'a.'.repeat(248)}com!`.slice(0, 500)],
  'links: non-ASCII labels ("é." × 250)': ['é.'.repeat(250)],
  'folding: "\\uFDFA" × 500 (18 characters each)': ['\uFDFA'.repeat(500)],
  'folding: "\\u3300" × 500 (squared katakana, 4 each)': ['\u3300'.repeat(500)],
  'marks: strike-through on every letter': pool(() => toLength('', () => [...cleanWord()].map((c) => `${c}\u0336`).join('') + ' '), 50),
  'marks: Zalgo (9 marks on each letter)': pool(() => toLength('', () => `${pick([...LETTERS])}\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308`), 50),
  'bidi: overrides around every word': pool(() => toLength('', () => `\u202E${cleanWord()}\u202C `), 50),
  'jamo: conjoining Hangul (3 per syllable)': pool(() => toLength('', () => `\u1107\u1161\u11B8${pick(['\u1100', '\u1102'])}\u1161 `), 50),
  'repeats: one letter × 500': ['a'.repeat(500)],
  'patterns: 10-digit runs (phone-number look-alikes)': pool(() => toLength('', () => `${Math.floor(random() * 1e10)} `), 50),
};

for (const [name, messages] of Object.entries({ ...ORDINARY, ...ADVERSARIAL })) {
  for (const m of messages) {
    if ([...m].length !== MESSAGE_CODE_POINTS) throw new Error(`${name}: a message has ${[...m].length} code points`);
  }
}

// ---- Bundles ----

/** The baseline: the handler's sources at `commit`, bundled as the build bundles them. */
function buildBaseline(commit: string): string {
  const sha = execFileSync('git', ['rev-parse', '--short', commit], { cwd: ROOT }).toString().trim();
  const dir = path.join(OUT, `baseline-${sha}`);
  const bundle = path.join(dir, 'index.js');
  if (!fs.existsSync(bundle)) {
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    const archive = execFileSync('git', ['archive', sha, 'lambda/message-review', 'src/private/shared'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', path.join(dir, 'src')], { input: archive });
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), [
      '--bundle', path.join(dir, 'src', 'lambda', 'message-review', 'index.ts'), '--target=node22', '--platform=node',
      `--outfile=${bundle}`, '--external:@aws-sdk/*', '--log-level=warning',
    ], { cwd: ROOT });
  }
  return bundle;
}

type Handler = (event: unknown) => Promise<{ ReviewResult: string; Content: string; Attributes: Record<string, string> }>;

/** Loads a bundle as a fresh Lambda container would, with `cfg` as its configuration. */
function load(bundle: string, cfg: ReviewConfigFile): Handler {
  const file = path.join(OUT, `config-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(cfg));
  process.env.REVIEW_CONFIG_PATH = file;
  delete require.cache[require.resolve(bundle)];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(bundle) as { handler: Handler };
  delete process.env.REVIEW_CONFIG_PATH;
  fs.rmSync(file);
  return handler;
}

const event = (Content: string) => ({ Content, MessageId: 'AbCdEfGhIjKl', RoomArn: 'arn', Attributes: { a: 'b' }, Sender: { UserId: 'u' } });

// ---- Measuring ----

interface Stats { readonly count: number; readonly p50: number; readonly p99: number; readonly max: number }

function stats(samples: number[]): Stats {
  return { count: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), max: percentile(samples, 100) };
}

/**
 * Calls the handler on messages drawn round-robin from the pool, in
 * microseconds, after a warm-up; stops at `MAX_MESSAGES_PER_ROW` or after
 * `ROW_SECONDS` (with at least `MIN_MESSAGES_PER_ROW`).
 */
function measure(handler: Handler, messages: string[]): { wall: Stats; cpu: Stats } {
  const warmUp = Math.min(2_000, Math.max(20, MAX_MESSAGES_PER_ROW / 10));
  const warmUntil = process.hrtime.bigint() + BigInt(ROW_SECONDS / 4 * 1e9);
  for (let i = 0; i < warmUp && process.hrtime.bigint() < warmUntil; i++) void handler(event(messages[i % messages.length]));
  const wall: number[] = [];
  const cpu: number[] = [];
  const stopAt = process.hrtime.bigint() + BigInt(ROW_SECONDS * 1e9);
  for (let i = 0; i < MAX_MESSAGES_PER_ROW && (i < MIN_MESSAGES_PER_ROW || process.hrtime.bigint() < stopAt); i++) {
    const e = event(messages[i % messages.length]);
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    // The handler's work is synchronous; its promise is already settled when it returns.
    void handler(e);
    wall.push(Number(process.hrtime.bigint() - start) / 1_000);
    const used = process.cpuUsage(cpuStart);
    cpu.push(used.user + used.system);
  }
  return { wall: stats(wall), cpu: stats(cpu) };
}

/** One message through a fresh process, or `undefined` if it did not finish within the timeout. */
function timeInChild(bundle: string, cfg: ReviewConfigFile, content: string): number | undefined {
  const file = path.join(OUT, `catastrophic-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(cfg));
  const script = `
    const { handler } = require(${JSON.stringify(bundle)});
    const content = ${JSON.stringify(content)};
    handler({ Content: 'warm up', MessageId: 'm', RoomArn: 'r', Sender: { UserId: 'u' } });
    const start = process.hrtime.bigint();
    handler({ Content: content, MessageId: 'm', RoomArn: 'r', Sender: { UserId: 'u' } });
    process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));`;
  const result = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, REVIEW_CONFIG_PATH: file }, timeout: CATASTROPHIC_TIMEOUT_MS });
  fs.rmSync(file);
  return result.status === 0 ? Number(result.stdout.toString()) : undefined;
}

/** `require` of a bundle in a fresh process: wall time, and CPU time (which preemption does not inflate), in ms. */
function coldInit(bundle: string, cfg: ReviewConfigFile): { wall: number; cpu: number } {
  const file = path.join(OUT, `cold-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(cfg));
  const script = `
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    require(${JSON.stringify(bundle)});
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const c = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ wall, cpu: (c.user + c.system) / 1e3 }));`;
  const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, REVIEW_CONFIG_PATH: file } }).toString());
  fs.rmSync(file);
  return result;
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const load1 = () => os.loadavg()[0].toFixed(1);

function main() {
  if (!fs.existsSync(CURRENT)) throw new Error(`The bundle is missing at ${CURRENT}; run \`npx projen bundle\` first`);
  fs.mkdirSync(OUT, { recursive: true });
  const baseline = buildBaseline(BASELINE_COMMIT);
  const bundles = { baseline, current: CURRENT } as const;
  const loads: string[] = [load1()];
  const raw: Record<string, unknown> = {};

  // The pools are what they claim to be (checked on the current bundle).
  const check = load(CURRENT, config('DENY'));
  for (const m of ORDINARY['clean (ASCII words, no term)']) {
    void check(event(m)).then((r) => {
      if (r.ReviewResult !== 'ALLOW') throw new Error(`a clean message was denied (${r.Attributes.reviewReason})`);
    });
  }
  for (const m of ORDINARY['dirty (three terms, one full-width)']) {
    void check(event(m)).then((r) => {
      if (r.ReviewResult !== 'DENY') throw new Error('a dirty message was allowed');
    });
  }

  console.log(`Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; baseline ${BASELINE_COMMIT}; `
    + `${TERM_COUNT} terms, ${MESSAGE_CODE_POINTS}-code-point messages, up to ${MAX_MESSAGES_PER_ROW.toLocaleString('en')} `
    + `messages or ${ROW_SECONDS} s per row\n`);
  // CPU p99 is the comparison: on a shared machine the wall-time p99 is mostly preemption.
  console.log('| messages | action | n | p50 µs, baseline → current | CPU p99 µs, baseline → current | CPU p99 ratio | wall p99 µs, baseline → current |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  const row = (label: string, action: string, b: { wall: Stats; cpu: Stats }, c: { wall: Stats; cpu: Stats }) =>
    console.log(`| ${label} | ${action} | ${Math.min(b.wall.count, c.wall.count).toLocaleString('en')} | ${fmt(b.wall.p50)} → ${fmt(c.wall.p50)} | `
      + `${fmt(b.cpu.p99)} → ${fmt(c.cpu.p99)} | ${(c.cpu.p99 / b.cpu.p99).toFixed(2)} | ${fmt(b.wall.p99)} → ${fmt(c.wall.p99)} |`);
  const rows: unknown[] = [];
  for (const [kind, pools] of [['ordinary', ORDINARY], ['adversarial', ADVERSARIAL]] as const) {
    for (const [name, messages] of Object.entries(pools)) {
      for (const action of ['DENY', 'MASK'] as const) {
        const b = measure(load(bundles.baseline, config(action)), messages);
        const c = measure(load(bundles.current, config(action)), messages);
        rows.push({ kind, name, action, baseline: b, current: c });
        row(`${kind}: ${name}`, action, b, c);
      }
      loads.push(load1());
    }
  }
  raw.rows = rows;

  // A pattern whose DFA cannot be cached (x, then up to 30 of anything, then y),
  // fed x and z at random: the baseline's backtracking is harmless here; RE2 falls back to its NFA.
  const dfaHostile: ReviewConfigFile = config('DENY', { deniedPatterns: ['x.{0,30}y'] });
  const xz = pool(() => Array.from({ length: MESSAGE_CODE_POINTS }, () => (random() < 0.5 ? 'x' : 'z')).join(''), 50);
  const bx = measure(load(bundles.baseline, dfaHostile), xz);
  const cx = measure(load(bundles.current, dfaHostile), xz);
  row('adversarial: x/z at random against `x.{0,30}y` (a DFA that cannot be cached)', 'DENY', bx, cx);
  raw.dfaHostile = { baseline: bx, current: cx };
  loads.push(load1());

  // Catastrophic patterns: one message through a fresh process, growing until the baseline gives up.
  console.log(`\nCatastrophic patterns, one message in a fresh process (ms; "> ${CATASTROPHIC_TIMEOUT_MS / 1000} s" = killed)\n`);
  // The current bundle's figures are its first message after start-up, so they include compiling the code.
  const catastrophic: Array<[string, (n: number) => string]> = [
    ['(a|aa)+b', (n) => 'a'.repeat(n)],
    ['(\\w|\\d)+@', (n) => '1'.repeat(n)],
    ['free(.|\\s)*nitro', (n) => `free${' '.repeat(n - 4)}`],
    ['(?:\\s|\\p{Z})*x', (n) => ' '.repeat(n)],
    ['(a{1,2})+b', (n) => 'a'.repeat(n)],
  ];
  const lengths = [20, 24, 28, 32, 500];
  console.log(`| pattern | ${lengths.map((n) => `baseline, ${n} cp`).join(' | ')} | current, ${lengths.join(' / ')} cp |`);
  console.log(`|---|${lengths.map(() => '---:').join('|')}|---:|`);
  const catastrophicRows: unknown[] = [];
  for (const [pattern, input] of catastrophic) {
    const cfg = config('DENY', { deniedTerms: [], deniedPatterns: [pattern] });
    const base: Array<number | undefined> = [];
    for (const n of lengths) {
      // Once the baseline is killed at one length, longer ones take longer still.
      base.push(base.length > 0 && base[base.length - 1] === undefined ? undefined : timeInChild(bundles.baseline, cfg, input(n)));
    }
    const cur = lengths.map((n) => timeInChild(bundles.current, cfg, input(n)));
    const show = (x: number | undefined) => (x === undefined ? `> ${CATASTROPHIC_TIMEOUT_MS / 1000} s` : fmt(x));
    console.log(`| \`${pattern}\` | ${base.map(show).join(' | ')} | ${cur.map(show).join(' / ')} |`);
    catastrophicRows.push({ pattern, lengths, baseline: base, current: cur });
  }
  raw.catastrophic = catastrophicRows;
  loads.push(load1());

  // Cold init: require of each bundle (read config.json, compile) in fresh processes, alternating.
  const configurations: Record<string, ReviewConfigFile> = {
    '1,000 terms and 2 patterns': config('MASK'),
    '1,000 terms, no pattern': config('MASK', { deniedPatterns: [] }),
    '20,000 terms (the limit) and 2 patterns': config('MASK', { deniedTerms: Array.from({ length: 20_000 }, (_, i) => `${word(4, 10)}${i}`) }),
  };
  const inits: Record<string, Array<{ wall: number; cpu: number }>> = {};
  for (let i = 0; i < COLD_STARTS; i++) {
    for (const [label, cfg] of Object.entries(configurations)) {
      for (const [name, bundle] of Object.entries(bundles)) {
        (inits[`${name}, ${label}`] ??= []).push(coldInit(bundle, cfg));
      }
    }
  }
  console.log(`\nCold init: require of the bundle, ${COLD_STARTS} fresh processes each, alternating\n`);
  console.log('| bundle and configuration | wall median ms | wall max ms | CPU median ms |');
  console.log('|---|---:|---:|---:|');
  for (const [name, xs] of Object.entries(inits)) {
    console.log(`| ${name} | ${fmt(median(xs.map((x) => x.wall)))} | ${fmt(Math.max(...xs.map((x) => x.wall)))} | ${fmt(median(xs.map((x) => x.cpu)))} |`);
  }
  raw.inits = inits;

  console.log('\n| bundle | bytes | gzip bytes |');
  console.log('|---|---:|---:|');
  for (const [name, bundle] of Object.entries(bundles)) {
    const bytes = fs.readFileSync(bundle);
    console.log(`| ${name} | ${bytes.length.toLocaleString('en')} | ${zlib.gzipSync(bytes).length.toLocaleString('en')} |`);
  }
  loads.push(load1());
  console.log(`\nLoad average (1 min) at each stage: ${loads.join(', ')}`);
  raw.loads = loads;
  fs.writeFileSync(path.join(OUT, 'review.json'), JSON.stringify(raw, null, 1));
}

main();
