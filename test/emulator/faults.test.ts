import { CreateRoomCommand, IvschatClient, ListRoomsCommand } from '@aws-sdk/client-ivschat';
import { anyFailure, clientFor } from './test-helpers';
import { FaultInjector, mulberry32 } from '../../local/src/emulator/faults';
import { startEmulator } from '../../local/src/emulator/server';
import { CallRecord, FaultOptions, IvsChatEmulator, OperationName } from '../../local/src/emulator/types';

describe('FaultInjector', () => {
  test('mulberry32 is deterministic and uniform enough', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1000 }, () => a());

    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  test('rates are honoured and drops split between before and after', () => {
    const injector = new FaultInjector({ seed: 7, internalErrorRate: 0.1, throttleRate: 0.2, dropRate: 0.3, latencyMs: 50 });
    const kinds = Array.from({ length: 10_000 }, () => injector.decide('GetRoom'));
    const share = (kind: string) => kinds.filter((d) => d.kind === kind).length / kinds.length;

    expect(share('internal')).toBeCloseTo(0.1, 1);
    expect(share('throttle')).toBeCloseTo(0.2, 1);
    expect(share('drop-before')).toBeCloseTo(0.15, 1);
    expect(share('drop-after')).toBeCloseTo(0.15, 1);
    expect(Math.max(...kinds.map((d) => d.latencyMs))).toBeLessThanOrEqual(50);
  });

  test('operations outside the scope draw nothing and get no fault', () => {
    const scoped = new FaultInjector({ seed: 3, internalErrorRate: 1, operations: ['CreateRoom'] });
    const unscoped = new FaultInjector({ seed: 3, internalErrorRate: 1 });

    expect(scoped.decide('GetRoom')).toEqual({ latencyMs: 0 });
    expect(scoped.decide('CreateRoom').kind).toBe('internal');
    expect(unscoped.decide('GetRoom').kind).toBe('internal');
  });

  test.each<[string, FaultOptions]>([
    ['a rate above 1', { seed: 1, dropRate: 1.5 }],
    ['rates summing above 1', { seed: 1, dropRate: 0.6, internalErrorRate: 0.6 }],
    ['a negative latency', { seed: 1, latencyMs: -1 }],
  ])('rejects %s', (_what, options) => {
    expect(() => new FaultInjector(options)).toThrow(RangeError);
  });
});

