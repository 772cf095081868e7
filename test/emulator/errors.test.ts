import {
  AccessDeniedException,
  ConflictException,
  CreateLoggingConfigurationCommand,
  CreateRoomCommand,
  DeleteLoggingConfigurationCommand,
  GetLoggingConfigurationCommand,
  GetRoomCommand,
  InternalServerException,
  IvschatClient,
  IvschatServiceException,
  ListRoomsCommand,
  PendingVerification,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  UpdateLoggingConfigurationCommand,
  UpdateRoomCommand,
  ValidationException,
} from '@aws-sdk/client-ivschat';
import { clientFor, failure } from './test-helpers';
import { startEmulator } from '../../local/src/emulator/server';
import { IvsChatEmulator } from '../../local/src/emulator/types';

/** The part of a finalize-step middleware's arguments the test touches (saves importing @smithy/types). */
interface FinalizeArgs {
  request: { headers: Record<string, string> };
}
type FinalizeMiddleware = (next: (args: FinalizeArgs) => Promise<unknown>) => (args: FinalizeArgs) => Promise<unknown>;

let emulator: IvsChatEmulator;
let client: IvschatClient;

const MISSING_ROOM = 'arn:aws:ivschat:us-east-1:123456789012:room/AAAAAAAAAAAA';
const MISSING_LOGGING = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/AAAAAAAAAAAA';
const S3 = { s3: { bucketName: 'chat-logs' } };

beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: false });
  client = clientFor(emulator);
});
beforeEach(() => {
  emulator.reset();
  emulator.setRateLimits(false);
  emulator.setFaults(undefined);
  emulator.setPendingVerification(false);
});
afterAll(async () => {
  client.destroy();
  await emulator.stop();
});

