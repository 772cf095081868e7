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
  test('without evidence of its share, a quick retry: 1 to 3 seconds', () => {
    const waits = new Set<number>();
    const schedule = withTokens(S.minEvidence - 1, Math.random);
    for (let i = 0; i < 500; i++) waits.add(schedule.throttled(T0 + 1000, S));
    expect([...waits].sort()).toEqual(Array.from({ length: S.uninformedRetryAfterSeconds }, (_, i) => i + 1));
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

  test('tokens older than the window are forgotten', () => {
    const schedule = withTokens(50);
    const waits = new Set<number>();
    for (let i = 0; i < 100; i++) waits.add(schedule.throttled(T0 + 1000 + S.shareWindowMs, S));
    expect(Math.max(...waits)).toBeLessThanOrEqual(S.uninformedRetryAfterSeconds);
  });
});
