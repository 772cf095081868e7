import { CreateChatTokenCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { mockClient } from 'aws-sdk-client-mock';
import { attempt } from './attempt';
import {
  BACKEND_ROLE_ARN, httpEvent, httpJwtEvent, restCognitoEvent, restEvent, restIamEvent, urlIamEvent, useIssuerEnv,
} from './fixtures';
import type { TokenIssuerEvent } from '../../lambda/token-issuer';

// The issuer's own signed client is tested over the wire (client.test.ts, wire.test.ts); here the call
// goes through @aws-sdk/client-ivschat instead, so that aws-sdk-client-mock answers it.
jest.mock('../../lambda/token-issuer/client', () => jest.requireActual('./sdk-transport'));

/**
 * Who may name the user. Only a backend the construct was told to trust (its
 * ARN in `trustedBackends`, or a direct invocation once `grantInvoke` allowed
 * them) names the user and groups; anyone signing with identity-pool
 * credentials is the identity the event names, or is refused. The fixtures'
 * settings trust the `backend` role and direct invocations; moderators get
 * DISCONNECT_USER and DELETE_MESSAGE.
 */

const ivschat = mockClient(IvschatClient);
const TOKEN = 'AQICAHg-identity-secret-token';
const GUEST_SESSION = 'arn:aws:sts::123456789012:assumed-role/Cognito_ChatUnauth_Role/CognitoIdentityCredentials';
const AUTH_SESSION = 'arn:aws:sts::123456789012:assumed-role/Cognito_ChatAuth_Role/CognitoIdentityCredentials';
/** What the review's attacker sent: a moderator token for someone else. */
const NAMING_VICTIM = { body: { userId: 'victim', groups: ['moderators'] } };

beforeEach(() => {
  ivschat.reset();
  ivschat.on(CreateChatTokenCommand).resolves({
    token: TOKEN, tokenExpirationTime: new Date('2030-01-01T00:01:00Z'), sessionExpirationTime: new Date('2030-01-01T01:00:00Z'),
  });
  useIssuerEnv();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());


function tokenCalls() {
  return ivschat.commandCalls(CreateChatTokenCommand).map((call) => call.args[0].input);
}

describe('identity-pool credentials never name the user', () => {
  test.each<[string, unknown]>([
    ['null', null],
    ['{}', {}],
    ['an empty identityId', { identityId: '', identityPoolId: 'us-east-1:pool', amr: ['authenticated'] }],
    ['a null identityId', { identityId: null, amr: ['unauthenticated'] }],
    ['a string', 'us-east-1:guest'],
  ])('a Cognito guest signing a function URL request with cognitoIdentity %s cannot get a moderator token for "victim"', async (_, cognitoIdentity) => {
    const answer = await attempt(urlIamEvent(NAMING_VICTIM, cognitoIdentity, GUEST_SESSION));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(tokenCalls()).toEqual([]);
  });

  test('the guest is refused even when its role was (wrongly) trusted: identity-pool sessions are never backends', async () => {
    useIssuerEnv({ trustedBackends: ['arn:aws:iam::123456789012:role/Cognito_ChatUnauth_Role', 'arn:aws:iam::123456789012:root'] });
    expect(await attempt(urlIamEvent(NAMING_VICTIM, null, GUEST_SESSION))).toEqual({
      status: 400, message: '`userId` cannot be chosen by the caller: the user is the caller\'s Cognito identity',
    });
    expect(await attempt(urlIamEvent({}, null, GUEST_SESSION))).toEqual({
      status: 401, message: 'the request was signed with Cognito identity-pool credentials but names no identity',
    });
    expect(await attempt(restEvent(null, {}, { userArn: AUTH_SESSION, accessKey: 'ASIA', accountId: '123456789012' })))
      .toMatchObject({ status: 401 });
    expect(tokenCalls()).toEqual([]);
  });

  test.each<[string, Record<string, unknown>]>([
    ['a null cognitoIdentityId with a guest authentication type', { cognitoIdentityId: null, cognitoAuthenticationType: 'unauthenticated', userArn: GUEST_SESSION }],
    ['an empty cognitoIdentityId', { cognitoIdentityId: '', cognitoIdentityPoolId: 'us-east-1:pool', cognitoAuthenticationType: 'authenticated', userArn: AUTH_SESSION }],
    ['only the identity pool id', { cognitoIdentityPoolId: 'us-east-1:pool', userArn: GUEST_SESSION }],
  ])('REST API with AWS_IAM, %s: refused, never a backend', async (_, identity) => {
    const answer = await attempt(restEvent(null, NAMING_VICTIM, identity));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(tokenCalls()).toEqual([]);
  });

  test.each<[string, unknown]>([
    ['no amr', { identityId: 'us-east-1:guest-1', identityPoolId: 'us-east-1:pool' }],
    ['a null amr', { identityId: 'us-east-1:guest-1', amr: null }],
    ['amr as a string', { identityId: 'us-east-1:guest-1', amr: 'authenticated' }],
    ['an empty amr', { identityId: 'us-east-1:guest-1', amr: [] }],
    ['amr saying both', { identityId: 'us-east-1:guest-1', amr: ['authenticated', 'unauthenticated'] }],
  ])('%s is a guest: refused while anonymous viewers are off, view-only when on', async (_, cognitoIdentity) => {
    expect(await attempt(urlIamEvent({}, cognitoIdentity, GUEST_SESSION))).toMatchObject({ status: 401, message: expect.stringMatching(/^guests of the identity pool/) });
    useIssuerEnv({ anonymousViewers: true });
    expect(await attempt(urlIamEvent({}, cognitoIdentity, GUEST_SESSION))).toEqual({ status: 200 });
    expect(tokenCalls()).toEqual([expect.objectContaining({ userId: 'us-east-1:guest-1', capabilities: [] })]);
  });

  test('an authenticated identity is the user, with the default capabilities only', async () => {
    const identity = { identityId: 'us-east-1:user-1', identityPoolId: 'us-east-1:pool', amr: ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/pool'] };
    expect(await attempt(urlIamEvent({}, identity, AUTH_SESSION))).toEqual({ status: 200 });
    expect(tokenCalls()).toEqual([expect.objectContaining({ userId: 'us-east-1:user-1', capabilities: ['SEND_MESSAGE'] })]);
  });
});

describe('only trusted backends name the user', () => {
  test.each<[string, string, string | null]>([
    ['function URL', 'another role of the account', 'arn:aws:sts::123456789012:assumed-role/other/session'],
    ['function URL', 'a role whose name starts like the backend\'s', 'arn:aws:sts::123456789012:assumed-role/backend-admin/session'],
    ['function URL', 'the backend role\'s name in another account', 'arn:aws:sts::210987654321:assumed-role/backend/session'],
    ['function URL', 'the backend role\'s name in another partition', 'arn:aws-cn:sts::123456789012:assumed-role/backend/session'],
    ['function URL', 'an IAM user', 'arn:aws:iam::123456789012:user/backend'],
    ['function URL', 'a signer without an ARN', null],
    ['function URL', 'an empty ARN', ''],
  ])('%s signed by %s: 403, naming nobody', async (_, __, userArn) => {
    const answer = await attempt(urlIamEvent(NAMING_VICTIM, null, userArn));
    expect(answer.status).toBe(403);
    expect(answer.message).toMatch(/is not a backend this issuer trusts to name users/);
    expect(tokenCalls()).toEqual([]);
  });

  test('REST API with AWS_IAM signed by an untrusted role: 403', async () => {
    useIssuerEnv({ trustedBackends: ['arn:aws:iam::123456789012:role/someone-else'] });
    expect(await attempt(restIamEvent(NAMING_VICTIM))).toMatchObject({ status: 403 });
    expect(tokenCalls()).toEqual([]);
  });

  test('nothing trusted (the construct\'s default): every IAM signer is refused', async () => {
    useIssuerEnv({ trustedBackends: [] });
    expect(await attempt(urlIamEvent(NAMING_VICTIM))).toMatchObject({ status: 403 });
    expect(await attempt(restIamEvent(NAMING_VICTIM))).toMatchObject({ status: 403 });
    expect(tokenCalls()).toEqual([]);
  });

  test.each<[string, string[], string]>([
    ['a role trusts its sessions, whatever the role\'s path', ['arn:aws:iam::123456789012:role/service/backend'], 'arn:aws:sts::123456789012:assumed-role/backend/session'],
    ['an account trusts every principal of that account', ['arn:aws:iam::123456789012:root'], 'arn:aws:sts::123456789012:assumed-role/anyone/s'],
    ['a user is trusted by its exact ARN', ['arn:aws:iam::123456789012:user/ops/deployer'], 'arn:aws:iam::123456789012:user/ops/deployer'],
    ['a role session by its exact ARN', ['arn:aws:sts::123456789012:assumed-role/backend/session'], 'arn:aws:sts::123456789012:assumed-role/backend/session'],
  ])('%s', async (_, trustedBackends, userArn) => {
    useIssuerEnv({ trustedBackends });
    expect(await attempt(urlIamEvent(NAMING_VICTIM, null, userArn))).toEqual({ status: 200 });
    expect(tokenCalls()).toEqual([expect.objectContaining({ userId: 'victim', capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'] })]);
  });

  test('a trusted backend\'s request that names nobody is a 400, not a token for the backend', async () => {
    expect(await attempt(urlIamEvent({}, null, `${BACKEND_ROLE_ARN.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/s`)))
      .toMatchObject({ status: 400, message: '`userId` is required from a backend and must be a string, got: undefined' });
  });

  test('a malformed trusted backend in the settings is a misconfiguration (500), not a trust', async () => {
    useIssuerEnv({ trustedBackends: ['arn:aws:iam::123456789012:role/*'] });
    expect(await attempt(urlIamEvent(NAMING_VICTIM))).toEqual({ status: 500, message: 'the chat token issuer is misconfigured; see its logs' });
  });
});

describe('direct invocations are served only once grantInvoke allowed them', () => {
  test('without grantInvoke, an event without an envelope (what a non-proxy integration passes on) names nobody', async () => {
    useIssuerEnv({ directInvocations: false });
    expect(await attempt({ userId: 'victim', groups: ['moderators'] })).toMatchObject({
      status: 403, message: expect.stringMatching(/^this issuer takes no direct invocations/),
    });
    expect(tokenCalls()).toEqual([]);
  });

  test('with it, the backend names the user', async () => {
    expect(await attempt({ userId: 'victim', groups: ['moderators'] })).toEqual({ status: 200 });
    expect(tokenCalls()).toEqual([expect.objectContaining({ userId: 'victim' })]);
  });
});

describe('the groups claim is read in its transport\'s format', () => {
  const ALL = ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'];

  test.each<[string, TokenIssuerEvent, string[]]>([
    ['HTTP API JWT: one group "x,moderators" ([a b] form)', httpJwtEvent({ 'sub': 'u', 'cognito:groups': '[x,moderators]' }), ['SEND_MESSAGE']],
    ['HTTP API JWT: a single-valued claim "x,moderators"', httpJwtEvent({ 'sub': 'u', 'cognito:groups': 'x,moderators' }), ['SEND_MESSAGE']],
    ['HTTP API JWT: a single-valued claim "not moderators"', httpJwtEvent({ 'sub': 'u', 'cognito:groups': 'not moderators' }), ['SEND_MESSAGE']],
    ['HTTP API JWT: [viewers moderators]', httpJwtEvent({ 'sub': 'u', 'cognito:groups': '[viewers moderators]' }), ALL],
    ['REST Cognito: one group "not moderators" (comma form)', restCognitoEvent({ 'sub': 'u', 'cognito:groups': 'not moderators' }), ['SEND_MESSAGE']],
    ['REST Cognito: "[moderators]" is one group of that name', restCognitoEvent({ 'sub': 'u', 'cognito:groups': '[moderators]' }), ['SEND_MESSAGE']],
    ['REST Cognito: viewers,moderators', restCognitoEvent({ 'sub': 'u', 'cognito:groups': 'viewers,moderators' }), ALL],
    ['HTTP API payload 1.0 JWT: [x,moderators]', { ...restEvent({ claims: { 'sub': 'u', 'cognito:groups': '[x,moderators]' } }), version: '1.0' } as TokenIssuerEvent, ['SEND_MESSAGE']],
    ['Lambda authorizer (REST): a JSON array string', restEvent({ 'principalId': 'u', 'sub': 'u', 'cognito:groups': '["viewers","moderators"]' }), ALL],
    ['Lambda authorizer (REST): a JSON array holding "x,moderators"', restEvent({ 'principalId': 'u', 'sub': 'u', 'cognito:groups': '["x,moderators"]' }), ['SEND_MESSAGE']],
    ['Lambda authorizer (REST): JSON that does not parse grants nothing', restEvent({ 'principalId': 'u', 'sub': 'u', 'cognito:groups': '["moderators"' }), ['SEND_MESSAGE']],
    ['Lambda authorizer (HTTP API): an array holding "x moderators"', httpEvent({ lambda: { 'sub': 'u', 'cognito:groups': ['x moderators'] } }), ['SEND_MESSAGE']],
  ])('%s', async (_, event, capabilities) => {
    expect(await attempt(event)).toEqual({ status: 200 });
    expect(tokenCalls()).toEqual([expect.objectContaining({ capabilities })]);
  });
});

describe('a 400 quotes nothing of the body back', () => {
  test.each([
    ['text that is not JSON', 'secret-ish <script>alert(1)</script>'],
    ['truncated JSON', '{"roomIdentifier":"<img src=x>"'],
    ['JSON with a bad token deep inside', `{"a":"${'x'.repeat(50)}", <b>}`],
  ])('%s', async (_, rawBody) => {
    const answer = await attempt(httpJwtEvent({ sub: 'u' }, { rawBody }));
    expect(answer).toEqual({ status: 400, message: 'the body must be a JSON object, got: text that is not JSON' });
  });

  test.each([
    ['an array', '[{"userId":"admin"}]', 'the body must be a JSON object, got: an array'],
    ['a string', '"<script>"', 'the body must be a JSON object, got: a string'],
    ['null', 'null', 'the body must be a JSON object, got: null'],
  ])('JSON that is %s: says what it is, not what it holds', async (_, rawBody, message) => {
    expect(await attempt(httpJwtEvent({ sub: 'u' }, { rawBody }))).toEqual({ status: 400, message });
  });
});
