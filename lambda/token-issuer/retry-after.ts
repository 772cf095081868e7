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
 * (just started, or rarely called) asks for a quick retry instead.
 */

import type { ThrottlingSettings } from '../../src/private/shared/token-contract';

/**
 * One instance's view of the quota: the tokens it obtained, and the end of its
 * queue. The constants come with every call, from the issuer's settings.
 */
export class RetryAfterSchedule {
  private readonly obtained: number[] = [];
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
    this.forget(now, settings);
    const { minEvidence, oversubscription, maxRetryAfterSeconds, uninformedRetryAfterSeconds } = settings;
    if (this.obtained.length < minEvidence) {
      return 1 + Math.floor(this.random() * uninformedRetryAfterSeconds);
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
    let stale = 0;
    while (stale < this.obtained.length && this.obtained[stale] <= now - settings.shareWindowMs) stale++;
    if (stale > 0) this.obtained.splice(0, stale);
  }
}
