import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { Figures, withHangGuard } from './fuzz-helpers';
import type { ReviewResponse } from '../../lambda/message-review';
import type { ReviewConfigFile } from '../../src/private/shared/review-contract';

/**
 * Fuzzing the message review handler: random events (any JSON, random
 * Unicode with lone surrogates, combining marks and ligatures, huge content, odd
 * attributes) through the exported handler, under a DENY and a MASK
 * configuration. Always `{ ReviewResult: 'ALLOW' | 'DENY', Content: string,
 * Attributes: object of strings }`, never a rejection, and fast: the room gives
 * the handler 200 ms in all; the guard only catches hangs (1 s), the figures
 * report the real times.
 */

const SEED = 0x4e71e3;
const RUNS = 5_000;
const HANG_MS = 1_000;
/** `denied-term,denied-pattern,links,repeated-character,bidi-control`: what a reason attribute's value can reach. */
const LONGEST_REASON_VALUE = 'denied-term,denied-pattern,links,repeated-character,bidi-control'.length;
const REASONS = ['denied-term', 'denied-pattern', 'links', 'repeated-character', 'bidi-control', 'too-long', 'malformed-event', 'reviewer-error'];

// A hang guard for thousands of cases: about 20 s of CPU, which took over
// 60 s on a shared two-core machine at a load of about ten.
jest.setTimeout(180_000);

const TERMS = ['bad', 'crap', 'naïve', 'straße', 'ﬀ', 'İstanbul', '日本', 'a b', 'x-y', 'café'];
const CONFIGS: Record<string, ReviewConfigFile> = {
  DENY: {
    version: 1,
    deniedTerms: TERMS,
    deniedPatterns: ['fr[e3]{2}\\s*v[i1]dz', '\\d{3}-\\d{4}'],
    action: 'DENY',
    maskCharacter: '*',
    ignoreAccents: false,
    maxLinks: 1,
    maxRepeatedCharacters: 4,
    reasonAttribute: 'reviewReason',
  },
  MASK: {
    version: 1,
    deniedTerms: TERMS,
    deniedPatterns: ['x+y', '\\p{Emoji_Presentation}{3,}'],
    action: 'MASK',
    maskCharacter: '♥',
    ignoreAccents: true,
    maxLinks: 0,
    maxRepeatedCharacters: 2,
    reasonAttribute: 'moderation',
  },
};

type Handler = (event: unknown) => Promise<ReviewResponse>;

