import { CreateChatTokenCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import { crashMessage, Figures, withHangGuard } from './fuzz-helpers';
import { handler, HttpResponse } from '../../lambda/token-issuer';
import { CAPABILITIES } from '../../src/private/shared/token-rules';
import { httpEvent, issuerEnv, OTHER_ROOM_ARN, restEvent, ROOM_ARN } from '../token-issuer/fixtures';

// The issuer's own signed client is tested over the wire (client.test.ts, wire.test.ts); here the call
// goes through @aws-sdk/client-ivschat instead, so that aws-sdk-client-mock answers it.
jest.mock('../../lambda/token-issuer/client', () => jest.requireActual('../token-issuer/sdk-transport'));

/**
 * Fuzzing the token issuer: random REST (v1), HTTP API / function URL
 * (v2) and direct events, with random methods, headers, bodies (JSON or not,
 * base64 or not, huge, wrongly typed) and random claims, against an IVS Chat
 * mock that always succeeds. So every refusal must be the client's fault:
 * - HTTP events always get `{ statusCode, headers, body }`: 200 with the token,
 *   204 for a preflight, or a 4xx whose JSON body has a `message`; never a 5xx;
 * - direct events resolve with the token or reject with a 4xx `IssuerError`;
 * - a client that names its capabilities gets no token;
 * - the token never reaches the logs; no call hangs.
 */

const SEED = 0x70c3e;
const RUNS = 5_000;
const TOKEN = 'AQICAHg-fuzz-secret-token-value';
const TOKEN_EXPIRES = new Date('2030-01-01T00:01:00.000Z');
const SESSION_EXPIRES = new Date('2030-01-01T01:00:00.000Z');
const TOKEN_BODY = { token: TOKEN, tokenExpirationTime: TOKEN_EXPIRES.toISOString(), sessionExpirationTime: SESSION_EXPIRES.toISOString() };

const ivschat = mockClient(IvschatClient);

// A hang guard for thousands of cases: about 20 s of CPU, which took over
// 60 s on a shared two-core machine at a load of about ten.
jest.setTimeout(180_000);

// ---- Configurations the construct could write ----

const CONFIGS = {
  'one room, signed-in users only': issuerEnv(),
  'two rooms, anonymous viewers, attributes, display name, one origin': issuerEnv({
    roomArns: [ROOM_ARN, OTHER_ROOM_ARN],
    anonymousViewers: true,
    allowedAttributes: ['color', 'badge'],
    displayNameClaim: 'name',
    allowedOrigins: ['https://chat.example'],
    sessionMinutes: 30,
  }),
  'view-only by default, user id from email, any origin': issuerEnv({
    capabilities: [], userIdClaim: 'email', allowedOrigins: ['*'], sessionMinutes: 180,
  }),
};
type ConfigName = keyof typeof CONFIGS;
const SESSION_MINUTES: Record<ConfigName, number> = {
  'one room, signed-in users only': 60,
  'two rooms, anonymous viewers, attributes, display name, one origin': 30,
  'view-only by default, user id from email, any origin': 180,
};

// ---- Events ----

const garbage = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary' }));
const loneSurrogates = fc.string({ unit: fc.constantFrom('\uD800', '\uDFFF', 'a', '😀', '\u0000', '"', '\\'), maxLength: 20 });
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 200 }), loneSurrogates);

const roomIdentifier = fc.oneof(
  fc.constantFrom(ROOM_ARN, OTHER_ROOM_ARN, 'AbCdEfGhIjKl', 'ZyXwVuTsRqPo', 'QqQqQqQqQqQq', 'arn:aws:ivschat:eu-west-1:999999999999:room/AbCdEfGhIjKl',
    `${ROOM_ARN}/../x`, ROOM_ARN.toUpperCase(), ''),
  text, garbage,
);

/** What a client (or a backend) may put in the body, each field right, wrong or hostile. */
const fields = fc.record({
  roomIdentifier,
  userId: fc.oneof(fc.constantFrom('admin', 'user-1', 'x'.repeat(129), '😀'.repeat(128)), text, garbage),
  capabilities: fc.oneof(fc.subarray([...CAPABILITIES]), fc.constantFrom('SEND_MESSAGE', ['ADMIN']), garbage),
  sessionDurationInMinutes: fc.oneof(fc.integer({ min: -5, max: 400 }), fc.double(), fc.constantFrom('60', null), garbage),
  attributes: fc.oneof(
    fc.dictionary(fc.constantFrom('color', 'badge', 'displayName', 'role', '__proto__'), text, { maxKeys: 3, noNullPrototype: true }),
    fc.record({ color: fc.constantFrom('x'.repeat(1100), 'é'.repeat(600)) }),
    garbage,
  ),
  groups: fc.oneof(fc.array(fc.constantFrom('moderators', 'admins', 'constructor', '__proto__')), garbage),
  displayName: fc.oneof(text, garbage),
  extra: garbage,
}, { requiredKeys: [] });

