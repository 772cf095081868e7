import { createHash } from 'crypto';
import { performance } from 'perf_hooks';
import { createEvent, deleteEvent, props, updateEvent } from './fixtures';
import { expectedRoom, generateLifecycles, Lifecycle, SoakAccount, tagsOverflowMidUpdate } from './soak-model';
import { handler } from '../../lambda/room-provider';
import { FaultKind, IvsChatEmulator, OPERATION_NAMES, startEmulator, pointSdkAt } from '../../local/src/emulator';
import type { ChatRoomResourceProperties } from '../../src/private/shared/room-contract';

/**
 * Seeded soak of the room provider over HTTP against the loopback emulator:
 * 300 lifecycles (Create, 2–5 Updates, Delete), 8 at a time, with 10% of all
 * API requests faulted (500, 429, connection dropped before or after the
 * operation). No step may fail (every fault here is one a retry can ride out),
 * the room must match the template after every step, and no room may be left.
 *
 * Determinism: the lifecycles come from SEED alone. The emulator draws its
 * faults in request arrival order, which concurrency (and retry jitter)
 * perturbs, so which request gets which fault varies from run to run; the
 * fault rates and the lifecycles do not. Run with `npx jest test/room-provider/soak.test.ts`.
 */

const SEED = 0x5eed2024;
const LIFECYCLES = 300;
const CONCURRENCY = 8;
/** 10% in total: 3% InternalServerException, 3% ThrottlingException, 4% dropped connections (half after the operation ran). */
const FAULTS = { internalErrorRate: 0.03, throttleRate: 0.03, dropRate: 0.04, latencyMs: 3 };
const FAULT_KINDS: FaultKind[] = ['internal', 'throttle', 'drop-before', 'drop-after'];

jest.setTimeout(180_000);

let emu: IvsChatEmulator;
let account: SoakAccount;

beforeAll(async () => {
  // Rate limits off: the quota is the subject of quota.test.ts and bench/concurrent-create.ts;
  // here it would only stretch 300 lifecycles into minutes.
  emu = await startEmulator({ rateLimits: false });
  account = { partition: emu.partition, region: emu.region, accountId: emu.accountId };
  // The handler builds its client on first use, with standard endpoint resolution.
  pointSdkAt(emu);
});

afterAll(async () => {
  await emu.stop();
});

describe('the seeded lifecycles', () => {
  test('the same seed gives the same lifecycles; another seed does not', () => {
    // Digests, not toEqual: a deep diff of some 2 MB of properties takes seconds.
    const digest = (lifecycles: Lifecycle[]) => createHash('sha256').update(JSON.stringify(lifecycles)).digest('hex');
    const first = digest(generateLifecycles(SEED, LIFECYCLES, account));
    expect(digest(generateLifecycles(SEED, LIFECYCLES, account))).toBe(first);
    expect(digest(generateLifecycles(SEED + 1, LIFECYCLES, account))).not.toBe(first);
  });

  test('cover every kind of step and the edges of every property', () => {
    const lifecycles = generateLifecycles(SEED, LIFECYCLES, account);
    const all = lifecycles.flatMap((l) => [l.create, ...l.updates.map((u) => u.properties)]);
    const kinds = new Set(lifecycles.flatMap((l) => l.updates.map((u) => u.kind)));
    const tagCounts = all.map((p) => Object.keys(p.Tags ?? {}).length);
    const keyLengths = all.flatMap((p) => Object.keys(p.Tags ?? {}).map((k) => k.length));
    const valueLengths = all.flatMap((p) => Object.values(p.Tags ?? {}).map((v) => v.length));

    expect([...kinds].sort()).toEqual(['fields-and-tags', 'fields-only', 'identical', 'tags-only']);
    expect(lifecycles.every((l) => l.updates.length >= 2 && l.updates.length <= 5)).toBe(true);
    expect(all.some((p) => p.Name === '')).toBe(true);
    expect(all.some((p) => p.Name.length === 128)).toBe(true);
    for (const [field, min, max] of [['MaximumMessageLength', 1, 500], ['MaximumMessageRatePerSecond', 1, 100]] as const) {
      const values = all.map((p) => Number(p[field]));
      expect([Math.min(...values), Math.max(...values)]).toEqual([min, max]);
    }
    expect(all.some((p) => p.MessageReviewHandler === undefined)).toBe(true);
    expect(new Set(all.map((p) => p.MessageReviewHandler?.FallbackResult))).toEqual(new Set([undefined, 'ALLOW', 'DENY']));
    expect([Math.min(...tagCounts), Math.max(...tagCounts)]).toEqual([0, 50]);
    expect([Math.min(...keyLengths), Math.max(...keyLengths)]).toEqual([1, 128]);
    expect([Math.min(...valueLengths), Math.max(...valueLengths)]).toEqual([0, 256]);
    // Both ways CloudFormation can say "no tags".
    expect(all.some((p) => p.Tags === undefined) && all.some((p) => p.Tags !== undefined && tagCountOf(p) === 0)).toBe(true);
  });
});

