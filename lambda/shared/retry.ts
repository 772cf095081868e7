/** Retrying IVS Chat calls, shared by the handlers (bundled into each). */

/** How long to keep retrying, and how to wait. */
export interface RetryOptions {
  /** Epoch milliseconds after which no new attempt starts. */
  readonly deadline: number;
  /** First backoff ceiling. @default 200 */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling. @default 3000 */
  readonly maxDelayMs?: number;
  /** Which failures are worth another attempt. @default isRetryable */
  readonly retryable?: (error: unknown) => boolean;
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const RETRYABLE_ERRORS = new Set(['ThrottlingException', 'InternalServerException', 'TimeoutError', 'RequestTimeout']);
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * When a socket error is not an `Error` of the SDK's realm (as under test
 * runners), the SDK wraps it as "AWS SDK error wrapper for <name>: <message>"
 * and the name and code are only in the text.
 */
const WRAPPED_TRANSPORT_ERROR = /^AWS SDK error wrapper for (TimeoutError|RequestTimeout|Error: (ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT))\b/;

/** The quota said no: IVS Chat answered 429 `ThrottlingException`. */
export function isThrottle(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'ThrottlingException' || e?.$metadata?.httpStatusCode === 429;
}

/**
 * Throttling (the IVS Chat quotas: 5 room calls, 200 CreateChatToken a second), 5xx answers and
 * broken connections are worth another try; anything else is a real answer.
 */
export function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!e) return false;
  const status = e.$metadata?.httpStatusCode;
  return RETRYABLE_ERRORS.has(e.name ?? '')
    || RETRYABLE_NETWORK_CODES.has(e.code ?? '')
    || WRAPPED_TRANSPORT_ERROR.test(e.message ?? '')
    || status === 429
    || (status !== undefined && status >= 500);
}

/**
 * Calls `attempt` until it succeeds, fails with an error that is not retryable,
 * or the deadline passes, sleeping with exponential backoff and full jitter in
 * between so that many rooms created at once spread over the quota.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 3000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const retryable = options.retryable ?? isRetryable;

  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = Math.floor(random() * Math.min(cap, base * 2 ** Math.min(n, 16)));
      if (!retryable(error) || Date.now() + delay >= options.deadline) {
        throw error;
      }
      await sleep(delay);
    }
  }
}
