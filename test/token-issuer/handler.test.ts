import {
  AccessDeniedException, CreateChatTokenCommand, InternalServerException, IvschatClient,
  ResourceNotFoundException, ThrottlingException, ValidationException,
} from '@aws-sdk/client-ivschat';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  httpEvent, httpJwtEvent, OTHER_ROOM_ARN, restCognitoEvent, restEvent, restIamEvent, ROOM_ARN, urlIamEvent, useIssuerEnv,
} from './fixtures';
import { handler, HttpResponse } from '../../lambda/token-issuer';
import type { DirectTokenRequest, TokenIssuerEvent } from '../../lambda/token-issuer';
import { parseGroups } from '../../lambda/token-issuer/policy';

// The issuer's own signed client is tested over the wire (client.test.ts, wire.test.ts); here the call
// goes through @aws-sdk/client-ivschat instead, so that aws-sdk-client-mock answers it.
jest.mock('../../lambda/token-issuer/client', () => jest.requireActual('./sdk-transport'));

const ivschat = mockClient(IvschatClient);
const TOKEN = 'AQICAHg-secret-token-value';
const TOKEN_EXPIRES = new Date('2030-01-01T00:01:00.000Z');
const SESSION_EXPIRES = new Date('2030-01-01T01:00:00.000Z');
let logged: string[];

function throttled(): ThrottlingException {
  return new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 }, resourceId: ROOM_ARN, resourceType: 'ROOM', limit: 200 });
}

beforeEach(() => {
  ivschat.reset();
  ivschat.on(CreateChatTokenCommand).resolves({ token: TOKEN, tokenExpirationTime: TOKEN_EXPIRES, sessionExpirationTime: SESSION_EXPIRES });
  useIssuerEnv();
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); });
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); });
});

afterEach(() => {
  // The token must never reach the logs, whatever the test did.
  expect(logged.join('\n')).not.toContain(TOKEN);
  jest.restoreAllMocks();
});

async function http(event: TokenIssuerEvent): Promise<HttpResponse & { json: any }> {
  const response = await handler(event) as HttpResponse;
  expect(response.headers['content-type']).toBe('application/json');
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
}

function tokenInput() {
  const calls = ivschat.commandCalls(CreateChatTokenCommand);
  expect(calls).toHaveLength(1);
  return calls[0].args[0].input;
}

const OK_BODY = { token: TOKEN, tokenExpirationTime: '2030-01-01T00:01:00.000Z', sessionExpirationTime: '2030-01-01T01:00:00.000Z' };

