import { createEvent, deleteEvent, props } from './fixtures';
import { handler } from '../../lambda/room-provider';
import { IvsChatEmulator, startEmulator, pointSdkAt } from '../../local/src/emulator';

/**
 * CloudFormation creates a stack's rooms in parallel, and CreateRoom and DeleteRoom
 * allow 5 calls a second per account: 50 rooms at once must ride the quota out, not
 * fail the deployment. Timing is measured by bench/concurrent-create.ts, not here.
 */

const ROOMS = 50;

// At 5 TPS, 50 creates need at least 9 s and 50 deletes as long again.
jest.setTimeout(120_000);

let emu: IvsChatEmulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: true });
  // The handler builds its client on first use, with standard endpoint resolution.
  pointSdkAt(emu);
});

afterAll(async () => {
  await emu.stop();
});

test(`${ROOMS} rooms created at once under the real 5 TPS quota all succeed, and all delete at once too`, async () => {
  const created = await Promise.allSettled(Array.from({ length: ROOMS }, (_, i) =>
    handler(createEvent(props({ Name: `room${i}`, Tags: { index: `${i}` } })))));

  expect(created.filter((r) => r.status === 'rejected')).toEqual([]);
  const arns = created.map((r) => (r as PromiseFulfilledResult<{ PhysicalResourceId: string }>).value.PhysicalResourceId);
  expect(new Set(arns).size).toBe(ROOMS);
  expect(emu.rooms().map((r) => r.arn).sort()).toEqual([...arns].sort());
  // Each room is the one its template asked for.
  arns.forEach((arn, i) => expect(emu.room(arn)).toMatchObject({ name: `room${i}`, tags: { index: `${i}` } }));
  // The quota was really in the way (on the ListRooms before each create, on
  // CreateRoom, or both), and no throttled attempt made a room.
  expect(emu.count('ListRooms', { status: 429 }) + emu.count('CreateRoom', { status: 429 })).toBeGreaterThan(0);
  expect(emu.count('CreateRoom', { successOnly: true })).toBe(ROOMS);

  const deleted = await Promise.allSettled(arns.map((arn) => handler(deleteEvent(arn))));

  expect(deleted.filter((r) => r.status === 'rejected')).toEqual([]);
  expect(emu.rooms()).toEqual([]);
  expect(emu.count('DeleteRoom', { status: 429 })).toBeGreaterThan(0);
});
