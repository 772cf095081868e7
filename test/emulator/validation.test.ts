import {
  CreateChatTokenCommand,
  CreateLoggingConfigurationCommand,
  CreateRoomCommand,
  DeleteMessageCommand,
  DestinationConfiguration,
  CreateChatTokenCommandInput,
  DisconnectUserCommand,
  GetLoggingConfigurationCommand,
  GetRoomCommand,
  IvschatClient,
  ListLoggingConfigurationsCommand,
  ListRoomsCommand,
  ResourceNotFoundException,
  SendEventCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateRoomCommand,
  ValidationException,
} from '@aws-sdk/client-ivschat';
import { clientFor, failure } from './test-helpers';
import { startEmulator } from '../../local/src/emulator/server';
import { IvsChatEmulator } from '../../local/src/emulator/types';

let emulator: IvsChatEmulator;
let client: IvschatClient;
let roomArn: string;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: false });
  client = clientFor(emulator);
});
beforeEach(async () => {
  emulator.reset();
  roomArn = (await client.send(new CreateRoomCommand({}))).arn!;
});
afterAll(async () => {
  client.destroy();
  await emulator.stop();
});

type Call = (c: IvschatClient) => Promise<unknown>;

async function expectFieldError(call: Call, field: string): Promise<ValidationException> {
  const error = await failure(call(client), ValidationException);
  expect(error.$metadata.httpStatusCode).toBe(400);
  expect(error.reason).toBe('FIELD_VALIDATION_FAILED');
  expect(error.fieldList).toEqual(expect.arrayContaining([expect.objectContaining({ name: field, message: expect.any(String) })]));
  return error;
}