/** The exported handler, initialised from a configuration file as in a Lambda container. */
function loadHandler(config: ReviewConfigFile, dir: string): Handler {
  const file = path.join(dir, `${config.action}.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  process.env.REVIEW_CONFIG_PATH = file;
  let loaded!: Handler;
  jest.isolateModules(() => {
    // A fresh registry re-runs the handler's init, which reads REVIEW_CONFIG_PATH.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('../../lambda/message-review').handler;
  });
  delete process.env.REVIEW_CONFIG_PATH;
  return loaded;
}

// ---- Events ----

/** Units that stress folding and masking: lone surrogates, combining marks, ZWJ sequences, ligatures, case-changing letters, bidi controls. */
const trickyUnit = fc.constantFrom(
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u0301', '\u0308', '\u200D', '\u200B', '\u202E', '\uFEFF', '\u0000',
  'ﬀ', 'ß', 'İ', 'ı', 'ǅ', 'ŉ', 'ΐ', 'ﬁ', '👨‍👩‍👧', '🏳️‍🌈', '😀', 'é', 'e\u0301', 'Ａ', 'ｂａｄ', '。', '.', '/', ':', ' ', '\n', '\t',
  'b', 'a', 'd', 'x', 'y', '1', '3', 'www.', 'https://', '.com',
);
const content = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.oneof(trickyUnit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 200 }) },
  { weight: 2, arbitrary: fc.constantFrom(...TERMS).chain((t) => fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(t, t.toUpperCase(), t.normalize('NFD')), fc.string({ maxLength: 10 }))).map((p) => p.join(' ')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 500 }) },
  { weight: 1, arbitrary: fc.constantFrom(499, 500, 1_000, 4_095, 4_096, 4_097, 100_000).chain((n) => fc.constantFrom('a', 'é', '😀', '\uD800', 'bad ', 'ﬀ').map((u) => u.repeat(Math.ceil(n / u.length)).slice(0, n))) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'free vidz', 'fr33 v1dz', '555-1234', 'see a.com b.net www.x.io', '!!!!!!!!', 'xxxxyyyy', '😀😀😀😀') },
);
const garbage = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
const attributes = fc.oneof(
  fc.dictionary(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('reviewReason', 'moderation', '__proto__', 'constructor')),
    fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: fc.oneof(trickyUnit, fc.string({ maxLength: 1 })), maxLength: 50 }) },
      { weight: 1, arbitrary: garbage },
    ),
    { maxKeys: 8, noNullPrototype: true }),
  fc.record({ big: fc.constantFrom('x'.repeat(1_000), 'x'.repeat(1_020), '😀'.repeat(300)) }),
  garbage,
);

const wellFormed = fc.record({
  Content: content,
  MessageId: fc.oneof(fc.constant('AbCdEfGhIjKl'), garbage),
  RoomArn: fc.constant('arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl'),
  Attributes: attributes,
  Sender: fc.oneof(fc.record({ UserId: fc.string(), Attributes: attributes, Ip: fc.constant('192.0.2.1') }), garbage),
}, { requiredKeys: [] });

const event = fc.oneof(
  { weight: 8, arbitrary: wellFormed },
  { weight: 1, arbitrary: fc.record({ Content: garbage, Attributes: attributes }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.oneof(garbage, fc.constant(null), fc.string()) },
);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-fuzz-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(Object.keys(CONFIGS))('%s configuration', (action) => {
  test(`${RUNS.toLocaleString('en')} random events: always a well-formed response, never a rejection or a hang`, async () => {
    const config = CONFIGS[action];
    const handler = loadHandler(config, dir);
    const figures = new Figures();
    const results: Record<string, number> = {};
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    try {
      await fc.assert(fc.asyncProperty(event, async (e) => {
        const outcome = await withHangGuard(() => handler(e), HANG_MS, figures);
        if (!outcome.ok) throw new Error(`the handler rejected: ${String(outcome.error)}`);
        const response = outcome.value;
        figures.resolved++;

        expect(Object.keys(response).sort()).toEqual(['Attributes', 'Content', 'ReviewResult']);
        expect(['ALLOW', 'DENY']).toContain(response.ReviewResult);
        expect(typeof response.Content).toBe('string');
        expect(isObject(response.Attributes)).toBe(true);
        expect(Object.values(response.Attributes).every((v) => typeof v === 'string')).toBe(true);

        const reason = response.Attributes[config.reasonAttribute];
        const reasons = reason === undefined ? [] : reason.split(',');
        expect(reasons.every((r) => REASONS.includes(r))).toBe(true);
        const label = `${response.ReviewResult} ${reason ?? '(no reason)'}`;
        results[label] = (results[label] ?? 0) + 1;

        const sent = isObject(e) ? e.Content : undefined;
        if (typeof sent !== 'string' || sent.length > 4_096) {
          // Malformed: DENY fails closed, with the content if it was a string.
          expect(response.ReviewResult).toBe('DENY');
          expect(response.Content).toBe(typeof sent === 'string' ? sent : '');
        } else if (response.ReviewResult === 'DENY') {
          expect(response.Content).toBe(sent);
          // A MASK configuration denies only what it cannot review or mask within its work bounds.
          if (config.action === 'MASK' && reason !== undefined) expect(reasons).toContain(reasons.includes('too-long') ? 'too-long' : 'denied-pattern');
          if (config.action === 'MASK' && reason === undefined) expect(config.deniedPatterns.length).toBeGreaterThan(0);
        } else if (config.action === 'DENY') {
          // DENY configuration: a message is denied or passes untouched.
          expect(reasons).toEqual([]);
          expect(response.Content).toBe(sent);
        } else if (response.Content !== sent && reasons.length === 0) {
          // A masked message says why, unless the reason does not fit in the 1 KB of attributes.
          const bytes = Object.entries(response.Attributes).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
          expect(bytes + Buffer.byteLength(config.reasonAttribute) + LONGEST_REASON_VALUE).toBeGreaterThan(1_024);
        }
        // What IVS Chat receives is JSON.
        expect(() => JSON.stringify(response)).not.toThrow();
      }), { seed: SEED, numRuns: RUNS });
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }

    figures.report(`message review (${action})`, { results });
    expect(figures.maxMs).toBeLessThan(HANG_MS);
  });
});
