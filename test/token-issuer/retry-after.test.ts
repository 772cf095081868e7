import { RetryAfterSchedule } from '../../lambda/token-issuer/retry-after';
import { TOKEN_ISSUER_DEFAULTS } from '../../src/private/shared/token-contract';

/** The issuer's defaults. */
const S = TOKEN_ISSUER_DEFAULTS.throttling;

const T0 = Date.parse('2030-01-01T00:00:00Z');

/** A schedule that has obtained `tokens` tokens spread over the second before `T0 + 1000`. */
function withTokens(tokens: number, random = () => 0): RetryAfterSchedule {
  const schedule = new RetryAfterSchedule(random);
  for (let i = 0; i < tokens; i++) schedule.obtainedToken(T0 + (i * 1000) / tokens, S);
  return schedule;
}

describe('RetryAfterSchedule', () => {
  test('without evidence of its share, a first refusal asks for a quick retry: 1 to 3 seconds', () => {
    const waits = new Set<number>();
    for (let i = 0; i < 300; i++) waits.add(withTokens(S.minEvidence - 1, Math.random).throttled(T0 + 1000, S));
    expect([...waits].sort()).toEqual(Array.from({ length: S.uninformedRetryAfterSeconds }, (_, i) => i + 1));
  });

  test('without evidence of its share, the span grows with the odds against a call, up to the cap', () => {
    // One token, then refusal after refusal: the odds that a call passes are 2 in (calls + 1).
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const schedule = withTokens(1, random);
    const waits = Array.from({ length: 400 }, () => schedule.throttled(T0 + 1000, S));
    // The first refusal: odds 1, a span of 3 s; the second: odds 2/3, 4.5 s; the 20th: odds 2/21, 31.5 s, so the cap.
    expect(waits[0]).toBeLessThanOrEqual(3);
    expect(waits[1]).toBeLessThanOrEqual(5);
    expect(Math.max(...waits.slice(19))).toBe(S.maxRetryAfterSeconds);
    // Spread over the whole span, not bunched at either end.
    const late = waits.slice(19);
    const mean = late.reduce((a, b) => a + b, 0) / late.length;
    expect(mean).toBeGreaterThan(13);
    expect(mean).toBeLessThan(18);
  });

  test('refusals older than the window are forgotten with the tokens', () => {
    const schedule = withTokens(1);
    for (let i = 0; i < 100; i++) schedule.throttled(T0 + 1000, S);
    // A window later, one refusal is a first refusal again.
    expect(schedule.throttled(T0 + 1000 + S.shareWindowMs + 1, S)).toBeLessThanOrEqual(S.uninformedRetryAfterSeconds);
  });

  test('with 20 tokens in the last second, each later second takes 28 throttled callers, in order', () => {
    const schedule = withTokens(20);
    const waits = Array.from({ length: 280 }, () => schedule.throttled(T0 + 1000, S));
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    // 20 tokens a second, brought back at S.oversubscription times that: the 280th caller is 10 s back.
    const perSecond = 20 * S.oversubscription;
    expect(waits[279]).toBe(Math.floor(280 / perSecond));
    for (let second = 2; second < 10; second++) {
      expect(waits.filter((w) => w === second)).toHaveLength(Math.round(perSecond));
    }
  });

  test('random rounding: on average a caller is asked to wait its place in the queue', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const schedule = withTokens(20, random);
    const waits = Array.from({ length: 280 }, () => schedule.throttled(T0 + 1000, S));
    const places = waits.map((_, i) => (i + 1) / (20 * S.oversubscription));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(waits) - mean(places))).toBeLessThan(0.25);
  });

  test('the queue drains with time: a caller throttled later is not sent behind ones already served', () => {
    const schedule = withTokens(20);
    for (let i = 0; i < 280; i++) schedule.throttled(T0 + 1000, S);
    // Ten seconds on, the queue built then is gone; new tokens show the share again.
    for (let i = 0; i < 20; i++) schedule.obtainedToken(T0 + 11_000 + i * 10, S);
    expect(schedule.throttled(T0 + 11_500, S)).toBe(1);
  });

  test('a smaller share spaces callers further apart', () => {
    const small = withTokens(S.minEvidence);
    const large = withTokens(50);
    const last = (s: RetryAfterSchedule) => Array.from({ length: 100 }, () => s.throttled(T0 + 1000, S)).pop()!;
    expect(last(small)).toBeGreaterThan(last(large));
  });

  test('never more than the cap, never less than a second', () => {
    const schedule = withTokens(S.minEvidence);
    const waits = Array.from({ length: 5_000 }, () => schedule.throttled(T0 + 1000, S));
    expect(Math.min(...waits)).toBe(1);
    expect(Math.max(...waits)).toBe(S.maxRetryAfterSeconds);
  });

  test('tokens older than the window are forgotten: the next refusal is a first one', () => {
    for (let i = 0; i < 50; i++) {
      expect(withTokens(50, Math.random).throttled(T0 + 1000 + S.shareWindowMs, S)).toBeLessThanOrEqual(S.uninformedRetryAfterSeconds);
    }
  });
});