function tags(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${i}`, `value${i}`]));
}

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:review';

describe('CreateRoom and UpdateRoom limits', () => {
  test.each([
    ['name', { name: 'a'.repeat(128) }, true],
    ['name', { name: 'a'.repeat(129) }, false],
    ['name', { name: '' }, true],
    ['name', { name: 'with space' }, false],
    ['name', { name: 'dots.are.not.allowed' }, false],
    ['maximumMessageLength', { maximumMessageLength: 0 }, false],
    ['maximumMessageLength', { maximumMessageLength: 1 }, true],
    ['maximumMessageLength', { maximumMessageLength: 500 }, true],
    ['maximumMessageLength', { maximumMessageLength: 501 }, false],
    ['maximumMessageRatePerSecond', { maximumMessageRatePerSecond: 0 }, false],
    ['maximumMessageRatePerSecond', { maximumMessageRatePerSecond: 1 }, true],
    ['maximumMessageRatePerSecond', { maximumMessageRatePerSecond: 100 }, true],
    ['maximumMessageRatePerSecond', { maximumMessageRatePerSecond: 101 }, false],
    ['messageReviewHandler.uri', { messageReviewHandler: { uri: LAMBDA } }, true],
    ['messageReviewHandler.uri', { messageReviewHandler: { uri: `${LAMBDA}:live` } }, true],
    ['messageReviewHandler.uri', { messageReviewHandler: { uri: `${LAMBDA}:$LATEST` } }, true],
    ['messageReviewHandler.uri', { messageReviewHandler: { uri: 'arn:aws:lambda:eu-west-1:123456789012:function:review' } }, false],
    ['messageReviewHandler.uri', { messageReviewHandler: { uri: 'arn:aws:lambda:us-east-1:210987654321:function:review' } }, false],
    ['messageReviewHandler.uri', { messageReviewHandler: { uri: 'arn:aws-cn:lambda:us-east-1:123456789012:function:review' } }, false],
    ['messageReviewHandler.uri', { messageReviewHandler: { uri: 'arn:aws:sqs:us-east-1:123456789012:queue' } }, false],
    ['messageReviewHandler.uri', { messageReviewHandler: { uri: `${LAMBDA}-${'x'.repeat(171 - LAMBDA.length - 1)}` } }, false],
    ['messageReviewHandler.fallbackResult', { messageReviewHandler: { uri: LAMBDA, fallbackResult: 'MAYBE' as 'ALLOW' } }, false],
    ['loggingConfigurationIdentifiers.0', { loggingConfigurationIdentifiers: ['not-an-arn'] }, false],
  ])('%s: %j valid=%s', async (field, props, valid) => {
    const create = (c: IvschatClient) => c.send(new CreateRoomCommand(props));
    const update = (c: IvschatClient) => c.send(new UpdateRoomCommand({ identifier: roomArn, ...props }));

    if (valid) {
      await expect(create(client)).resolves.toBeDefined();
      await expect(update(client)).resolves.toBeDefined();
    } else {
      await expectFieldError(create, field);
      await expectFieldError(update, field);
      expect(emulator.rooms()).toHaveLength(1);
    }
  });

  test('a 171-character handler uri is too long, 170 is fine', async () => {
    const prefix = 'arn:aws:lambda:us-east-1:123456789012:function:';
    // Function names stop at 64 characters; a version qualifier makes up the rest.
    const ok = `${prefix}${'f'.repeat(64)}:${'q'.repeat(170 - prefix.length - 65)}`;
    expect(ok).toHaveLength(170);

    await expect(client.send(new CreateRoomCommand({ messageReviewHandler: { uri: ok } }))).resolves.toBeDefined();
    const error = await expectFieldError((c) => c.send(new CreateRoomCommand({ messageReviewHandler: { uri: `${ok}q` } })), 'messageReviewHandler.uri');
    expect(error.fieldList![0].message).toMatch(/less than or equal to 170/);
  });

  test('more than three logging configurations', async () => {
    const arn = (id: string) => `arn:aws:ivschat:us-east-1:123456789012:logging-configuration/${id}`;
    await expectFieldError(
      (c) => c.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: [arn('a'), arn('b'), arn('c'), arn('d')] })),
      'loggingConfigurationIdentifiers',
    );
  });

  test('every failing field is listed', async () => {
    const error = await failure(client.send(new CreateRoomCommand({ name: 'a b', maximumMessageLength: 0, maximumMessageRatePerSecond: 0 })), ValidationException);

    expect(error.fieldList!.map((f) => f.name)).toEqual(['name', 'maximumMessageRatePerSecond', 'maximumMessageLength']);
    expect(error.message).toMatch(/^3 validation errors detected/);
  });
});

describe('tags', () => {
  test.each([
    [50, true],
    [51, false],
  ])('CreateRoom with %i tags: valid=%s', async (count, valid) => {
    const call = (c: IvschatClient) => c.send(new CreateRoomCommand({ tags: tags(count) }));
    if (valid) await expect(call(client)).resolves.toBeDefined();
    else await expectFieldError(call, 'tags');
  });

  test.each([
    ['k'.repeat(128), 'v', true],
    ['k'.repeat(129), 'v', false],
    ['', 'v', false],
    ['k', 'v'.repeat(256), true],
    ['k', 'v'.repeat(257), false],
    ['k', '', true],
    ['aws:reserved', 'v', false],
  ])('tag %j = %j: valid=%s', async (key, value, valid) => {
    const call = (c: IvschatClient) => c.send(new TagResourceCommand({ resourceArn: roomArn, tags: { [key]: value } }));
    if (valid) await expect(call(client)).resolves.toBeDefined();
    else await expectFieldError(call, value.length > 256 ? `tags.${key}` : 'tags.key');
  });

  test('TagResource counts the tags the room already has', async () => {
    const { arn } = await client.send(new CreateRoomCommand({ tags: tags(30) }));

    await expect(client.send(new TagResourceCommand({ resourceArn: arn, tags: { key0: 'overwritten', ...tagsFrom(30, 20) } }))).resolves.toBeDefined();
    await expectFieldError((c) => c.send(new TagResourceCommand({ resourceArn: arn, tags: { extra: 'x' } })), 'tags');

    expect(Object.keys(emulator.room(arn!)!.tags)).toHaveLength(50);
  });

  test('UntagResource needs at least one key and at most 50', async () => {
    await expectFieldError((c) => c.send(new UntagResourceCommand({ resourceArn: roomArn, tagKeys: [] })), 'tagKeys');
    await expectFieldError((c) => c.send(new UntagResourceCommand({ resourceArn: roomArn, tagKeys: Object.keys(tags(51)) })), 'tagKeys');
  });

  function tagsFrom(start: number, count: number): Record<string, string> {
    return Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${start + i}`, 'v']));
  }
});

