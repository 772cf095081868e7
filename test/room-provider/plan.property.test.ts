import {
  CreateLoggingConfigurationCommand, CreateRoomCommand, IvschatClient, TagResourceCommand, UntagResourceCommand, UpdateRoomCommand,
} from '@aws-sdk/client-ivschat';
import * as fc from 'fast-check';
import { createEvent, props as eventProps, updateEvent } from './fixtures';
import { handler } from '../../lambda/room-provider';
import { planUpdate, RoomCall } from '../../lambda/room-provider/plan';
import type { RoomSpec } from '../../lambda/room-provider/properties';
import { EmulatorRoom, IvsChatEmulator, startEmulator, pointSdkAt } from '../../local/src/emulator';
import type { ChatRoomResourceProperties } from '../../src/private/shared/room-contract';

/**
 * Property-based tests of the room provider's update planning.
 *
 * For random pairs of valid room specs:
 * - minimality: `planUpdate` makes no call for an unchanged room, at most one
 *   call of each kind, and each call carries exactly what changed;
 * - correctness on the wire: a room created from the old spec, after the
 *   planned calls (real SDK, loopback emulator), is exactly the new spec.
 *
 * Seeds are fixed; fast-check prints the seed and the shrunk counterexample on failure.
 */

const SEED = 0x9c4a7;
const ROOM = 'arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl';
/** Stand-ins for the pure property; the wire properties use configurations that exist in the emulator. */
const FAKE_LOGGING = [1, 2, 3, 4].map((i) => `arn:aws:ivschat:us-east-1:123456789012:logging-configuration/LoGgInG0000${i}`);

// ---- Arbitraries ----

const NAME_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'];
/** Characters AWS allows in tag keys (letters, spaces, digits, `_.:/=+-@`), with non-ASCII and astral letters. */
const TAG_KEY_CHARS = [...'abcdefghijkXYZ0189 _.:/=+-@', 'é', 'ß', 'ж', 'ñ', '日', '本', '𝒜', '𐐀'];
/** Names that `in {}` finds on every object: they have their own test below, which documents a bug. */

const nameArb = fc.string({ unit: fc.constantFrom(...NAME_CHARS), maxLength: 128 });

const tagKeyArb = fc.oneof(
  // Names of Object.prototype members are valid tag keys too (but `__proto__`,
  // which the AWS SDK drops from requests and the rules therefore refuse).
  { weight: 1, arbitrary: fc.constantFrom('team', 'env', 'Env', 'cost-center', 'owner:email', 'constructor', 'toString', 'k'.repeat(128), '日'.repeat(128), '𝒜'.repeat(128)) },
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...TAG_KEY_CHARS), minLength: 1, maxLength: 128 }) },
).filter((key) => !key.toLowerCase().startsWith('aws:') && key !== '__proto__');

const tagValueArb = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('', 'v', 'x'.repeat(256), '😀'.repeat(256), 'é'.repeat(256)) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 256 }) },
);

/**
 * Old and new tags from one pool of keys, so that keys are kept, changed,
 * removed and added in the same pair: 0 old only, 1 new only, 2 both alike, 3 both, values drawn apart.
 */
const tagsPairArb = fc.uniqueArray(tagKeyArb, { maxLength: 70 }).chain((keys) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), tagValueArb, tagValueArb), { minLength: keys.length, maxLength: keys.length })
    .map((fates) => {
      const oldTags: [string, string][] = [];
      const newTags: [string, string][] = [];
      fates.forEach(([fate, a, b], i) => {
        if (fate !== 1) oldTags.push([keys[i], a]);
        if (fate === 1 || fate === 3) newTags.push([keys[i], b]);
        if (fate === 2) newTags.push([keys[i], a]);
      });
      // Both sides stay within the 50-tag limit.
      return { oldTags: Object.fromEntries(oldTags.slice(0, 50)), newTags: Object.fromEntries(newTags.slice(0, 50)) };
    }));

