import { CreateChatTokenCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { mockClient } from 'aws-sdk-client-mock';
import { attempt } from './attempt';
import {
  httpEvent, httpJwtEvent, OTHER_ROOM_ARN, restCognitoEvent, restEvent, restIamEvent, ROOM_ARN, urlIamEvent, useIssuerEnv,
} from './fixtures';
import type { TokenIssuerEvent } from '../../lambda/token-issuer';

// The issuer's own signed client is tested over the wire (client.test.ts, wire.test.ts); here the call
// goes through @aws-sdk/client-ivschat instead, so that aws-sdk-client-mock answers it.
jest.mock('../../lambda/token-issuer/client', () => jest.requireActual('./sdk-transport'));

/**
 * What a hostile or careless client tries against the token endpoint, and what
 * each attempt gets. The issuer serves one room; signed-in users get
 * SEND_MESSAGE, members of `moderators` also DISCONNECT_USER and DELETE_MESSAGE;
 * sessions last 60 minutes; clients may set the `color` attribute; guests are
 * refused. A refused attempt never reaches CreateChatToken; an accepted one
 * gets the construct's capabilities and session length, whatever it asked.
 */

const ivschat = mockClient(IvschatClient);
const TOKEN = 'AQICAHg-attack-secret-token';
const FOREIGN_ROOM = 'arn:aws:ivschat:us-east-1:999999999999:room/AbCdEfGhIjKl';
const user = { 'sub': 'user-1', 'cognito:username': 'ana' };
const moderator = { 'sub': 'mod-1', 'cognito:groups': 'moderators' };
let logged: string[];

beforeEach(() => {
  ivschat.reset();
  ivschat.on(CreateChatTokenCommand).resolves({
    token: TOKEN, tokenExpirationTime: new Date('2030-01-01T00:01:00Z'), sessionExpirationTime: new Date('2030-01-01T01:00:00Z'),
  });
  useIssuerEnv({ allowedAttributes: ['color'] });
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logged.push(args.map(String).join(' ')); });
});

afterEach(() => {
  expect(logged.join('\n')).not.toContain(TOKEN);
  jest.restoreAllMocks();
});


const json = (body: unknown) => ({ body });
const raw = (rawBody: string, headers: Record<string, string> = {}) => ({ rawBody, headers });

/** `[attack, event, expected status, expected message fragment]` */
type Refusal = [string, TokenIssuerEvent, number, string];

