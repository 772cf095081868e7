import { CreateChatTokenCommand, CreateRoomCommand, GetRoomCommand, ListRoomsCommand, SendEventCommand } from '@aws-sdk/client-ivschat';
import { anyFailure, clientFor, lambdaArn } from './test-helpers';
import { DEFAULT_QUOTAS, OPERATION_NAMES, startEmulator } from '../../local/src/emulator/index';

describe('startEmulator', () => {
  test('binds 127.0.0.1 on a free port with the default account, region and partition', async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator).toMatchObject({ accountId: '123456789012', region: 'us-east-1', partition: 'aws' });
    } finally {
      await emulator.stop();
    }
  });

  test('builds ARNs from the configured partition, region and account', async () => {
    const emulator = await startEmulator({ accountId: '111122223333', region: 'cn-north-1', partition: 'aws-cn' });
    const client = clientFor(emulator);
    try {
      const room = await client.send(new CreateRoomCommand({ messageReviewHandler: { uri: lambdaArn(emulator) } }));

      expect(room.arn).toBe(`arn:aws-cn:ivschat:cn-north-1:111122223333:room/${room.id}`);
      expect(room.messageReviewHandler!.uri).toBe('arn:aws-cn:lambda:cn-north-1:111122223333:function:review');
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });

  test('stop() closes kept-alive connections and frees the port', async () => {
    const emulator = await startEmulator();
    const client = clientFor(emulator);
    await client.send(new ListRoomsCommand({}));

    await emulator.stop();

    await expect(anyFailure(client.send(new ListRoomsCommand({})))).resolves.toBeInstanceOf(Error);
    const again = await startEmulator({ port: Number(new URL(emulator.endpoint).port) });
    await again.stop();
    client.destroy();
  });

  test('DEFAULT_QUOTAS covers every operation with the published rates', () => {
    expect(Object.keys(DEFAULT_QUOTAS).sort()).toEqual([...OPERATION_NAMES].sort());
    expect(OPERATION_NAMES).toHaveLength(17);
    expect(DEFAULT_QUOTAS).toMatchObject({
      CreateRoom: 5, ListRooms: 5, TagResource: 10, ListLoggingConfigurations: 3, CreateChatToken: 200, DisconnectUser: 100,
    });
  });
});

describe('call log and inspection', () => {
  test('records every call in order, counts and forgets', async () => {
    let now = new Date('2025-06-01T12:00:00.000Z');
    const emulator = await startEmulator({ now: () => now, rateLimits: false });
    const client = clientFor(emulator);
    try {
      const { arn } = await client.send(new CreateRoomCommand({}));
      now = new Date('2025-06-01T12:00:01.000Z');
      await client.send(new GetRoomCommand({ identifier: arn }));
      await client.send(new GetRoomCommand({ identifier: `${arn}x` })).catch(() => undefined);
      await client.send(new GetRoomCommand({ identifier: 'bad' })).catch(() => undefined);

      expect(emulator.calls).toEqual([
        { operation: 'CreateRoom', status: 200, time: Date.parse('2025-06-01T12:00:00.000Z'), resourceArn: arn, accessKeyId: 'AKIDEXAMPLE' },
        { operation: 'GetRoom', status: 200, time: Date.parse('2025-06-01T12:00:01.000Z'), resourceArn: arn, accessKeyId: 'AKIDEXAMPLE' },
        { operation: 'GetRoom', status: 404, errorType: 'ResourceNotFoundException', time: expect.any(Number), resourceArn: `${arn}x`, accessKeyId: 'AKIDEXAMPLE' },
        { operation: 'GetRoom', status: 400, errorType: 'ValidationException', time: expect.any(Number), resourceArn: 'bad', accessKeyId: 'AKIDEXAMPLE' },
      ]);
      expect(emulator.count()).toBe(4);
      expect(emulator.count('GetRoom')).toBe(3);
      expect(emulator.count('GetRoom', { successOnly: true })).toBe(1);
      expect(emulator.count('GetRoom', { status: 404 })).toBe(1);
      expect(emulator.count('DeleteRoom')).toBe(0);

      emulator.clearCalls();
      expect(emulator.calls).toEqual([]);
      expect(emulator.rooms()).toHaveLength(1);

      await client.send(new CreateChatTokenCommand({ roomIdentifier: arn, userId: 'u' }));
      await client.send(new SendEventCommand({ roomIdentifier: arn, eventName: 'e' }));
      emulator.reset();
      const everything = [emulator.calls, emulator.rooms(), emulator.tokens(), emulator.events(), emulator.loggingConfigurations()];
      expect(everything).toEqual([[], [], [], [], []]);
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });

  test('reset() clears the rate-limit windows', async () => {
    const emulator = await startEmulator({ rateLimits: { ListRooms: 1 } });
    const client = clientFor(emulator);
    try {
      await client.send(new ListRoomsCommand({}));
      await expect(client.send(new ListRoomsCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });

      emulator.reset();

      await expect(client.send(new ListRoomsCommand({}))).resolves.toBeDefined();
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });

  test('tokens() and events() are snapshots', async () => {
    const emulator = await startEmulator();
    const client = clientFor(emulator);
    try {
      const { arn } = await client.send(new CreateRoomCommand({}));
      const before = emulator.tokens();
      await client.send(new CreateChatTokenCommand({ roomIdentifier: arn, userId: 'u' }));

      expect(before).toHaveLength(0);
      expect(emulator.tokens()).toHaveLength(1);
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });
});