/** Regressions for the two bugs the first runs of this soak found in the provider. */
describe('regressions found by the soak', () => {
  beforeEach(() => {
    emu.reset();
    emu.setFaults(undefined);
  });

  const fiftyTags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));

  test('replacing one of 50 tags with a new key works: the provider untags before it tags', async () => {
    const before = props({ Tags: fiftyTags });
    const { k0: _removed, ...kept } = fiftyTags;
    const after = props({ Tags: { ...kept, k50: 'v' } });
    const arn = (await handler(createEvent(before))).PhysicalResourceId;

    await handler(updateEvent(before, after, arn));

    expect(emu.room(arn)!.tags).toEqual(after.Tags);
  });

  test('after an answer-less CreateRoom failure, a same-name room that existed before is not adopted', async () => {
    // Another resource (of this stack or another, in the same account and region) made this room a moment ago.
    const theirs = (await handler(createEvent(props({ Name: 'lobby' })))).PhysicalResourceId;
    // Our first CreateRoom answers 500 without making anything; the next one goes through.
    emu.setFaults({ seed: 1, internalErrorRate: 1, operations: ['CreateRoom'] });
    const creating = handler(createEvent(props({ Name: 'lobby' })));
    while (emu.count('CreateRoom', { status: 500 }) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    emu.setFaults(undefined);

    const ours = (await creating).PhysicalResourceId;

    expect(ours).not.toBe(theirs);
    expect(emu.rooms()).toHaveLength(2);
  });
});

interface SoakReport {
  handlerCalls: number;
  /** One line per step that failed or left the room other than the template says. */
  problems: string[];
  /** The ARN each Create answered. */
  createdArns: string[];
}