describe('refused: no token is made', () => {
  const refusals: Refusal[] = [
    // Identity
    ['no identity (REST API without an authorizer)', restEvent(null), 401, 'the request carries no identity: sign in first'],
    ['no identity (HTTP API / function URL without auth)', httpEvent(undefined), 401, 'the request carries no identity: sign in first'],
    ['an authorizer context of an unknown shape', httpEvent({ custom: { sub: 'admin' } }), 401, 'the request carries no identity'],
    ['a Lambda authorizer context without the user-id claim', restEvent({ principalId: 'p', role: 'admin' }), 401, 'the authorizer passed no `sub` claim'],
    ['an empty user-id claim', restCognitoEvent({ sub: '' }), 401, 'the authorizer passed no `sub` claim'],
    ['a user-id claim over 128 characters', httpJwtEvent({ sub: 'u'.repeat(129) }), 400, '`claim sub` must be 1 to 128 characters, got 129'],
    ['an identity-pool guest (unauthenticated credentials)', urlIamEvent({}, { identityId: 'us-east-1:guest', amr: ['unauthenticated'] }), 401,
      'guests of the identity pool may not chat here'],
    ['a REST API identity-pool guest', restEvent(null, {}, { cognitoIdentityId: 'us-east-1:guest', cognitoAuthenticationType: 'unauthenticated' }), 401,
      'guests of the identity pool may not chat here'],

    // Forged identity in the body
    ['a signed-in user forging `userId` in the body', restCognitoEvent(user, json({ userId: 'admin' })), 400, '`userId` cannot be chosen by the caller'],
    ['a JWT user forging `userId`', httpJwtEvent(user, json({ userId: 'admin' })), 400, '`userId` cannot be chosen by the caller'],
    ['a signed-in user claiming `groups` in the body', httpJwtEvent(user, json({ groups: ['moderators'] })), 400, '`groups` cannot be chosen by the caller'],
    ['a signed-in user forging `displayName`', httpJwtEvent(user, json({ displayName: 'Moderator' })), 400, '`displayName` cannot be chosen by the caller'],
    ['an identity-pool user forging `userId`', urlIamEvent(json({ userId: 'admin' }), { identityId: 'us-east-1:x', amr: ['authenticated'] }), 400,
      '`userId` cannot be chosen by the caller: the user is the caller\'s Cognito identity'],
    ['no identity, forging `userId`', restEvent(null, json({ userId: 'admin' })), 400, '`userId` cannot be chosen by the caller'],

    // Capabilities and duration chosen by the client
    ['a signed-in user asking for `capabilities`', httpJwtEvent(user, json({ capabilities: ['DELETE_MESSAGE', 'DISCONNECT_USER'] })), 400,
      '`capabilities` cannot be chosen by the caller'],
    ['asking for empty `capabilities` (still a choice)', restCognitoEvent(user, json({ capabilities: [] })), 400, '`capabilities` cannot be chosen by the caller'],
    ['a trusted backend (IAM) asking for `capabilities`', urlIamEvent(json({ userId: 'u', capabilities: ['DELETE_MESSAGE'] })), 400,
      '`capabilities` cannot be chosen by the caller'],
    ['a direct invocation asking for `capabilities`', { userId: 'u', capabilities: ['DELETE_MESSAGE'] } as TokenIssuerEvent, 400,
      '`capabilities` cannot be chosen by the caller'],
    ['a session longer than the issuer\'s (61 of 60 minutes)', httpJwtEvent(user, json({ sessionDurationInMinutes: 61 })), 400,
      '`sessionDurationInMinutes` must be an integer between 1 and 60 (this issuer\'s session length), got: 61'],
    ['the API maximum session (180 minutes)', httpJwtEvent(user, json({ sessionDurationInMinutes: 180 })), 400, 'got: 180'],
    ['a zero-minute session', httpJwtEvent(user, json({ sessionDurationInMinutes: 0 })), 400, 'got: 0'],
    ['a fractional session', httpJwtEvent(user, json({ sessionDurationInMinutes: 1.5 })), 400, 'got: 1.5'],
    ['a session as a string', httpJwtEvent(user, json({ sessionDurationInMinutes: '60' })), 400, 'got: "60"'],
    ['a trusted backend asking for a longer session', urlIamEvent(json({ userId: 'u', sessionDurationInMinutes: 120 })), 400, 'got: 120'],

    // Rooms
    ['a room the issuer does not serve (ARN)', httpJwtEvent(user, json({ roomIdentifier: OTHER_ROOM_ARN })), 403, `room ${OTHER_ROOM_ARN} is not served by this issuer`],
    ['a room the issuer does not serve (id)', httpJwtEvent(user, json({ roomIdentifier: 'ZyXwVuTsRqPo' })), 403, 'room ZyXwVuTsRqPo is not served by this issuer'],
    ['the served room\'s id under another account', httpJwtEvent(user, json({ roomIdentifier: FOREIGN_ROOM })), 403, 'is not served by this issuer'],
    ['an unserved room in the query string', httpJwtEvent(user, { method: 'GET', query: { roomIdentifier: 'ZyXwVuTsRqPo' } }), 403, 'is not served by this issuer'],
    ['a path trick on the served ARN', httpJwtEvent(user, json({ roomIdentifier: `${ROOM_ARN}/../ZyXwVuTsRqPo` })), 400, '`roomIdentifier` must be a room ARN'],
    ['a room identifier that is not a string', httpJwtEvent(user, json({ roomIdentifier: [ROOM_ARN] })), 400, '`roomIdentifier` must be a room ARN or id'],

    // Attributes
    ['an attribute the issuer does not allow', httpJwtEvent(user, json({ attributes: { role: 'admin' } })), 400, 'attribute `role` is not allowed; allowed: color'],
    ['forging the display-name attribute', httpJwtEvent(user, json({ attributes: { displayName: 'Moderator' } })), 400, 'attribute `displayName` is not allowed'],
    ['a `__proto__` attribute', httpJwtEvent(user, raw('{"attributes":{"__proto__":{"role":"admin"}}}')), 400, 'attribute `__proto__` is not allowed'],
    ['oversized attributes (1,100 bytes)', httpJwtEvent(user, json({ attributes: { color: 'x'.repeat(1_095) } })), 400,
      '`attributes` must total at most 1024 bytes (UTF-8 keys and values), got: 1100'],
    ['attributes over 1 KB in UTF-8 though under in characters', httpJwtEvent(user, json({ attributes: { color: 'é'.repeat(600) } })), 400, 'got: 1205'],
    ['an attribute that is not a string', httpJwtEvent(user, json({ attributes: { color: { nested: true } } })), 400, 'attribute `color` must be a string'],
    ['attributes that are not an object', httpJwtEvent(user, json({ attributes: 'color=red' })), 400, '`attributes` must be an object of strings'],

    // Bodies and content types
    ['a body that is not JSON', httpJwtEvent(user, raw('roomIdentifier=x')), 400, 'the body must be a JSON object, got: text that is not JSON'],
    ['a truncated JSON body', restCognitoEvent(user, raw('{"roomIdentifier":')), 400, 'the body must be a JSON object, got: text that is not JSON'],
    ['a JSON array body', httpJwtEvent(user, raw('[{"userId":"admin"}]')), 400, 'the body must be a JSON object, got: an array'],
    ['a JSON string body', httpJwtEvent(user, raw('"admin"')), 400, 'the body must be a JSON object, got: a string'],
    ['deeply nested JSON', httpJwtEvent(user, raw('{"a":'.repeat(1_000))), 400, 'the body must be a JSON object, got: text that is not JSON'],
    ['an unknown field', httpJwtEvent(user, json({ isAdmin: true })), 400, 'unknown field `isAdmin`; this request accepts: roomIdentifier, attributes, sessionDurationInMinutes'],
    ['a 9 KB body', httpJwtEvent(user, json({ attributes: { color: 'x'.repeat(9_000) } })), 413, 'the body must be at most 8192 bytes'],
    ['a 1 MB body', restCognitoEvent(user, raw('x'.repeat(1_000_000))), 413, 'the body must be at most 8192 bytes'],
    ['a 9 KB base64 body', urlIamEvent({ rawBody: JSON.stringify({ userId: 'u', pad: 'x'.repeat(9_000) }), base64: true }), 413, 'the body must be at most 8192 bytes'],
    ['5,000 characters that are 10,000 UTF-8 bytes', httpJwtEvent(user, raw(JSON.stringify({ a: 'é'.repeat(5_000) }))), 413, 'the body must be at most 8192 bytes'],
    ['a form-encoded body', httpJwtEvent(user, raw('a=b', { 'content-type': 'application/x-www-form-urlencoded' })), 415,
      'the body must be JSON (content-type application/json), got content-type: application/x-www-form-urlencoded'],
    ['a multipart body', restCognitoEvent(user, raw('{}', { 'Content-Type': 'multipart/form-data; boundary=x' })), 415, 'got content-type: multipart/form-data'],
    ['an XML body', httpJwtEvent(user, raw('<userId>admin</userId>', { 'content-type': 'application/xml' })), 415, 'got content-type: application/xml'],
    ['HTML sent as JSON', httpJwtEvent(user, raw('{}', { 'content-type': 'text/html' })), 415, 'got content-type: text/html'],
    ['a look-alike JSON type', httpJwtEvent(user, raw('{}', { 'content-type': 'application/jsonp' })), 415, 'got content-type: application/jsonp'],
    ['PUT', httpJwtEvent(user, { method: 'PUT' }), 405, 'method PUT is not allowed'],
    ['DELETE on the REST API', restCognitoEvent(user, { method: 'DELETE' }), 405, 'method DELETE is not allowed'],

    // Direct invocations that are malformed
    ['a direct invocation without `userId`', { roomIdentifier: ROOM_ARN } as TokenIssuerEvent, 400, '`userId` is required from a backend'],
    ['a direct invocation that is not an object', ['admin'] as unknown as TokenIssuerEvent, 400, 'a direct invocation must pass a JSON object'],
  ];

  test.each(refusals.map(([attack, ...rest]): Refusal => [`${attack} → ${rest[1]}`, ...rest]))('%s', async (_, event, status, fragment) => {
    const answer = await attempt(event);
    expect(answer.status).toBe(status);
    expect(answer.message).toContain(fragment);
    expect(ivschat.commandCalls(CreateChatTokenCommand)).toHaveLength(0);
  });
});