describe('identifiers', () => {
  test.each([
    ['an id alone', 'AAAAAAAAAAAA'],
    ['a logging-configuration ARN', 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/AAAAAAAAAAAA'],
    ['a room ARN of another service', 'arn:aws:ivs:us-east-1:123456789012:room/AAAAAAAAAAAA'],
    ['a 129-character ARN', `arn:aws:ivschat:us-east-1:123456789012:room/${'A'.repeat(129 - 44)}`],
  ])('a room identifier that is %s is a ValidationException', async (_what, identifier) => {
    await expectFieldError((c) => c.send(new GetRoomCommand({ identifier })), 'identifier');
  });

  test('a room ARN of another partition breaks the model\'s pattern: ValidationException, not ResourceNotFoundException', async () => {
    await expectFieldError((c) => c.send(new GetRoomCommand({ identifier: roomArn.replace(':aws:', ':aws-cn:') })), 'identifier');
    await expectFieldError((c) => c.send(new UpdateRoomCommand({
      identifier: roomArn, messageReviewHandler: { uri: 'arn:aws-cn:lambda:us-east-1:123456789012:function:f' },
    })), 'messageReviewHandler.uri');
  });

  test('a room ARN of another region or account is well formed: ResourceNotFoundException', async () => {
    await failure(client.send(new GetRoomCommand({ identifier: roomArn.replace(':us-east-1:', ':eu-west-1:') })), ResourceNotFoundException);
    await failure(client.send(new GetRoomCommand({ identifier: roomArn.replace(':123456789012:', ':210987654321:') })), ResourceNotFoundException);
  });

  test('a logging-configuration identifier must be a logging-configuration ARN', async () => {
    await expectFieldError((c) => c.send(new GetLoggingConfigurationCommand({ identifier: roomArn })), 'identifier');
  });

  test('a tag resource ARN must be an ivschat ARN', async () => {
    await expectFieldError((c) => c.send(new TagResourceCommand({ resourceArn: 'arn:aws:s3:::bucket', tags: { a: '1' } })), 'resourceArn');
  });
});

describe('CreateChatToken limits', () => {
  test.each<[string, Partial<CreateChatTokenCommandInput>, boolean]>([
    ['userId', { userId: '' }, false],
    ['userId', { userId: 'u' }, true],
    ['userId', { userId: 'u'.repeat(128) }, true],
    ['userId', { userId: 'u'.repeat(129) }, false],
    ['sessionDurationInMinutes', { sessionDurationInMinutes: 0 }, false],
    ['sessionDurationInMinutes', { sessionDurationInMinutes: 1 }, true],
    ['sessionDurationInMinutes', { sessionDurationInMinutes: 180 }, true],
    ['sessionDurationInMinutes', { sessionDurationInMinutes: 181 }, false],
    ['capabilities.0', { capabilities: ['SHOUT' as 'SEND_MESSAGE'] }, false],
    ['capabilities', { capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'] }, true],
    ['attributes', { attributes: { k: 'v'.repeat(1023) } }, true],
    ['attributes', { attributes: { k: 'v'.repeat(1024) } }, false],
    // 'é' is two UTF-8 bytes: the limit is on bytes, not characters.
    ['attributes', { attributes: { k: 'é'.repeat(511) + 'v' } }, true],
    ['attributes', { attributes: { k: 'é'.repeat(512) } }, false],
  ])('%s: %j valid=%s', async (field, props, valid) => {
    const call = (c: IvschatClient) => c.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId: 'u', ...props }));
    if (valid) await expect(call(client)).resolves.toBeDefined();
    else await expectFieldError(call, field);
  });

  test('userId is required', async () => {
    await expectFieldError((c) => c.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId: undefined })), 'userId');
  });
});

