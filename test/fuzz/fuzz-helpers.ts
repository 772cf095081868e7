/** Shared by the handler fuzz suites: a hang guard, a crash detector and the figures each suite reports. */

/** What a handler call came to. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Runs one handler call, failing the property if it takes longer than `limitMs`
 * (a hang), and notes its duration.
 */
export async function withHangGuard<T>(call: () => Promise<T>, limitMs: number, figures: Figures): Promise<Outcome<T>> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no answer within ${limitMs} ms`)), limitMs);
  });
  try {
    const value = await Promise.race([call(), hang]);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('hang: ')) throw error;
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
    figures.noteDuration(performance.now() - start);
  }
}

const CRASH_TYPES = ['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'InternalError'];
const CRASH_TEXT = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|Cannot convert|Maximum call stack/;

/**
 * A description of the crash if `error` is one: a programming error (TypeError
 * and friends) anywhere in its cause chain, or a reason that quotes one.
 * `undefined` when it is a deliberate failure.
 */
export function crashMessage(error: unknown): string | undefined {
  if (!(error instanceof Error)) return `rejected with a non-Error: ${String(error)}`;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (CRASH_TYPES.includes(e.constructor.name) || CRASH_TYPES.includes(e.name)) return `${e.name}: ${e.message}`;
  }
  if (CRASH_TEXT.test(error.message)) return error.message;
  if (!error.message) return 'an Error without a message';
  return undefined;
}

/** Counts and timings for one suite, printed for bench/RESULTS.md. */
export class Figures {
  public cases = 0;
  public resolved = 0;
  public rejected = 0;
  public maxMs = 0;
  public totalMs = 0;
  public longestMessage = 0;
  private readonly durations: number[] = [];

  noteDuration(ms: number): void {
    this.cases++;
    this.totalMs += ms;
    this.maxMs = Math.max(this.maxMs, ms);
    this.durations.push(ms);
  }

  noteMessage(message: string): void {
    this.longestMessage = Math.max(this.longestMessage, message.length);
  }

  percentile(p: number): number {
    const sorted = [...this.durations].sort((a, b) => a - b);
    return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }

  report(suite: string, extra: Record<string, unknown> = {}): void {
    const line = {
      suite,
      cases: this.cases,
      resolved: this.resolved,
      rejected: this.rejected,
      meanMs: +(this.totalMs / Math.max(1, this.cases)).toFixed(3),
      p99Ms: +this.percentile(99).toFixed(3),
      maxMs: +this.maxMs.toFixed(3),
      longestReason: this.longestMessage,
      ...extra,
    };
    console.info(`fuzz figures: ${JSON.stringify(line)}`);
  }
}