describe('accepted: the construct decides capabilities and duration, not the client', () => {
  type Sent = { userId: string; capabilities: string[]; sessionDurationInMinutes: number; attributes?: Record<string, string> };
  test.each<[string, TokenIssuerEvent, Sent]>([
    ['a plain signed-in user', httpJwtEvent(user), { userId: 'user-1', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60 }],
    ['capabilities asked in the query string are ignored', httpJwtEvent(user, { method: 'GET', query: { capabilities: 'DELETE_MESSAGE' } as Record<string, string> }),
      { userId: 'user-1', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60 }],
    ['capabilities in an extra header are ignored', httpJwtEvent(user, { headers: { 'x-capabilities': 'DELETE_MESSAGE' } }),
      { userId: 'user-1', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60 }],
    ['a moderator gets the group\'s capabilities from the authorizer', restCognitoEvent(moderator),
      { userId: 'mod-1', capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'], sessionDurationInMinutes: 60 }],
    ['a group named like an Object.prototype member grants nothing', httpJwtEvent({ 'sub': 'u', 'cognito:groups': '[constructor __proto__ toString]' }),
      { userId: 'u', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60 }],
    ['a shorter session may be asked for', httpJwtEvent(user, json({ sessionDurationInMinutes: 5 })),
      { userId: 'user-1', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 5 }],
    ['an allowed attribute passes', httpJwtEvent(user, json({ attributes: { color: 'teal' } })),
      { userId: 'user-1', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60, attributes: { color: 'teal' } }],
    ['exactly 1,024 bytes of attributes pass', httpJwtEvent(user, json({ attributes: { color: 'x'.repeat(1_019) } })),
      { userId: 'user-1', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60, attributes: { color: 'x'.repeat(1_019) } }],
    ['a served room named by its id', httpJwtEvent(user, json({ roomIdentifier: 'AbCdEfGhIjKl' })),
      { userId: 'user-1', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60 }],
    ['a trusted backend names the user and groups', restIamEvent(json({ userId: 'backend-user', groups: ['moderators'] })),
      { userId: 'backend-user', capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'], sessionDurationInMinutes: 60 }],
    ['an identity-pool user is its identity', urlIamEvent({}, { identityId: 'us-east-1:abc', amr: ['authenticated'] }),
      { userId: 'us-east-1:abc', capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60 }],
  ])('%s', async (_, event, expected) => {
    const answer = await attempt(event);
    expect(answer.status).toBe(200);
    const calls = ivschat.commandCalls(CreateChatTokenCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({ roomIdentifier: ROOM_ARN, attributes: undefined, ...expected });
  });
});