/** Fields a well-behaved client or backend sends, so that the success path is exercised as much as the refusals. */
const goodFields = fc.record({
  roomIdentifier: fc.constantFrom(ROOM_ARN, OTHER_ROOM_ARN, 'AbCdEfGhIjKl', 'ZyXwVuTsRqPo'),
  userId: fc.constantFrom('user-1', '😀'.repeat(128)),
  sessionDurationInMinutes: fc.integer({ min: 1, max: 30 }),
  attributes: fc.record({ color: fc.constantFrom('blue', 'é'.repeat(100)) }, { requiredKeys: [] }),
  groups: fc.subarray(['moderators', 'admins']),
  displayName: fc.constantFrom('Ana', 'Zoë'),
}, { requiredKeys: [] });

/** The body as sent: usually JSON of the fields, else anything a client could send. */
const body = fc.oneof(
  { weight: 4, arbitrary: goodFields.map((f) => JSON.stringify(f)) },
  { weight: 6, arbitrary: fields.map((f) => JSON.stringify(f)) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '{', '[]', 'null', '"x"', '1', 'a=b&c=d', '{"a":'.repeat(500), '\u0000', '{"roomIdentifier":"\uD800"}') },
  { weight: 1, arbitrary: fc.constantFrom(8_192, 8_193, 9_000, 100_000, 1_000_000).map((n) => JSON.stringify({ attributes: { color: 'x'.repeat(Math.max(0, n - 28)) } })) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: garbage.map((g) => JSON.stringify(g) ?? '') },
);

const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain;charset=UTF-8', 'application/vnd.api+json') },
  { weight: 3, arbitrary: fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'application/xml', 'application/jsonp', 'json', '', ' ') },
  { weight: 1, arbitrary: text },
);

const headers = fc.record({
  contentTypeKey: fc.constantFrom('content-type', 'Content-Type', 'CONTENT-TYPE', null),
  contentType: fc.oneof({ weight: 9, arbitrary: contentType }, { weight: 1, arbitrary: garbage }),
  origin: fc.option(fc.constantFrom('https://chat.example', 'https://evil.example', 'null'), { nil: undefined }),
  extra: fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string(), garbage), { maxKeys: 3, noNullPrototype: true }),
}).map(({ contentTypeKey, contentType: type, origin, extra }) => ({
  ...extra,
  ...(contentTypeKey !== null && { [contentTypeKey]: type }),
  ...(origin !== undefined && { origin }),
}));

const method = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('POST', 'GET', 'OPTIONS') }, { weight: 2, arbitrary: fc.constantFrom('post', 'PUT', 'DELETE', 'HEAD', '') }, { weight: 1, arbitrary: garbage });

const claims = fc.record({
  'sub': fc.oneof({ weight: 3, arbitrary: fc.constantFrom('user-1', 'a'.repeat(128)) }, fc.constant(''), fc.integer(), text, garbage),
  'email': fc.oneof(fc.constant('a@example.com'), text),
  'name': fc.oneof(fc.constantFrom('Ana', 'x'.repeat(1100)), text, garbage),
  'cognito:groups': fc.oneof(fc.constantFrom('moderators', '[moderators admins]', 'a,moderators', '["moderators"]', '["mod'), fc.array(fc.string()), garbage),
  'principalId': fc.string(),
}, { requiredKeys: [] });

const v1Identity = fc.oneof(
  fc.constant({}),
  fc.constant({ userArn: 'arn:aws:sts::123456789012:assumed-role/backend/session', accessKey: 'AKIAEXAMPLE' }),
  fc.record({ cognitoIdentityId: fc.oneof(fc.constant('us-east-1:1234'), garbage), cognitoAuthenticationType: fc.constantFrom('authenticated', 'unauthenticated', null) }),
  garbage,
);
const v1Authorizer = fc.oneof(fc.constant(null), fc.record({ claims }), claims, fc.record({ integrationLatency: fc.nat() }), garbage);
const v2Authorizer = fc.oneof(
  fc.constant(undefined),
  fc.record({ jwt: fc.record({ claims, scopes: fc.constant(null) }) }),
  fc.record({ lambda: claims }),
  fc.record({
    iam: fc.record({
      userArn: fc.constant('arn:aws:sts::123456789012:assumed-role/backend/session'),
      cognitoIdentity: fc.oneof(fc.constant(null), fc.record({ identityId: fc.oneof(fc.constant('us-east-1:1234'), garbage), amr: fc.oneof(fc.constant(['authenticated']), fc.constant(['unauthenticated']), garbage) })),
    }),
  }),
  garbage,
);

