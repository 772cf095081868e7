import { App, Aspects, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChatRoom, ChatTokenCapability, ChatTokenIssuer, ChatTokenIssuerProps, IChatRoom } from '../../src';
import { TOKEN_ISSUER_DEFAULTS, TOKEN_ISSUER_SETTINGS_VARIABLE } from '../../src/private/shared/token-contract';
import { newStack, TEST_ENV } from '../fixtures';

const IMPORTED_ARN = 'arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl';

function setup(props: Partial<ChatTokenIssuerProps> = {}, rooms?: (stack: Stack) => IChatRoom[]) {
  const stack = newStack(TEST_ENV);
  const issuer = new ChatTokenIssuer(stack, 'Tokens', {
    rooms: rooms ? rooms(stack) : [ChatRoom.fromChatRoomArn(stack, 'Room', IMPORTED_ARN)],
    ...props,
  });
  return { stack, issuer };
}

function issuerFunction(template: Template): Record<string, any> {
  const functions = template.findResources('AWS::Lambda::Function', { Properties: { Description: 'cdk-ivs-chat: issues Amazon IVS Chat tokens' } });
  const values = Object.values(functions);
  expect(values).toHaveLength(1);
  return values[0].Properties;
}

function environment(stack: Stack): Record<string, unknown> {
  return issuerFunction(Template.fromStack(stack)).Environment.Variables;
}

/** The settings the issuer's one variable holds, when they are known at synth. */
function settings(stack: Stack): Record<string, unknown> {
  const variables = environment(stack);
  expect(Object.keys(variables)).toEqual([TOKEN_ISSUER_SETTINGS_VARIABLE]);
  return JSON.parse(variables[TOKEN_ISSUER_SETTINGS_VARIABLE] as string);
}

function backendStatements(stack: Stack): any[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes('Backend'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/** Every statement of every policy attached to the issuer's role. */
function roleStatements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes('TokensServiceRole'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('IAM', () => {
  test('the role may call only ivschat:CreateChatToken, only on the configured room, and write its own log group', () => {
    const { stack } = setup();
    const template = Template.fromStack(stack);

    const statements = roleStatements(template);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TokensLogs/), 'Arn'] },
      },
      { Effect: 'Allow', Action: 'ivschat:CreateChatToken', Resource: IMPORTED_ARN },
    ]);
    // No managed policy (AWSLambdaBasicExecutionRole would allow every log group).
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('chat tokens') } });
    expect(Object.values(roles).map((r) => r.Properties.ManagedPolicyArns)).toEqual([undefined]);
    expect(JSON.stringify(statements)).not.toMatch(/"\*"|ivschat:\*/);
  });

  test('several rooms, new and imported: one statement naming each room once', () => {
    const { stack } = setup({}, (s) => {
      const room = new ChatRoom(s, 'New');
      return [room, ChatRoom.fromChatRoomArn(s, 'Imported', IMPORTED_ARN), room];
    });
    const ivschat = roleStatements(Template.fromStack(stack)).filter((st) => JSON.stringify(st.Action).includes('ivschat'));
    expect(ivschat).toEqual([{
      Effect: 'Allow',
      Action: 'ivschat:CreateChatToken',
      Resource: [{ 'Fn::GetAtt': [expect.stringMatching(/^New/), 'Arn'] }, IMPORTED_ARN],
    }]);
  });
});

