import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CATASTROPHIC_ATTACKS } from './catastrophic-patterns';
import { config } from './config';
import type { ReviewConfigFile } from '../../src/private/shared/review-contract';

/**
 * Patterns that make a backtracking engine run away, each against an input of
 * 500 code points (the room maximum) built to make it backtrack, through the
 * shipped bundle in a child process, as Lambda runs it. On JavaScript's engine
 * most of these take longer than the age of the universe; the child is given
 * 60 s in all, a hang guard rather than a timing (bench/review.ts measures the
 * time). The verdicts must be right too: allowed when the pattern does not
 * match, denied or masked when it does.
 */

const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'lambda', 'message-review', 'index', 'index.js');
const HANG_GUARD_MS = 60_000;

interface Case { readonly pattern: string; readonly input: string; readonly action: 'DENY' | 'MASK' }
interface Answer { readonly ReviewResult: string; readonly Content: string; readonly Attributes: Record<string, string> }

/** Runs every case through the bundle in one child process; throws if it does not finish within the guard. */
function runInBundle(cases: Case[]): Answer[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catastrophic-'));
  try {
    const files = cases.map((c, i) => {
      const file = path.join(dir, `${i}.json`);
      const cfg: ReviewConfigFile = config({ deniedPatterns: [c.pattern], action: c.action });
      fs.writeFileSync(file, JSON.stringify(cfg));
      return file;
    });
    const script = `
      const cases = ${JSON.stringify(cases.map((c, i) => ({ input: c.input, file: files[i] })))};
      (async () => {
        const answers = [];
        for (const { input, file } of cases) {
          process.env.REVIEW_CONFIG_PATH = file;
          delete require.cache[${JSON.stringify(BUNDLE)}];
          const { handler } = require(${JSON.stringify(BUNDLE)});
          answers.push(await handler({ Content: input, MessageId: 'm', RoomArn: 'r', Attributes: {}, Sender: { UserId: 'u' } }));
        }
        process.stdout.write(JSON.stringify(answers));
      })();`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { timeout: HANG_GUARD_MS, maxBuffer: 64 * 1024 * 1024 }).toString());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('every attack is exactly 500 code points', () => {
  for (const { input } of Object.values(CATASTROPHIC_ATTACKS)) expect([...input]).toHaveLength(500);
});

test('every catastrophic pattern, on its attack input, gets its verdict from the shipped bundle (DENY and MASK)', () => {
  const cases: Case[] = Object.entries(CATASTROPHIC_ATTACKS).flatMap(([pattern, { input }]) => [
    { pattern, input, action: 'DENY' as const },
    { pattern, input, action: 'MASK' as const },
  ]);
  const answers = runInBundle(cases);
  const expected = Object.entries(CATASTROPHIC_ATTACKS).flatMap(([, { input, matches }]) => [
    matches
      ? { ReviewResult: 'DENY', Content: input, Attributes: { reviewReason: 'denied-pattern' } }
      : { ReviewResult: 'ALLOW', Content: input, Attributes: {} },
    matches
      ? { ReviewResult: 'ALLOW', Content: '*'.repeat(500), Attributes: { reviewReason: 'denied-pattern' } }
      : { ReviewResult: 'ALLOW', Content: input, Attributes: {} },
  ]);
  expect(answers).toEqual(expected);
}, HANG_GUARD_MS + 10_000);

test('the same patterns, each followed by what completes a match, are denied and masked where they match', () => {
  const cases: Case[] = [
    { pattern: '(a+)+b', input: `${'a'.repeat(498)}b!`, action: 'MASK' },
    { pattern: 'free(.|\\s)*nitro', input: `so free${' '.repeat(20)}nitro now`, action: 'MASK' },
    { pattern: '(\\w|\\d)+@', input: `mail ${'1'.repeat(30)}@ here`, action: 'DENY' },
  ];
  expect(runInBundle(cases)).toEqual([
    { ReviewResult: 'ALLOW', Content: `${'*'.repeat(499)}!`, Attributes: { reviewReason: 'denied-pattern' } },
    { ReviewResult: 'ALLOW', Content: `so ${'*'.repeat(29)} now`, Attributes: { reviewReason: 'denied-pattern' } },
    { ReviewResult: 'DENY', Content: `mail ${'1'.repeat(30)}@ here`, Attributes: { reviewReason: 'denied-pattern' } },
  ]);
}, HANG_GUARD_MS + 10_000);