describe('event shapes', () => {
  test('REST API with a Cognito authorizer: 200 with the token and ISO times, user from `sub`', async () => {
    const response = await http(restCognitoEvent({ 'sub': 'user-1', 'cognito:username': 'ana' }));

    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual(OK_BODY);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(tokenInput()).toEqual({
      roomIdentifier: ROOM_ARN, userId: 'user-1', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60, attributes: undefined,
    });
  });

  test('HTTP API with a JWT authorizer', async () => {
    const response = await http(httpJwtEvent({ sub: 'user-2', iss: 'https://cognito-idp.us-east-1.amazonaws.com/pool' }));
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual(OK_BODY);
    expect(tokenInput()).toMatchObject({ userId: 'user-2', capabilities: ['SEND_MESSAGE'] });
  });

  test('function URL with AWS_IAM: the signed request names the user and groups', async () => {
    const response = await http(urlIamEvent({ body: { userId: 'backend-user', groups: ['moderators'] } }));
    expect(response.statusCode).toBe(200);
    expect(tokenInput()).toMatchObject({ userId: 'backend-user', capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'] });
  });

  test('REST API with AWS_IAM: the signed request names the user', async () => {
    const response = await http(restIamEvent({ body: { userId: 'backend-user' } }));
    expect(response.statusCode).toBe(200);
    expect(tokenInput()).toMatchObject({ userId: 'backend-user', capabilities: ['SEND_MESSAGE'] });
  });

  test('direct invocation: the plain token object, no HTTP envelope', async () => {
    const request: DirectTokenRequest = { userId: 'direct-user', displayName: 'Ana' };
    await expect(handler(request)).resolves.toEqual(OK_BODY);
    expect(tokenInput()).toMatchObject({ userId: 'direct-user', attributes: { displayName: 'Ana' } });
  });

  test('direct invocation: a refusal is thrown, named after the status, without a stack', async () => {
    useIssuerEnv({ roomArns: [ROOM_ARN, OTHER_ROOM_ARN] });
    const error = await handler({ userId: 'u', roomIdentifier: 'QqQqQqQqQqQq' }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('Forbidden');
    expect(error.statusCode).toBe(403);
    expect(error.message).toBe('room QqQqQqQqQqQq is not served by this issuer');
    expect(error.stack).toBe('Forbidden: room QqQqQqQqQqQq is not served by this issuer');
  });

  test.each([
    ['null', null],
    ['a string', 'room'],
    ['an array', [1]],
  ])('direct invocation with %s is a BadRequest', async (_, event) => {
    await expect(handler(event as any)).rejects.toMatchObject({ name: 'BadRequest', message: expect.stringMatching(/^a direct invocation must pass a JSON object/) });
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('a base64-encoded body is decoded', async () => {
    const response = await http(urlIamEvent({ body: { userId: 'b64' }, base64: true }));
    expect(response.statusCode).toBe(200);
    expect(tokenInput()).toMatchObject({ userId: 'b64' });
  });

  test('GET with the room in the query string', async () => {
    useIssuerEnv({ roomArns: [ROOM_ARN, OTHER_ROOM_ARN] });
    const response = await http(httpJwtEvent({ sub: 'u' }, { method: 'GET', query: { roomIdentifier: 'ZyXwVuTsRqPo' } }));
    expect(response.statusCode).toBe(200);
    expect(tokenInput()).toMatchObject({ roomIdentifier: OTHER_ROOM_ARN });
  });

  test('REST API with a Lambda authorizer: its context is the claims, principalId included', async () => {
    useIssuerEnv({ userIdClaim: 'principalId', groupsClaim: 'roles' });
    const response = await http(restEvent({ principalId: 'lambda-user', roles: 'moderators', integrationLatency: 12 }));
    expect(response.statusCode).toBe(200);
    expect(tokenInput()).toMatchObject({ userId: 'lambda-user', capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'] });
  });

  test('HTTP API with a Lambda authorizer: its context is the claims', async () => {
    const response = await http(httpEvent({ lambda: { 'sub': 'lambda-v2', 'cognito:groups': ['moderators'] } }));
    expect(response.statusCode).toBe(200);
    expect(tokenInput()).toMatchObject({ userId: 'lambda-v2', capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'] });
  });

  test('OPTIONS is answered 204 without a call', async () => {
    const response = await http(httpEvent(undefined, { method: 'OPTIONS' }));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(ivschat.calls()).toHaveLength(0);
  });
});

describe('identity', () => {
  test('no identity gets 401 when anonymous viewers are off', async () => {
    for (const event of [restEvent(null), httpEvent(undefined)]) {
      const response = await http(event);
      expect(response.statusCode).toBe(401);
      expect(response.json.message).toMatch(/^the request carries no identity: sign in first/);
    }
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('an authorizer context of an unknown shape proves nothing', async () => {
    const response = await http(httpEvent({ custom: { sub: 'x' } }));
    expect(response.statusCode).toBe(401);
  });

  test('anonymous viewers get a generated id and a view-only token, a new id each time', async () => {
    useIssuerEnv({ anonymousViewers: true });
    await http(httpEvent(undefined));
    await http(restEvent(null));
    const inputs = ivschat.commandCalls(CreateChatTokenCommand).map((c) => c.args[0].input);
    for (const input of inputs) {
      expect(input.userId).toMatch(/^anonymous-[0-9a-f-]{36}$/);
      expect(input.capabilities).toEqual([]);
    }
    expect(inputs[0].userId).not.toBe(inputs[1].userId);
  });

  test('anonymous viewers still cannot name themselves', async () => {
    useIssuerEnv({ anonymousViewers: true });
    const response = await http(httpEvent(undefined, { body: { userId: 'admin' } }));
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toBe('`userId` cannot be chosen by the caller: only a backend the issuer trusts (a direct invocation after grantInvoke, or a request it signed) may name the user');
  });

  test('userIdClaim picks another claim', async () => {
    useIssuerEnv({ userIdClaim: 'email' });
    await http(httpJwtEvent({ sub: 's', email: 'ana@example.com' }));
    expect(tokenInput()).toMatchObject({ userId: 'ana@example.com' });
  });

  test('claims without the user-id claim get 401 naming the claim', async () => {
    useIssuerEnv({ userIdClaim: 'email' });
    const response = await http(restCognitoEvent({ sub: 's' }));
    expect(response.statusCode).toBe(401);
    expect(response.json.message).toBe('the authorizer passed no `email` claim to identify the user');
  });

  test('a signed-in user cannot choose its user id, groups or capabilities', async () => {
    for (const [body, message] of [
      [{ userId: 'admin' }, '`userId` cannot be chosen by the caller: the user comes from the authorizer\'s `sub` claim and groups from `cognito:groups`'],
      [{ groups: ['moderators'] }, '`groups` cannot be chosen by the caller: the user comes from the authorizer\'s `sub` claim and groups from `cognito:groups`'],
      [{ capabilities: ['DELETE_MESSAGE'] }, '`capabilities` cannot be chosen by the caller: the issuer grants them from its configuration and the user\'s groups'],
      [{ roomId: 'x' }, 'unknown field `roomId`; this request accepts: roomIdentifier, attributes, sessionDurationInMinutes'],
    ] as const) {
      const response = await http(httpJwtEvent({ sub: 'u' }, { body }));
      expect(response.statusCode).toBe(400);
      expect(response.json.message).toBe(message);
    }
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('a trusted backend cannot choose capabilities either', async () => {
    const response = await http(urlIamEvent({ body: { userId: 'u', capabilities: ['DELETE_MESSAGE'] } }));
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toMatch(/^`capabilities` cannot be chosen by the caller/);
  });

  test.each([
    [{}, '`userId` is required from a backend and must be a string, got: undefined'],
    [{ userId: 7 }, '`userId` is required from a backend and must be a string, got: 7'],
    [{ userId: '' }, '`userId` must be 1 to 128 characters, got 0'],
    [{ userId: 'x'.repeat(129) }, '`userId` must be 1 to 128 characters, got 129'],
    [{ userId: 'u', groups: 'moderators' }, '`groups` must be an array of strings, got: "moderators"'],
    [{ userId: 'u', displayName: 5 }, '`displayName` must be a string, got: 5'],
  ])('a trusted request %j gets 400', async (body, message) => {
    const response = await http(urlIamEvent({ body }));
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toBe(message);
  });

  test('a user id of 128 emoji (256 UTF-16 units) is accepted: the limit counts characters', async () => {
    await expect(handler({ userId: '😀'.repeat(128) })).resolves.toEqual(OK_BODY);
  });

  test('a claim user id longer than 128 characters gets 400', async () => {
    const response = await http(httpJwtEvent({ sub: 'x'.repeat(200) }));
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toBe('`claim sub` must be 1 to 128 characters, got 200');
  });

  test.each([
    ['function URL', (amr: string[]) => urlIamEvent({}, { identityId: 'us-east-1:guest-1', identityPoolId: 'us-east-1:pool', amr })],
    ['REST API', (amr: string[]) => restEvent(null, {}, {
      cognitoIdentityId: 'us-east-1:guest-1',
      cognitoIdentityPoolId: 'us-east-1:pool',
      cognitoAuthenticationType: amr.includes('authenticated') ? 'authenticated' : 'unauthenticated',
      userArn: 'arn:aws:sts::123456789012:assumed-role/Cognito_Role/CognitoIdentityCredentials',
    })],
  ])('%s signed with identity-pool credentials: the identity is the user, never the body', async (_, event) => {
    let response = await http(event(['authenticated', 'cognito-idp.us-east-1.amazonaws.com/pool']));
    expect(response.statusCode).toBe(200);
    expect(ivschat.commandCalls(CreateChatTokenCommand)[0].args[0].input).toMatchObject({ userId: 'us-east-1:guest-1', capabilities: ['SEND_MESSAGE'] });

    response = await http(event(['unauthenticated']));
    expect(response.statusCode).toBe(401);
    expect(response.json.message).toMatch(/^guests of the identity pool may not chat here/);

    useIssuerEnv({ anonymousViewers: true });
    response = await http(event(['unauthenticated']));
    expect(response.statusCode).toBe(200);
    expect(ivschat.commandCalls(CreateChatTokenCommand)[1].args[0].input).toMatchObject({ userId: 'us-east-1:guest-1', capabilities: [] });
  });

  test('identity-pool callers cannot name the user', async () => {
    const response = await http(urlIamEvent({ body: { userId: 'admin' } }, { identityId: 'us-east-1:x', amr: ['authenticated'] }));
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toBe('`userId` cannot be chosen by the caller: the user is the caller\'s Cognito identity');
  });
});

describe('group mapping', () => {
  const ALL = ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'];

  test.each([
    ['REST Cognito authorizer (comma list)', restCognitoEvent({ 'sub': 'u', 'cognito:groups': 'viewers,moderators' })],
    ['HTTP API JWT authorizer ([a b])', httpJwtEvent({ 'sub': 'u', 'cognito:groups': '[viewers moderators]' })],
    ['a Lambda authorizer\'s JSON array string', restEvent({ 'principalId': 'u', 'sub': 'u', 'cognito:groups': '["viewers","moderators"]' })],
    ['an array', httpEvent({ lambda: { 'sub': 'u', 'cognito:groups': ['viewers', 'moderators'] } })],
  ])('%s: a moderator gets the group\'s capabilities too, in API order', async (_, event) => {
    await http(event);
    expect(tokenInput().capabilities).toEqual(ALL);
  });

  test('a user in no configured group gets the default capabilities', async () => {
    await http(httpJwtEvent({ 'sub': 'u', 'cognito:groups': '[viewers]' }));
    expect(tokenInput().capabilities).toEqual(['SEND_MESSAGE']);
  });

  test('groups named like Object.prototype members grant nothing', async () => {
    await http(httpJwtEvent({ 'sub': 'u', 'cognito:groups': '[__proto__ constructor toString]' }));
    expect(tokenInput().capabilities).toEqual(['SEND_MESSAGE']);
  });

  test('groupsClaim picks another claim; the configured default capabilities may be none', async () => {
    useIssuerEnv({ groupsClaim: 'roles', capabilities: [], groupCapabilities: { speakers: ['SEND_MESSAGE'] } });
    await http(httpJwtEvent({ 'sub': 'u', 'roles': '[speakers]', 'cognito:groups': '[moderators]' }));
    expect(tokenInput().capabilities).toEqual(['SEND_MESSAGE']);
  });

  test.each<[unknown, 'cognito' | 'jwt' | 'lambda', string[]]>([
    [undefined, 'jwt', []],
    [42, 'cognito', []],
    ['', 'cognito', []],
    ['[]', 'jwt', []],
    ['a', 'jwt', ['a']],
    ['[a  b]', 'jwt', ['a', 'b']],
    ['[a,b c]', 'jwt', ['a,b', 'c']],
    ['a,b', 'cognito', ['a', 'b']],
    ['a b,c', 'cognito', ['a b', 'c']],
    ['a,b', 'lambda', ['a', 'b']],
    ['["a,b"]', 'lambda', ['a,b']],
    ['["a,b"', 'lambda', []],
    ['{"a":1}', 'lambda', ['{"a":1}']],
    [['a', 1, 'b', ''], 'lambda', ['a', 'b']],
  ])('parseGroups(%j) through %s = %j', (claim, source, groups) => {
    expect(parseGroups(claim, source)).toEqual(groups);
  });
});

describe('rooms', () => {
  beforeEach(() => useIssuerEnv({ roomArns: [ROOM_ARN, OTHER_ROOM_ARN] }));

  test('by ARN and by id', async () => {
    await http(httpJwtEvent({ sub: 'u' }, { body: { roomIdentifier: OTHER_ROOM_ARN } }));
    await http(httpJwtEvent({ sub: 'u' }, { body: { roomIdentifier: 'AbCdEfGhIjKl' } }));
    expect(ivschat.commandCalls(CreateChatTokenCommand).map((c) => c.args[0].input.roomIdentifier)).toEqual([OTHER_ROOM_ARN, ROOM_ARN]);
  });

  test.each([
    [{}, 400, '`roomIdentifier` is required: this issuer serves 2 rooms'],
    [{ roomIdentifier: 'arn:aws:ivschat:us-east-1:123456789012:room/NotOurRoom12' }, 403,
      'room arn:aws:ivschat:us-east-1:123456789012:room/NotOurRoom12 is not served by this issuer'],
    [{ roomIdentifier: 'NotOurRoom12' }, 403, 'room NotOurRoom12 is not served by this issuer'],
    [{ roomIdentifier: 'lobby' }, 400,
      '`roomIdentifier` must be a room ARN (arn:<partition>:ivschat:<region>:<account>:room/<id>) or a 12-character room id, got: "lobby"'],
    [{ roomIdentifier: 12 }, 400, '`roomIdentifier` must be a room ARN or id, got: 12'],
  ])('%j gets %d', async (body, status, message) => {
    const response = await http(httpJwtEvent({ sub: 'u' }, { body }));
    expect(response.statusCode).toBe(status);
    expect(response.json).toEqual({ message });
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('a served room that no longer exists gets 404', async () => {
    ivschat.on(CreateChatTokenCommand).rejects(new ResourceNotFoundException({
      message: 'room not found', $metadata: { httpStatusCode: 404 }, resourceId: ROOM_ARN, resourceType: 'ROOM',
    }));
    const response = await http(httpJwtEvent({ sub: 'u' }, { body: { roomIdentifier: ROOM_ARN } }));
    expect(response.statusCode).toBe(404);
    expect(response.json).toEqual({ message: `room ${ROOM_ARN} does not exist` });
  });

  test('a room in another region is called through a client of that region', async () => {
    const euRoom = 'arn:aws:ivschat:eu-west-1:123456789012:room/EuRoom123456';
    useIssuerEnv({ roomArns: [euRoom] });
    await http(httpJwtEvent({ sub: 'u' }));
    const call = ivschat.commandCalls(CreateChatTokenCommand)[0];
    await expect((call.thisValue as IvschatClient).config.region()).resolves.toBe('eu-west-1');
  });
});

describe('attributes and session', () => {
  test('the display name comes from the configured claim', async () => {
    useIssuerEnv({ displayNameClaim: 'preferred_username' });
    await http(restCognitoEvent({ sub: 'u', preferred_username: 'Ana' }));
    expect(tokenInput().attributes).toEqual({ displayName: 'Ana' });
  });

  test('allowed client attributes pass, next to the display name', async () => {
    useIssuerEnv({ displayNameClaim: 'name', allowedAttributes: ['avatar', 'color'] });
    await http(httpJwtEvent({ sub: 'u', name: 'Ana' }, { body: { attributes: { avatar: 'a.png' } } }));
    expect(tokenInput().attributes).toEqual({ avatar: 'a.png', displayName: 'Ana' });
  });

  test.each([
    [[], { attributes: { role: 'admin' } }, 'attribute `role` is not allowed: this issuer accepts no attributes from callers'],
    [['avatar'], { attributes: { role: 'admin' } }, 'attribute `role` is not allowed; allowed: avatar'],
    [['avatar'], { attributes: { avatar: 1 } }, 'attribute `avatar` must be a string, got: 1'],
    [['avatar'], { attributes: ['avatar'] }, '`attributes` must be an object of strings, got: ["avatar"]'],
    [['avatar'], { attributes: { avatar: 'x'.repeat(1019) } }, '`attributes` must total at most 1024 bytes (UTF-8 keys and values), got: 1025'],
    [['avatar'], { attributes: { avatar: 'é'.repeat(510) } }, '`attributes` must total at most 1024 bytes (UTF-8 keys and values), got: 1026'],
  ])('allowed %s, body %j: 400', async (allowed, body, message) => {
    useIssuerEnv({ allowedAttributes: allowed });
    const response = await http(httpJwtEvent({ sub: 'u' }, { body }));
    expect(response.statusCode).toBe(400);
    expect(response.json).toEqual({ message });
  });

  test('exactly 1024 bytes of attributes pass', async () => {
    useIssuerEnv({ allowedAttributes: ['avatar'] });
    const response = await http(httpJwtEvent({ sub: 'u' }, { body: { attributes: { avatar: 'x'.repeat(1018) } } }));
    expect(response.statusCode).toBe(200);
  });

  test('a display name that pushes attributes past 1 KB gets 400 saying so', async () => {
    useIssuerEnv({ displayNameClaim: 'name' });
    const response = await http(httpJwtEvent({ sub: 'u', name: 'n'.repeat(1100) }));
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toBe('`attributes` must total at most 1024 bytes (UTF-8 keys and values, with `displayName`), got: 1111');
  });

  test('the session lasts the configured minutes; a caller may ask for fewer', async () => {
    useIssuerEnv({ sessionMinutes: 90 });
    await http(httpJwtEvent({ sub: 'u' }));
    await http(httpJwtEvent({ sub: 'u' }, { body: { sessionDurationInMinutes: 15 } }));
    expect(ivschat.commandCalls(CreateChatTokenCommand).map((c) => c.args[0].input.sessionDurationInMinutes)).toEqual([90, 15]);
  });

  test.each([91, 0, 1.5, '30'])('sessionDurationInMinutes %p gets 400', async (value) => {
    useIssuerEnv({ sessionMinutes: 90 });
    const response = await http(httpJwtEvent({ sub: 'u' }, { body: { sessionDurationInMinutes: value } }));
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toMatch(/^`sessionDurationInMinutes` must be an integer between 1 and 90 \(this issuer's session length\), got: /);
  });
});

describe('malformed requests', () => {
  test.each([
    ['invalid JSON', { rawBody: '{"roomIdentifier":' }, 400, /^the body must be a JSON object, got: text that is not JSON$/],
    ['a JSON array', { rawBody: '[]' }, 400, /^the body must be a JSON object, got: an array$/],
    ['JSON null', { rawBody: 'null' }, 400, /^the body must be a JSON object, got: null$/],
    ['a body over 8 KiB', { rawBody: JSON.stringify({ attributes: { a: 'x'.repeat(9000) } }) }, 413, /^the body must be at most 8192 bytes$/],
    ['a base64 body over 8 KiB', { rawBody: 'x'.repeat(9000), base64: true }, 413, /^the body must be at most 8192 bytes$/],
    ['a body of 5000 characters but 10000 UTF-8 bytes', { rawBody: JSON.stringify({ a: 'é'.repeat(5000) }) }, 413, /^the body must be at most 8192 bytes$/],
    ['a form body', { rawBody: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415,
      /^the body must be JSON \(content-type application\/json\), got content-type: application\/x-www-form-urlencoded$/],
    ['PUT', { method: 'PUT' }, 405, /^method PUT is not allowed: use POST with a JSON body, or GET$/],
  ])('%s', async (_, options, status, message) => {
    const response = await http(httpJwtEvent({ sub: 'u' }, options as any));
    expect(response.statusCode).toBe(status);
    expect(response.json.message).toMatch(message);
    expect(ivschat.calls()).toHaveLength(0);
  });

  test('text/plain (what fetch sends for a string body) and application/*+json are read as JSON', async () => {
    for (const type of ['text/plain;charset=UTF-8', 'application/vnd.api+json']) {
      const response = await http(httpJwtEvent({ sub: 'u' }, { body: { sessionDurationInMinutes: 5 }, headers: { 'content-type': type } }));
      expect(response.statusCode).toBe(200);
    }
  });

  test('405 says which methods are allowed', async () => {
    const response = await http(restCognitoEvent({ sub: 'u' }, { method: 'DELETE' }));
    expect(response.headers.allow).toBe('GET, POST, OPTIONS');
  });

  test('no bad input yields a 5xx or a stack trace', async () => {
    const bodies = [
      '', ' ', '{', '"x"', '1', 'true', '{"attributes":null}', '{"attributes":{"__proto__":{"x":"y"}}}',
      '{"sessionDurationInMinutes":null}', '{"roomIdentifier":null}', '{"roomIdentifier":{"a":1}}', '\u0000', '{"a":'.repeat(500),
      JSON.stringify({ roomIdentifier: 'arn:aws:ivschat:us-east-1:123456789012:room/' + 'A'.repeat(3000) }),
    ];
    for (const rawBody of bodies) {
      for (const event of [httpJwtEvent({ sub: 'u' }, { rawBody }), restEvent(null, { rawBody }), urlIamEvent({ rawBody })]) {
        const response = await http(event);
        expect(response.statusCode === 200 || (response.statusCode >= 400 && response.statusCode < 500)).toBe(true);
        expect(response.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
      }
    }
  });
});

describe('API failures', () => {
  test('throttling is answered 429 at once, after one call, with Retry-After in whole seconds', async () => {
    ivschat.on(CreateChatTokenCommand).rejects(throttled());
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(response.json).toEqual({ message: 'IVS Chat is throttling token requests; retry in a moment' });
    expect(ivschat.commandCalls(CreateChatTokenCommand)).toHaveLength(1);
    // One short line per throttled request (thousands when a stream goes live): no stack.
    const line = JSON.parse(logged[logged.length - 1]);
    expect(line).toMatchObject({ level: 'WARN', status: 429, retryAfter: response.headers['retry-after'], error: { name: 'ThrottlingException' } });
    expect(line.error.stack).toBeUndefined();
  });

  test('a direct invocation that is throttled fails with TooManyRequests, never a 5xx', async () => {
    ivschat.on(CreateChatTokenCommand).rejects(throttled());
    await expect(handler({ roomIdentifier: ROOM_ARN, userId: 'backend-user' })).rejects.toMatchObject({
      name: 'TooManyRequests', statusCode: 429, headers: { 'retry-after': expect.stringMatching(/^[1-9]\d*$/) },
    });
    expect(ivschat.commandCalls(CreateChatTokenCommand)).toHaveLength(1);
  });

  test('a 429 answer under another error name is a throttle too: 429 with Retry-After, one call, not 502', async () => {
    ivschat.on(CreateChatTokenCommand).rejects(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }));
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(ivschat.commandCalls(CreateChatTokenCommand)).toHaveLength(1);
  });

  test('a 500 is retried; throttling on the retry ends it with 429, not 502', async () => {
    ivschat.on(CreateChatTokenCommand)
      .rejectsOnce(new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 } }))
      .rejects(throttled());
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(429);
    expect(ivschat.commandCalls(CreateChatTokenCommand)).toHaveLength(2);
  });

  test('an instance that has been getting tokens queues throttled callers: each Retry-After is later than the one before', async () => {
    // A frozen clock a day ahead (so that earlier tests' tokens are forgotten) and no random rounding.
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2030-01-01T00:00:00Z'));
    jest.spyOn(Math, 'random').mockReturnValue(0);
    // Ten tokens (evidence of this instance's share of the quota), then the quota is spent.
    for (let i = 0; i < 10; i++) {
      expect((await http(httpJwtEvent({ sub: `ok-${i}` }))).statusCode).toBe(200);
    }
    ivschat.on(CreateChatTokenCommand).rejects(throttled());
    const waits: number[] = [];
    for (let i = 0; i < 60; i++) {
      const response = await http(httpJwtEvent({ sub: `late-${i}` }));
      expect(response.statusCode).toBe(429);
      waits.push(Number(response.headers['retry-after']));
    }
    // Ten tokens within the last one to three seconds: 3.3 to 10 a second, so 4.7 to 14 callers
    // are sent to each later second, the 60th 4 to 13 seconds away (retry-after.test.ts has the arithmetic).
    expect(waits[0]).toBe(1);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(waits[59]).toBeGreaterThanOrEqual(4);
    expect(waits[59]).toBeLessThanOrEqual(13);
  });

  test('the throttling settings shape the Retry-After; those left out keep their defaults', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2031-01-01T00:00:00Z'));
    jest.spyOn(Math, 'random').mockReturnValue(0);
    // One token is evidence enough here, and no one is sent more than 2 s away.
    useIssuerEnv({ throttling: { minEvidence: 1, maxRetryAfterSeconds: 2 } });
    expect((await http(httpJwtEvent({ sub: 'ok' }))).statusCode).toBe(200);
    ivschat.on(CreateChatTokenCommand).rejects(throttled());
    const waits: string[] = [];
    for (let i = 0; i < 20; i++) waits.push((await http(httpJwtEvent({ sub: `late-${i}` }))).headers['retry-after']);
    // One token a second, 1.4 callers brought back a second: the third caller is 2 s away, the cap.
    expect(waits.slice(0, 3)).toEqual(['1', '1', '2']);
    expect(new Set(waits.slice(2))).toEqual(new Set(['2']));
  });

  test('the retry budget for 500s shrinks to what the Lambda context has left', async () => {
    ivschat.on(CreateChatTokenCommand).rejects(new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 } }));
    const context = { getRemainingTimeInMillis: () => 500 } as any;
    const response = await handler(httpJwtEvent({ sub: 'u' }), context) as HttpResponse;
    expect(response.statusCode).toBe(502);
    expect(ivschat.commandCalls(CreateChatTokenCommand)).toHaveLength(1);
  });

  test('a validation error from IVS Chat is a 400 with its message and fields', async () => {
    ivschat.on(CreateChatTokenCommand).rejects(new ValidationException({
      message: 'bad',
      $metadata: { httpStatusCode: 400 },
      reason: 'FIELD_VALIDATION_FAILED',
      fieldList: [{ name: 'attributes', message: 'too large' }],
    }));
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(400);
    expect(response.json).toEqual({ message: 'IVS Chat rejected the request: bad [attributes: too large]' });
    expect(ivschat.commandCalls(CreateChatTokenCommand)).toHaveLength(1);
  });

  test('access denied (a role without the room) is a 502, logged', async () => {
    ivschat.on(CreateChatTokenCommand).rejects(new AccessDeniedException({ message: 'not authorized', $metadata: { httpStatusCode: 403 } }));
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(502);
    expect(response.json.message).toMatch(/AccessDeniedException/);
    expect(logged.join('\n')).toMatch(/"status":502.*not authorized/);
  });

  test('a 500 that persists is a 502 after retries', async () => {
    ivschat.on(CreateChatTokenCommand).rejects(new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 } }));
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(502);
    expect(response.json).toEqual({ message: 'IVS Chat failed to create a token (InternalServerException); retry in a moment' });
    expect(ivschat.commandCalls(CreateChatTokenCommand).length).toBeGreaterThan(1);
  });

  test('an answer without a token is a 502', async () => {
    ivschat.on(CreateChatTokenCommand).resolves({ token: undefined });
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(502);
  });

  test('an unexpected error is a 500 with a generic message; details go to the log only', async () => {
    ivschat.on(CreateChatTokenCommand).callsFake(() => { throw new TypeError('cannot read x of undefined'); });
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(500);
    expect(response.json).toEqual({ message: 'the chat token issuer failed; see its logs' });
    expect(logged.join('\n')).toContain('cannot read x of undefined');
  });

  test('a broken environment is a 500 that says so, with the detail in the log', async () => {
    useIssuerEnv({ capabilities: ['ADMIN'] });
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(500);
    expect(response.json).toEqual({ message: 'the chat token issuer is misconfigured; see its logs' });
    expect(logged.join('\n')).toContain(
      'CHAT_TOKEN_ISSUER_SETTINGS.capabilities` may hold only SEND_MESSAGE, DISCONNECT_USER, DELETE_MESSAGE, got: \\"ADMIN\\"');
  });

  test.each([
    ['roomArns', []], ['roomArns', 'not a list'], ['roomArns', { a: 1 }], ['sessionMinutes', 181], ['sessionMinutes', '60'],
    ['groupCapabilities', { m: ['X'] }], ['groupCapabilities', []], ['anonymousViewers', 'true'], ['userIdClaim', ''],
    ['throttling', 'fast'], ['throttling', { maxRetryAfterSeconds: 0 }], ['throttling', { oversubscription: '1.4' }],
    ['throttling', { shareWindowMs: 1.5e3 + 0.5 }], ['throttling', { minEvidence: null }],
  ] as const)('settings with %s = %j are a misconfiguration', async (key, value) => {
    useIssuerEnv({ [key]: value });
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(500);
    expect(logged.join('\n')).toContain(`CHAT_TOKEN_ISSUER_SETTINGS.${key}`);
  });

  test.each([undefined, '', 'not json', '[]', 'null'])('a settings variable of %p is a misconfiguration', async (raw) => {
    process.env.CHAT_TOKEN_ISSUER_SETTINGS = raw;
    if (raw === undefined) delete process.env.CHAT_TOKEN_ISSUER_SETTINGS;
    const response = await http(httpJwtEvent({ sub: 'u' }));
    expect(response.statusCode).toBe(500);
    expect(logged.join('\n')).toContain('CHAT_TOKEN_ISSUER_SETTINGS must be a JSON object');
  });

  test('every setting but the rooms may be left out: the construct\'s defaults apply', async () => {
    process.env.CHAT_TOKEN_ISSUER_SETTINGS = JSON.stringify({ roomArns: [ROOM_ARN] });
    const response = await http(httpJwtEvent({ 'sub': 'u', 'cognito:groups': 'moderators' }));
    expect(response.statusCode).toBe(200);
    expect(ivschat.commandCalls(CreateChatTokenCommand)[0].args[0].input).toEqual({
      roomIdentifier: ROOM_ARN, userId: 'u', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60,
    });
  });
});

describe('CORS', () => {
  const origin = 'https://app.example.com';

  test('REST API: an allowed origin is echoed, with Vary', async () => {
    useIssuerEnv({ allowedOrigins: [origin] });
    const response = await http(restCognitoEvent({ sub: 'u' }, { headers: { Origin: origin } }));
    expect(response.headers).toMatchObject({ 'access-control-allow-origin': origin, 'vary': 'origin' });
  });

  test('REST API: errors carry the header too, so the page can read the message', async () => {
    useIssuerEnv({ allowedOrigins: [origin] });
    const response = await http(restEvent(null, { headers: { origin } }));
    expect(response.statusCode).toBe(401);
    expect(response.headers['access-control-allow-origin']).toBe(origin);
  });

  test('REST API: another origin gets no Access-Control-Allow-Origin', async () => {
    useIssuerEnv({ allowedOrigins: [origin] });
    const response = await http(restCognitoEvent({ sub: 'u' }, { headers: { Origin: 'https://evil.example' } }));
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('REST API: * allows any origin', async () => {
    useIssuerEnv({ allowedOrigins: ['*'] });
    const response = await http(restCognitoEvent({ sub: 'u' }, { headers: { Origin: 'https://any.example' } }));
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  test('REST API: a preflight that reaches the function is answered', async () => {
    useIssuerEnv({ allowedOrigins: [origin] });
    const response = await http(restEvent(null, { method: 'OPTIONS', headers: { Origin: origin } }));
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': expect.stringContaining('authorization'),
    });
  });

  test('HTTP API and function URL: no CORS headers from the function, which would duplicate the service\'s', async () => {
    useIssuerEnv({ allowedOrigins: ['*'] });
    const response = await http(httpJwtEvent({ sub: 'u' }, { headers: { origin } }));
    expect(Object.keys(response.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  test('no allowed origins: no CORS headers at all', async () => {
    const response = await http(restCognitoEvent({ sub: 'u' }, { headers: { Origin: origin } }));
    expect(Object.keys(response.headers).filter((h) => h.startsWith('access-control-') || h === 'vary')).toEqual([]);
  });
});

test('every REST event type is accepted by the handler signature', () => {
  const events: TokenIssuerEvent[] = [restCognitoEvent({ sub: 'u' }) as APIGatewayProxyEvent, httpJwtEvent({ sub: 'u' }), { userId: 'u' }];
  expect(events).toHaveLength(3);
});
