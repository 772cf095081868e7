import {
  CreateChatTokenCommand,
  CreateLoggingConfigurationCommand,
  CreateRoomCommand,
  DeleteLoggingConfigurationCommand,
  DeleteMessageCommand,
  DeleteRoomCommand,
  DisconnectUserCommand,
  GetLoggingConfigurationCommand,
  GetRoomCommand,
  IvschatClient,
  ListLoggingConfigurationsCommand,
  ListRoomsCommand,
  ListTagsForResourceCommand,
  paginateListRooms,
  ResourceNotFoundException,
  SendEventCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateLoggingConfigurationCommand,
  UpdateRoomCommand,
} from '@aws-sdk/client-ivschat';
import { clientFor, failure, lambdaArn } from './test-helpers';
import { startEmulator } from '../../local/src/emulator/server';
import { IvsChatEmulator } from '../../local/src/emulator/types';

let emulator: IvsChatEmulator;
let client: IvschatClient;
let clock: Date;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: false, now: () => clock });
  client = clientFor(emulator);
});
beforeEach(() => {
  emulator.reset();
  clock = new Date('2025-01-01T00:00:00.000Z');
});
afterAll(async () => {
  client.destroy();
  await emulator.stop();
});

function tick(ms = 1000): void {
  clock = new Date(clock.getTime() + ms);
}

