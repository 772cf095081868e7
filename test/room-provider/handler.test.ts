import {
  CreateRoomCommand, DeleteRoomCommand, InternalServerException, IvschatClient, ListRoomsCommand, ResourceNotFoundException,
  TagResourceCommand, ThrottlingException, UntagResourceCommand, UpdateRoomCommand, ValidationException,
} from '@aws-sdk/client-ivschat';
import { mockClient } from 'aws-sdk-client-mock';
import { createEvent, deleteEvent, props, REVIEWER_ARN, ROOM_ARN, updateEvent } from './fixtures';
import { handler } from '../../lambda/room-provider';
import { createRoomOnce, RoomMayExistError } from '../../lambda/room-provider/create';
import { parseRoomSpec } from '../../lambda/room-provider/properties';

const ivschat = mockClient(IvschatClient);

function throttled(): ThrottlingException {
  return new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 }, resourceId: ROOM_ARN, resourceType: 'ROOM', limit: 5 });
}

beforeEach(() => {
  ivschat.reset();
  ivschat.onAnyCommand().rejects(new Error('unexpected call'));
});

describe('Create', () => {
  const NO_ROOMS = { rooms: [] };

  beforeEach(() => {
    ivschat.on(ListRoomsCommand).resolves(NO_ROOMS);
  });

  test('notes the rooms of that name, then makes one CreateRoom call with every property and the tags', async () => {
    ivschat.on(CreateRoomCommand).resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });

    const response = await handler(createEvent(props({
      Name: 'lobby',
      MaximumMessageLength: '200',
      MaximumMessageRatePerSecond: '100',
      MessageReviewHandler: { Uri: REVIEWER_ARN, FallbackResult: 'DENY' },
      Tags: { team: 'live', empty: '' },
    })));

    expect(response).toEqual({ PhysicalResourceId: ROOM_ARN, Data: { Arn: ROOM_ARN, Id: 'AbCdEfGhIjKl' } });
    expect(ivschat.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListRoomsCommand', 'CreateRoomCommand']);
    expect(ivschat.commandCalls(ListRoomsCommand)[0].args[0].input).toMatchObject({ name: 'lobby' });
    expect(ivschat.commandCalls(CreateRoomCommand)[0].args[0].input).toEqual({
      name: 'lobby',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: { uri: REVIEWER_ARN, fallbackResult: 'DENY' },
      tags: { team: 'live', empty: '' },
    });
  });

  test('a room without handler or tags sends neither', async () => {
    ivschat.on(CreateRoomCommand).resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });
    await handler(createEvent());
    expect(ivschat.commandCalls(CreateRoomCommand)[0].args[0].input).toEqual({
      name: 'lobby',
      maximumMessageLength: 500,
      maximumMessageRatePerSecond: 10,
      messageReviewHandler: undefined,
      tags: undefined,
    });
  });

  test('a value resolved at deploy time is checked before any call, naming the property and the range', async () => {
    await expect(handler(createEvent(props({ MaximumMessageRatePerSecond: '101' }))))
      .rejects.toThrow('Invalid chat room properties: `maximumMessageRatePerSecond` must be an integer between 1 and 100, got: 101');
    await expect(handler(createEvent(props({ Name: 'has space', MaximumMessageLength: 'abc' }))))
      .rejects.toThrow(/`chatRoomName` must match .* got: "has space"; `maximumMessageLength` must be an integer between 1 and 500, got: NaN/);
    expect(ivschat.calls()).toHaveLength(0);
  });

  describe('a MessageReviewHandler of the wrong shape (a hand-written template, an override) is refused before any call', () => {
    const shape = '`messageReviewHandler` must be an object with the keys Uri (the function ARN) and FallbackResult, got: ';
    const uri = '`messageReviewHandler.handler` must be a function ARN (a non-empty Uri), got: ';
    test.each<[string, unknown, string]>([
      ['a string', REVIEWER_ARN, `${shape}"${REVIEWER_ARN}"`],
      ['an empty string', '', `${shape}""`],
      ['a list', [{ Uri: REVIEWER_ARN, FallbackResult: 'DENY' }], shape],
      ['an empty Uri', { Uri: '', FallbackResult: 'DENY' }, `${uri}""`],
      ['no Uri', { FallbackResult: 'DENY' }, `${uri}undefined`],
      ['a list as Uri', { Uri: [REVIEWER_ARN], FallbackResult: 'DENY' }, `${uri}["${REVIEWER_ARN}"]`],
      ['the API\'s lower-case keys', { uri: REVIEWER_ARN, fallbackResult: 'DENY' },
        '`messageReviewHandler` must have only the keys Uri and FallbackResult, got: "uri", "fallbackResult"'],
      ['a misspelt key, which would have fallen back to ALLOW', { Uri: REVIEWER_ARN, FallBackResult: 'DENY' },
        '`messageReviewHandler` must have only the keys Uri and FallbackResult, got: "FallBackResult"'],
      ['a list as FallbackResult', { Uri: REVIEWER_ARN, FallbackResult: ['DENY'] },
        '`messageReviewHandler.fallbackResult` must be one of ALLOW, DENY, got: ["DENY"]'],
    ])('%s', async (_, value, message) => {
      ivschat.on(CreateRoomCommand).resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });
      await expect(handler(createEvent(props({ MessageReviewHandler: value as any }))))
        .rejects.toThrow(`Invalid chat room properties: ${message}`);
      expect(ivschat.calls()).toHaveLength(0);
    });

    test('a Uri alone is a handler with the API\'s default fallback, ALLOW', async () => {
      ivschat.on(CreateRoomCommand).resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });
      await handler(createEvent(props({ MessageReviewHandler: { Uri: REVIEWER_ARN } as any })));
      expect(ivschat.commandCalls(CreateRoomCommand)[0].args[0].input.messageReviewHandler).toEqual({ uri: REVIEWER_ARN, fallbackResult: 'ALLOW' });
    });
  });

  test('a tag named __proto__ (possible in a hand-written template) is refused: the AWS SDK would drop it', async () => {
    const tags = JSON.parse('{"__proto__": "x"}');
    await expect(handler(createEvent(props({ Tags: tags }))))
      .rejects.toThrow('Invalid chat room properties: tag key "__proto__" cannot be used: the AWS SDK drops it from requests');
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('throttling is retried until CreateRoom succeeds', async () => {
    ivschat.on(CreateRoomCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });

    const response = await handler(createEvent());

    expect(response.PhysicalResourceId).toBe(ROOM_ARN);
    expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(3);
  });

  test('after an answer-less failure it adopts the room the lost call made instead of creating a second', async () => {
    const lost = Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
    const before = { arn: `${ROOM_ARN}y`, id: 'y', name: 'lobby', createTime: new Date(), tags: { team: 'live' } };
    ivschat.on(CreateRoomCommand).rejects(lost);
    ivschat.on(ListRoomsCommand)
      .resolvesOnce({ rooms: [before] })
      .resolves({
        rooms: [
          { arn: ROOM_ARN, id: 'AbCdEfGhIjKl', name: 'lobby', createTime: new Date(), tags: { team: 'live' } },
          // Same name but other tags: not what this request asked for.
          { arn: `${ROOM_ARN}x`, id: 'x', name: 'lobby', createTime: new Date(), tags: {} },
          // Identical, but there before this request: someone else's.
          before,
        ],
      });

    const response = await handler(createEvent(props({ Tags: { team: 'live' } })));

    expect(response.PhysicalResourceId).toBe(ROOM_ARN);
    expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(1);
  });

  test('a room of that name made before this request is never adopted', async () => {
    const theirs = { arn: `${ROOM_ARN}y`, id: 'y', name: 'lobby', createTime: new Date(), tags: {} };
    ivschat.on(ListRoomsCommand).resolves({ rooms: [theirs] });
    ivschat.on(CreateRoomCommand)
      .rejectsOnce(new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 } }))
      .resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });

    await expect(handler(createEvent())).resolves.toMatchObject({ PhysicalResourceId: ROOM_ARN });
    expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(2);
  });

  describe('an empty name', () => {
    const lost = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
    // Another principal's unnamed room, made while the answer to this request's CreateRoom was lost.
    const theirs = { arn: `${ROOM_ARN}z`, id: 'z', name: '', createTime: new Date(), tags: {} };

    test('a room cannot be created without a name: refused before any call, so no one else\'s unnamed room can be adopted', async () => {
      ivschat.on(ListRoomsCommand).resolvesOnce(NO_ROOMS).resolves({ rooms: [theirs] });
      ivschat.on(CreateRoomCommand).rejects(lost());

      await expect(handler(createEvent(props({ Name: '' })))).rejects.toThrow(
        'Invalid chat room properties: `chatRoomName` must not be empty (after a lost CreateRoom answer the provider finds its room '
        + 'by name, and unnamed rooms cannot be told apart), got: ""');
      expect(ivschat.calls()).toHaveLength(0);
    });

    test('createRoomOnce itself never adopts on an empty name: after a lost answer it stops, without looking', async () => {
      ivschat.on(ListRoomsCommand).resolves({ rooms: [theirs] });
      ivschat.on(CreateRoomCommand).rejects(lost());

      const spec = { ...parseRoomSpec(props()), name: '' };
      const error = await createRoomOnce(new IvschatClient({}), spec, Date.now() + 60_000).catch((e: Error) => e);

      expect(error).toBeInstanceOf(RoomMayExistError);
      expect((error as Error).message).toMatch(/^An earlier CreateRoom attempt lost its answer, so an unnamed room may exist that this stack does not manage/);
      expect(ivschat.commandCalls(ListRoomsCommand)).toHaveLength(0);
      expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(1);
    });

    test('createRoomOnce with an empty name still creates, and still retries what clearly made nothing', async () => {
      ivschat.on(CreateRoomCommand).rejectsOnce(throttled()).resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });
      const spec = { ...parseRoomSpec(props()), name: '' };
      await expect(createRoomOnce(new IvschatClient({}), spec, Date.now() + 60_000)).resolves.toEqual({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });
      expect(ivschat.commandCalls(ListRoomsCommand)).toHaveLength(0);
      expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(2);
    });
  });

  test('a room someone else makes meanwhile with the same name and settings cannot be told from the lost one, and is adopted', async () => {
    // What SECURITY.md states: the look-up narrows adoption to new rooms of the same name and settings, no further.
    const lost = Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
    const theirs = { arn: ROOM_ARN, id: 'AbCdEfGhIjKl', name: 'lobby', createTime: new Date(), tags: {} };
    ivschat.on(ListRoomsCommand).resolvesOnce(NO_ROOMS).resolves({ rooms: [theirs] });
    ivschat.on(CreateRoomCommand).rejects(lost);

    await expect(handler(createEvent())).resolves.toMatchObject({ PhysicalResourceId: ROOM_ARN });
    expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(1);
  });

  test('after an answer-less failure with no room made, it creates again', async () => {
    ivschat.on(CreateRoomCommand)
      .rejectsOnce(new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 } }))
      .resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });

    await expect(handler(createEvent())).resolves.toMatchObject({ PhysicalResourceId: ROOM_ARN });
    expect(ivschat.commandCalls(ListRoomsCommand)).toHaveLength(2);
    expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(2);
  });

  describe('out of time after a lost answer', () => {
    // The handler stops retrying 15 s before the Lambda timeout: this leaves it half a second.
    const context = { getRemainingTimeInMillis: () => 15_500 } as any;
    const lost = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET', $metadata: {} });
    const unavailable = () => new InternalServerException({ message: 'unavailable', $metadata: { httpStatusCode: 500 } });

    test('the reason names the room that may exist unmanaged', async () => {
      ivschat.on(ListRoomsCommand).resolvesOnce(NO_ROOMS).rejects(unavailable());
      ivschat.on(CreateRoomCommand).rejects(lost());

      await expect(handler(createEvent(props({ Name: 'stage' })), context)).rejects.toThrow(
        /^IVS Chat CreateRoom failed for room stage: .*a room named "stage" may exist that this stack does not manage: look for it with ListRooms/);
    });

    test('the reason names the last API error by its own name, and the error keeps its own', async () => {
      ivschat.on(ListRoomsCommand).resolves(NO_ROOMS);
      ivschat.on(CreateRoomCommand).rejectsOnce(lost()).rejects(unavailable());

      const error = await handler(createEvent(props({ Name: 'stage' })), context).catch((e: Error) => e);
      expect(error).toMatchObject({ name: 'RoomApiError' });
      expect((error as Error).message).toBe('IVS Chat CreateRoom failed for room stage: InternalServerException: unavailable. '
        + 'An earlier CreateRoom attempt lost its answer, so a room named "stage" may exist that this stack does not manage: '
        + 'look for it with ListRooms (name "stage") and delete it if it is not yours to keep');
      expect((error as Error).cause).toMatchObject({ name: 'RoomMayExistError', cause: { name: 'InternalServerException' } });
    });

    test('when the retries end in an error, a room found at the last look is adopted', async () => {
      const made = { arn: ROOM_ARN, id: 'AbCdEfGhIjKl', name: 'stage', createTime: new Date(), tags: {} };
      const denied = Object.assign(new Error('not now'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      // The lookup inside the retries is refused (not retryable), which ends them; the last look finds the room.
      ivschat.on(ListRoomsCommand).resolvesOnce(NO_ROOMS).rejectsOnce(denied).resolves({ rooms: [made] });
      ivschat.on(CreateRoomCommand).rejects(lost());

      await expect(handler(createEvent(props({ Name: 'stage' })), context)).resolves.toMatchObject({ PhysicalResourceId: ROOM_ARN });
    });
  });

  test('throttling made nothing, so the retry does not look for a room first', async () => {
    ivschat.on(CreateRoomCommand).rejectsOnce(throttled()).resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });
    await handler(createEvent());
    expect(ivschat.commandCalls(ListRoomsCommand)).toHaveLength(1);
  });

  test('a validation error fails at once with the API message and the field, mapped to the construct prop', async () => {
    ivschat.on(CreateRoomCommand).rejects(new ValidationException({
      message: 'Lambda function is not in the same region',
      $metadata: { httpStatusCode: 400 },
      reason: 'FIELD_VALIDATION_FAILED',
      fieldList: [{ name: 'messageReviewHandler.uri', message: 'must be a Lambda ARN in the room\'s account and region' }],
    }));

    await expect(handler(createEvent(props({ MessageReviewHandler: { Uri: REVIEWER_ARN, FallbackResult: 'ALLOW' } })))).rejects.toThrow(
      'IVS Chat CreateRoom failed for room lobby: ValidationException: Lambda function is not in the same region '
      + '[messageReviewHandler.uri (prop `messageReviewHandler.handler`): must be a Lambda ARN in the room\'s account and region]');
    expect(ivschat.commandCalls(CreateRoomCommand)).toHaveLength(1);
  });
});

