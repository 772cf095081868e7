import {
  AccessDeniedException, CreateChatTokenCommand, CreateLoggingConfigurationCommand, CreateRoomCommand, DeleteRoomCommand, GetRoomCommand,
  IvschatClient, ListRoomsCommand, ResourceNotFoundException, TagResourceCommand, UntagResourceCommand, ValidationException,
} from '@aws-sdk/client-ivschat';
import { clientFor, failure } from './test-helpers';
import { accessDeniedMessage, RequestPrincipal } from '../../local/src/emulator/iam';
import { AuthorizationRequest, evaluate, IvsChatEmulator, PolicyDocument, startEmulator } from '../../local/src/emulator/index';

/**
 * IAM as the emulator evaluates it: the evaluator on its own (policy evaluation logic for one
 * account), then the control plane authorizing the requests of a registered role through the
 * real SDK, with AWS's AccessDenied message.
 */

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/Writer`;
const ROLE: RequestPrincipal = { kind: 'role', roleArn: ROLE_ARN, sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Writer/fn`, accountId: ACCOUNT };
const ROOM = `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/AbCdEfGhIjKl`;

function request(action: string, resource = ROOM, context: AuthorizationRequest['context'] = {}, principal = ROLE): AuthorizationRequest {
  return { principal, action, resource, context };
}

function allow(statement: Record<string, unknown>): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] };
}

const decide = (req: AuthorizationRequest, ...policies: PolicyDocument[]) => evaluate(req, policies).decision;

