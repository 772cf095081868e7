import { createEvent, deleteEvent, props, updateEvent } from './fixtures';
import { handler } from '../../lambda/room-provider';
import { IvsChatEmulator, startEmulator, pointSdkAt } from '../../local/src/emulator';

/**
 * The room provider over HTTP with the real @aws-sdk/client-ivschat, against
 * the loopback emulator (real routes, validation, error shapes and quotas).
 */

// Real backoff sleeps over real sockets: generous on a loaded two-core machine.
jest.setTimeout(60_000);

let emu: IvsChatEmulator;

beforeAll(async () => {
  emu = await startEmulator();
  // The handler builds its client on first use, with standard endpoint resolution.
  pointSdkAt(emu);
});

afterAll(async () => {
  await emu.stop();
});

beforeEach(() => {
  emu.reset();
  emu.setRateLimits(true);
  emu.setFaults(undefined);
});

const reviewer = () => `arn:aws:lambda:${emu.region}:${emu.accountId}:function:reviewer`;

async function createRoom(p = props()): Promise<string> {
  const response = await handler(createEvent(p));
  return response.PhysicalResourceId;
}

describe('lifecycle, counted by the emulator', () => {
  test('create is one ListRooms of its name, then one CreateRoom that sets every property and tag', async () => {
    const arn = await createRoom(props({
      Name: 'stage',
      MaximumMessageLength: '200',
      MaximumMessageRatePerSecond: '100',
      MessageReviewHandler: { Uri: reviewer(), FallbackResult: 'DENY' },
      Tags: { team: 'live', empty: '' },
    }));

    expect(emu.calls.map((c) => c.operation)).toEqual(['ListRooms', 'CreateRoom']);
    expect(emu.room(arn)).toMatchObject({
      arn,
      name: 'stage',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: { uri: reviewer(), fallbackResult: 'DENY' },
      tags: { team: 'live', empty: '' },
    });
  });

  test('the response carries the ARN as physical id and the 12-character id', async () => {
    const response = await handler(createEvent());
    const room = emu.rooms()[0];
    expect(response).toEqual({ PhysicalResourceId: room.arn, Data: { Arn: room.arn, Id: room.id } });
    expect(room.id).toMatch(/^[a-zA-Z0-9]{12}$/);
  });

  test('an update with no change makes no call', async () => {
    const p = props({ Tags: { a: '1' } });
    const arn = await createRoom(p);
    emu.clearCalls();
    await handler(updateEvent(p, { ...p }, arn));
    expect(emu.calls).toHaveLength(0);
  });

  test('a tag-only change makes at most two calls and leaves the room fields alone', async () => {
    const arn = await createRoom(props({ Tags: { keep: '1', change: '1', drop: '1' } }));
    const before = emu.room(arn)!;
    emu.clearCalls();

    await handler(updateEvent(props({ Tags: { keep: '1', change: '1', drop: '1' } }), props({ Tags: { keep: '1', change: '2', add: '' } }), arn));

    expect(emu.calls.map((c) => c.operation).sort()).toEqual(['TagResource', 'UntagResource']);
    expect(emu.room(arn)).toEqual({ ...before, tags: { keep: '1', change: '2', add: '' } });
  });

  test('a room-field change is one UpdateRoom', async () => {
    const arn = await createRoom();
    emu.clearCalls();
    await handler(updateEvent(props(), props({ MaximumMessageRatePerSecond: '100', Name: 'renamed' }), arn));
    expect(emu.calls.map((c) => c.operation)).toEqual(['UpdateRoom']);
    expect(emu.room(arn)).toMatchObject({ name: 'renamed', maximumMessageRatePerSecond: 100, maximumMessageLength: 500 });
  });

  test('removing the review handler on update clears it on the room', async () => {
    const withHandler = props({ MessageReviewHandler: { Uri: reviewer(), FallbackResult: 'DENY' } });
    const arn = await createRoom(withHandler);
    await handler(updateEvent(withHandler, props(), arn));
    expect(emu.room(arn)!.messageReviewHandler).toBeUndefined();
  });

  test('delete is one DeleteRoom and the room is gone; a second delete still succeeds', async () => {
    const arn = await createRoom();
    emu.clearCalls();
    await handler(deleteEvent(arn));
    expect(emu.calls.map((c) => c.operation)).toEqual(['DeleteRoom']);
    expect(emu.rooms()).toEqual([]);

    await expect(handler(deleteEvent(arn))).resolves.toMatchObject({ PhysicalResourceId: arn });
  });
});