describe('function', () => {
  test('Node.js 24 on ARM, small and short, with its own log group kept a month', () => {
    const { stack } = setup();
    const template = Template.fromStack(stack);
    const fn = issuerFunction(template);
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 5,
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/^TokensLogs/) } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('memorySize and logRetention can be set, as for the message reviewer; logGroup is the function\'s', () => {
    const { stack, issuer } = setup({ memorySize: 512, logRetention: logs.RetentionDays.ONE_WEEK });
    const template = Template.fromStack(stack);
    expect(issuerFunction(template).MemorySize).toBe(512);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    expect(stack.resolve(issuer.logGroup.logGroupName)).toEqual({ Ref: expect.stringMatching(/^TokensLogs/) });
    expect(() => setup({ memorySize: 64 })).toThrow('Invalid ChatTokenIssuer TestStack/Tokens: `memorySize` must be an integer between 128 and 10240, got: 64');
  });

  test('defaults travel in the environment, as one JSON variable', () => {
    const { stack } = setup();
    expect(settings(stack)).toEqual({
      roomArns: [IMPORTED_ARN],
      capabilities: ['SEND_MESSAGE'],
      groupCapabilities: {},
      sessionMinutes: 60,
      userIdClaim: 'sub',
      groupsClaim: 'cognito:groups',
      anonymousViewers: false,
      allowedAttributes: [],
      allowedOrigins: [],
      throttling: { shareWindowMs: 3000, minEvidence: 5, oversubscription: 1.4, maxRetryAfterSeconds: 30, uninformedRetryAfterSeconds: 3 },
      trustedBackends: [],
      directInvocations: false,
    });
  });

  test('every setting travels in the environment; capabilities in API order without repeats', () => {
    const { stack } = setup({
      capabilities: [ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.SEND_MESSAGE, ChatTokenCapability.SEND_MESSAGE],
      groupCapabilities: [{ group: 'moderators', capabilities: [ChatTokenCapability.DISCONNECT_USER, ChatTokenCapability.DELETE_MESSAGE] }],
      sessionDuration: Duration.hours(3),
      anonymousViewers: true,
      userIdClaim: 'email',
      groupsClaim: 'roles',
      displayNameClaim: 'name',
      allowedAttributes: ['avatar'],
      allowedOrigins: ['https://app.example.com'],
    });
    expect(settings(stack)).toEqual({
      roomArns: [IMPORTED_ARN],
      capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE'],
      groupCapabilities: { moderators: ['DISCONNECT_USER', 'DELETE_MESSAGE'] },
      sessionMinutes: 180,
      userIdClaim: 'email',
      groupsClaim: 'roles',
      displayNameClaim: 'name',
      anonymousViewers: true,
      allowedAttributes: ['avatar'],
      allowedOrigins: ['https://app.example.com'],
      throttling: TOKEN_ISSUER_DEFAULTS.throttling,
      trustedBackends: [],
      directInvocations: false,
    });
  });

  test('room ARNs that are tokens resolve at deploy time inside the JSON', () => {
    const { stack } = setup({}, (s) => [new ChatRoom(s, 'A'), new ChatRoom(s, 'B')]);
    const value = environment(stack)[TOKEN_ISSUER_SETTINGS_VARIABLE] as any;
    const [first, a, between, b, rest] = value['Fn::Join'][1];
    expect([first, a, between, b]).toEqual([
      '{"roomArns":["',
      { 'Fn::GetAtt': [expect.stringMatching(/^A/), 'Arn'] },
      '","',
      { 'Fn::GetAtt': [expect.stringMatching(/^B/), 'Arn'] },
    ]);
    // Once CloudFormation has put in the ARNs, the handler reads valid JSON.
    const resolved = `${first}arn:aws:ivschat:us-east-1:123456789012:room/a${between}arn:aws:ivschat:us-east-1:123456789012:room/b${rest}`;
    expect(JSON.parse(resolved)).toMatchObject({ roomArns: ['arn:aws:ivschat:us-east-1:123456789012:room/a', 'arn:aws:ivschat:us-east-1:123456789012:room/b'] });
  });
});