describe('Update', () => {
  test('unchanged properties make no call at all', async () => {
    const p = props({ Tags: { a: '1' }, MessageReviewHandler: { Uri: REVIEWER_ARN, FallbackResult: 'ALLOW' } });
    const response = await handler(updateEvent(p, { ...p }));
    expect(ivschat.calls()).toHaveLength(0);
    expect(response).toEqual({ PhysicalResourceId: ROOM_ARN, Data: { Arn: ROOM_ARN, Id: 'AbCdEfGhIjKl' } });
  });

  test('a room field change is one UpdateRoom with only the changed fields', async () => {
    ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
    await handler(updateEvent(props(), props({ MaximumMessageRatePerSecond: '50' })));
    expect(ivschat.calls()).toHaveLength(1);
    expect(ivschat.commandCalls(UpdateRoomCommand)[0].args[0].input).toEqual({ identifier: ROOM_ARN, maximumMessageRatePerSecond: 50 });
  });

  test('a rename is an UpdateRoom of the name; the physical id stays', async () => {
    ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
    const response = await handler(updateEvent(props(), props({ Name: 'stage' })));
    expect(ivschat.commandCalls(UpdateRoomCommand)[0].args[0].input).toEqual({ identifier: ROOM_ARN, name: 'stage' });
    expect(response.PhysicalResourceId).toBe(ROOM_ARN);
  });

  test('removing the review handler sends an empty uri', async () => {
    ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
    await handler(updateEvent(props({ MessageReviewHandler: { Uri: REVIEWER_ARN, FallbackResult: 'DENY' } }), props()));
    expect(ivschat.commandCalls(UpdateRoomCommand)[0].args[0].input).toEqual({ identifier: ROOM_ARN, messageReviewHandler: { uri: '' } });
  });

  test('changing the fallback result sends the whole handler', async () => {
    ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
    await handler(updateEvent(
      props({ MessageReviewHandler: { Uri: REVIEWER_ARN, FallbackResult: 'ALLOW' } }),
      props({ MessageReviewHandler: { Uri: REVIEWER_ARN, FallbackResult: 'DENY' } }),
    ));
    expect(ivschat.commandCalls(UpdateRoomCommand)[0].args[0].input)
      .toEqual({ identifier: ROOM_ARN, messageReviewHandler: { uri: REVIEWER_ARN, fallbackResult: 'DENY' } });
  });

  test('a tag-only change untags removed keys, then tags added or changed ones, with no UpdateRoom', async () => {
    ivschat.on(TagResourceCommand).resolves({});
    ivschat.on(UntagResourceCommand).resolves({});

    await handler(updateEvent(props({ Tags: { keep: 'x', change: '1', drop: 'y' } }), props({ Tags: { keep: 'x', change: '2', add: '' } })));

    expect(ivschat.commandCalls(UpdateRoomCommand)).toHaveLength(0);
    expect(ivschat.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({ resourceArn: ROOM_ARN, tags: { change: '2', add: '' } });
    expect(ivschat.commandCalls(UntagResourceCommand)[0].args[0].input).toEqual({ resourceArn: ROOM_ARN, tagKeys: ['drop'] });
    // Untag first: a room at the 50-tag limit must make room before new keys arrive.
    expect(ivschat.calls().map((call) => call.args[0].constructor.name)).toEqual(['UntagResourceCommand', 'TagResourceCommand']);
  });

  test('removing every tag is one UntagResource', async () => {
    ivschat.on(UntagResourceCommand).resolves({});
    await handler(updateEvent(props({ Tags: { a: '1', b: '2' } }), props()));
    expect(ivschat.calls()).toHaveLength(1);
    expect(ivschat.commandCalls(UntagResourceCommand)[0].args[0].input).toEqual({ resourceArn: ROOM_ARN, tagKeys: ['a', 'b'] });
  });

  test('a rollback whose old properties are the invalid ones that failed still applies the valid new ones', async () => {
    ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
    await handler(updateEvent(props({ MaximumMessageLength: '9999' }), props({ MaximumMessageLength: '300' })));
    expect(ivschat.commandCalls(UpdateRoomCommand)[0].args[0].input).toEqual({ identifier: ROOM_ARN, maximumMessageLength: 300 });
  });

  test('throttling on a tag call is retried', async () => {
    ivschat.on(TagResourceCommand).rejectsOnce(throttled()).resolves({});
    await handler(updateEvent(props(), props({ Tags: { a: '1' } })));
    expect(ivschat.commandCalls(TagResourceCommand)).toHaveLength(2);
  });

  test('a room deleted outside the stack fails the update with a reason that names it', async () => {
    ivschat.on(UpdateRoomCommand).rejects(new ResourceNotFoundException({
      message: 'Room not found', $metadata: { httpStatusCode: 404 }, resourceId: ROOM_ARN, resourceType: 'ROOM',
    }));
    await expect(handler(updateEvent(props(), props({ Name: 'stage' }))))
      .rejects.toThrow(`IVS Chat UpdateRoom failed for room ${ROOM_ARN}: ResourceNotFoundException: Room not found`);
  });

  test('new properties that break a rule fail before any call', async () => {
    await expect(handler(updateEvent(props(), props({ MaximumMessageLength: '0' }))))
      .rejects.toThrow('`maximumMessageLength` must be an integer between 1 and 500, got: 0');
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('a room created unnamed by an earlier version can still be updated, and renamed', async () => {
    ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
    await handler(updateEvent(props({ Name: '' }), props({ Name: '', MaximumMessageLength: '200' })));
    await handler(updateEvent(props({ Name: '' }), props({ Name: 'lobby' })));
    expect(ivschat.commandCalls(UpdateRoomCommand).map((c) => c.args[0].input))
      .toEqual([{ identifier: ROOM_ARN, maximumMessageLength: 200 }, { identifier: ROOM_ARN, name: 'lobby' }]);
  });

  test('an update may go back to an empty name: a rollback of a rename away from one looks the same', async () => {
    ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
    await handler(updateEvent(props({ Name: 'lobby' }), props({ Name: '' })));
    expect(ivschat.commandCalls(UpdateRoomCommand)[0].args[0].input).toEqual({ identifier: ROOM_ARN, name: '' });
  });

  test('turning review into a handler of the wrong shape is refused before any call, so review is never dropped silently', async () => {
    const reviewed = props({ MessageReviewHandler: { Uri: REVIEWER_ARN, FallbackResult: 'DENY' } });
    await expect(handler(updateEvent(reviewed, props({ MessageReviewHandler: REVIEWER_ARN as any }))))
      .rejects.toThrow(`\`messageReviewHandler\` must be an object with the keys Uri (the function ARN) and FallbackResult, got: "${REVIEWER_ARN}"`);
    await expect(handler(updateEvent(props(), props({ MessageReviewHandler: { Uri: '', FallbackResult: 'DENY' } }))))
      .rejects.toThrow('`messageReviewHandler.handler` must be a function ARN (a non-empty Uri), got: ""');
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('a room deployed by an earlier version with a malformed handler (which it read as none) is still updated, and can be fixed', async () => {
    ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
    const legacy = props({ MessageReviewHandler: REVIEWER_ARN as any });
    // An unrelated change, or its rollback, keeps the room as it is: without review.
    await handler(updateEvent(legacy, { ...legacy, MaximumMessageLength: '200' }));
    await handler(updateEvent({ ...legacy, MaximumMessageLength: '200' }, legacy));
    await handler(updateEvent(legacy, props({ MessageReviewHandler: { Uri: '' } as any })));
    // Fixing the handler adds review; a well-formed handler is checked as ever.
    await handler(updateEvent(legacy, props({ MessageReviewHandler: { Uri: REVIEWER_ARN, FallbackResult: 'DENY' } })));
    await expect(handler(updateEvent(legacy, props({ MessageReviewHandler: { Uri: REVIEWER_ARN, FallbackResult: 'MAYBE' } }))))
      .rejects.toThrow('`messageReviewHandler.fallbackResult` must be one of ALLOW, DENY, got: "MAYBE"');
    expect(ivschat.commandCalls(UpdateRoomCommand).map((c) => c.args[0].input)).toEqual([
      { identifier: ROOM_ARN, maximumMessageLength: 200 },
      { identifier: ROOM_ARN, maximumMessageLength: 500 },
      { identifier: ROOM_ARN, messageReviewHandler: { uri: REVIEWER_ARN, fallbackResult: 'DENY' } },
    ]);
  });

  test('a physical id that is not a room ARN is refused', async () => {
    await expect(handler(updateEvent(props(), props({ Name: 'x' }), 'not-an-arn')))
      .rejects.toThrow('Cannot update chat room Room: its physical id is not a room ARN: "not-an-arn"');
  });
});

describe('Delete', () => {
  test('makes one DeleteRoom call', async () => {
    ivschat.on(DeleteRoomCommand).resolves({});
    const response = await handler(deleteEvent());
    expect(ivschat.commandCalls(DeleteRoomCommand)[0].args[0].input).toEqual({ identifier: ROOM_ARN });
    expect(ivschat.calls()).toHaveLength(1);
    expect(response.PhysicalResourceId).toBe(ROOM_ARN);
  });

  test('a room already gone counts as deleted', async () => {
    ivschat.on(DeleteRoomCommand).rejects(new ResourceNotFoundException({
      message: 'Room not found', $metadata: { httpStatusCode: 404 }, resourceId: ROOM_ARN, resourceType: 'ROOM',
    }));
    await expect(handler(deleteEvent())).resolves.toMatchObject({ PhysicalResourceId: ROOM_ARN });
  });

  test('after a failed create (placeholder physical id) it succeeds without any call', async () => {
    const placeholder = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
    await expect(handler(deleteEvent(placeholder))).resolves.toEqual({ PhysicalResourceId: placeholder });
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('throttling then success', async () => {
    ivschat.on(DeleteRoomCommand).rejectsOnce(throttled()).resolves({});
    await handler(deleteEvent());
    expect(ivschat.commandCalls(DeleteRoomCommand)).toHaveLength(2);
  });

  test('another error fails with the API message', async () => {
    ivschat.on(DeleteRoomCommand).rejects(Object.assign(new Error('User is not authorized to perform ivschat:DeleteRoom'), {
      name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 },
    }));
    await expect(handler(deleteEvent())).rejects.toThrow(
      `IVS Chat DeleteRoom failed for room ${ROOM_ARN}: AccessDeniedException: User is not authorized to perform ivschat:DeleteRoom`);
  });

  test.each(['aws-cn', 'aws-us-gov'])('room ARNs of the %s partition are recognised', async (partition) => {
    ivschat.on(DeleteRoomCommand).resolves({});
    const arn = `arn:${partition}:ivschat:cn-north-1:123456789012:room/AbCdEfGhIjKl`;
    await handler(deleteEvent(arn));
    expect(ivschat.commandCalls(DeleteRoomCommand)[0].args[0].input).toEqual({ identifier: arn });
  });
});