const query = fc.oneof(fc.constant(null), fc.constant(undefined), fc.record({ roomIdentifier }), garbage);

/** Replaces or removes one field of the envelope, or of its requestContext. */
const mangle = fc.option(fc.record({
  where: fc.constantFrom('top', 'requestContext'),
  key: fc.constantFrom('body', 'headers', 'isBase64Encoded', 'httpMethod', 'queryStringParameters', 'requestContext', 'version', 'http', 'authorizer', 'identity'),
  value: fc.oneof(fc.constant(undefined), garbage),
}), { nil: undefined });

interface HttpParts {
  readonly version: '1.0' | '2.0';
  readonly method: unknown;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  readonly base64: boolean;
  readonly base64Flag: unknown;
  readonly query: unknown;
  readonly v1Authorizer: unknown;
  readonly v1Identity: unknown;
  readonly v2Authorizer: unknown;
  readonly mangle?: { where: string; key: string; value: unknown };
}

/** An API Gateway or function URL event with these parts, from the realistic events of the issuer's own tests. */
function httpEventOf(r: HttpParts): Record<string, any> {
  const sent = r.base64 ? Buffer.from(r.body).toString('base64') : r.body;
  const e: Record<string, any> = r.version === '1.0'
    ? { ...restEvent(r.v1Authorizer as any, {}, r.v1Identity as any), httpMethod: r.method }
    : httpEvent(r.v2Authorizer as any, { method: 'POST' });
  if (r.version === '1.0') {
    e.requestContext = { ...e.requestContext, httpMethod: r.method };
  } else {
    e.requestContext = { ...e.requestContext, http: { ...e.requestContext.http, method: r.method } };
  }
  Object.assign(e, { headers: r.headers, body: sent, isBase64Encoded: r.base64Flag ?? r.base64, queryStringParameters: r.query });
  if (r.mangle) {
    const target = r.mangle.where === 'top' ? e : e.requestContext;
    if (r.mangle.value === undefined) delete target[r.mangle.key];
    else target[r.mangle.key] = r.mangle.value;
  }
  return e;
}

/** Anything at all in every part. */
const anyHttp = fc.record({
  version: fc.constantFrom('1.0' as const, '2.0' as const),
  method,
  headers,
  body,
  base64: fc.boolean(),
  base64Flag: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: garbage }),
  query,
  v1Authorizer,
  v1Identity,
  v2Authorizer,
  mangle,
}).map(httpEventOf);

/** A well-formed request from a signed-in user, a backend or a guest: mostly answered 200. */
const goodHttp = fc.record({
  version: fc.constantFrom('1.0' as const, '2.0' as const),
  method: fc.constantFrom('POST', 'GET'),
  headers: fc.constantFrom({ 'content-type': 'application/json' }, { 'Content-Type': 'text/plain;charset=UTF-8', 'origin': 'https://chat.example' }),
  body: fc.oneof(goodFields.map(({ userId: _u, groups: _g, displayName: _d, ...client }) => JSON.stringify(client)), fc.constant('')),
  base64: fc.boolean(),
  base64Flag: fc.constant(undefined),
  query: fc.constant(null),
  v1Authorizer: fc.oneof(fc.record({ claims }), fc.constant(null)),
  v1Identity: fc.constantFrom({}, { cognitoIdentityId: 'us-east-1:1234', cognitoAuthenticationType: 'authenticated' }),
  v2Authorizer: fc.oneof(fc.record({ jwt: fc.record({ claims, scopes: fc.constant(null) }) }), fc.constant(undefined)),
}).map(httpEventOf);

const http = fc.oneof({ weight: 3, arbitrary: anyHttp }, { weight: 1, arbitrary: goodHttp });

const direct = fc.oneof({ weight: 3, arbitrary: goodFields }, { weight: 4, arbitrary: fields }, { weight: 1, arbitrary: garbage });

// ---- What the client asked for, to check the answer against ----

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isHttp(e: unknown): boolean {
  return isObject(e) && typeof e.requestContext === 'object' && e.requestContext !== null;
}

/** The body fields the handler would read, when it reads any. */
function requestFields(e: unknown): Record<string, unknown> | undefined {
  if (!isHttp(e)) return isObject(e) ? e : undefined;
  const event = e as Record<string, unknown>;
  if (typeof event.body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(event.isBase64Encoded === true ? Buffer.from(event.body, 'base64').toString('utf8') : event.body);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const STACK_TRACE = /\bat .*\.(ts|js):\d+|\n\s+at /;

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});

afterAll(() => {
  ivschat.restore();
});

