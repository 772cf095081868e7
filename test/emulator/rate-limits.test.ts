import { CreateRoomCommand, GetRoomCommand, IvschatClient, ListRoomsCommand, ThrottlingException } from '@aws-sdk/client-ivschat';
import { clientFor } from './test-helpers';
import { RateLimiter } from '../../local/src/emulator/rate-limiter';
import { startEmulator } from '../../local/src/emulator/server';
import { DEFAULT_QUOTAS, IvsChatEmulator } from '../../local/src/emulator/types';

describe('RateLimiter (simulated clock)', () => {
  test('a burst at 5 TPS: 5 admitted at once, the rest one window later', () => {
    let now = 0;
    const limiter = new RateLimiter(true, () => now);

    const first = Array.from({ length: 8 }, () => limiter.tryAcquire('CreateRoom'));
    now = 999;
    const before = limiter.tryAcquire('CreateRoom');
    now = 1000.5;
    const after = limiter.tryAcquire('CreateRoom');

    expect(first).toEqual([true, true, true, true, true, false, false, false]);
    expect(before).toBe(false);
    expect(after).toBe(true);
  });

  test('50 creates with a retrying client need at least 9 seconds at 5 TPS', () => {
    let now = 0;
    const limiter = new RateLimiter(true, () => now);
    let done = 0;
    // 50 clients retry every 10 ms until admitted.
    while (done < 50) {
      for (let pending = 50 - done; pending > 0; pending--) {
        if (limiter.tryAcquire('CreateRoom')) done++;
      }
      if (done < 50) now += 10;
    }
    expect(now).toBeGreaterThanOrEqual(9000);
    expect(now).toBeLessThan(9100);
  });

  test('operations have separate windows and the real quotas', () => {
    const limiter = new RateLimiter(undefined, () => 0);

    expect(Array.from({ length: 6 }, () => limiter.tryAcquire('GetRoom')).filter(Boolean)).toHaveLength(5);
    expect(limiter.tryAcquire('ListRooms')).toBe(true);
    expect(limiter.limitOf('TagResource')).toBe(10);
    expect(limiter.limitOf('CreateLoggingConfiguration')).toBe(3);
    expect(limiter.limitOf('CreateChatToken')).toBe(200);
    expect(limiter.limitOf('SendEvent')).toBe(100);
  });

  test('overrides, Infinity and off', () => {
    const limiter = new RateLimiter({ GetRoom: 2, ListRooms: Infinity }, () => 0);

    expect(limiter.limitOf('GetRoom')).toBe(2);
    expect(limiter.limitOf('UpdateRoom')).toBe(DEFAULT_QUOTAS.UpdateRoom);
    expect(limiter.limitOf('ListRooms')).toBeUndefined();
    limiter.configure(false);
    expect(Array.from({ length: 100 }, () => limiter.tryAcquire('GetRoom')).every(Boolean)).toBe(true);
    expect(() => limiter.configure({ GetRoom: -1 })).toThrow(/rateLimits.GetRoom/);
  });
});

describe('rate limits over HTTP', () => {
  let emulator: IvsChatEmulator;
  let client: IvschatClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    client = clientFor(emulator);
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.reset();
    emulator.setRateLimits(true);
  });

  test('a concurrent burst beyond 5 TPS is throttled', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => client.send(new ListRoomsCommand({}))));

    const throttled = results.filter((r) => r.status === 'rejected' && r.reason instanceof ThrottlingException);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(throttled).toHaveLength(3);
    expect(emulator.count('ListRooms', { status: 429 })).toBe(3);
    expect(emulator.calls.find((c) => c.status === 429)).toMatchObject({ errorType: 'ThrottlingException' });
  });

  test('without rate limits the same burst passes', async () => {
    emulator.setRateLimits(false);

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.send(new ListRoomsCommand({}))));

    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
  });

  test('throttled calls that retry finish no faster than the quota allows', async () => {
    emulator.setRateLimits({ CreateRoom: 5 });
    const started = Date.now();

    async function createWithRetry(): Promise<void> {
      for (;;) {
        try {
          await client.send(new CreateRoomCommand({}));
          return;
        } catch (err) {
          if (!(err instanceof ThrottlingException)) throw err;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    }
    await Promise.all(Array.from({ length: 10 }, () => createWithRetry()));

    const elapsed = Date.now() - started;
    expect(emulator.rooms()).toHaveLength(10);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(2500);
    expect(emulator.count('CreateRoom', { successOnly: true })).toBe(10);
    expect(emulator.count('CreateRoom', { status: 429 })).toBeGreaterThan(0);
  });

  test('a throttled GetRoom names the room it asked for', async () => {
    emulator.setRateLimits(false);
    const { arn } = await client.send(new CreateRoomCommand({}));
    emulator.setRateLimits({ GetRoom: 0 });

    await expect(client.send(new GetRoomCommand({ identifier: arn }))).rejects.toMatchObject({ name: 'ThrottlingException', resourceId: arn!.split('/')[1], limit: 0 });
    expect(emulator.calls.at(-1)).toMatchObject({ operation: 'GetRoom', status: 429, resourceArn: arn });
  });
});