describe('rooms', () => {
  test('CreateRoom applies the defaults and answers the full room', async () => {
    const room = await client.send(new CreateRoomCommand({}));

    expect(room.$metadata.httpStatusCode).toBe(200);
    expect(room.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(room.arn).toBe(`arn:aws:ivschat:us-east-1:123456789012:room/${room.id}`);
    expect(room.id).toMatch(/^[a-zA-Z0-9]{12}$/);
    expect(room).toMatchObject({
      name: '',
      maximumMessageLength: 500,
      maximumMessageRatePerSecond: 10,
      tags: {},
      loggingConfigurationIdentifiers: [],
      createTime: clock,
      updateTime: clock,
    });
    expect(room.messageReviewHandler).toBeUndefined();
  });

  test('CreateRoom stores every property given', async () => {
    const uri = lambdaArn(emulator);
    const room = await client.send(new CreateRoomCommand({
      name: 'lobby-1_a',
      maximumMessageLength: 1,
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: { uri },
      tags: { team: 'chat', empty: '' },
    }));

    expect(room).toMatchObject({
      name: 'lobby-1_a',
      maximumMessageLength: 1,
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: { uri, fallbackResult: 'ALLOW' },
      tags: { team: 'chat', empty: '' },
    });
    expect(emulator.room(room.arn!)).toEqual(emulator.room(room.id!));
    expect(emulator.room(room.id!)).toMatchObject({ name: 'lobby-1_a', createTime: '2025-01-01T00:00:00.000Z' });
  });

  test('GetRoom answers what CreateRoom stored', async () => {
    const created = await client.send(new CreateRoomCommand({ name: 'r', messageReviewHandler: { uri: lambdaArn(emulator), fallbackResult: 'DENY' } }));
    const { $metadata: _created, ...expected } = created;

    const got = await client.send(new GetRoomCommand({ identifier: created.arn }));

    const { $metadata, ...actual } = got;
    expect($metadata.httpStatusCode).toBe(200);
    expect(actual).toEqual(expected);
  });

  test('UpdateRoom is partial and moves updateTime only', async () => {
    const created = await client.send(new CreateRoomCommand({ name: 'before', maximumMessageLength: 100, tags: { a: '1' } }));
    tick();

    const updated = await client.send(new UpdateRoomCommand({ identifier: created.arn, maximumMessageRatePerSecond: 50 }));

    expect(updated).toMatchObject({
      name: 'before',
      maximumMessageLength: 100,
      maximumMessageRatePerSecond: 50,
      tags: { a: '1' },
      createTime: created.createTime,
      updateTime: clock,
    });
  });

  test('UpdateRoom sets, changes and removes the message review handler, replacing the structure as a whole', async () => {
    const { arn } = await client.send(new CreateRoomCommand({}));
    const uri = lambdaArn(emulator);

    const set = await client.send(new UpdateRoomCommand({ identifier: arn, messageReviewHandler: { uri, fallbackResult: 'DENY' } }));
    expect(set.messageReviewHandler).toEqual({ uri, fallbackResult: 'DENY' });

    // A missing fallbackResult is the structure's default, ALLOW: it does not keep the current DENY.
    const uriOnly = await client.send(new UpdateRoomCommand({ identifier: arn, messageReviewHandler: { uri } }));
    expect(uriOnly.messageReviewHandler).toEqual({ uri, fallbackResult: 'ALLOW' });

    // A structure without a uri names no handler: it does not keep the current one.
    const fallbackOnly = await client.send(new UpdateRoomCommand({ identifier: arn, messageReviewHandler: { fallbackResult: 'DENY' } }));
    expect(fallbackOnly.messageReviewHandler).toBeUndefined();

    await client.send(new UpdateRoomCommand({ identifier: arn, messageReviewHandler: { uri, fallbackResult: 'DENY' } }));
    // Leaving the member out leaves the handler alone.
    const untouched = await client.send(new UpdateRoomCommand({ identifier: arn, name: 'renamed' }));
    expect(untouched.messageReviewHandler).toEqual({ uri, fallbackResult: 'DENY' });

    const removed = await client.send(new UpdateRoomCommand({ identifier: arn, messageReviewHandler: { uri: '' } }));
    expect(removed.messageReviewHandler).toBeUndefined();
    expect(emulator.room(arn!)?.messageReviewHandler).toBeUndefined();
  });

  test('tag operations leave updateTime alone', async () => {
    const { arn, updateTime } = await client.send(new CreateRoomCommand({}));
    tick();

    await client.send(new TagResourceCommand({ resourceArn: arn, tags: { a: '1' } }));

    expect((await client.send(new GetRoomCommand({ identifier: arn }))).updateTime).toEqual(updateTime);
  });

  test('DeleteRoom answers 204 and forgets the room', async () => {
    const { arn } = await client.send(new CreateRoomCommand({}));

    const deleted = await client.send(new DeleteRoomCommand({ identifier: arn }));

    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(emulator.rooms()).toEqual([]);
    const error = await failure(client.send(new DeleteRoomCommand({ identifier: arn })), ResourceNotFoundException);
    expect(error).toMatchObject({ resourceId: arn!.split('/')[1], resourceType: 'ROOM' });
  });

  test('rooms() returns copies that do not alias the state', async () => {
    const { arn } = await client.send(new CreateRoomCommand({ tags: { a: '1' } }));

    emulator.rooms()[0].tags.a = 'changed';
    emulator.room(arn!)!.name = 'changed';

    expect(emulator.room(arn!)).toMatchObject({ name: '', tags: { a: '1' } });
  });
});

describe('ListRooms', () => {
  async function createRooms(count: number, props: { name?: string } = {}): Promise<string[]> {
    const arns: string[] = [];
    for (let i = 0; i < count; i++) {
      arns.push((await client.send(new CreateRoomCommand(props))).arn!);
      tick();
    }
    return arns;
  }

  test('answers summaries, most recently updated first', async () => {
    const [first, second, third] = await createRooms(3);
    await client.send(new UpdateRoomCommand({ identifier: second, name: 'touched' }));

    const { rooms, nextToken } = await client.send(new ListRoomsCommand({}));

    expect(rooms!.map((r) => r.arn)).toEqual([second, third, first]);
    expect(nextToken).toBeUndefined();
    expect(Object.keys(rooms![0]).sort()).toEqual(['arn', 'createTime', 'id', 'loggingConfigurationIdentifiers', 'name', 'tags', 'updateTime']);
  });

  test('breaks updateTime ties by the latest change first', async () => {
    const a = (await client.send(new CreateRoomCommand({}))).arn;
    const b = (await client.send(new CreateRoomCommand({}))).arn;
    await client.send(new UpdateRoomCommand({ identifier: a, name: 'x' }));

    const { rooms } = await client.send(new ListRoomsCommand({}));

    expect(rooms!.map((r) => r.arn)).toEqual([a, b]);
  });

  test('pages with maxResults and nextToken (default page size 50)', async () => {
    const arns = (await createRooms(53)).reverse();

    const firstPage = await client.send(new ListRoomsCommand({}));
    expect(firstPage.rooms).toHaveLength(50);
    const secondPage = await client.send(new ListRoomsCommand({ nextToken: firstPage.nextToken }));
    expect(secondPage.rooms!.map((r) => r.arn)).toEqual(arns.slice(50));
    expect(secondPage.nextToken).toBeUndefined();

    const seen: string[] = [];
    for await (const page of paginateListRooms({ client, pageSize: 7 }, {})) {
      seen.push(...page.rooms!.map((r) => r.arn!));
    }
    expect(seen).toEqual(arns);
  });

  test('a page boundary survives deleting the last room returned', async () => {
    const [first, second, third, fourth] = (await createRooms(5)).reverse();

    const page1 = await client.send(new ListRoomsCommand({ maxResults: 2 }));
    expect(page1.rooms!.map((r) => r.arn)).toEqual([first, second]);
    await client.send(new DeleteRoomCommand({ identifier: second }));
    const page2 = await client.send(new ListRoomsCommand({ maxResults: 2, nextToken: page1.nextToken }));

    expect(page2.rooms!.map((r) => r.arn)).toEqual([third, fourth]);
  });

  test('filters by name, review handler and logging configuration', async () => {
    const uri = lambdaArn(emulator);
    const { arn: loggingArn } = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'logs' } } }));
    const [named] = await createRooms(1, { name: 'alpha' });
    await createRooms(2, { name: 'beta' });
    const { arn: reviewed } = await client.send(new CreateRoomCommand({ messageReviewHandler: { uri } }));
    const { arn: logged } = await client.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: [loggingArn!] }));

    const byName = await client.send(new ListRoomsCommand({ name: 'alpha' }));
    const byUri = await client.send(new ListRoomsCommand({ messageReviewHandlerUri: uri }));
    const byLogging = await client.send(new ListRoomsCommand({ loggingConfigurationIdentifier: loggingArn }));

    expect(byName.rooms!.map((r) => r.arn)).toEqual([named]);
    expect(byUri.rooms!.map((r) => r.arn)).toEqual([reviewed]);
    expect(byUri.rooms![0].messageReviewHandler).toEqual({ uri, fallbackResult: 'ALLOW' });
    expect(byLogging.rooms!.map((r) => r.arn)).toEqual([logged]);
  });
});