function lambdaArbFor(partition: string, region: string, account: string) {
  return fc.tuple(
    fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 64 }),
    fc.option(fc.string({ unit: fc.constantFrom(...NAME_CHARS, '$'), minLength: 1, maxLength: 60 }), { nil: undefined }),
  ).map(([name, qualifier]) => `arn:${partition}:lambda:${region}:${account}:function:${name}${qualifier ? `:${qualifier}` : ''}`)
    .filter((uri) => uri.length <= 170);
}

type Spec = RoomSpec & { readonly messageReviewHandler?: { readonly uri: string; readonly fallbackResult: 'ALLOW' | 'DENY' } };

function specArb(loggingArns: readonly string[], lambdaArb: fc.Arbitrary<string>) {
  return fc.record({
    name: nameArb,
    maximumMessageLength: fc.integer({ min: 1, max: 500 }),
    maximumMessageRatePerSecond: fc.integer({ min: 1, max: 100 }),
    messageReviewHandler: fc.option(fc.record({ uri: lambdaArb, fallbackResult: fc.constantFrom('ALLOW' as const, 'DENY' as const) }), { nil: undefined }),
    loggingConfigurationIdentifiers: fc.shuffledSubarray([...loggingArns], { maxLength: 3 }),
  });
}

/**
 * Pairs of valid specs. Each room field is kept or redrawn on its own, so that
 * pairs differing in one field, several or none are all common; the review
 * handler may also keep its uri with the other fallback, and the logging
 * configurations may come back in another order (the same set to IVS Chat).
 */
function specPairArb(loggingArns: readonly string[], lambdaArb: fc.Arbitrary<string>): fc.Arbitrary<{ old: Spec; next: Spec }> {
  const spec = specArb(loggingArns, lambdaArb);
  return fc.record({
    old: spec,
    fresh: spec,
    keep: fc.record({
      name: fc.boolean(),
      maximumMessageLength: fc.boolean(),
      maximumMessageRatePerSecond: fc.boolean(),
      messageReviewHandler: fc.constantFrom('keep', 'redraw', 'flip-fallback'),
      loggingConfigurationIdentifiers: fc.constantFrom('keep', 'redraw', 'reverse'),
    }),
    tags: tagsPairArb,
  }).map(({ old, fresh, keep, tags }) => {
    const oldHandler = old.messageReviewHandler;
    const reviewHandler = keep.messageReviewHandler === 'keep' ? oldHandler
      : keep.messageReviewHandler === 'flip-fallback' && oldHandler
        ? { uri: oldHandler.uri, fallbackResult: oldHandler.fallbackResult === 'ALLOW' ? 'DENY' as const : 'ALLOW' as const }
        : fresh.messageReviewHandler;
    const logging = keep.loggingConfigurationIdentifiers === 'keep' ? old.loggingConfigurationIdentifiers
      : keep.loggingConfigurationIdentifiers === 'reverse' ? [...old.loggingConfigurationIdentifiers].reverse()
        : fresh.loggingConfigurationIdentifiers;
    const next: Spec = {
      name: keep.name ? old.name : fresh.name,
      maximumMessageLength: keep.maximumMessageLength ? old.maximumMessageLength : fresh.maximumMessageLength,
      maximumMessageRatePerSecond: keep.maximumMessageRatePerSecond ? old.maximumMessageRatePerSecond : fresh.maximumMessageRatePerSecond,
      messageReviewHandler: reviewHandler,
      loggingConfigurationIdentifiers: logging,
      tags: tags.newTags,
    };
    return { old: { ...old, tags: tags.oldTags }, next };
  });
}

// ---- The oracle: what a minimal plan must hold, computed independently ----

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
const sorted = (values: readonly string[]) => [...values].sort();

