import {
  AccessDeniedException, ConflictException, CreateRoomCommand, DeleteRoomCommand, InternalServerException, IvschatClient,
  ListRoomsCommand, PendingVerification, ResourceNotFoundException, ServiceQuotaExceededException, TagResourceCommand,
  ThrottlingException, UntagResourceCommand, UpdateRoomCommand, ValidationException,
} from '@aws-sdk/client-ivschat';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import { crashMessage, Figures, withHangGuard } from './fuzz-helpers';
import { handler } from '../../lambda/room-provider';

/**
 * Fuzzing the room provider's onEvent handler: random and malformed
 * CloudFormation events against an IVS Chat mock that answers each call with
 * success or a typed exception. The handler must resolve with a well-formed
 * response or reject with an `Error` whose message is a reason CloudFormation
 * can show, never a crash (TypeError and friends), and never hang: the Lambda
 * context leaves a retry budget of a few milliseconds, so retryable answers
 * cannot stall it.
 */

const SEED = 0x5eed01;
const RUNS = 4_000;
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ROOM_ARN = /^arn:[a-z0-9-]+:ivschat:[a-z0-9-]+:\d{12}:room\/([a-zA-Z0-9]+)$/;
/** CloudFormation refuses a custom-resource response body over 4,096 bytes, Reason included. */
const CFN_RESPONSE_MAX_BYTES = 4096;
/** Every reason the handler gives: property errors, API failures, a physical id that is not a room. */
const CLEAR_REASON = /^(Invalid chat room properties: |IVS Chat (CreateRoom|UpdateRoom|TagResource|UntagResource|DeleteRoom) failed for room |Cannot update chat room |Unknown RequestType )/;

const ivschat = mockClient(IvschatClient);

// A hang guard for thousands of cases: about 20 s of CPU, which took over
// 60 s on a shared two-core machine at a load of about ten.
jest.setTimeout(180_000);

// ---- Events ----

const roomId = fc.string({ unit: fc.constantFrom(...'abcXYZ0189'), minLength: 12, maxLength: 12 });
const roomArn = roomId.map((id) => `arn:aws:ivschat:${REGION}:${ACCOUNT}:room/${id}`);
const lambdaArn = fc.constantFrom(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:reviewer`, 'arn:aws-cn:lambda:cn-north-1:1:function:x', 'not-an-arn', '');
const hugeString = fc.constantFrom(100_000, 1_000_000).map((n) => 'x'.repeat(n));
/** Any JSON, nested: what a hand-edited template or a broken provider could send. */
const garbage = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hugeString, fc.string({ unit: 'binary' }));

const physicalId = fc.oneof(
  { weight: 5, arbitrary: roomArn },
  roomId.map((id) => `arn:aws-cn:ivschat:cn-north-1:${ACCOUNT}:room/${id}`),
  fc.constantFrom('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED', '', 'arn:aws:ivschat:us-east-1:123456789012:room/', 'arn:aws:s3:::bucket'),
  roomArn.map((arn) => `${arn}\n`),
  fc.string(),
  garbage,
);

const tagsValue = fc.oneof(
  fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 5, noNullPrototype: true }),
  fc.dictionary(fc.string({ maxLength: 140 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 60, noNullPrototype: true }),
  fc.array(fc.record({ Key: fc.string({ maxLength: 10 }), Value: fc.string({ maxLength: 10 }) }), { maxLength: 5 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }),
  garbage,
);

const numberish = fc.oneof(
  fc.integer({ min: -5, max: 600 }).map(String),
  fc.integer({ min: -5, max: 600 }),
  fc.constantFrom('', '1e2', '0x10', ' 10 ', 'NaN', 'Infinity', '1.5', '-0', '10abc'),
  fc.double(),
  garbage,
);

/** Properties as the construct writes them: valid, so that the calls are made and the mock's answers matter. */
const validProperties = fc.record({
  ServiceToken: fc.constant(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:provider`),
  Name: fc.stringMatching(/^[a-zA-Z0-9_-]{0,20}$/),
  MaximumMessageLength: fc.integer({ min: 1, max: 500 }).map(String),
  MaximumMessageRatePerSecond: fc.integer({ min: 1, max: 100 }).map(String),
  MessageReviewHandler: fc.record({ Uri: fc.constant(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:reviewer`), FallbackResult: fc.constantFrom('ALLOW', 'DENY') }),
  LoggingConfigurationIdentifiers: fc.array(fc.constant(`arn:aws:ivschat:${REGION}:${ACCOUNT}:logging-configuration/AbCdEfGhIjKl`), { maxLength: 1 }),
  Tags: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 8 }), { maxKeys: 4, noNullPrototype: true }),
}, { requiredKeys: ['ServiceToken'] });

/** Properties with each field valid, absent or replaced by garbage, plus unknown keys. */
const mangledProperties = fc.record({
  ServiceToken: fc.constant(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:provider`),
  Name: fc.oneof(fc.stringMatching(/^[a-zA-Z0-9_-]{0,20}$/), fc.string({ maxLength: 200 }), garbage),
  MaximumMessageLength: numberish,
  MaximumMessageRatePerSecond: numberish,
  MessageReviewHandler: fc.oneof(
    fc.record({ Uri: lambdaArn, FallbackResult: fc.constantFrom('ALLOW', 'DENY', 'allow', '') }),
    fc.record({ Uri: garbage, FallbackResult: garbage }, { requiredKeys: [] }),
    garbage,
  ),
  LoggingConfigurationIdentifiers: fc.oneof(
    fc.array(fc.constantFrom(`arn:aws:ivschat:${REGION}:${ACCOUNT}:logging-configuration/AbCdEfGhIjKl`, 'x'), { maxLength: 5 }),
    garbage,
  ),
  Tags: tagsValue,
  Unknown: garbage,
}, { requiredKeys: [] });