describe('tags', () => {
  test('TagResource merges, ListTagsForResource lists, UntagResource removes', async () => {
    const { arn } = await client.send(new CreateRoomCommand({ tags: { a: '1', b: '2' } }));

    const tagged = await client.send(new TagResourceCommand({ resourceArn: arn, tags: { b: 'two', c: '3' } }));
    expect(tagged.$metadata.httpStatusCode).toBe(200);
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ a: '1', b: 'two', c: '3' });

    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a', 'c', 'not-there'] }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ b: 'two' });
    expect(emulator.room(arn!)!.tags).toEqual({ b: 'two' });
  });

  test('logging configurations take tags too', async () => {
    const { arn } = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'logs' } }, tags: { a: '1' } }));

    await client.send(new TagResourceCommand({ resourceArn: arn, tags: { b: '2' } }));

    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ a: '1', b: '2' });
  });

  test('tag operations on an unknown resource are ResourceNotFoundException', async () => {
    const arn = 'arn:aws:ivschat:us-east-1:123456789012:room/AAAAAAAAAAAA';
    const loggingArn = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/AAAAAAAAAAAA';

    await expect(failure(client.send(new TagResourceCommand({ resourceArn: arn, tags: { a: '1' } })), ResourceNotFoundException))
      .resolves.toMatchObject({ resourceId: 'AAAAAAAAAAAA', resourceType: 'ROOM' });
    await expect(failure(client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] })), ResourceNotFoundException))
      .resolves.toMatchObject({ resourceId: 'AAAAAAAAAAAA' });
    await expect(failure(client.send(new ListTagsForResourceCommand({ resourceArn: loggingArn })), ResourceNotFoundException))
      .resolves.toMatchObject({ resourceId: 'AAAAAAAAAAAA', resourceType: 'LOGGING_CONFIGURATION' });
  });
});