/** A signed-looking raw request: the emulator checks that a SigV4 header is present, not the signature. */
async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${emulator.endpoint}${path}`, {
    method,
    body,
    headers: { 'authorization': 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/ivschat/aws4_request', 'content-type': 'application/json', ...headers },
  });
}

describe('typed exceptions through the SDK', () => {
  test('ValidationException carries reason and fieldList', async () => {
    const error = await failure(client.send(new CreateRoomCommand({ maximumMessageLength: 501 })), ValidationException);

    expect(error).toBeInstanceOf(IvschatServiceException);
    expect(error.$fault).toBe('client');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.reason).toBe('FIELD_VALIDATION_FAILED');
    expect(error.fieldList).toEqual([{ name: 'maximumMessageLength', message: 'Member must have value less than or equal to 500' }]);
  });

  test.each([
    ['GetRoom', () => client.send(new GetRoomCommand({ identifier: MISSING_ROOM })), MISSING_ROOM, 'ROOM'],
    ['UpdateRoom', () => client.send(new UpdateRoomCommand({ identifier: MISSING_ROOM, name: 'x' })), MISSING_ROOM, 'ROOM'],
    ['GetLoggingConfiguration', () => client.send(new GetLoggingConfigurationCommand({ identifier: MISSING_LOGGING })), MISSING_LOGGING, 'LOGGING_CONFIGURATION'],
    ['UpdateLoggingConfiguration', () => client.send(new UpdateLoggingConfigurationCommand({ identifier: MISSING_LOGGING, name: 'x' })), MISSING_LOGGING, 'LOGGING_CONFIGURATION'],
    ['DeleteLoggingConfiguration', () => client.send(new DeleteLoggingConfigurationCommand({ identifier: MISSING_LOGGING })), MISSING_LOGGING, 'LOGGING_CONFIGURATION'],
    ['CreateRoom naming a missing logging configuration', () => client.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: [MISSING_LOGGING] })), MISSING_LOGGING, 'LOGGING_CONFIGURATION'],
    ['ListRooms filtered by a missing logging configuration', () => client.send(new ListRoomsCommand({ loggingConfigurationIdentifier: MISSING_LOGGING })), MISSING_LOGGING, 'LOGGING_CONFIGURATION'],
  ])('ResourceNotFoundException from %s names the bare resource id', async (_name, call, arn, resourceType) => {
    // The model's ResourceId shape is [a-zA-Z0-9]+: the id, not the ARN.
    const resourceId = arn.slice(arn.lastIndexOf('/') + 1);
    const error = await failure(call(), ResourceNotFoundException);

    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error).toMatchObject({ resourceId, resourceType });
    expect(emulator.rooms()).toEqual([]);
  });

  test('UpdateRoom naming a missing logging configuration changes nothing', async () => {
    const { arn } = await client.send(new CreateRoomCommand({ name: 'before' }));

    await failure(client.send(new UpdateRoomCommand({ identifier: arn, name: 'after', loggingConfigurationIdentifiers: [MISSING_LOGGING] })), ResourceNotFoundException);

    expect(emulator.room(arn!)!.name).toBe('before');
  });

  test('ConflictException when deleting a logging configuration a room uses', async () => {
    const { arn } = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: S3 }));
    const room = await client.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: [arn!] }));

    const error = await failure(client.send(new DeleteLoggingConfigurationCommand({ identifier: arn })), ConflictException);

    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error).toMatchObject({ resourceId: arn!.split('/')[1], resourceType: 'LOGGING_CONFIGURATION' });
    await client.send(new UpdateRoomCommand({ identifier: room.arn, loggingConfigurationIdentifiers: [] }));
    await expect(client.send(new DeleteLoggingConfigurationCommand({ identifier: arn }))).resolves.toBeDefined();
  });

  test('ServiceQuotaExceededException for the 11th logging configuration', async () => {
    for (let i = 0; i < 10; i++) await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: S3 }));

    const error = await failure(client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: S3 })), ServiceQuotaExceededException);

    expect(error.$metadata.httpStatusCode).toBe(402);
    expect(error).toMatchObject({ limit: 10, resourceType: 'LOGGING_CONFIGURATION', resourceId: '123456789012' });
    expect(emulator.loggingConfigurations()).toHaveLength(10);
  });

  test('ThrottlingException carries the limit', async () => {
    const { arn } = await client.send(new CreateRoomCommand({}));
    emulator.setRateLimits({ GetRoom: 1 });

    await client.send(new GetRoomCommand({ identifier: arn }));
    const error = await failure(client.send(new GetRoomCommand({ identifier: arn })), ThrottlingException);

    expect(error.$metadata.httpStatusCode).toBe(429);
    expect(error).toMatchObject({ limit: 1, resourceId: arn!.split('/')[1], resourceType: 'ROOM' });
  });

  test('AccessDeniedException for a request whose signature was stripped', async () => {
    const unsigned = clientFor(emulator);
    const stripSignature: FinalizeMiddleware = (next) => async (args) => {
      delete args.request.headers.authorization;
      return next(args);
    };
    // The local type is structurally the SDK's; `never` spares a dependency on @smithy/types.
    unsigned.middlewareStack.addRelativeTo(stripSignature as never, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'stripSignature' });

    const error = await failure(unsigned.send(new ListRoomsCommand({})), AccessDeniedException);

    expect(error.$metadata.httpStatusCode).toBe(403);
    unsigned.destroy();
  });

  test('PendingVerification while the account is pending verification', async () => {
    emulator.setPendingVerification(true);

    const error = await failure(client.send(new CreateRoomCommand({})), PendingVerification);

    expect(error.$metadata.httpStatusCode).toBe(403);
    await expect(client.send(new ListRoomsCommand({}))).resolves.toBeDefined();
    expect(emulator.rooms()).toEqual([]);
  });

  test('InternalServerException is a server fault', async () => {
    emulator.setFaults({ seed: 1, internalErrorRate: 1 });

    const error = await failure(client.send(new ListRoomsCommand({})), InternalServerException);

    expect(error.$fault).toBe('server');
    expect(error.$metadata.httpStatusCode).toBe(500);
  });
});

describe('HTTP edge cases', () => {
  test('an unsigned request is 403 AccessDeniedException', async () => {
    const response = await fetch(`${emulator.endpoint}/CreateRoom`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ message: expect.stringMatching(/Signature Version 4/) });
    expect(emulator.rooms()).toEqual([]);
    expect(emulator.calls).toEqual([expect.objectContaining({ operation: 'CreateRoom', status: 403, errorType: 'AccessDeniedException' })]);
  });

  test('a non-SigV4 Authorization header is refused too', async () => {
    const response = await raw('POST', '/ListRooms', '{}', { authorization: 'Bearer token' });
    expect(response.status).toBe(403);
  });

  test.each([
    ['GET', '/CreateRoom'],
    ['POST', '/NoSuchOperation'],
    ['PUT', '/tags/arn'],
    ['POST', '/createroom'],
  ])('%s %s is 404 UnknownOperationException', async (method, path) => {
    const response = await raw(method, path, method === 'GET' ? undefined : '{}');

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(emulator.calls.at(-1)).toMatchObject({ operation: 'Unknown', status: 404 });
  });

  test.each([
    ['not JSON', '{"name":'],
    ['a JSON array', '[]'],
    ['a member of the wrong type', '{"name": 5}'],
    ['a nested member of the wrong type', '{"messageReviewHandler": "arn"}'],
  ])('a body that is %s is 400 SerializationException', async (_what, body) => {
    const response = await raw('POST', '/CreateRoom', body);

    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(await response.json()).toEqual({ message: expect.any(String) });
    expect(emulator.rooms()).toEqual([]);
  });

  test('an empty body is an empty request', async () => {
    const response = await raw('POST', '/CreateRoom');

    expect(response.status).toBe(200);
    expect(emulator.rooms()).toHaveLength(1);
  });

  test('the SDK maps an error type it does not model to IvschatServiceException', async () => {
    // Seen from the client the same way as the real service's SerializationException.
    const error = await failure(client.send(new CreateRoomCommand({ name: 5 as unknown as string })), IvschatServiceException);
    expect(error.name).toBe('SerializationException');
  });

  test('a ValidationException body has the modeled fields', async () => {
    const response = await raw('POST', '/GetRoom', '{"identifier": "AAAAAAAAAAAA"}');

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: expect.stringMatching(/^1 validation error detected/),
      reason: 'FIELD_VALIDATION_FAILED',
      fieldList: [{ name: 'identifier', message: expect.stringMatching(/regular expression/) }],
    });
  });

  test('the tag routes accept an ARN whose slash is not encoded', async () => {
    const { arn } = await client.send(new CreateRoomCommand({ tags: { a: '1' } }));

    const response = await raw('GET', `/tags/${arn}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ tags: { a: '1' } });
  });
});