const anyProperties = fc.oneof(
  { weight: 4, arbitrary: validProperties },
  { weight: 4, arbitrary: mangledProperties },
  { weight: 1, arbitrary: garbage },
);

const requestType = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom('Create', 'Update', 'Delete') },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('create', 'DELETE', '', 'Replace'), garbage) },
);

/** A CloudFormation event: the usual envelope with any field missing or of the wrong type. */
const event = fc.record({
  RequestType: requestType,
  ServiceToken: fc.constant(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:provider`),
  ResponseURL: fc.constant('https://cloudformation-custom-resource-response.example/response'),
  StackId: fc.constant(`arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Fuzz/guid`),
  RequestId: fc.uuid(),
  LogicalResourceId: fc.oneof(fc.constantFrom('Room', 'Lobby'), garbage),
  ResourceType: fc.constant('Custom::IvsChatRoom'),
  PhysicalResourceId: physicalId,
  ResourceProperties: anyProperties,
  OldResourceProperties: anyProperties,
}, { requiredKeys: ['RequestType'] });

// ---- The mocked API: one scripted answer per call ----

type Answer = 'ok' | 'ok-malformed' | 'validation' | 'not-found' | 'conflict' | 'quota' | 'denied' | 'pending'
  | 'throttled' | 'internal' | 'reset' | 'timeout' | 'bare-error';

const answer: fc.Arbitrary<Answer> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('ok' as const) },
  { weight: 1, arbitrary: fc.constantFrom<Answer>('ok-malformed', 'validation', 'not-found', 'conflict', 'quota', 'denied', 'pending', 'throttled', 'internal', 'reset', 'timeout', 'bare-error') },
);

function fault(kind: Answer): Error {
  const meta = (status: number) => ({ $metadata: { httpStatusCode: status, requestId: 'fuzz' } });
  switch (kind) {
    case 'validation': return new ValidationException({
      ...meta(400),
      message: 'Value at \'name\' failed to satisfy constraint',
      reason: 'FIELD_VALIDATION_FAILED',
      fieldList: [{ name: 'name', message: 'Member must satisfy regular expression pattern' }, { name: 'tags.key', message: 'too long' }],
    });
    case 'not-found': return new ResourceNotFoundException({ ...meta(404), message: 'Resource not found', resourceId: 'x', resourceType: 'ROOM' });
    case 'conflict': return new ConflictException({ ...meta(409), message: 'Conflict', resourceId: 'x', resourceType: 'ROOM' });
    case 'quota': return new ServiceQuotaExceededException({ ...meta(402), message: 'Quota', resourceId: 'x', resourceType: 'ROOM', limit: 1 });
    case 'denied': return new AccessDeniedException({ ...meta(403), message: 'User is not authorized' });
    case 'pending': return new PendingVerification({ ...meta(403), message: 'Pending verification' });
    case 'throttled': return new ThrottlingException({ ...meta(429), message: 'Rate exceeded', resourceId: 'x', resourceType: 'ROOM', limit: 5 });
    case 'internal': return new InternalServerException({ ...meta(500), message: 'Internal error' });
    case 'reset': return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    case 'timeout': return Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' });
    default: return new Error('');
  }
}

let script: Answer[] = [];
let injected = 0;

function respond<T>(ok: (input: any) => T, malformed: unknown = {}) {
  return async (input: any) => {
    const next = script.shift() ?? 'ok';
    if (next === 'ok') return ok(input);
    if (next === 'ok-malformed') return malformed;
    injected++;
    throw fault(next);
  };
}

function installMock(): void {
  ivschat.reset();
  const newRoom = () => {
    const id = 'FuZzRoOm0001';
    return { arn: `arn:aws:ivschat:${REGION}:${ACCOUNT}:room/${id}`, id };
  };
  // Sometimes a room by that name, as if a lost CreateRoom had made it.
  const named = (name: string) => (script.length % 2 === 0 ? [] : [{ ...newRoom(), name, tags: {}, loggingConfigurationIdentifiers: [] }]);
  ivschat.on(ListRoomsCommand).callsFake(respond((input) => ({ rooms: named(input.name) }), { rooms: undefined }));
  ivschat.on(CreateRoomCommand).callsFake(respond(() => ({ ...newRoom(), name: 'x' }), { arn: undefined }));
  ivschat.on(UpdateRoomCommand).callsFake(respond(() => ({})));
  ivschat.on(TagResourceCommand).callsFake(respond(() => ({})));
  ivschat.on(UntagResourceCommand).callsFake(respond(() => ({})));
  ivschat.on(DeleteRoomCommand).callsFake(respond(() => ({})));
}

/** A Lambda context whose remaining time leaves the handler `budgetMs` of retrying (it keeps 15 s back). */
function contextWith(budgetMs: number): Context {
  return { getRemainingTimeInMillis: () => 15_000 + budgetMs } as Context;
}

beforeAll(() => {
  process.env.AWS_REGION = REGION;
});

afterAll(() => {
  ivschat.restore();
});

test(`${RUNS.toLocaleString('en')} random and malformed events: a well-formed response or a clear reason, never a crash or a hang`, async () => {
  const figures = new Figures();
  let oversizedReasons = 0;
  let runsWithFaults = 0;
  const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  injected = 0;

  await fc.assert(fc.asyncProperty(
    event, fc.array(answer, { maxLength: 8 }), fc.constantFrom(0, 2, 10),
    async (e, answers, budget) => {
      script = [...answers];
      installMock();
      const injectedBefore = injected;
      const outcome = await withHangGuard(() => handler(e as any, contextWith(budget)), 2_000, figures);
      if (injected > injectedBefore) runsWithFaults++;
      if (outcome.ok) {
        const response = outcome.value;
        expect(Object.keys(response)).toContain('PhysicalResourceId');
        if (e.RequestType === 'Create') {
          expect(response.PhysicalResourceId).toMatch(ROOM_ARN);
          expect(response.Data).toEqual({ Arn: response.PhysicalResourceId, Id: ROOM_ARN.exec(response.PhysicalResourceId)![1] });
        } else {
          // Update and Delete keep the physical id, whatever it was (CloudFormation always sends one).
          expect(response.PhysicalResourceId).toBe(e.PhysicalResourceId);
        }
        figures.resolved++;
      } else {
        const crash = crashMessage(outcome.error);
        if (crash) throw new Error(`crash: ${crash}`);
        expect((outcome.error as Error).message).toMatch(CLEAR_REASON);
        figures.rejected++;
        figures.noteMessage((outcome.error as Error).message);
        if (Buffer.byteLength((outcome.error as Error).message) > CFN_RESPONSE_MAX_BYTES - 500) oversizedReasons++;
      }
    },
  ), { seed: SEED, numRuns: RUNS });

  consoleWarn.mockRestore();
  figures.report('room provider', { 'faults injected': injected, 'runs with a fault, handled': runsWithFaults, 'reasons over 3.5 KB': oversizedReasons });
  // A reason must fit CloudFormation's 4 KB answer, with room for the framework's log link.
  expect(oversizedReasons).toBe(0);
  expect(figures.resolved).toBeGreaterThan(RUNS / 20);
  expect(figures.rejected).toBeGreaterThan(RUNS / 20);
});

/** Regressions for the bugs the first runs of this fuzz found. */
describe('regressions', () => {
  beforeEach(() => {
    script = [];
    installMock();
  });

  /** `readTags` read `t.Key` of every item of the list form, so a null item crashed. */
  test('Tags [null] in OldResourceProperties is ignored or refused with a reason, not a TypeError', async () => {
    const arn = `arn:aws:ivschat:${REGION}:${ACCOUNT}:room/AbCdEfGhIjKl`;
    const error = await handler({
      RequestType: 'Update',
      PhysicalResourceId: arn,
      LogicalResourceId: 'Room',
      ResourceProperties: { Name: 'lobby' },
      OldResourceProperties: { Name: 'lobby', Tags: [null] },
    } as any, contextWith(0)).then(() => undefined, (e: unknown) => e);
    expect(error === undefined || !(error instanceof TypeError)).toBe(true);
  });

  test('Tags [null] in ResourceProperties on Create is refused as invalid properties, not a TypeError', async () => {
    await expect(handler({ RequestType: 'Create', LogicalResourceId: 'Room', ResourceProperties: { Tags: [null] } } as any, contextWith(0)))
      .rejects.toThrow(/^Invalid chat room properties: /);
  });

  /** Reasons quoted whole values; a long one made the reason too big for CloudFormation's 4 KB answer. */
  test('the reason for a 5,000-character name fits a CloudFormation response', async () => {
    const error = await handler({ RequestType: 'Create', LogicalResourceId: 'Room', ResourceProperties: { Name: 'x'.repeat(5_000) } } as any, contextWith(0))
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^Invalid chat room properties: `chatRoomName` must be at most 128 characters, got 5000/);
    expect(Buffer.byteLength((error as Error).message)).toBeLessThan(CFN_RESPONSE_MAX_BYTES - 500);
  });

  /** The RequestType switch had no default, so an unknown type resolved undefined. */
  test('an unknown RequestType is rejected with a reason', async () => {
    await expect(handler({ RequestType: 'Replace', LogicalResourceId: 'Room' } as any, contextWith(0))).rejects.toThrow(/RequestType/);
  });
});
