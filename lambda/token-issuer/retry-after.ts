/**
 * When to tell a throttled caller to come back.
 *
 * CreateChatToken admits 200 calls a second per account. When a stream goes
 * live, many more viewers than that ask at once: most must be told to retry,
 * and the answer decides how many times each asks again and how long the
 * quota sits idle. Holding the invocation in a retry loop instead would bill
 * its wall time and, since every viewer then waits inside a function,
 * exhaust the account's concurrency.
 *
 * An instance cannot see the others, so it serves only its own share: it
 * counts the tokens it obtained lately (its share of the quota, whatever the
 * other instances and callers in the account take) and queues the viewers it
 * turns away behind one another at that rate, each one's `Retry-After` being
 * its place in the queue. Together the instances bring viewers back at a bit
 * more than the quota (`oversubscription`), in about the order they were
 * turned away. An instance that has obtained too few tokens to know its share
 * (just started, or one of hundreds) still knows how many of its calls were
 * refused: it spreads the callers it turns away at random over a span that
 * grows with the odds against a call, from a few seconds when most calls pass
 * to the longest wait when nearly all fail, instead of bringing them all back
 * within seconds to be refused again.
 */

import type { ThrottlingSettings } from '../../src/private/shared/token-contract';

/**
 * One instance's view of the quota: the tokens it obtained, and the end of its
 * queue. The constants come with every call, from the issuer's settings.
 */
export class RetryAfterSchedule {
  /** When the calls of the window obtained a token, and when they were refused. */
  private readonly obtained: number[] = [];
  private readonly refused: number[] = [];
  private queueEnd = 0;

  constructor(private readonly random: () => number = () => Math.random()) {}

  /** A CreateChatToken call succeeded at `now` (epoch ms). */
  obtainedToken(now: number, settings: ThrottlingSettings): void {
    this.obtained.push(now);
    this.forget(now, settings);
  }

  /**
   * A CreateChatToken call was throttled at `now`: the seconds to send as
   * `Retry-After`, an integer from 1 to `maxRetryAfterSeconds`.
   */
  throttled(now: number, settings: ThrottlingSettings): number {
    this.refused.push(now);
    this.forget(now, settings);
    const { minEvidence, oversubscription, maxRetryAfterSeconds, uninformedRetryAfterSeconds } = settings;
    if (this.obtained.length < minEvidence) {
      // The odds that a call passes, (tokens + 1) / (calls + 1): 1 for a first refusal.
      const odds = (this.obtained.length + 1) / (this.obtained.length + this.refused.length);
      const span = Math.min(maxRetryAfterSeconds, uninformedRetryAfterSeconds / odds);
      return 1 + Math.floor(this.random() * span);
    }
    // Tokens per second this instance gets, since the first of the window: an instance that was
    // idle before a stream went live has been getting tokens only since it went live.
    const span = Math.max(1_000, now - this.obtained[0]);
    const perSecond = this.obtained.length / (span / 1_000);
    this.queueEnd = Math.max(this.queueEnd, now) + 1_000 / (oversubscription * perSecond);
    // Rounded at random (up with the probability of the fraction) so that whole seconds
    // do not bunch viewers together: on average the viewer comes back at its place.
    const seconds = Math.floor((this.queueEnd - now) / 1_000 + this.random());
    return Math.min(maxRetryAfterSeconds, Math.max(1, seconds));
  }

  private forget(now: number, settings: ThrottlingSettings): void {
    for (const times of [this.obtained, this.refused]) {
      let stale = 0;
      while (stale < times.length && times[stale] <= now - settings.shareWindowMs) stale++;
      if (stale > 0) times.splice(0, stale);
    }
  }
}