describe('function URL and grants', () => {
  test('addFunctionUrl uses AWS_IAM by default, without CORS when no origin is configured', () => {
    const { stack, issuer } = setup();
    const url = issuer.addFunctionUrl();
    expect(issuer.functionUrl).toBe(url);
    const urls = Template.fromStack(stack).findResources('AWS::Lambda::Url');
    expect(Object.values(urls).map((u) => u.Properties)).toEqual([{ AuthType: 'AWS_IAM', TargetFunctionArn: expect.anything() }]);
  });

  test('CORS from allowedOrigins, with the methods and headers a browser needs', () => {
    const { stack, issuer } = setup({ allowedOrigins: ['https://app.example.com'] });
    issuer.addFunctionUrl();
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      Cors: {
        AllowOrigins: ['https://app.example.com'],
        AllowMethods: ['GET', 'POST'],
        AllowHeaders: ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'],
        MaxAge: 600,
      },
    });
  });

  test('explicit cors options win over the defaults', () => {
    const { stack, issuer } = setup({ allowedOrigins: ['https://app.example.com'] });
    issuer.addFunctionUrl({ cors: { allowedOrigins: ['https://other.example.com'], allowedMethods: [lambda.HttpMethod.POST] } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Url', {
      Cors: { AllowOrigins: ['https://other.example.com'], AllowMethods: ['POST'], AllowHeaders: Match.anyValue() },
    });
  });

  test('authType NONE is refused unless anonymous viewers are on, since it carries no identity', () => {
    expect(() => setup().issuer.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }))
      .toThrow(/^Invalid ChatTokenIssuer TestStack\/Tokens: `addFunctionUrl` with authType NONE lets anyone call the URL without identity, so it can serve only anonymous viewers: set `anonymousViewers: true`/);
    const { stack, issuer } = setup({ anonymousViewers: true });
    issuer.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
  });

  test('a NONE URL lets anyone invoke through the URL only: InvokeFunctionUrl and InvokeFunction, each once, with the URL conditions', () => {
    // Since October 2025 a function URL needs both actions
    // (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html); older
    // aws-cdk-lib versions add only the first.
    const { stack, issuer } = setup({ anonymousViewers: true });
    issuer.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    const permissions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Permission')).map((p) => p.Properties);
    const fnArn = { 'Fn::GetAtt': [expect.stringMatching(/^TokensFunction/), 'Arn'] };
    expect(permissions).toEqual(expect.arrayContaining([
      { Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionName: fnArn, FunctionUrlAuthType: 'NONE' },
      { Action: 'lambda:InvokeFunction', Principal: '*', FunctionName: fnArn, InvokedViaFunctionUrl: true },
    ]));
    expect(permissions).toHaveLength(2);
  });

  test('a second URL is refused', () => {
    const { issuer } = setup();
    issuer.addFunctionUrl();
    expect(() => issuer.addFunctionUrl())
      .toThrow('Invalid ChatTokenIssuer TestStack/Tokens: `addFunctionUrl` may be called once: a function has at most one URL, and this one has it');
  });

  test('grantInvoke lets a backend invoke the function; grantInvokeUrl lets it call the URL, and only the URL', () => {
    const { stack, issuer } = setup();
    const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.AccountRootPrincipal() });
    issuer.grantInvoke(backend);
    issuer.grantInvokeUrl(backend);
    issuer.grantInvokeUrl(backend);
    const fnArn = { 'Fn::GetAtt': [expect.stringMatching(/^TokensFunction/), 'Arn'] };
    expect(backendStatements(stack)).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fnArn },
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: fnArn,
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
      },
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: fnArn,
        Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
      },
    ]);
    // Same account: the identity policy is enough, the function's resource policy is untouched.
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 0);
  });

  test('grantInvokeUrl to another account adds both URL actions to the function\'s resource policy, each once', () => {
    const { stack, issuer } = setup();
    const partner = new iam.AccountPrincipal('210987654321');
    issuer.grantInvokeUrl(partner);
    issuer.grantInvokeUrl(partner);
    const permissions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Permission')).map((p) => p.Properties);
    const fnArn = { 'Fn::GetAtt': [expect.stringMatching(/^TokensFunction/), 'Arn'] };
    expect(permissions).toEqual([
      { Action: 'lambda:InvokeFunctionUrl', Principal: '210987654321', FunctionName: fnArn, FunctionUrlAuthType: 'AWS_IAM' },
      { Action: 'lambda:InvokeFunction', Principal: '210987654321', FunctionName: fnArn, InvokedViaFunctionUrl: true },
    ]);
  });

  test('grantInvoke to another account goes through the function\'s resource policy', () => {
    const { stack, issuer } = setup();
    issuer.grantInvoke(new iam.AccountPrincipal('210987654321'));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction', Principal: '210987654321',
    });
  });
});