describe('faults over HTTP', () => {
  let emulator: IvsChatEmulator;
  let client: IvschatClient;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimits: false });
    client = clientFor(emulator);
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.reset();
    emulator.setFaults(undefined);
  });

  async function run(faults: FaultOptions, operations: OperationName[]): Promise<CallRecord[]> {
    emulator.reset();
    emulator.setFaults(faults);
    for (const operation of operations) {
      const command = operation === 'CreateRoom' ? new CreateRoomCommand({}) : new ListRoomsCommand({});
      // Failures are the point; the call log says which.
      await client.send(command as ListRoomsCommand).catch(() => undefined);
    }
    return [...emulator.calls];
  }

  test('the same seed gives the same fault sequence', async () => {
    const faults = { seed: 1234, internalErrorRate: 0.2, throttleRate: 0.2, dropRate: 0.2 };
    const operations: OperationName[] = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 'CreateRoom' : 'ListRooms'));

    const first = await run(faults, operations);
    const second = await run(faults, operations);
    const other = await run({ ...faults, seed: 4321 }, operations);

    const signature = (calls: CallRecord[]) => calls.map((c) => `${c.operation}:${c.status}:${c.fault ?? '-'}`);
    expect(signature(second)).toEqual(signature(first));
    expect(signature(other)).not.toEqual(signature(first));
    expect(new Set(first.map((c) => c.fault))).toEqual(new Set([undefined, 'internal', 'throttle', 'drop-before', 'drop-after']));
  });

  test('an injected internal error or throttle does not apply the operation', async () => {
    emulator.setFaults({ seed: 1, internalErrorRate: 1 });
    await expect(client.send(new CreateRoomCommand({}))).rejects.toMatchObject({ name: 'InternalServerException' });
    emulator.setFaults({ seed: 1, throttleRate: 1 });
    await expect(client.send(new CreateRoomCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });

    expect(emulator.rooms()).toEqual([]);
    expect(emulator.calls.map((c) => [c.status, c.fault])).toEqual([[500, 'internal'], [429, 'throttle']]);
  });

  test('a drop after the operation leaves the room created: the lost reply', async () => {
    const seed = seedFor('drop-after');
    emulator.setFaults({ seed, dropRate: 1 });

    const error = await anyFailure(client.send(new CreateRoomCommand({ name: 'lost-reply' })));

    expect(error.name).not.toMatch(/Exception$/);
    expect(emulator.rooms()).toEqual([expect.objectContaining({ name: 'lost-reply' })]);
    expect(emulator.calls).toEqual([expect.objectContaining({ operation: 'CreateRoom', status: 0, fault: 'drop-after', resourceArn: emulator.rooms()[0].arn })]);
  });

  test('a drop before the operation leaves nothing behind', async () => {
    emulator.setFaults({ seed: seedFor('drop-before'), dropRate: 1 });

    await anyFailure(client.send(new CreateRoomCommand({})));

    expect(emulator.rooms()).toEqual([]);
    expect(emulator.calls).toEqual([expect.objectContaining({ status: 0, fault: 'drop-before' })]);
  });

  test('a client with retries rides out dropped connections', async () => {
    // A seed whose first request is dropped and whose second is not.
    const options = { dropRate: 0.5 };
    emulator.setFaults({ ...options, seed: seedWhere(options, ['drop-before', undefined]) });
    const retrying = clientFor(emulator, 3);

    await expect(retrying.send(new ListRoomsCommand({}))).resolves.toMatchObject({ rooms: [] });

    expect(emulator.calls.map((c) => [c.status, c.fault])).toEqual([[0, 'drop-before'], [200, undefined]]);
    retrying.destroy();
  });

  test('latency delays the answer and is recorded', async () => {
    emulator.setFaults({ seed: 5, latencyMs: 60 });
    const started = Date.now();

    for (let i = 0; i < 5; i++) await client.send(new ListRoomsCommand({}));

    expect(Date.now() - started).toBeGreaterThan(20);
    expect(emulator.calls.filter((c) => c.fault === 'latency').length).toBeGreaterThan(0);
  });

  test('faults limited to some operations spare the others', async () => {
    emulator.setFaults({ seed: 1, internalErrorRate: 1, operations: ['CreateRoom'] });

    await expect(client.send(new ListRoomsCommand({}))).resolves.toBeDefined();
    await expect(client.send(new CreateRoomCommand({}))).rejects.toMatchObject({ name: 'InternalServerException' });
  });

  test('reset replays the fault sequence from the seed', async () => {
    emulator.setFaults({ seed: 99, internalErrorRate: 0.5 });
    for (let i = 0; i < 6; i++) await client.send(new ListRoomsCommand({})).catch(() => undefined);
    const first = emulator.calls.map((c) => c.status);

    emulator.reset();
    for (let i = 0; i < 6; i++) await client.send(new ListRoomsCommand({})).catch(() => undefined);

    expect(emulator.calls.map((c) => c.status)).toEqual(first);
  });
});

/** The first seed whose first draw with dropRate 1 is the given drop phase. */
function seedFor(kind: 'drop-before' | 'drop-after'): number {
  return seedWhere({ dropRate: 1 }, [kind]);
}

/** The first seed whose first decisions have the given kinds. */
function seedWhere(options: Omit<FaultOptions, 'seed'>, kinds: Array<string | undefined>): number {
  for (let seed = 1; ; seed++) {
    const injector = new FaultInjector({ ...options, seed });
    if (kinds.every((kind) => injector.decide('ListRooms').kind === kind)) return seed;
  }
}