test(`${RUNS.toLocaleString('en')} random HTTP and direct events: a well-formed answer, 4xx for the client's mistakes, never a 5xx or the token in logs`, async () => {
  const figures = new Figures();
  const statuses: Record<string, number> = {};
  let tokens = 0;
  let capabilityAsks = 0;
  const logged: string[] = [];
  const capture = (...args: unknown[]) => { logged.push(args.map(String).join(' ')); };
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) jest.spyOn(console, level).mockImplementation(capture);
  const savedEnv = { ...process.env };

  try {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...Object.keys(CONFIGS) as ConfigName[]), fc.oneof({ weight: 4, arbitrary: http }, { weight: 1, arbitrary: direct }),
      async (configName, event) => {
        Object.assign(process.env, CONFIGS[configName]);
        ivschat.reset();
        ivschat.on(CreateChatTokenCommand).resolves({ token: TOKEN, tokenExpirationTime: TOKEN_EXPIRES, sessionExpirationTime: SESSION_EXPIRES });
        logged.length = 0;

        const outcome = await withHangGuard(() => handler(event as any), 2_000, figures);

        expect(logged.join('\n')).not.toContain(TOKEN);
        const calls = ivschat.commandCalls(CreateChatTokenCommand);
        expect(calls.length).toBeLessThanOrEqual(1);
        for (const call of calls) {
          const input = call.args[0].input;
          // The construct's capabilities, in the API's order, never more; the session within the issuer's length.
          expect(CAPABILITIES.filter((c) => input.capabilities!.includes(c))).toEqual(input.capabilities);
          expect(input.sessionDurationInMinutes).toBeGreaterThanOrEqual(1);
          expect(input.sessionDurationInMinutes).toBeLessThanOrEqual(SESSION_MINUTES[configName]);
          expect([ROOM_ARN, OTHER_ROOM_ARN]).toContain(input.roomIdentifier);
        }
        const asked = requestFields(event);
        if (asked && Object.hasOwn(asked, 'capabilities')) {
          capabilityAsks++;
          expect(calls).toHaveLength(0);
        }

        if (isHttp(event)) {
          if (!outcome.ok) throw new Error(`an HTTP event was answered with a rejection: ${String(outcome.error)}`);
          const response = outcome.value as HttpResponse;
          expect(Number.isInteger(response.statusCode)).toBe(true);
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          expect(Object.values(response.headers).every((v) => typeof v === 'string')).toBe(true);
          expect(response.headers['content-type']).toBe('application/json');
          expect(typeof response.body).toBe('string');
          if (response.statusCode === 200 || response.statusCode === 204) figures.resolved++;
          else figures.rejected++;
          if (response.statusCode === 200) {
            tokens++;
            expect(JSON.parse(response.body)).toEqual(TOKEN_BODY);
            expect(calls).toHaveLength(1);
          } else if (response.statusCode === 204) {
            expect(response.body).toBe('');
            expect(calls).toHaveLength(0);
          } else {
            // The API succeeds, so any refusal is the client's: a 4xx with a message, no stack.
            expect(response.statusCode).toBeGreaterThanOrEqual(400);
            expect(response.statusCode).toBeLessThan(500);
            const payload = JSON.parse(response.body);
            expect(Object.keys(payload)).toEqual(['message']);
            expect(typeof payload.message).toBe('string');
            expect(payload.message.length).toBeGreaterThan(0);
            expect(payload.message).not.toMatch(STACK_TRACE);
            expect(calls).toHaveLength(0);
            figures.noteMessage(payload.message);
          }
        } else if (outcome.ok) {
          tokens++;
          figures.resolved++;
          statuses['direct 200'] = (statuses['direct 200'] ?? 0) + 1;
          expect(outcome.value).toEqual(TOKEN_BODY);
        } else {
          const error = outcome.error as Error & { statusCode?: number };
          const crash = crashMessage(error);
          if (crash) throw new Error(`crash: ${crash}`);
          figures.rejected++;
          statuses[`direct ${error.statusCode}`] = (statuses[`direct ${error.statusCode}`] ?? 0) + 1;
          expect(error.statusCode).toBeGreaterThanOrEqual(400);
          expect(error.statusCode).toBeLessThan(500);
          expect(error.stack).not.toMatch(STACK_TRACE);
          figures.noteMessage(error.message);
        }
      },
    ), { seed: SEED, numRuns: RUNS });
  } finally {
    jest.restoreAllMocks();
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }

  figures.report('token issuer', { tokens, 'bodies naming capabilities (all refused)': capabilityAsks, statuses });
  // The arbitraries reach both sides: tokens issued and refusals of several kinds.
  expect(tokens).toBeGreaterThan(RUNS / 50);
  expect(Object.keys(statuses).length).toBeGreaterThan(6);
});