describe('validation at synth', () => {
  test('every problem at once, after the construct\'s path', () => {
    expect(() => setup({ rooms: [], sessionDuration: Duration.minutes(0), userIdClaim: '', allowedOrigins: ['x'] })).toThrow(
      'Invalid ChatTokenIssuer TestStack/Tokens: `rooms` must name at least one chat room, got: []; '
      + '`sessionDuration` must be a whole number of minutes between 1 and 180, got: 0 minutes; '
      + '`userIdClaim` must name a claim, got: ""; '
      + '`allowedOrigins` must hold \'*\' or origins such as https://example.com (scheme and host, no path), got: "x"');
  });

  test('rooms must not be empty', () => {
    expect(() => setup({ rooms: [] })).toThrow('`rooms` must name at least one chat room, got: []');
  });

  test.each([
    [Duration.minutes(0), '0 minutes'],
    [Duration.minutes(181), '181 minutes'],
    [Duration.seconds(90), '1.5 minutes'],
    [Duration.seconds(30), '0.5 minutes'],
    [Duration.hours(4), '240 minutes'],
  ])('sessionDuration %s is refused', (duration, got) => {
    expect(() => setup({ sessionDuration: duration }))
      .toThrow(`\`sessionDuration\` must be a whole number of minutes between 1 and 180, got: ${got}`);
  });

  test.each([Duration.minutes(1), Duration.seconds(120), Duration.hours(3)])('sessionDuration %s is accepted', (duration) => {
    expect(() => setup({ sessionDuration: duration })).not.toThrow();
  });

  test('a sessionDuration token is refused: the handler needs a number', () => {
    expect(() => setup({}, (s) => {
      new CfnParameter(s, 'Minutes', { type: 'Number' });
      return [ChatRoom.fromChatRoomArn(s, 'Room', IMPORTED_ARN)];
    })).not.toThrow();
    const stack = new Stack();
    const minutes = new CfnParameter(stack, 'Minutes', { type: 'Number' });
    expect(() => new ChatTokenIssuer(stack, 'T', {
      rooms: [ChatRoom.fromChatRoomArn(stack, 'R', IMPORTED_ARN)],
      sessionDuration: Duration.minutes(minutes.valueAsNumber),
    })).toThrow('`sessionDuration` must be a literal duration: the handler needs it as a number of minutes, got a token');
  });

  test('an unknown capability (e.g. a string from another jsii language) is refused', () => {
    expect(() => setup({ capabilities: ['ADMIN' as ChatTokenCapability] }))
      .toThrow('`capabilities` may hold only SEND_MESSAGE, DISCONNECT_USER, DELETE_MESSAGE, got: "ADMIN"');
    expect(() => setup({ groupCapabilities: [{ group: 'm', capabilities: ['ALL' as ChatTokenCapability] }] }))
      .toThrow('`groupCapabilities[0].capabilities` may hold only SEND_MESSAGE, DISCONNECT_USER, DELETE_MESSAGE, got: "ALL"');
  });

  test.each([
    [[{ group: '', capabilities: [ChatTokenCapability.DELETE_MESSAGE] }], '`groupCapabilities[0].group` must be a non-empty group name, got: ""'],
    [[{ group: 'mods', capabilities: [] }], '`groupCapabilities[0].capabilities` must hold at least one capability for group "mods", got: []'],
    [[
      { group: 'mods', capabilities: [ChatTokenCapability.DELETE_MESSAGE] },
      { group: 'mods', capabilities: [ChatTokenCapability.DISCONNECT_USER] },
    ], '`groupCapabilities[1].group` must be unique: "mods" appears twice; list all its capabilities once'],
  ])('groupCapabilities %j is refused', (groupCapabilities, message) => {
    expect(() => setup({ groupCapabilities })).toThrow(message);
  });

  test.each(['userIdClaim', 'groupsClaim', 'displayNameClaim'] as const)('an empty %s is refused', (prop) => {
    expect(() => setup({ [prop]: ' ' })).toThrow(`\`${prop}\` must name a claim, got: " "`);
  });

  test('allowedAttributes must not let callers set the display name the claim sets', () => {
    expect(() => setup({ displayNameClaim: 'name', allowedAttributes: ['displayName'] }))
      .toThrow('`allowedAttributes` must not list "displayName" when `displayNameClaim` is set: the claim sets it, a caller must not');
    expect(() => setup({ allowedAttributes: ['displayName'] })).not.toThrow();
    expect(() => setup({ allowedAttributes: [''] })).toThrow('`allowedAttributes` keys must be 1 to 1023 bytes, got: ""');
  });

  test.each(['app.example.com', 'https://app.example.com/', 'https://app.example.com/path', 'ftp://x'])('allowedOrigins %p is refused', (origin) => {
    expect(() => setup({ allowedOrigins: [origin] }))
      .toThrow(`\`allowedOrigins\` must hold '*' or origins such as https://example.com (scheme and host, no path), got: ${JSON.stringify(origin)}`);
  });

  test.each(['*', 'http://localhost:5173', 'https://app.example.com'])('allowedOrigins %p is accepted', (origin) => {
    expect(() => setup({ allowedOrigins: [origin] })).not.toThrow();
  });
});