describe('messaging operations', () => {
  test('CreateChatToken mints a token and records it', async () => {
    const { arn } = await client.send(new CreateRoomCommand({}));

    const minted = await client.send(new CreateChatTokenCommand({
      roomIdentifier: arn,
      userId: 'ü-user',
      capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE'],
      sessionDurationInMinutes: 180,
      attributes: { displayName: 'Ada' },
    }));

    expect(minted.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(minted.tokenExpirationTime).toEqual(new Date('2025-01-01T00:01:00.000Z'));
    expect(minted.sessionExpirationTime).toEqual(new Date('2025-01-01T03:00:00.000Z'));
    expect(emulator.tokens()).toEqual([{
      token: minted.token,
      roomArn: arn,
      userId: 'ü-user',
      capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE'],
      attributes: { displayName: 'Ada' },
      sessionDurationInMinutes: 180,
      tokenExpirationTime: '2025-01-01T00:01:00.000Z',
      sessionExpirationTime: '2025-01-01T03:00:00.000Z',
      issueTime: '2025-01-01T00:00:00.000Z',
    }]);
  });

  test('CreateChatToken defaults to a 60 minute view-only session', async () => {
    const { arn } = await client.send(new CreateRoomCommand({}));

    const minted = await client.send(new CreateChatTokenCommand({ roomIdentifier: arn, userId: 'u' }));

    expect(minted.sessionExpirationTime).toEqual(new Date('2025-01-01T01:00:00.000Z'));
    expect(emulator.tokens()[0]).toMatchObject({ capabilities: [], attributes: {}, sessionDurationInMinutes: 60 });
    const second = await client.send(new CreateChatTokenCommand({ roomIdentifier: arn, userId: 'u' }));
    expect(second.token).not.toBe(minted.token);
  });

  test('SendEvent, DeleteMessage and DisconnectUser record the events a room would broadcast', async () => {
    const { arn } = await client.send(new CreateRoomCommand({}));

    const sent = await client.send(new SendEventCommand({ roomIdentifier: arn, eventName: 'app:poll', attributes: { q: 'yes?' } }));
    const deleted = await client.send(new DeleteMessageCommand({ roomIdentifier: arn, id: 'abcdefABCDEF', reason: 'spam' }));
    const disconnected = await client.send(new DisconnectUserCommand({ roomIdentifier: arn, userId: 'troll', reason: 'rude' }));

    expect(sent.id).toMatch(/^[a-zA-Z0-9]{12}$/);
    expect(deleted.id).toMatch(/^[a-zA-Z0-9]{12}$/);
    expect(disconnected.$metadata.httpStatusCode).toBe(200);
    expect(emulator.events()).toEqual([
      expect.objectContaining({ operation: 'SendEvent', id: sent.id, roomArn: arn, eventName: 'app:poll', attributes: { q: 'yes?' } }),
      expect.objectContaining({
        operation: 'DeleteMessage', id: deleted.id, eventName: 'aws:DELETE_MESSAGE', messageId: 'abcdefABCDEF', attributes: { MessageId: 'abcdefABCDEF', MessageID: 'abcdefABCDEF', Reason: 'spam' },
      }),
      expect.objectContaining({ operation: 'DisconnectUser', eventName: 'aws:DISCONNECT_USER', userId: 'troll', attributes: { UserId: 'troll', Reason: 'rude' } }),
    ]);
  });

  test.each([
    ['CreateChatToken', (roomIdentifier: string) => new CreateChatTokenCommand({ roomIdentifier, userId: 'u' })],
    ['SendEvent', (roomIdentifier: string) => new SendEventCommand({ roomIdentifier, eventName: 'e' })],
    ['DeleteMessage', (roomIdentifier: string) => new DeleteMessageCommand({ roomIdentifier, id: 'abcdefABCDEF' })],
    ['DisconnectUser', (roomIdentifier: string) => new DisconnectUserCommand({ roomIdentifier, userId: 'u' })],
  ])('%s on an unknown room is ResourceNotFoundException', async (_name, command) => {
    const arn = 'arn:aws:ivschat:us-east-1:123456789012:room/AAAAAAAAAAAA';

    // The union of command types is too wide for send()'s overloads; each is a valid command.
    const error = await failure(client.send(command(arn) as CreateChatTokenCommand), ResourceNotFoundException);

    expect(error).toMatchObject({ resourceId: 'AAAAAAAAAAAA', resourceType: 'ROOM' });
  });
});

describe('logging configurations', () => {
  test('create, get, update, list and delete', async () => {
    const created = await client.send(new CreateLoggingConfigurationCommand({
      name: 'chat-logs',
      destinationConfiguration: { cloudWatchLogs: { logGroupName: '/aws/ivschat/chat-logs' } },
      tags: { a: '1' },
    }));
    expect(created).toMatchObject({
      arn: `arn:aws:ivschat:us-east-1:123456789012:logging-configuration/${created.id}`,
      name: 'chat-logs',
      state: 'ACTIVE',
      destinationConfiguration: { cloudWatchLogs: { logGroupName: '/aws/ivschat/chat-logs' } },
      tags: { a: '1' },
      createTime: clock,
      updateTime: clock,
    });

    const got = await client.send(new GetLoggingConfigurationCommand({ identifier: created.arn }));
    expect(got).toMatchObject({ arn: created.arn, name: 'chat-logs', state: 'ACTIVE' });

    tick();
    const updated = await client.send(new UpdateLoggingConfigurationCommand({
      identifier: created.arn,
      destinationConfiguration: { firehose: { deliveryStreamName: 'stream.1' } },
    }));
    expect(updated).toMatchObject({ name: 'chat-logs', destinationConfiguration: { firehose: { deliveryStreamName: 'stream.1' } }, updateTime: clock });
    expect(updated.destinationConfiguration).not.toHaveProperty('cloudWatchLogs');

    const listed = await client.send(new ListLoggingConfigurationsCommand({}));
    expect(listed.loggingConfigurations!.map((c) => c.arn)).toEqual([created.arn]);
    expect(listed.loggingConfigurations![0]).toMatchObject({ state: 'ACTIVE', tags: { a: '1' } });

    const deleted = await client.send(new DeleteLoggingConfigurationCommand({ identifier: created.arn }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(emulator.loggingConfigurations()).toEqual([]);
  });

  test('ListLoggingConfigurations pages, newest first', async () => {
    const arns: string[] = [];
    for (let i = 0; i < 5; i++) {
      arns.unshift((await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: `bucket-${i}` } } }))).arn!);
      tick();
    }

    const page1 = await client.send(new ListLoggingConfigurationsCommand({ maxResults: 3 }));
    const page2 = await client.send(new ListLoggingConfigurationsCommand({ maxResults: 3, nextToken: page1.nextToken }));

    expect([...page1.loggingConfigurations!, ...page2.loggingConfigurations!].map((c) => c.arn)).toEqual(arns);
    expect(page2.nextToken).toBeUndefined();
  });

  test('rooms attach up to three and detach with an empty list', async () => {
    const arns: string[] = [];
    for (const bucketName of ['aaa', 'bbb', 'ccc']) {
      arns.push((await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName } } }))).arn!);
    }
    const room = await client.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: arns }));
    expect(room.loggingConfigurationIdentifiers).toEqual(arns);

    const kept = await client.send(new UpdateRoomCommand({ identifier: room.arn, name: 'renamed' }));
    expect(kept.loggingConfigurationIdentifiers).toEqual(arns);

    const detached = await client.send(new UpdateRoomCommand({ identifier: room.arn, loggingConfigurationIdentifiers: [] }));
    expect(detached.loggingConfigurationIdentifiers).toEqual([]);
  });
});
