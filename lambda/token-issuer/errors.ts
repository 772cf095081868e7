import { STATUS_CODES } from 'http';
import { isThrottle } from '../shared/retry';

/**
 * A request the issuer will not serve, with the status to answer and a message
 * for the person who sent it. HTTP callers get `{ message }` with the status;
 * direct callers get this error, whose `name` is the status's reason phrase
 * without spaces (`BadRequest`, `Forbidden`, `TooManyRequests`…).
 */
export class IssuerError extends Error {
  constructor(public readonly statusCode: number, message: string, public readonly headers: Record<string, string> = {}, cause?: unknown) {
    super(message, { cause });
    this.name = (STATUS_CODES[statusCode] ?? `Http${statusCode}`).replace(/\W/g, '');
    // Lambda returns a thrown error's stack to a direct caller: this one is an answer, not a fault.
    this.stack = `${this.name}: ${message}`;
  }
}

interface ApiError {
  readonly name?: string;
  readonly $metadata?: unknown;
  readonly message?: string;
  readonly fieldList?: { name?: string; message?: string }[];
}

/**
 * What the caller is told when CreateChatToken fails (after retries): a 4xx for
 * what the request got wrong, a 5xx for what the service or the deployment did,
 * 429 with `Retry-After` (seconds) when the quota is spent. Never the stack.
 */
export function fromApiError(error: unknown, roomArn: string, retryable: boolean, retryAfterSeconds = 1): IssuerError {
  const e = (error ?? {}) as ApiError;
  const [status, message, headers]: [number, string, Record<string, string>?] = (() => {
    if (isThrottle(error)) {
      return [429, 'IVS Chat is throttling token requests; retry in a moment', { 'retry-after': String(retryAfterSeconds) }];
    }
    switch (e.name) {
      case 'ResourceNotFoundException':
        return [404, `room ${roomArn} does not exist`];
      case 'ValidationException': {
        const fields = (e.fieldList ?? []).map((f) => `${f.name ?? 'unknown field'}: ${f.message ?? 'invalid'}`);
        return [400, `IVS Chat rejected the request: ${e.message ?? 'validation failed'}${fields.length ? ` [${fields.join('; ')}]` : ''}`];
      }
      case 'AccessDeniedException':
        return [502, `IVS Chat refused to create a token for room ${roomArn} (AccessDeniedException); the issuer's role may not serve it`];
      case 'PendingVerification':
        return [503, 'IVS Chat cannot create tokens until the account is verified (PendingVerification)'];
      default:
        // A service answer or a broken connection is the service's fault; anything else is ours.
        return e.$metadata || retryable
          ? [502, `IVS Chat failed to create a token (${e.name && e.name !== 'Error' ? e.name : 'network error'}); retry in a moment`]
          : [500, 'the chat token issuer failed; see its logs'];
    }
  })();
  return new IssuerError(status, message, headers, error);
}