/** The settings variable as CloudFormation will write it, given each token's deployed value. */
function deployedSettings(stack: Stack, values: Record<string, string>): Record<string, any> {
  const value = environment(stack)[TOKEN_ISSUER_SETTINGS_VARIABLE] as any;
  if (typeof value === 'string') return JSON.parse(value);
  const text = (value['Fn::Join'][1] as unknown[]).map((part) => {
    if (typeof part === 'string') return part;
    const key = JSON.stringify(part);
    const found = Object.entries(values).find(([pattern]) => new RegExp(pattern).test(key));
    if (!found) throw new Error(`no deployed value for ${key}`);
    return found[1];
  }).join('');
  return JSON.parse(text);
}

describe('who may name the user', () => {
  test('grantInvokeUrl trusts its grantee: the role\'s ARN travels as a token and resolves inside the JSON', () => {
    const { stack, issuer } = setup();
    issuer.grantInvokeUrl(new iam.Role(stack, 'Backend', { assumedBy: new iam.AccountRootPrincipal() }));
    const parts = (environment(stack)[TOKEN_ISSUER_SETTINGS_VARIABLE] as any)['Fn::Join'][1];
    const arn = parts.findIndex((part: unknown) => typeof part === 'object');
    expect(parts.slice(arn - 1)).toEqual([
      expect.stringMatching(/,"trustedBackends":\["$/),
      { 'Fn::GetAtt': [expect.stringMatching(/^Backend/), 'Arn'] },
      '"],"directInvocations":false}',
    ]);
    expect(deployedSettings(stack, { Backend: 'arn:aws:iam::123456789012:role/backend' })).toMatchObject({
      trustedBackends: ['arn:aws:iam::123456789012:role/backend'], directInvocations: false,
    });
  });

  test('grantInvoke turns direct invocations on; nothing else does', () => {
    const before = setup();
    before.issuer.addFunctionUrl();
    expect(settings(before.stack)).toMatchObject({ trustedBackends: [], directInvocations: false });
    const { stack, issuer } = setup();
    issuer.addFunctionUrl();
    issuer.grantInvoke(new iam.Role(stack, 'Backend', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(settings(stack)).toMatchObject({ trustedBackends: [], directInvocations: true });
  });

  test('a role that Cognito identity pools assume may call the URL but is not trusted: its callers are identities', () => {
    const { stack, issuer } = setup();
    const guests = new iam.Role(stack, 'Guests', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool' },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    issuer.grantInvokeUrl(guests);
    expect(settings(stack)).toMatchObject({ trustedBackends: [], directInvocations: false });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Guests') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunctionUrl' })]) },
    });
  });

  test('trustedBackends (for API Gateway with AWS_IAM): an account principal trusts the whole account, in the stack\'s partition', () => {
    const { stack } = setup({
      trustedBackends: [new iam.AccountPrincipal('210987654321'), new iam.ArnPrincipal('arn:aws:iam::123456789012:user/ops/deployer')],
    });
    expect(deployedSettings(stack, { 'AWS::Partition': 'aws-cn' }).trustedBackends)
      .toEqual(['arn:aws-cn:iam::210987654321:root', 'arn:aws:iam::123456789012:user/ops/deployer']);
  });

  test('addTrustedBackend keeps each ARN once, and refuses what names no IAM principal', () => {
    const { stack, issuer } = setup();
    const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.AccountRootPrincipal() });
    issuer.addTrustedBackend(backend);
    issuer.grantInvokeUrl(backend);
    expect(deployedSettings(stack, { Backend: 'arn:aws:iam::123456789012:role/b' }).trustedBackends).toEqual(['arn:aws:iam::123456789012:role/b']);
    expect(() => issuer.addTrustedBackend(new iam.ServicePrincipal('lambda.amazonaws.com')))
      .toThrow('Invalid ChatTokenIssuer TestStack/Tokens: `trustedBackends` must hold IAM principals with an ARN (a role, a user, an account), got: ServicePrincipal(lambda.amazonaws.com)');
    expect(() => issuer.addTrustedBackend(new iam.ArnPrincipal('arn:aws:iam::123456789012:role/*')))
      .toThrow('`trustedBackends` must hold ARNs of IAM roles, users, role sessions or account roots');
  });
});