describe(`soak: ${LIFECYCLES} lifecycles, ${CONCURRENCY} at a time, 10% faults`, () => {
  test('every step succeeds, every room matches its template after every step, and none is left behind', async () => {
    emu.reset();
    emu.setFaults({ seed: SEED, ...FAULTS });
    const lifecycles = generateLifecycles(SEED, LIFECYCLES, account);
    const report: SoakReport = { handlerCalls: 0, problems: [], createdArns: [] };
    // Updates that would overflow the 50-tag limit if the provider tagged before untagging.
    const fullRoomTagSwaps = lifecycles.reduce((n, l) => n + tagOverflowSteps(l), 0);

    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < lifecycles.length) {
        await runLifecycle(lifecycles[next++], report);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const calls = emu.calls;
    emu.setFaults(undefined);

    const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, calls.filter((c) => c.fault === kind).length]));
    const faulted = Object.values(faults).reduce((a, b) => a + b, 0);
    const byOperation = Object.fromEntries(OPERATION_NAMES.map((op) => [op, emu.count(op)] as const).filter(([, n]) => n > 0));
    // Every room the emulator ever made: a CreateRoom that answered 200, or whose reply was dropped after it ran.
    const roomsMade = calls.filter((c) => c.operation === 'CreateRoom' && (c.status === 200 || c.fault === 'drop-after')).length;
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({
      seed: SEED,
      lifecycles: LIFECYCLES,
      concurrency: CONCURRENCY,
      seconds: Number(seconds.toFixed(1)),
      handlerCalls: report.handlerCalls,
      apiCalls: calls.length,
      byOperation,
      faults: { ...faults, total: faulted, share: Number((faulted / calls.length).toFixed(3)) },
      createRoomRepliesLostAfterCreate: calls.filter((c) => c.operation === 'CreateRoom' && c.fault === 'drop-after').length,
      roomsMade,
      fullRoomTagSwaps,
    }, null, 1));

    expect(report.problems).toEqual([]);
    // Create, the updates, Delete.
    expect(report.handlerCalls).toBe(lifecycles.reduce((n, l) => n + 2 + l.updates.length, 0));
    expect(fullRoomTagSwaps).toBeGreaterThan(0);
    // Nothing left behind, and no second room was ever made for one Create (a lost reply adopted, not repeated).
    expect(emu.rooms()).toEqual([]);
    expect(new Set(report.createdArns).size).toBe(LIFECYCLES);
    expect(roomsMade).toBe(LIFECYCLES);
    // Not vacuous: every kind of fault happened, lost CreateRoom replies included, at about the rate asked for.
    expect(FAULT_KINDS.filter((kind) => faults[kind] === 0)).toEqual([]);
    expect(calls.some((c) => c.operation === 'CreateRoom' && c.fault === 'drop-after')).toBe(true);
    expect(faulted / calls.length).toBeGreaterThan(0.07);
    expect(faulted / calls.length).toBeLessThan(0.13);
  });
});

async function runLifecycle(lifecycle: Lifecycle, report: SoakReport): Promise<void> {
  const step = async (label: string, work: () => Promise<unknown>): Promise<boolean> => {
    report.handlerCalls++;
    try {
      await work();
      return true;
    } catch (error) {
      report.problems.push(`lifecycle ${lifecycle.index}, ${label}: the handler failed: ${(error as Error).message}`);
      return false;
    }
  };

  let arn = '';
  if (!await step('Create', async () => { arn = (await handler(createEvent(props(lifecycle.create)))).PhysicalResourceId; })) {
    return;
  }
  report.createdArns.push(arn);
  checkRoom(report, `lifecycle ${lifecycle.index}, after Create`, arn, lifecycle.create);

  let current = lifecycle.create;
  for (const [n, update] of lifecycle.updates.entries()) {
    const label = `Update ${n + 1} (${update.kind})`;
    // After a failed update CloudFormation would roll back; the soak just cleans up.
    if (!await step(label, () => handler(updateEvent(props(current), props(update.properties), arn)))) break;
    current = update.properties;
    checkRoom(report, `lifecycle ${lifecycle.index}, after ${label}`, arn, current);
  }

  if (await step('Delete', () => handler(deleteEvent(arn, props(current))))) {
    if (emu.room(arn)) report.problems.push(`lifecycle ${lifecycle.index}, after Delete: room ${arn} still exists`);
  }
}

function checkRoom(report: SoakReport, where: string, arn: string, properties: ChatRoomResourceProperties): void {
  const room = emu.room(arn);
  if (!room) {
    report.problems.push(`${where}: room ${arn} does not exist`);
    return;
  }
  const { name, maximumMessageLength, maximumMessageRatePerSecond, messageReviewHandler, tags } = room;
  try {
    expect({ name, maximumMessageLength, maximumMessageRatePerSecond, messageReviewHandler, tags }).toEqual(expectedRoom(properties));
  } catch (error) {
    report.problems.push(`${where}: room ${arn} differs from its template: ${(error as Error).message}`);
  }
}

function tagOverflowSteps(lifecycle: Lifecycle): number {
  let current = lifecycle.create;
  let hits = 0;
  for (const { properties } of lifecycle.updates) {
    if (tagsOverflowMidUpdate(current, properties)) hits++;
    current = properties;
  }
  return hits;
}

function tagCountOf(p: ChatRoomResourceProperties): number {
  return Object.keys(p.Tags ?? {}).length;
}
