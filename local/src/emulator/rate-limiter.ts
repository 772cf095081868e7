/**
 * Per-operation API rate limits, as a sliding one-second window: an operation admits at most
 * `limit` requests in any 1000 ms. This is the strictest reading of "N TPS", so a burst of
 * N x 10 calls needs at least 9 seconds, as it would against the real service.
 */
import { performance } from 'perf_hooks';
import { DEFAULT_QUOTAS, EmulatorOptions, OperationName } from './types';

const WINDOW_MS = 1000;

export class RateLimiter {
  private limits: Partial<Record<OperationName, number>> | undefined;
  private readonly admitted = new Map<OperationName, number[]>();

  constructor(setting: EmulatorOptions['rateLimits'], private readonly clock: () => number = () => performance.now()) {
    this.configure(setting);
  }

  /**
   * `true`/`undefined`: the real quotas; `false`: off; an object overrides the quotas it names.
   * A limit of `Infinity` turns one operation's limit off; `0` throttles every call.
   */
  configure(setting: EmulatorOptions['rateLimits']): void {
    if (setting === false) {
      this.limits = undefined;
    } else if (setting === true || setting === undefined) {
      this.limits = { ...DEFAULT_QUOTAS };
    } else {
      for (const [operation, limit] of Object.entries(setting)) {
        if (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0) {
          throw new RangeError(`rateLimits.${operation} must be a number >= 0, got: ${String(limit)}`);
        }
      }
      this.limits = { ...DEFAULT_QUOTAS, ...setting };
    }
  }

  /** The limit in force for an operation, or undefined when it is not limited. */
  limitOf(operation: OperationName): number | undefined {
    const limit = this.limits?.[operation];
    return limit === undefined || limit === Infinity ? undefined : limit;
  }

  /** Admits the request (and counts it) if the operation is under its limit. */
  tryAcquire(operation: OperationName): boolean {
    const limit = this.limitOf(operation);
    if (limit === undefined) return true;
    const now = this.clock();
    const window = (this.admitted.get(operation) ?? []).filter((t) => t > now - WINDOW_MS);
    const admit = window.length < limit;
    if (admit) window.push(now);
    this.admitted.set(operation, window);
    return admit;
  }

  reset(): void {
    this.admitted.clear();
  }
}
