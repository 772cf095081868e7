import { CreateRoomCommand, IvschatClient, ListRoomsCommand, UpdateRoomCommand } from '@aws-sdk/client-ivschat';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../lambda/room-provider';
import { createEvent, props, ROOM_ARN, updateEvent } from '../room-provider/fixtures';

/** The room provider's handling of `LoggingConfigurationIdentifiers`, with a mocked IVS Chat client. */

const ivschat = mockClient(IvschatClient);

const logging = (id: string) => `arn:aws:ivschat:us-east-1:123456789012:logging-configuration/${id.padEnd(12, '0')}`;
const A = logging('A');
const B = logging('B');
const C = logging('C');
const D = logging('D');

beforeEach(() => {
  ivschat.reset();
  ivschat.onAnyCommand().rejects(new Error('unexpected call'));
  ivschat.on(ListRoomsCommand).resolves({ rooms: [] });
});

describe('Create', () => {
  test('sends the identifiers with CreateRoom', async () => {
    ivschat.on(CreateRoomCommand).resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });
    await handler(createEvent(props({ LoggingConfigurationIdentifiers: [A, B] })));
    expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(1);
    expect(ivschat.commandCalls(CreateRoomCommand)[0].args[0].input.loggingConfigurationIdentifiers).toEqual([A, B]);
  });

  test('sends none when the room has none', async () => {
    ivschat.on(CreateRoomCommand).resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });
    await handler(createEvent(props({ LoggingConfigurationIdentifiers: [] })));
    expect(ivschat.commandCalls(CreateRoomCommand)[0].args[0].input.loggingConfigurationIdentifiers).toBeUndefined();
  });

  test('a 4th identifier or a repeated one is refused before any call, naming the construct prop', async () => {
    await expect(handler(createEvent(props({ LoggingConfigurationIdentifiers: [A, B, C, D] }))))
      .rejects.toThrow('Invalid chat room properties: `loggingConfigurations` must hold at most 3 logging configurations, got: 4');
    await expect(handler(createEvent(props({ LoggingConfigurationIdentifiers: [A, B, A] }))))
      .rejects.toThrow(`Invalid chat room properties: \`loggingConfigurations\` must not hold the same logging configuration twice, got twice: ${A}`);
    expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(0);
    expect(ivschat.commandCalls(UpdateRoomCommand)).toHaveLength(0);
  });

  describe('after a CreateRoom whose answer was lost', () => {
    const lost = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
    const made = (ids: string[]) => ({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl', name: 'lobby', createTime: new Date(), updateTime: new Date(), tags: {}, loggingConfigurationIdentifiers: ids });

    /** ListRooms shows `room` only once CreateRoom has been called, as the service would. */
    function listAfterCreate(room: ReturnType<typeof made>) {
      ivschat.on(ListRoomsCommand).callsFake(() => ({ rooms: ivschat.commandCalls(CreateRoomCommand).length > 0 ? [room] : [] }));
    }

    test('adopts the room it made, with the same configurations in any order', async () => {
      ivschat.on(CreateRoomCommand).rejects(lost());
      listAfterCreate(made([B, A]));

      const response = await handler(createEvent(props({ LoggingConfigurationIdentifiers: [A, B] })));

      expect(response.PhysicalResourceId).toBe(ROOM_ARN);
      expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(1);
    });

    test('does not adopt a room with other configurations', async () => {
      const other = 'arn:aws:ivschat:us-east-1:123456789012:room/ZzZzZzZzZzZz';
      ivschat.on(CreateRoomCommand).rejectsOnce(lost()).resolves({ arn: other, id: 'ZzZzZzZzZzZz' });
      listAfterCreate(made([A]));

      const response = await handler(createEvent(props({ LoggingConfigurationIdentifiers: [A, B] })));

      expect(response.PhysicalResourceId).toBe(other);
      expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(2);
    });
  });
});

describe('Update', () => {
  beforeEach(() => {
    ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
  });

  async function update(before: string[] | undefined, after: string[] | undefined) {
    await handler(updateEvent(props({ LoggingConfigurationIdentifiers: before }), props({ LoggingConfigurationIdentifiers: after })));
    return ivschat.commandCalls(UpdateRoomCommand).map((call) => call.args[0].input);
  }

  test('a change sends the whole new list, and nothing else', async () => {
    expect(await update([A], [A, B])).toEqual([{ identifier: ROOM_ARN, loggingConfigurationIdentifiers: [A, B] }]);
  });

  test('a replacement sends the new list', async () => {
    expect(await update([A, B], [C])).toEqual([{ identifier: ROOM_ARN, loggingConfigurationIdentifiers: [C] }]);
  });

  test('adding the first configuration to a room that had none', async () => {
    expect(await update(undefined, [A])).toEqual([{ identifier: ROOM_ARN, loggingConfigurationIdentifiers: [A] }]);
  });

  test('removing them all sends an empty list, which detaches them', async () => {
    expect(await update([A, B], undefined)).toEqual([{ identifier: ROOM_ARN, loggingConfigurationIdentifiers: [] }]);
  });

  test('the same configurations in another order make no call', async () => {
    expect(await update([A, B, C], [C, A, B])).toEqual([]);
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('rides along with another field\'s change in one UpdateRoom', async () => {
    await handler(updateEvent(
      props({ LoggingConfigurationIdentifiers: [A] }),
      props({ LoggingConfigurationIdentifiers: [B], MaximumMessageLength: '100' }),
    ));
    expect(ivschat.commandCalls(UpdateRoomCommand).map((call) => call.args[0].input)).toEqual([
      { identifier: ROOM_ARN, maximumMessageLength: 100, loggingConfigurationIdentifiers: [B] },
    ]);
  });

  test('a 4th identifier is refused before any call', async () => {
    await expect(update([A], [A, B, C, D])).rejects.toThrow('`loggingConfigurations` must hold at most 3 logging configurations, got: 4');
    expect(ivschat.calls()).toHaveLength(0);
  });
});