describe('the evaluator', () => {
  test('no statement: implicit deny; a matching Allow allows; an explicit Deny wins over any Allow', () => {
    expect(decide(request('ivschat:GetRoom'))).toBe('ImplicitDeny');
    expect(decide(request('ivschat:GetRoom'), allow({ Action: 'ivschat:GetRoom', Resource: ROOM }))).toBe('Allow');
    expect(decide(request('ivschat:GetRoom'),
      allow({ Action: 'ivschat:*', Resource: '*' }),
      { Statement: { Effect: 'Deny', Action: 'ivschat:GetRoom', Resource: '*' } })).toBe('ExplicitDeny');
  });

  test('actions match case-insensitively, with * and ?', () => {
    expect(decide(request('ivschat:GetRoom'), allow({ Action: 'IVSCHAT:getroom', Resource: '*' }))).toBe('Allow');
    expect(decide(request('ivschat:GetRoom'), allow({ Action: 'ivschat:Get*', Resource: '*' }))).toBe('Allow');
    expect(decide(request('ivschat:GetRoom'), allow({ Action: 'ivschat:?etRoom', Resource: '*' }))).toBe('Allow');
    expect(decide(request('ivschat:GetRoom'), allow({ Action: 'ivschat:?Room', Resource: '*' }))).toBe('ImplicitDeny');
    expect(decide(request('ivschat:GetRoom'), allow({ Action: ['ivschat:ListRooms', 'ivschat:DeleteRoom'], Resource: '*' }))).toBe('ImplicitDeny');
  });

  test('resources match case-sensitively, with * and ?; NotAction and NotResource invert', () => {
    expect(decide(request('ivschat:GetRoom'), allow({ Action: '*', Resource: `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/*` }))).toBe('Allow');
    expect(decide(request('ivschat:GetRoom'), allow({ Action: '*', Resource: `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/abcdefghijkl` }))).toBe('ImplicitDeny');
    expect(decide(request('ivschat:GetRoom'), allow({ Action: '*', Resource: `arn:aws:ivschat:*:${ACCOUNT}:room/AbCdEfGhIjK?` }))).toBe('Allow');
    expect(decide(request('ivschat:GetRoom'), allow({ NotAction: 'ivschat:DeleteRoom', Resource: '*' }))).toBe('Allow');
    expect(decide(request('ivschat:DeleteRoom'), allow({ NotAction: 'ivschat:Delete*', Resource: '*' }))).toBe('ImplicitDeny');
    expect(decide(request('ivschat:GetRoom'), allow({ Action: '*', NotResource: 'arn:aws:ivschat:*:*:logging-configuration/*' }))).toBe('Allow');
    expect(decide(request('ivschat:GetRoom'), allow({ Action: '*', NotResource: 'arn:aws:ivschat:*:*:room/*' }))).toBe('ImplicitDeny');
  });

  test('string, ARN and Bool operators; missing keys; IfExists; Null', () => {
    const ctx = { 'aws:SourceArn': ROOM, 'aws:SourceAccount': ACCOUNT, 'lambda:InvokedViaFunctionUrl': true };
    const withCondition = (Condition: Record<string, unknown>) => allow({ Action: '*', Resource: '*', Condition });
    const d = (Condition: Record<string, unknown>, context: Record<string, unknown> = ctx) =>
      decide(request('lambda:InvokeFunction', '*', context as AuthorizationRequest['context']), withCondition(Condition));

    expect(d({ StringEquals: { 'aws:SourceAccount': ACCOUNT } })).toBe('Allow');
    expect(d({ StringEquals: { 'AWS:SOURCEACCOUNT': ACCOUNT } })).toBe('Allow');
    expect(d({ StringEquals: { 'aws:SourceAccount': '210987654321' } })).toBe('ImplicitDeny');
    expect(d({ StringEquals: { 'aws:SourceAccount': ['210987654321', ACCOUNT] } })).toBe('Allow');
    expect(d({ StringNotEquals: { 'aws:SourceAccount': ACCOUNT } })).toBe('ImplicitDeny');
    expect(d({ StringLike: { 'aws:SourceArn': 'arn:aws:ivschat:*:*:room/*' } })).toBe('Allow');
    expect(d({ ArnLike: { 'aws:SourceArn': `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/*` } })).toBe('Allow');
    expect(d({ ArnLike: { 'aws:SourceArn': `arn:aws:ivschat:us-east-1:${ACCOUNT}:logging-configuration/*` } })).toBe('ImplicitDeny');
    expect(d({ ArnEquals: { 'aws:SourceArn': ROOM } })).toBe('Allow');
    expect(d({ Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } })).toBe('Allow');
    expect(d({ Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } }, {})).toBe('ImplicitDeny');
    expect(d({ StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': 'arn:aws:ivschat:*:*:room/Other' } })).toBe('ImplicitDeny');
    // A key the request does not carry: positive operators fail, negated ones and IfExists hold.
    expect(d({ StringEquals: { 'aws:PrincipalArn': ROLE_ARN } }, {})).toBe('ImplicitDeny');
    expect(d({ StringNotEquals: { 'aws:PrincipalArn': ROLE_ARN } }, {})).toBe('Allow');
    expect(d({ StringEqualsIfExists: { 'aws:PrincipalArn': ROLE_ARN } }, {})).toBe('Allow');
    expect(d({ Null: { 'aws:SourceArn': 'true' } }, {})).toBe('Allow');
    expect(d({ Null: { 'aws:SourceArn': 'false' } })).toBe('Allow');
    expect(d({ Null: { 'aws:SourceArn': 'false' } }, {})).toBe('ImplicitDeny');
  });

  test('tags: aws:ResourceTag, aws:RequestTag and aws:TagKeys with ForAllValues / ForAnyValue', () => {
    const tagged = { 'aws:ResourceTag/team': 'live', 'aws:RequestTag/env': 'prod', 'aws:TagKeys': ['env', 'cost'] };
    const d = (Condition: Record<string, unknown>, context: Record<string, unknown> = tagged) =>
      decide(request('ivschat:TagResource', ROOM, context as AuthorizationRequest['context']), allow({ Action: '*', Resource: '*', Condition }));

    expect(d({ StringEquals: { 'aws:ResourceTag/team': 'live' } })).toBe('Allow');
    expect(d({ StringEquals: { 'aws:ResourceTag/team': 'vod' } })).toBe('ImplicitDeny');
    expect(d({ StringEquals: { 'aws:RequestTag/env': 'prod' } })).toBe('Allow');
    expect(d({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'cost', 'owner'] } })).toBe('Allow');
    expect(d({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } })).toBe('ImplicitDeny');
    // ForAllValues holds for a request without tags; ForAnyValue does not.
    expect(d({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, {})).toBe('Allow');
    expect(d({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['cost'] } })).toBe('Allow');
    expect(d({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['owner'] } })).toBe('ImplicitDeny');
    expect(d({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['cost'] } }, {})).toBe('ImplicitDeny');
    expect(d({ 'ForAllValues:StringLike': { 'aws:TagKeys': ['e*', 'c*'] } })).toBe('Allow');
  });

  test('an unknown condition key or operator fails closed: an Allow with it does not apply, a Deny with it does; the evaluation names it', () => {
    const unknownAllow = allow({ Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } });
    const result = evaluate(request('ivschat:GetRoom'), [unknownAllow]);
    expect(result).toEqual({ decision: 'ImplicitDeny', policy: 'none', unknown: ['key aws:RequestedRegion'] });

    const unknownDeny: PolicyDocument = { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'ec2:Region': 'x' } } }] };
    expect(decide(request('ivschat:GetRoom'), allow({ Action: '*', Resource: '*' }), unknownDeny)).toBe('ExplicitDeny');

    const unknownOperator = allow({ Action: '*', Resource: '*', Condition: { DateGreaterThan: { 'aws:SourceAccount': '2020-01-01' } } });
    expect(evaluate(request('ivschat:GetRoom'), [unknownOperator])).toMatchObject({ decision: 'ImplicitDeny', unknown: ['operator DateGreaterThan'] });
  });

  test('a resource policy: the principal must match; an account principal delegates to identity policies; * matches anyone', () => {
    const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`;
    const policy = (Principal: unknown) => ({ arn: fn, document: { Statement: [{ Effect: 'Allow', Principal, Action: 'lambda:InvokeFunction', Resource: fn }] } });
    const ivschat: RequestPrincipal = { kind: 'service', service: 'ivschat.amazonaws.com' };
    const invoke = (principal: RequestPrincipal, Principal: unknown, identity: PolicyDocument[] = []) =>
      evaluate(request('lambda:InvokeFunction', fn, {}, principal), identity, policy(Principal)).decision;

    expect(invoke(ivschat, { Service: 'ivschat.amazonaws.com' })).toBe('Allow');
    expect(invoke(ivschat, { Service: 'events.amazonaws.com' })).toBe('ImplicitDeny');
    expect(invoke({ kind: 'anonymous' }, '*')).toBe('Allow');
    expect(invoke({ kind: 'anonymous' }, { AWS: '*' })).toBe('Allow');
    expect(invoke(ROLE, { AWS: ROLE_ARN })).toBe('Allow');
    expect(invoke(ROLE, { AWS: `arn:aws:iam::${ACCOUNT}:root` })).toBe('ImplicitDeny');
    expect(invoke(ROLE, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, [allow({ Action: 'lambda:InvokeFunction', Resource: fn })])).toBe('Allow');
    // A service's own identity policies do not exist: only the resource policy can allow it.
    expect(evaluate(request('lambda:InvokeFunction', fn, {}, ivschat), [allow({ Action: '*', Resource: '*' })]).decision).toBe('ImplicitDeny');
  });

  test('across accounts, the caller\'s identity policy and the resource policy must both allow', () => {
    const fn = 'arn:aws:lambda:us-east-1:210987654321:function:f';
    const resourcePolicy = { arn: fn, document: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'lambda:InvokeFunction', Resource: fn }] } };
    const identity = allow({ Action: 'lambda:InvokeFunction', Resource: fn });
    const req = request('lambda:InvokeFunction', fn);
    expect(evaluate(req, [identity], resourcePolicy).decision).toBe('Allow');
    expect(evaluate(req, [], resourcePolicy)).toMatchObject({ decision: 'ImplicitDeny', policy: 'identity-based' });
    expect(evaluate(req, [identity])).toMatchObject({ decision: 'ImplicitDeny', policy: 'resource-based' });
  });

  test('AWS\'s AccessDenied message names the session, the action, the resource and why', () => {
    const req = request('ivschat:CreateRoom', `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/*`);
    expect(accessDeniedMessage(req, evaluate(req, []), false)).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/Writer/fn is not authorized to perform: ivschat:CreateRoom on resource: `
      + `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/* because no identity-based policy allows the ivschat:CreateRoom action`);
    const denied = evaluate(req, [{ Statement: { Effect: 'Deny', Action: '*', Resource: '*' } }]);
    expect(accessDeniedMessage(req, denied, false)).toMatch(/with an explicit deny in an identity-based policy$/);
  });
});

describe('the control plane, for a registered role', () => {
  let emu: IvsChatEmulator;
  let admin: IvschatClient;
  let writer: IvschatClient;
  const KEY = 'ASIAWRITERWRITER0001';

  beforeAll(async () => {
    emu = await startEmulator({ rateLimits: false });
    admin = clientFor(emu);
    writer = new IvschatClient({ endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: KEY, secretAccessKey: 's', sessionToken: 't' }, maxAttempts: 1 });
  });

  afterAll(async () => {
    admin.destroy();
    writer.destroy();
    await emu.stop();
  });

  beforeEach(() => {
    emu.reset();
    emu.iam.clear();
  });

  const register = (...statements: Record<string, unknown>[]) => emu.iam.registerRole({
    accessKeyId: KEY, roleArn: ROLE_ARN, sessionName: 'fn', policies: [{ Statement: statements.map((s) => ({ Effect: 'Allow', ...s })) }],
  });
  const rooms = `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/*`;

  test('an unregistered key is not restricted (a developer\'s own credentials)', async () => {
    await expect(admin.send(new CreateRoomCommand({ name: 'free' }))).resolves.toMatchObject({ name: 'free' });
    expect(emu.iam.decisions()).toEqual([]);
  });

  test('CreateRoom authorizes ivschat:CreateRoom on the account\'s room/*: 403 with AWS\'s message, and nothing is created', async () => {
    register({ Action: 'ivschat:GetRoom', Resource: rooms });

    const error = await failure(writer.send(new CreateRoomCommand({ name: 'nope' })), AccessDeniedException);

    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe(`User: arn:aws:sts::${ACCOUNT}:assumed-role/Writer/fn is not authorized to perform: ivschat:CreateRoom `
      + `on resource: ${rooms} because no identity-based policy allows the ivschat:CreateRoom action`);
    expect(emu.rooms()).toEqual([]);
    expect(emu.denials()).toEqual([expect.objectContaining({ service: 'ivschat', action: 'ivschat:CreateRoom', resource: rooms, decision: 'ImplicitDeny' })]);
    expect(emu.calls.at(-1)).toMatchObject({ operation: 'CreateRoom', status: 403, errorType: 'AccessDeniedException', accessKeyId: KEY });

    register({ Action: 'ivschat:CreateRoom', Resource: rooms });
    await expect(writer.send(new CreateRoomCommand({ name: 'yes' }))).resolves.toMatchObject({ name: 'yes' });
  });

  test('CreateRoom (and CreateLoggingConfiguration) with tags also authorizes ivschat:TagResource, with aws:RequestTag and aws:TagKeys', async () => {
    register({ Action: 'ivschat:CreateRoom', Resource: rooms });
    await expect(writer.send(new CreateRoomCommand({ name: 'plain' }))).resolves.toBeDefined();
    const error = await failure(writer.send(new CreateRoomCommand({ name: 'tagged', tags: { team: 'live' } })), AccessDeniedException);
    expect(error.message).toContain('ivschat:TagResource');

    register({ Action: ['ivschat:CreateRoom', 'ivschat:TagResource'], Resource: rooms, Condition: { StringEquals: { 'aws:RequestTag/team': 'live' } } });
    await expect(writer.send(new CreateRoomCommand({ name: 'tagged', tags: { team: 'live' } }))).resolves.toBeDefined();
    await failure(writer.send(new CreateRoomCommand({ name: 'tagged', tags: { team: 'vod' } })), AccessDeniedException);

    register({ Action: 'ivschat:CreateLoggingConfiguration', Resource: `arn:aws:ivschat:us-east-1:${ACCOUNT}:logging-configuration/*` });
    const destinationConfiguration = { s3: { bucketName: 'chat-logs' } };
    await expect(writer.send(new CreateLoggingConfigurationCommand({ destinationConfiguration }))).resolves.toBeDefined();
    expect((await failure(writer.send(new CreateLoggingConfigurationCommand({ destinationConfiguration, tags: { a: 'b' } })), AccessDeniedException)).message)
      .toContain('ivschat:TagResource');
  });

  test('operations on a room authorize against its ARN, with its tags as aws:ResourceTag', async () => {
    const { arn: live } = await admin.send(new CreateRoomCommand({ tags: { team: 'live' } }));
    const { arn: vod } = await admin.send(new CreateRoomCommand({ tags: { team: 'vod' } }));
    register({ Action: ['ivschat:GetRoom', 'ivschat:CreateChatToken'], Resource: rooms, Condition: { StringEquals: { 'aws:ResourceTag/team': 'live' } } });

    await expect(writer.send(new GetRoomCommand({ identifier: live }))).resolves.toBeDefined();
    await expect(writer.send(new CreateChatTokenCommand({ roomIdentifier: live, userId: 'u' }))).resolves.toBeDefined();
    expect((await failure(writer.send(new GetRoomCommand({ identifier: vod })), AccessDeniedException)).message).toContain(`on resource: ${vod} `);
  });

  test('ListRooms authorizes on room/*; tags on the room; UntagResource with aws:TagKeys', async () => {
    const { arn } = await admin.send(new CreateRoomCommand({ tags: { a: '1', b: '2' } }));
    register(
      { Action: 'ivschat:ListRooms', Resource: rooms },
      { Action: 'ivschat:UntagResource', Resource: arn, Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } } },
    );

    await expect(writer.send(new ListRoomsCommand({}))).resolves.toBeDefined();
    await expect(writer.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }))).resolves.toBeDefined();
    await failure(writer.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['b'] })), AccessDeniedException);
    await failure(writer.send(new TagResourceCommand({ resourceArn: arn, tags: { c: '3' } })), AccessDeniedException);
  });

  test('validation comes first, then authorization, then the lookup: a denied caller cannot probe which rooms exist', async () => {
    register({ Action: 'ivschat:GetRoom', Resource: `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/Allowed*` });

    await failure(writer.send(new DeleteRoomCommand({ identifier: 'not-an-arn' })), ValidationException);
    await failure(writer.send(new DeleteRoomCommand({ identifier: `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/AAAAAAAAAAAA` })), AccessDeniedException);
    await failure(writer.send(new GetRoomCommand({ identifier: `arn:aws:ivschat:us-east-1:${ACCOUNT}:room/AllowedAAAAA` })), ResourceNotFoundException);
  });

  test('an explicit Deny wins; an unknown condition key fails closed and is logged', async () => {
    emu.iam.registerRole({
      accessKeyId: KEY,
      roleArn: ROLE_ARN,
      policies: [
        { Statement: [{ Effect: 'Allow', Action: 'ivschat:*', Resource: '*' }] },
        { Statement: [{ Effect: 'Deny', Action: 'ivschat:DeleteRoom', Resource: '*' }] },
        { Statement: [{ Effect: 'Allow', Action: 'ivschat:ListRooms', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }] },
      ],
    });
    const { arn } = await writer.send(new CreateRoomCommand({}));
    const denied = await failure(writer.send(new DeleteRoomCommand({ identifier: arn })), AccessDeniedException);
    expect(denied.message).toMatch(/with an explicit deny in an identity-based policy$/);

    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await writer.send(new ListRoomsCommand({}));
      expect(emu.iam.decisions().pop()).toMatchObject({ action: 'ivschat:ListRooms', decision: 'Allow', unknown: ['key aws:RequestedRegion'] });
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining('unknown key aws:RequestedRegion failed closed'));
    } finally {
      stderr.mockRestore();
    }
  });
});