function expectMinimalPlan(roomArn: string, old: Spec, next: Spec, calls: RoomCall[]): void {
  const actions = calls.map((c) => c.action);
  expect(new Set(actions).size).toBe(actions.length);

  const changed: Record<string, unknown> = {};
  if (old.name !== next.name) changed.name = next.name;
  if (old.maximumMessageLength !== next.maximumMessageLength) changed.maximumMessageLength = next.maximumMessageLength;
  if (old.maximumMessageRatePerSecond !== next.maximumMessageRatePerSecond) changed.maximumMessageRatePerSecond = next.maximumMessageRatePerSecond;
  const oh = old.messageReviewHandler;
  const nh = next.messageReviewHandler;
  if (oh?.uri !== nh?.uri || oh?.fallbackResult !== nh?.fallbackResult) {
    changed.messageReviewHandler = nh ? { uri: nh.uri, fallbackResult: nh.fallbackResult } : { uri: '' };
  }
  if (!sameSet(old.loggingConfigurationIdentifiers, next.loggingConfigurationIdentifiers)) {
    changed.loggingConfigurationIdentifiers = next.loggingConfigurationIdentifiers;
  }
  const update = calls.find((c) => c.action === 'UpdateRoom');
  if (Object.keys(changed).length > 0) {
    // Exactly the changed fields: `toStrictEqual` also refuses extra keys set to undefined.
    expect(update?.input).toStrictEqual({ identifier: roomArn, ...changed });
  } else {
    expect(update).toBeUndefined();
  }

  const removed = Object.keys(old.tags).filter((key) => !Object.hasOwn(next.tags, key));
  const untag = calls.find((c) => c.action === 'UntagResource');
  if (removed.length > 0) {
    expect(untag?.input.resourceArn).toBe(roomArn);
    expect(sorted((untag?.input as { tagKeys: string[] }).tagKeys)).toEqual(sorted(removed));
  } else {
    expect(untag).toBeUndefined();
  }

  const added = Object.fromEntries(Object.entries(next.tags).filter(([key, value]) => !Object.hasOwn(old.tags, key) || old.tags[key] !== value));
  const tag = calls.find((c) => c.action === 'TagResource');
  if (Object.keys(added).length > 0) {
    expect(tag?.input).toStrictEqual({ resourceArn: roomArn, tags: added });
  } else {
    expect(tag).toBeUndefined();
  }

  // Documented order: the room first, then untag before tag so a full room has space.
  const order = ['UpdateRoom', 'UntagResource', 'TagResource'];
  expect(actions).toEqual([...actions].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
}

// ---- Pure properties ----

describe('planUpdate is minimal (pure, 2,000+ runs each)', () => {
  const lambdaArb = lambdaArbFor('aws', 'us-east-1', '123456789012');

  test('no change, no call: planUpdate(x, x) and planUpdate(x, copy with keys and configurations reordered) are []', () => {
    fc.assert(fc.property(specPairArb(FAKE_LOGGING, lambdaArb), ({ old }) => {
      expect(planUpdate(ROOM, old, old)).toEqual([]);
      const reordered: Spec = {
        ...old,
        messageReviewHandler: old.messageReviewHandler && { ...old.messageReviewHandler },
        loggingConfigurationIdentifiers: [...old.loggingConfigurationIdentifiers].reverse(),
        tags: Object.fromEntries(Object.entries(old.tags).reverse()),
      };
      expect(planUpdate(ROOM, old, reordered)).toEqual([]);
    }), { seed: SEED, numRuns: 2_000 });
  });

  test('each call carries exactly what changed; at most one of each; in order', () => {
    const seen: Record<string, number> = { 'none': 0, 'UpdateRoom': 0, 'UntagResource': 0, 'TagResource': 0, 'all three': 0 };
    fc.assert(fc.property(specPairArb(FAKE_LOGGING, lambdaArb), ({ old, next }) => {
      const plan = planUpdate(ROOM, old, next);
      expectMinimalPlan(ROOM, old, next, plan);
      for (const call of plan) seen[call.action]++;
      if (plan.length === 0) seen.none++;
      if (plan.length === 3) seen['all three']++;
    }), { seed: SEED + 1, numRuns: 3_000 });
    console.info(`planUpdate minimality: 3,000 pairs; plans by call: ${JSON.stringify(seen)}`);
    // The pairs exercise every kind of plan, not only the easy ones (no change at all has its own test above).
    expect(Math.min(seen.UpdateRoom, seen.UntagResource, seen.TagResource, seen['all three'])).toBeGreaterThan(50);
    expect(seen.none).toBeGreaterThan(0);
  });

  test('the plan does not depend on the partition or region of the room', () => {
    const otherPartition = 'arn:aws-cn:ivschat:cn-north-1:123456789012:room/AbCdEfGhIjKl';
    fc.assert(fc.property(specPairArb(FAKE_LOGGING, lambdaArb), ({ old, next }) => {
      expectMinimalPlan(otherPartition, old, next, planUpdate(otherPartition, old, next));
    }), { seed: SEED + 2, numRuns: 500 });
  });

  /** Regression: removed tags were found with `in`, which also sees Object.prototype members. */
  test('removing a tag named `constructor` plans an UntagResource of it', () => {
    const base: Spec = { name: 'r', maximumMessageLength: 500, maximumMessageRatePerSecond: 10, loggingConfigurationIdentifiers: [], tags: {} };
    expect(planUpdate(ROOM, { ...base, tags: { constructor: 'x', team: 'a' } }, { ...base, tags: {} })).toEqual([
      { action: 'UntagResource', input: { resourceArn: ROOM, tagKeys: ['constructor', 'team'] } },
    ]);
  });
});

// ---- Wire properties ----

describe('planned calls turn the old room into the new one exactly (emulator, real SDK)', () => {
  // A loaded two-core machine: leave room over the ~10 s these take.
  jest.setTimeout(90_000);

  let emu: IvsChatEmulator;
  let client: IvschatClient;
  let loggingArns: string[];
  let lambdaArb: fc.Arbitrary<string>;

  beforeAll(async () => {
    emu = await startEmulator({ rateLimits: false });
    // The handler builds its client on first use, with standard endpoint resolution.
    pointSdkAt(emu);
    client = new IvschatClient({
      endpoint: emu.endpoint, region: emu.region, maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    loggingArns = [];
    for (let i = 0; i < 4; i++) {
      const created = await client.send(new CreateLoggingConfigurationCommand({
        name: `fuzz-logs-${i}`, destinationConfiguration: { cloudWatchLogs: { logGroupName: `/chat/fuzz-${i}` } },
      }));
      loggingArns.push(created.arn!);
    }
    lambdaArb = lambdaArbFor(emu.partition, emu.region, emu.accountId);
  });

  afterAll(async () => {
    client?.destroy();
    await emu?.stop();
  });

  /** The fields a spec decides, from the emulator's room: logging configurations as a set. */
  function observed(room: EmulatorRoom | undefined) {
    expect(room).toBeDefined();
    const { name, maximumMessageLength, maximumMessageRatePerSecond, messageReviewHandler, loggingConfigurationIdentifiers, tags } = room!;
    return {
      name,
      maximumMessageLength,
      maximumMessageRatePerSecond,
      messageReviewHandler: messageReviewHandler && { ...messageReviewHandler },
      loggingConfigurationIdentifiers: sorted(loggingConfigurationIdentifiers),
      tags,
    };
  }

  function expected(spec: Spec) {
    return { ...spec, loggingConfigurationIdentifiers: sorted(spec.loggingConfigurationIdentifiers) };
  }

  async function createFrom(spec: Spec): Promise<string> {
    const room = await client.send(new CreateRoomCommand({
      name: spec.name,
      maximumMessageLength: spec.maximumMessageLength,
      maximumMessageRatePerSecond: spec.maximumMessageRatePerSecond,
      messageReviewHandler: spec.messageReviewHandler,
      loggingConfigurationIdentifiers: spec.loggingConfigurationIdentifiers.length > 0 ? spec.loggingConfigurationIdentifiers : undefined,
      tags: Object.keys(spec.tags).length > 0 ? spec.tags : undefined,
    }));
    return room.arn!;
  }

  async function apply(call: RoomCall): Promise<void> {
    switch (call.action) {
      case 'UpdateRoom': await client.send(new UpdateRoomCommand(call.input)); break;
      case 'TagResource': await client.send(new TagResourceCommand(call.input)); break;
      case 'UntagResource': await client.send(new UntagResourceCommand(call.input)); break;
    }
  }

  test('planUpdate applied with the SDK: the room equals the new spec, every call succeeds (300 runs)', async () => {
    let calls = 0;
    await fc.assert(fc.asyncProperty(specPairArb(loggingArns, lambdaArb), async ({ old, next }) => {
      const arn = await createFrom(old);
      expect(observed(emu.room(arn))).toEqual(expected(old));
      const plan = planUpdate(arn, old, next);
      emu.clearCalls();
      for (const call of plan) await apply(call);
      calls += plan.length;
      expect(emu.calls.map((c) => [c.operation, c.status])).toEqual(plan.map((c) => [c.action, 200]));
      expect(observed(emu.room(arn))).toEqual(expected(next));
    }), { seed: SEED + 3, numRuns: 300 });
    console.info(`plan wire property: 300 pairs, ${calls} planned calls applied`);
  });

  /**
   * Regression: the emulator copied tags with `result[k] = v`, which drops a
   * `__proto__` key. Sent raw: the AWS SDK itself drops such a key from requests.
   */
  test('a `__proto__` tag set by CreateRoom is kept', async () => {
    const response = await fetch(`${emu.endpoint}/CreateRoom`, {
      method: 'POST',
      headers: { 'authorization': 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/ivschat/aws4_request', 'content-type': 'application/json' },
      body: '{"tags":{"__proto__":"x","team":"y"}}',
    });
    const { arn } = await response.json() as { arn: string };
    expect(Object.keys(emu.room(arn)!.tags).sort()).toEqual(['__proto__', 'team']);
  });

  function toProperties(spec: Spec): ChatRoomResourceProperties & { ServiceToken: string } {
    return {
      ...eventProps(),
      Name: spec.name,
      MaximumMessageLength: String(spec.maximumMessageLength),
      MaximumMessageRatePerSecond: String(spec.maximumMessageRatePerSecond),
      ...(spec.messageReviewHandler && {
        MessageReviewHandler: { Uri: spec.messageReviewHandler.uri, FallbackResult: spec.messageReviewHandler.fallbackResult },
      }),
      ...(spec.loggingConfigurationIdentifiers.length > 0 && { LoggingConfigurationIdentifiers: spec.loggingConfigurationIdentifiers }),
      ...(Object.keys(spec.tags).length > 0 && { Tags: spec.tags }),
    };
  }

  test('the handler\'s Create then Update events, properties as CloudFormation sends them: same result (100 runs)', async () => {
    // Rooms are created with a name (an update may still go to an empty one).
    await fc.assert(fc.asyncProperty(specPairArb(loggingArns, lambdaArb).filter(({ old }) => old.name !== ''), async ({ old, next }) => {
      const oldProps = toProperties(old);
      const { PhysicalResourceId: arn } = await handler(createEvent(oldProps));
      expect(observed(emu.room(arn))).toEqual(expected(old));
      emu.clearCalls();
      await expect(handler(updateEvent(oldProps, toProperties(next), arn))).resolves.toEqual({ PhysicalResourceId: arn, Data: { Arn: arn, Id: arn.split('/')[1] } });
      expect(emu.calls.length).toBe(planUpdate(arn, old, next).length);
      expect(observed(emu.room(arn))).toEqual(expected(next));
    }), { seed: SEED + 4, numRuns: 100 });
  });
});