describe('failures on the wire', () => {
  test('the API\'s validation error reaches CloudFormation with the field and the construct prop', async () => {
    const otherRegion = 'arn:aws:lambda:eu-west-1:123456789012:function:reviewer';
    await expect(createRoom(props({ MessageReviewHandler: { Uri: otherRegion, FallbackResult: 'ALLOW' } })))
      .rejects.toThrow(/^IVS Chat CreateRoom failed for room lobby: ValidationException: .*messageReviewHandler.uri \(prop `messageReviewHandler.handler`\)/);
    expect(emu.rooms()).toEqual([]);
  });

  test('an unnamed room is refused before any call, though the API would make one', async () => {
    await expect(createRoom(props({ Name: '' }))).rejects.toThrow('`chatRoomName` must not be empty');
    expect(emu.calls).toEqual([]);
  });

  test('updating a room deleted by hand fails with ResourceNotFoundException, naming the room', async () => {
    const arn = await createRoom();
    await handler(deleteEvent(arn));
    await expect(handler(updateEvent(props(), props({ Name: 'x' }), arn)))
      .rejects.toThrow(`IVS Chat UpdateRoom failed for room ${arn}: ResourceNotFoundException`);
  });

  test('injected 500s, throttles and connections dropped before the call are retried to success', async () => {
    emu.setRateLimits(false);
    emu.setFaults({ seed: 7, internalErrorRate: 0.2, throttleRate: 0.2, dropRate: 0.1, operations: ['UpdateRoom', 'TagResource', 'DeleteRoom'] });
    const arn = await createRoom(props({ Tags: { a: '1' } }));

    for (let i = 0; i < 10; i++) {
      await handler(updateEvent(props({ Name: `n${i}`, Tags: { a: `${i}` } }), props({ Name: `n${i + 1}`, Tags: { a: `${i + 1}` } }), arn));
    }
    await handler(deleteEvent(arn));

    expect(emu.calls.some((c) => c.fault !== undefined)).toBe(true);
    expect(emu.rooms()).toEqual([]);
  });

  test('CreateRoom replies lost after the room was made never leave a second room behind', async () => {
    emu.setRateLimits(false);
    emu.setFaults({ seed: 11, internalErrorRate: 0.15, dropRate: 0.3, operations: ['CreateRoom'] });

    const arns = [];
    for (let i = 0; i < 20; i++) {
      arns.push(await createRoom(props({ Name: `room${i}`, Tags: { n: `${i}` } })));
    }

    expect(emu.calls.filter((c) => c.fault === 'drop-after').length).toBeGreaterThan(0);
    expect(emu.rooms().map((r) => r.arn).sort()).toEqual([...arns].sort());
  });

  // 20 creates at 5 TPS take 4 s at the very least; the timing itself is measured in bench/.
  test('twenty rooms created at once ride out the real 5 TPS quota', async () => {
    const arns = await Promise.all(Array.from({ length: 20 }, (_, i) => createRoom(props({ Name: `room${i}` }))));
    expect(new Set(arns).size).toBe(20);
    expect(emu.rooms()).toHaveLength(20);
    expect(emu.count('CreateRoom', { status: 429 }) + emu.count('ListRooms', { status: 429 })).toBeGreaterThan(0);
  }, 30_000);
});
