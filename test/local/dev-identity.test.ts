import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthExample } from './cli';
import { developmentClaims, developmentToken, parseAuthorization } from '../../local/src/dev-identity';
import { IvsChatEmulator, startEmulator } from '../../local/src/emulator';
import { OfflineStack } from '../../local/src/harness';
import { httpApiEvent } from '../e2e/clients';

/**
 * The development identity is the local server's alone: the token issuer as it ships (its
 * bundle in the cloud assembly) names nobody from a development token, however it reaches it.
 */

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-identity-'));
const moderator = developmentToken(developmentClaims({ userId: 'mallory', groups: ['moderators'] }));
let emulator: IvsChatEmulator;
let stack: OfflineStack;
let stageArn: string;

beforeAll(async () => {
  const assembly = synthExample(path.join(workDir, 'cdk.out'));
  emulator = await startEmulator();
  stack = new OfflineStack('IvsChatDemo', { endpoint: emulator.endpoint, region: emulator.region, accountId: emulator.accountId, iam: emulator.iam });
  expect((await stack.deploy(assembly)).stackStatus).toBe('CREATE_COMPLETE');
  stageArn = emulator.rooms().find((r) => r.name === 'stage')!.arn;
});

afterAll(async () => {
  await emulator?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('the real token issuer', () => {
  const invoke = (event: unknown) => stack.invokeFunction(stack.functionArn('Tokens/Function'), event) as Promise<{ statusCode: number; body: string }>;

  test('refuses a development token in the Authorization header of an HTTP API or function URL request', async () => {
    const event = httpApiEvent({ roomIdentifier: stageArn });
    (event.headers as Record<string, string>).authorization = `Bearer ${moderator}`;
    const response = await invoke(event);
    expect(response.statusCode).toBe(401);
    expect(emulator.tokens()).toEqual([]);
  });

  test('refuses it in a REST API request', async () => {
    const response = await invoke({
      resource: '/chat-token',
      path: '/chat-token',
      httpMethod: 'POST',
      headers: { 'Authorization': `Bearer ${moderator}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ roomIdentifier: stageArn }),
      isBase64Encoded: false,
      requestContext: { httpMethod: 'POST', identity: { sourceIp: '127.0.0.1' }, stage: 'prod', requestId: 'r', resourcePath: '/chat-token' },
    });
    expect(response.statusCode).toBe(401);
    expect(emulator.tokens()).toEqual([]);
  });
});

describe('development tokens', () => {
  test('carry Cognito-shaped claims, passed on as an HTTP API JWT authorizer passes them', () => {
    expect(parseAuthorization(`Bearer ${moderator}`)).toEqual({
      kind: 'claims',
      claims: { 'sub': 'mallory', 'cognito:username': 'mallory', 'preferred_username': 'mallory', 'token_use': 'id', 'cognito:groups': '[moderators]' },
    });
  });

  test('a signed token is refused: the local server verifies no signature', () => {
    const [, payload] = moderator.split('.');
    const signed = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k' })).toString('base64url')}.${payload}.c2lnbmF0dXJl`;
    expect(parseAuthorization(`Bearer ${signed}`)).toMatchObject({ kind: 'refused', message: expect.stringMatching(/signed with RS256/) });
  });

  test('anything else is refused, and no header is no identity', () => {
    expect(parseAuthorization('Basic YWxpY2U6c2VjcmV0')).toMatchObject({ kind: 'refused' });
    expect(parseAuthorization('Bearer a.b.')).toMatchObject({ kind: 'refused' });
    expect(parseAuthorization(undefined)).toEqual({ kind: 'none' });
  });
});
