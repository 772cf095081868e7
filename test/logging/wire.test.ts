import {
  CreateLoggingConfigurationCommand, CreateRoomCommand, DeleteLoggingConfigurationCommand, IvschatClient, ValidationException,
} from '@aws-sdk/client-ivschat';
import { handler } from '../../lambda/room-provider';
import { IvsChatEmulator, startEmulator, pointSdkAt } from '../../local/src/emulator';
import { createEvent, deleteEvent, props, updateEvent } from '../room-provider/fixtures';

/**
 * Logging configurations attached, changed and detached by the room provider over
 * HTTP with the real @aws-sdk/client-ivschat, against the loopback emulator (which
 * checks that referenced configurations exist and enforces 3 per room).
 */

let emu: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emu = await startEmulator();
  pointSdkAt(emu);
  client = new IvschatClient({
    endpoint: emu.endpoint,
    region: emu.region,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
});

afterAll(async () => {
  client.destroy();
  await emu.stop();
});

beforeEach(() => {
  emu.reset();
  // Logging-configuration operations allow 3 calls a second; these tests make them back to back.
  emu.setRateLimits(false);
  emu.setFaults(undefined);
});

/** Creates logging configurations the way CloudFormation would, with the SDK. */
async function loggingConfigurations(count: number): Promise<string[]> {
  const arns: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await client.send(new CreateLoggingConfigurationCommand({
      name: `chat-logs-${i}`,
      destinationConfiguration: { cloudWatchLogs: { logGroupName: `/chat/logs-${i}` } },
    }));
    arns.push(created.arn!);
  }
  return arns;
}

test('create with one, change to another, add a second, detach all: the room follows on the wire', async () => {
  const [a, b, c] = await loggingConfigurations(3);
  const withA = props({ LoggingConfigurationIdentifiers: [a] });

  const arn = (await handler(createEvent(withA))).PhysicalResourceId;
  expect(emu.count('CreateRoom', { successOnly: true })).toBe(1);
  expect(emu.room(arn)!.loggingConfigurationIdentifiers).toEqual([a]);

  const withB = props({ LoggingConfigurationIdentifiers: [b] });
  emu.clearCalls();
  await handler(updateEvent(withA, withB, arn));
  expect(emu.calls.map((call) => call.operation)).toEqual(['UpdateRoom']);
  expect(emu.room(arn)!.loggingConfigurationIdentifiers).toEqual([b]);

  const withBC = props({ LoggingConfigurationIdentifiers: [b, c] });
  await handler(updateEvent(withB, withBC, arn));
  expect(emu.room(arn)!.loggingConfigurationIdentifiers).toEqual([b, c]);

  emu.clearCalls();
  await handler(updateEvent(withBC, props(), arn));
  expect(emu.calls.map((call) => call.operation)).toEqual(['UpdateRoom']);
  expect(emu.room(arn)!.loggingConfigurationIdentifiers).toEqual([]);

  // Detached, the configurations can go: the emulator refuses to delete one a room still uses.
  await expect(client.send(new DeleteLoggingConfigurationCommand({ identifier: b }))).resolves.toBeDefined();
});

test('the same configurations in another order make no call', async () => {
  const [a, b] = await loggingConfigurations(2);
  const arn = (await handler(createEvent(props({ LoggingConfigurationIdentifiers: [a, b] })))).PhysicalResourceId;
  emu.clearCalls();
  await handler(updateEvent(props({ LoggingConfigurationIdentifiers: [a, b] }), props({ LoggingConfigurationIdentifiers: [b, a] }), arn));
  expect(emu.calls).toHaveLength(0);
});

test('a room with 3 configurations is fine; a 4th is refused by the provider before any call', async () => {
  const four = await loggingConfigurations(4);
  const arn = (await handler(createEvent(props({ LoggingConfigurationIdentifiers: four.slice(0, 3) })))).PhysicalResourceId;
  expect(emu.room(arn)!.loggingConfigurationIdentifiers).toEqual(four.slice(0, 3));

  emu.clearCalls();
  const three = props({ LoggingConfigurationIdentifiers: four.slice(0, 3) });
  await expect(handler(updateEvent(three, props({ LoggingConfigurationIdentifiers: four }), arn)))
    .rejects.toThrow('Invalid chat room properties: `loggingConfigurations` must hold at most 3 logging configurations, got: 4');
  await expect(handler(createEvent(props({ LoggingConfigurationIdentifiers: four }))))
    .rejects.toThrow('Invalid chat room properties: `loggingConfigurations` must hold at most 3 logging configurations, got: 4');
  expect(emu.calls).toHaveLength(0);
  expect(emu.room(arn)!.loggingConfigurationIdentifiers).toEqual(four.slice(0, 3));
});

test('the service itself refuses a 4th, so the provider\'s check only says it earlier', async () => {
  const four = await loggingConfigurations(4);
  await expect(client.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: four }))).rejects.toBeInstanceOf(ValidationException);
  expect(emu.rooms()).toEqual([]);
});

test('a configuration that does not exist fails the deployment with a reason naming the room', async () => {
  const missing = `arn:aws:ivschat:${emu.region}:${emu.accountId}:logging-configuration/AAAAAAAAAAAA`;
  await expect(handler(createEvent(props({ LoggingConfigurationIdentifiers: [missing] }))))
    .rejects.toThrow(/^IVS Chat CreateRoom failed for room lobby: ResourceNotFoundException/);
  expect(emu.rooms()).toEqual([]);
});

test('delete removes the room, after which its configurations can be deleted', async () => {
  const [a] = await loggingConfigurations(1);
  const arn = (await handler(createEvent(props({ LoggingConfigurationIdentifiers: [a] })))).PhysicalResourceId;
  await handler(deleteEvent(arn));
  expect(emu.rooms()).toEqual([]);
  await expect(client.send(new DeleteLoggingConfigurationCommand({ identifier: a }))).resolves.toBeDefined();
});