describe('API Gateway integrations', () => {
  function api(stack: Stack, issuer: ChatTokenIssuer, options?: apigateway.LambdaIntegrationOptions) {
    const rest = new apigateway.RestApi(stack, 'Api');
    rest.root.addResource('token').addMethod('POST', new apigateway.LambdaIntegration(issuer.function, options));
  }

  test.each<[string, apigateway.LambdaIntegrationOptions]>([
    ['a non-proxy Lambda integration', { proxy: false }],
    ['a non-proxy integration with a mapping template', { proxy: false, requestTemplates: { 'application/json': '$input.body' } }],
  ])('%s is refused at synth: the client\'s body would be the event', (_, options) => {
    const { stack, issuer } = setup();
    api(stack, issuer, options);
    expect(() => Template.fromStack(stack)).toThrow(
      /TestStack\/Api\/Default\/token\/POST\/Resource integrates the issuer's function with type "AWS": the client's body would become the event, which can claim any identity/);
  });

  test('a proxy integration passes; so does a non-proxy integration of another function', () => {
    const { stack, issuer } = setup();
    api(stack, issuer);
    const other = new lambda.Function(stack, 'Other', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromInline('x') });
    new apigateway.LambdaRestApi(stack, 'OtherApi', { handler: other, integrationOptions: { proxy: false } });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('a non-proxy integration in another stack of the app is found too', () => {
    const app = new App();
    const issuerStack = new Stack(app, 'Issuer', { env: TEST_ENV });
    const issuer = new ChatTokenIssuer(issuerStack, 'Tokens', { rooms: [ChatRoom.fromChatRoomArn(issuerStack, 'Room', IMPORTED_ARN)] });
    api(new Stack(app, 'Api', { env: TEST_ENV }), issuer, { proxy: false });
    expect(() => app.synth()).toThrow(/Api\/Api\/Default\/token\/POST\/Resource integrates the issuer's function with type "AWS"/);
  });
});

describe('warnings at synth', () => {
  function warnings(stack: Stack): string[] {
    return Annotations.fromStack(stack).findWarning('/TestStack/Tokens', Match.anyValue()).map((w) => String(w.entry.data));
  }

  test('no warning for the defaults', () => {
    expect(warnings(setup().stack)).toEqual([]);
  });

  test.each([
    ['userIdClaim', 'email', /`userIdClaim` is "email", a claim users can usually change about themselves: one user could take another's chat identity/],
    ['userIdClaim', 'preferred_username', /`userIdClaim` is "preferred_username"/],
    ['displayNameClaim', 'preferred_username', /`displayNameClaim` is "preferred_username", a claim users can usually change about themselves: one user could take another's name in the room/],
    ['displayNameClaim', 'email', /`displayNameClaim` is "email"/],
  ])('%s %s: a mutable claim is warned about', (prop, claim, message) => {
    expect(warnings(setup({ [prop]: claim }).stack)).toEqual([expect.stringMatching(message)]);
  });

  test.each(['sub', 'cognito:username'])('userIdClaim %s: no warning', (claim) => {
    expect(warnings(setup({ userIdClaim: claim, displayNameClaim: 'cognito:username' }).stack)).toEqual([]);
  });

  test.each(['not moderators', 'x,moderators', '[mods]', 'a"b'])('a configured group named %j is warned about', (group) => {
    expect(warnings(setup({ groupCapabilities: [{ group, capabilities: [ChatTokenCapability.DELETE_MESSAGE] }] }).stack))
      .toEqual([expect.stringMatching(/^`groupCapabilities` group ".*" contains a space, comma, bracket or quote/)]);
  });

  test('a NONE URL without a cap is warned about; reservedConcurrentExecutions caps the function', () => {
    const open = setup({ anonymousViewers: true });
    open.issuer.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    expect(warnings(open.stack)).toEqual([expect.stringMatching(/^a function URL with authType NONE lets anyone mint view-only tokens.*set `reservedConcurrentExecutions`/)]);

    const capped = setup({ anonymousViewers: true, reservedConcurrentExecutions: 5 });
    capped.issuer.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    expect(warnings(capped.stack)).toEqual([]);
    expect(issuerFunction(Template.fromStack(capped.stack)).ReservedConcurrentExecutions).toBe(5);
  });

  test.each([0, -1, 2.5])('reservedConcurrentExecutions %p is refused', (value) => {
    expect(() => setup({ reservedConcurrentExecutions: value }))
      .toThrow(`\`reservedConcurrentExecutions\` must be a whole number of at least 1 (0 would stop the issuer), got: ${value}`);
  });
});

describe('cdk-nag', () => {
  test('AwsSolutions finds nothing in the issuer, its function URL or a grantee, without suppressions', () => {
    const { stack, issuer } = setup({}, (s) => [new ChatRoom(s, 'Room')]);
    issuer.addFunctionUrl({ cors: { allowedOrigins: ['https://app.example.com'] } });
    issuer.grantInvoke(new iam.Role(stack, 'Backend', { assumedBy: new iam.AccountRootPrincipal() }));
    Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));

    const annotations = Annotations.fromStack(stack);
    const findings = [
      ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-')),
    ].filter((f) => f.id.startsWith('/TestStack/Tokens/') || f.id.startsWith('/TestStack/Backend/'));
    expect(findings.map((f) => `${f.id}: ${f.entry.data}`)).toEqual([]);
  });
});
