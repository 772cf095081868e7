/**
 * Seeded fault injection. Every request to an operation in scope draws exactly three numbers
 * from the PRNG (fault kind, drop phase, latency), so a given seed and a given sequence of
 * requests always produce the same faults, whatever the rates.
 */
import { FaultKind, FaultOptions, OperationName } from './types';

export interface FaultDecision {
  /** The fault to inject, if any (latency alone is reported through `latencyMs`). */
  readonly kind?: Exclude<FaultKind, 'latency'>;
  readonly latencyMs: number;
}

const NO_FAULT: FaultDecision = { latencyMs: 0 };

/**
 * mulberry32: a tiny, well-distributed 32-bit PRNG; returns floats in [0, 1).
 * Bit operations are the algorithm itself, hence the lint exemption.
 */
/* eslint-disable no-bitwise */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

export class FaultInjector {
  private options: FaultOptions | undefined;
  private random: () => number = Math.random;

  constructor(options?: FaultOptions) {
    this.configure(options);
  }

  /** Replaces the fault settings and re-seeds the PRNG. */
  configure(options: FaultOptions | undefined): void {
    if (options) validate(options);
    this.options = options && { ...options, operations: options.operations && [...options.operations] };
    this.random = options ? mulberry32(options.seed) : Math.random;
  }

  /** Re-seeds the PRNG with the current seed, replaying the same fault sequence. */
  reseed(): void {
    this.configure(this.options);
  }

  decide(operation: OperationName): FaultDecision {
    const options = this.options;
    if (!options || (options.operations && !options.operations.includes(operation))) return NO_FAULT;
    const kindDraw = this.random();
    const phaseDraw = this.random();
    const latencyDraw = this.random();

    const internal = options.internalErrorRate ?? 0;
    const throttle = internal + (options.throttleRate ?? 0);
    const drop = throttle + (options.dropRate ?? 0);
    let kind: FaultDecision['kind'];
    if (kindDraw < internal) kind = 'internal';
    else if (kindDraw < throttle) kind = 'throttle';
    else if (kindDraw < drop) kind = phaseDraw < 0.5 ? 'drop-after' : 'drop-before';
    return { kind, latencyMs: Math.round(latencyDraw * (options.latencyMs ?? 0)) };
  }
}

function validate(options: FaultOptions): void {
  if (!Number.isFinite(options.seed)) throw new RangeError(`faults.seed must be a finite number, got: ${options.seed}`);
  for (const key of ['internalErrorRate', 'throttleRate', 'dropRate'] as const) {
    const rate = options[key];
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError(`faults.${key} must be between 0 and 1, got: ${rate}`);
  }
  const total = (options.internalErrorRate ?? 0) + (options.throttleRate ?? 0) + (options.dropRate ?? 0);
  if (total > 1) throw new RangeError(`faults: internalErrorRate + throttleRate + dropRate must not exceed 1, got: ${total}`);
  if (options.latencyMs !== undefined && !(options.latencyMs >= 0)) {
    throw new RangeError(`faults.latencyMs must be >= 0, got: ${options.latencyMs}`);
  }
}
