import { isRetryable, isThrottle, withRetries } from '../../lambda/shared/retry';

const noSleep = { sleep: async () => undefined };

function failing(errors: unknown[], result = 'ok'): { attempt: () => Promise<string>; calls: () => number } {
  let n = 0;
  return {
    attempt: async () => {
      if (n < errors.length) throw errors[n++];
      n++;
      return result;
    },
    calls: () => n,
  };
}

describe('isRetryable', () => {
  test.each([
    ['ThrottlingException', { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } }],
    ['InternalServerException', { name: 'InternalServerException', $metadata: { httpStatusCode: 500 } }],
    ['a 503', { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }],
    ['a reset connection', { name: 'Error', code: 'ECONNRESET' }],
    ['a request timeout', { name: 'TimeoutError' }],
    ['a socket error the SDK wrapped', new Error('AWS SDK error wrapper for TimeoutError: socket hang up')],
  ])('%s is retried', (_, error) => {
    expect(isRetryable(error)).toBe(true);
  });

  test.each([
    ['ValidationException', { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }],
    ['ResourceNotFoundException', { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }],
    ['AccessDeniedException', { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }],
    ['ServiceQuotaExceededException', { name: 'ServiceQuotaExceededException', $metadata: { httpStatusCode: 402 } }],
    ['nothing', undefined],
  ])('%s is not retried', (_, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});

describe('withRetries', () => {
  const throttle = { name: 'ThrottlingException' };

  test('returns the first success', async () => {
    const op = failing([throttle, throttle]);
    await expect(withRetries(op.attempt, { deadline: Date.now() + 60_000, ...noSleep })).resolves.toBe('ok');
    expect(op.calls()).toBe(3);
  });

  test('a non-retryable error ends it at once', async () => {
    const op = failing([{ name: 'ValidationException' }]);
    await expect(withRetries(op.attempt, { deadline: Date.now() + 60_000, ...noSleep })).rejects.toMatchObject({ name: 'ValidationException' });
    expect(op.calls()).toBe(1);
  });

  test('gives up with the last error once the next wait would pass the deadline', async () => {
    const op = failing(Array(100).fill(throttle));
    const started = Date.now();
    await expect(withRetries(op.attempt, { deadline: started + 300, baseDelayMs: 20, maxDelayMs: 40, random: () => 1 }))
      .rejects.toBe(throttle);
    expect(op.calls()).toBeLessThan(100);
  });

  test('backoff doubles from the base up to the cap, with full jitter', async () => {
    const waits: number[] = [];
    const op = failing(Array(7).fill(throttle));
    await withRetries(op.attempt, {
      deadline: Date.now() + 60_000,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 0.999999,
      sleep: async (ms) => { waits.push(ms); },
    });
    expect(waits).toEqual([99, 199, 399, 799, 999, 999, 999]);

    const jittered: number[] = [];
    await withRetries(failing([throttle, throttle]).attempt, {
      deadline: Date.now() + 60_000, baseDelayMs: 100, random: () => 0.5, sleep: async (ms) => { jittered.push(ms); },
    });
    expect(jittered).toEqual([50, 100]);
  });

  test('a caller may narrow what is retried: throttling answered at once, a 500 still retried', async () => {
    const notThrottles = (error: unknown) => isRetryable(error) && !isThrottle(error);
    const throttled = failing([{ name: 'InternalServerException', $metadata: { httpStatusCode: 500 } }, throttle]);
    await expect(withRetries(throttled.attempt, { deadline: Date.now() + 60_000, retryable: notThrottles, ...noSleep })).rejects.toBe(throttle);
    expect(throttled.calls()).toBe(2);
  });
});

describe('isThrottle', () => {
  test.each([
    [{ name: 'ThrottlingException' }, true],
    [{ name: 'TooManyRequests', $metadata: { httpStatusCode: 429 } }, true],
    [{ name: 'InternalServerException', $metadata: { httpStatusCode: 500 } }, false],
    [{ name: 'Error', code: 'ECONNRESET' }, false],
    [undefined, false],
  ])('%j: %s', (error, expected) => {
    expect(isThrottle(error)).toBe(expected);
  });
});