describe('SendEvent, DeleteMessage, DisconnectUser limits', () => {
  test.each([
    ['eventName', { eventName: '' }, false],
    ['eventName', { eventName: 'e' }, true],
    ['eventName', { eventName: 'e'.repeat(100) }, true],
    ['eventName', { eventName: 'e'.repeat(101) }, false],
    ['attributes', { eventName: 'e', attributes: { [`${'k'.repeat(24)}`]: 'v'.repeat(1000) } }, true],
    ['attributes', { eventName: 'e', attributes: { [`${'k'.repeat(25)}`]: 'v'.repeat(1000) } }, false],
  ])('SendEvent %s: %j valid=%s', async (field, props, valid) => {
    const call = (c: IvschatClient) => c.send(new SendEventCommand({ roomIdentifier: roomArn, ...props }));
    if (valid) await expect(call(client)).resolves.toBeDefined();
    else await expectFieldError(call, field);
  });

  test.each([
    ['id', { id: 'a'.repeat(11) }, false],
    ['id', { id: 'a'.repeat(12) }, true],
    ['id', { id: 'a'.repeat(13) }, false],
    ['id', { id: 'abcdef-ABCDE' }, false],
    ['reason', { id: 'a'.repeat(12), reason: '' }, false],
    ['reason', { id: 'a'.repeat(12), reason: 'r'.repeat(256) }, true],
    ['reason', { id: 'a'.repeat(12), reason: 'r'.repeat(257) }, false],
  ])('DeleteMessage %s: %j valid=%s', async (field, props, valid) => {
    const call = (c: IvschatClient) => c.send(new DeleteMessageCommand({ roomIdentifier: roomArn, ...props }));
    if (valid) await expect(call(client)).resolves.toBeDefined();
    else await expectFieldError(call, field);
  });

  test.each([
    ['userId', { userId: '' }, false],
    ['userId', { userId: 'u'.repeat(129) }, false],
    ['reason', { userId: 'u', reason: 'r'.repeat(257) }, false],
    ['reason', { userId: 'u'.repeat(128), reason: 'r'.repeat(256) }, true],
  ])('DisconnectUser %s: %j valid=%s', async (field, props, valid) => {
    const call = (c: IvschatClient) => c.send(new DisconnectUserCommand({ roomIdentifier: roomArn, ...props }));
    if (valid) await expect(call(client)).resolves.toBeDefined();
    else await expectFieldError(call, field);
  });
});

describe('logging destinations', () => {
  test.each<[string, DestinationConfiguration | Record<string, never>, boolean]>([
    ['destinationConfiguration', {}, false],
    ['destinationConfiguration', { s3: { bucketName: 'abc' }, firehose: { deliveryStreamName: 's' } } as unknown as DestinationConfiguration, false],
    ['destinationConfiguration.s3.bucketName', { s3: { bucketName: 'ab' } }, false],
    ['destinationConfiguration.s3.bucketName', { s3: { bucketName: 'abc' } }, true],
    ['destinationConfiguration.s3.bucketName', { s3: { bucketName: 'a'.repeat(63) } }, true],
    ['destinationConfiguration.s3.bucketName', { s3: { bucketName: 'a'.repeat(64) } }, false],
    ['destinationConfiguration.s3.bucketName', { s3: { bucketName: 'Upper' } }, false],
    ['destinationConfiguration.firehose.deliveryStreamName', { firehose: { deliveryStreamName: 'd'.repeat(64) } }, true],
    ['destinationConfiguration.firehose.deliveryStreamName', { firehose: { deliveryStreamName: 'd'.repeat(65) } }, false],
    ['destinationConfiguration.firehose.deliveryStreamName', { firehose: { deliveryStreamName: 'no/slash' } }, false],
    ['destinationConfiguration.cloudWatchLogs.logGroupName', { cloudWatchLogs: { logGroupName: '/aws/ivs#chat_1.x-y' } }, true],
    ['destinationConfiguration.cloudWatchLogs.logGroupName', { cloudWatchLogs: { logGroupName: 'l'.repeat(513) } }, false],
    ['destinationConfiguration.cloudWatchLogs.logGroupName', { cloudWatchLogs: { logGroupName: 'has space' } }, false],
  ])('%s: %j valid=%s', async (field, destinationConfiguration, valid) => {
    const call = (c: IvschatClient) =>
      c.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: destinationConfiguration as DestinationConfiguration }));
    if (valid) await expect(call(client)).resolves.toBeDefined();
    else await expectFieldError(call, field);
  });

  test('name follows the room-name rule', async () => {
    await expectFieldError(
      (c) => c.send(new CreateLoggingConfigurationCommand({ name: 'a b', destinationConfiguration: { s3: { bucketName: 'abc' } } })),
      'name',
    );
  });
});

describe('list parameters', () => {
  test.each([0, 51])('maxResults %i is out of range', async (maxResults) => {
    await expectFieldError((c) => c.send(new ListRoomsCommand({ maxResults })), 'maxResults');
    await expectFieldError((c) => c.send(new ListLoggingConfigurationsCommand({ maxResults })), 'maxResults');
  });

  test.each(['garbage', Buffer.from('{"v":2}').toString('base64url')])('nextToken %j is rejected', async (nextToken) => {
    await expectFieldError((c) => c.send(new ListRoomsCommand({ nextToken })), 'nextToken');
  });
});
