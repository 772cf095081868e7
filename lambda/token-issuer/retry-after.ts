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
 * more than the quota (`OVERSUBSCRIPTION`), in about the order they were
 * turned away. An instance that has obtained too few tokens to know its share
 * (just started, or rarely called) asks for a quick retry instead.
 */

/** Tokens obtained within this many milliseconds measure the instance's share. */
export const SHARE_WINDOW_MS = 3_000;
/** Fewer tokens than this in the window: the share is not known well enough to queue on. */
export const MIN_EVIDENCE = 5;
/** Viewers brought back per second, relative to the tokens obtained per second. */
export const OVERSUBSCRIPTION = 1.4;
/**
 * The longest wait ever asked for, in seconds. An instance that gets few tokens (one of many,
 * or one Lambda rarely picks) overestimates its queue; past this, its viewers ask again rather
 * than wait for nothing (bench/join-storm-model.ts: the worst last token of the storms modelled
 * went from 1.8 to 1.4 times the floor).
 */
export const MAX_RETRY_AFTER_S = 30;
/** Without evidence: a retry within this many seconds (plus the client's jitter). */
export const UNINFORMED_RETRY_AFTER_S = 3;

/** The schedule's constants (the exported defaults). */
export interface RetryAfterSettings {
  readonly shareWindowMs: number;
  readonly minEvidence: number;
  readonly oversubscription: number;
  readonly maxRetryAfterS: number;
  readonly uninformedRetryAfterS: number;
}

const DEFAULTS: RetryAfterSettings = {
  shareWindowMs: SHARE_WINDOW_MS,
  minEvidence: MIN_EVIDENCE,
  oversubscription: OVERSUBSCRIPTION,
  maxRetryAfterS: MAX_RETRY_AFTER_S,
  uninformedRetryAfterS: UNINFORMED_RETRY_AFTER_S,
};

/** One instance's view of the quota: the tokens it obtained, and the end of its queue. */
export class RetryAfterSchedule {
  private readonly obtained: number[] = [];
  private readonly settings: RetryAfterSettings;
  private queueEnd = 0;

  constructor(private readonly random: () => number = () => Math.random(), settings: Partial<RetryAfterSettings> = {}) {
    this.settings = { ...DEFAULTS, ...settings };
  }

  /** A CreateChatToken call succeeded at `now` (epoch ms). */
  obtainedToken(now: number): void {
    this.obtained.push(now);
    this.forget(now);
  }

  /**
   * A CreateChatToken call was throttled at `now`: the seconds to send as
   * `Retry-After`, an integer from 1 to `MAX_RETRY_AFTER_S`.
   */
  throttled(now: number): number {
    this.forget(now);
    const { minEvidence, oversubscription, maxRetryAfterS, uninformedRetryAfterS } = this.settings;
    if (this.obtained.length < minEvidence) {
      return 1 + Math.floor(this.random() * uninformedRetryAfterS);
    }
    // Tokens per second this instance gets, since the first of the window: an instance that was
    // idle before a stream went live has been getting tokens only since it went live.
    const span = Math.max(1_000, now - this.obtained[0]);
    const perSecond = this.obtained.length / (span / 1_000);
    this.queueEnd = Math.max(this.queueEnd, now) + 1_000 / (oversubscription * perSecond);
    // Rounded at random (up with the probability of the fraction) so that whole seconds
    // do not bunch viewers together: on average the viewer comes back at its place.
    const seconds = Math.floor((this.queueEnd - now) / 1_000 + this.random());
    return Math.min(maxRetryAfterS, Math.max(1, seconds));
  }

  private forget(now: number): void {
    let stale = 0;
    while (stale < this.obtained.length && this.obtained[stale] <= now - this.settings.shareWindowMs) stale++;
    if (stale > 0) this.obtained.splice(0, stale);
  }
}
