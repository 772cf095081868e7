import { App, CfnParameter, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ChatRoom, FallbackResult } from '../../src';
import { newStack } from '../fixtures';

const ROOM = 'Custom::IvsChatRoom';

function reviewFunction(stack: Stack, id = 'Reviewer'): lambda.Function {
  return new lambda.Function(stack, id, {
    code: lambda.Code.fromInline('exports.handler = async (e) => ({ ReviewResult: "ALLOW", Content: e.Content })'),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_22_X,
  });
}

function roomProperties(template: Template): Record<string, any>[] {
  return Object.values(template.findResources(ROOM)).map((r) => r.Properties);
}

describe('ChatRoom properties', () => {
  test('defaults: a unique name, 500 code points, 10 messages per second, no handler, no tags', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room');

    const [props] = roomProperties(Template.fromStack(stack));
    expect(props).toEqual({
      ServiceToken: expect.anything(),
      Name: expect.stringMatching(/^TestStackRoom[A-Za-z0-9]{8}$/),
      MaximumMessageLength: '500',
      MaximumMessageRatePerSecond: '10',
    });
  });

  test('chatRoomName is passed through', () => {
    const stack = newStack();
    const room = new ChatRoom(stack, 'Room', { chatRoomName: 'lobby_1-a' });
    Template.fromStack(stack).hasResourceProperties(ROOM, { Name: 'lobby_1-a' });
    expect(room.chatRoomName).toBe('lobby_1-a');
  });

  test('an empty chatRoomName is refused: the provider tells its room from others by name when a CreateRoom answer is lost', () => {
    expect(() => new ChatRoom(newStack(), 'Room', { chatRoomName: '' })).toThrow('Invalid ChatRoom TestStack/Room: '
      + '`chatRoomName` must not be empty (after a lost CreateRoom answer the provider finds its room by name, '
      + 'and unnamed rooms cannot be told apart), got: ""');
  });

  test('a chatRoomName token is passed through, for the provider to check once it is resolved', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    new ChatRoom(stack, 'Room', { chatRoomName: name });
    Template.fromStack(stack).hasResourceProperties(ROOM, { Name: { Ref: 'Name' } });
  });

  test('default names differ between rooms and between stacks', () => {
    const app = new App();
    const names = ['A', 'B'].flatMap((stackId) => {
      const stack = new Stack(app, stackId);
      return [new ChatRoom(stack, 'Room').chatRoomName, new ChatRoom(stack, 'Other').chatRoomName];
    });
    expect(new Set(names).size).toBe(4);
  });

  test('maximumMessageLength is passed as the string CloudFormation delivers', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room', { maximumMessageLength: 1 });
    Template.fromStack(stack).hasResourceProperties(ROOM, { MaximumMessageLength: '1' });
  });

  test('maximumMessageRatePerSecond above CloudFormation\'s cap of 10 is allowed', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room', { maximumMessageRatePerSecond: 100 });
    Template.fromStack(stack).hasResourceProperties(ROOM, { MaximumMessageRatePerSecond: '100' });
  });

  test('a number token is passed through unchecked', () => {
    const stack = newStack();
    const rate = new CfnParameter(stack, 'Rate', { type: 'Number' });
    new ChatRoom(stack, 'Room', { maximumMessageRatePerSecond: rate.valueAsNumber });
    Template.fromStack(stack).hasResourceProperties(ROOM, { MaximumMessageRatePerSecond: { Ref: 'Rate' } });
  });

  test('messageReviewHandler: the function ARN and ALLOW by default', () => {
    const stack = newStack();
    const fn = reviewFunction(stack);
    new ChatRoom(stack, 'Room', { messageReviewHandler: { handler: fn } });
    Template.fromStack(stack).hasResourceProperties(ROOM, {
      MessageReviewHandler: { Uri: stack.resolve(fn.functionArn), FallbackResult: 'ALLOW' },
    });
  });

  test('messageReviewHandler: fallbackResult DENY', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room', { messageReviewHandler: { handler: reviewFunction(stack), fallbackResult: FallbackResult.DENY } });
    Template.fromStack(stack).hasResourceProperties(ROOM, { MessageReviewHandler: { FallbackResult: 'DENY' } });
  });

  test('chatRoomArn and chatRoomId come from the provider\'s attributes', () => {
    const stack = newStack();
    const room = new ChatRoom(stack, 'Room');
    const logicalId = stack.getLogicalId(room.node.defaultChild as any);
    expect(stack.resolve(room.chatRoomArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'Arn'] });
    expect(stack.resolve(room.chatRoomId)).toEqual({ 'Fn::GetAtt': [logicalId, 'Id'] });
  });
});

describe('removal policy', () => {
  test('DESTROY by default', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room');
    Template.fromStack(stack).hasResource(ROOM, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('RETAIN keeps the room on stack deletion', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room', { removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(stack).hasResource(ROOM, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('SNAPSHOT is refused', () => {
    expect(() => new ChatRoom(newStack(), 'Room', { removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow('`removalPolicy` must be DESTROY or RETAIN (a chat room has no snapshot), got: SNAPSHOT');
  });
});

describe('validation at synth', () => {
  test.each([0, -1, 501, 1.5, 1000])('maximumMessageLength %p is refused', (value) => {
    expect(() => new ChatRoom(newStack(), 'Room', { maximumMessageLength: value }))
      .toThrow(`\`maximumMessageLength\` must be an integer between 1 and 500, got: ${value}`);
  });

  test.each([1, 2, 499, 500])('maximumMessageLength %p is accepted', (value) => {
    expect(() => new ChatRoom(newStack(), 'Room', { maximumMessageLength: value })).not.toThrow();
  });

  test.each([0, 101, 2.5])('maximumMessageRatePerSecond %p is refused', (value) => {
    expect(() => new ChatRoom(newStack(), 'Room', { maximumMessageRatePerSecond: value }))
      .toThrow(`\`maximumMessageRatePerSecond\` must be an integer between 1 and 100, got: ${value}`);
  });

  test.each([1, 10, 11, 100])('maximumMessageRatePerSecond %p is accepted', (value) => {
    expect(() => new ChatRoom(newStack(), 'Room', { maximumMessageRatePerSecond: value })).not.toThrow();
  });

  test.each([
    ['with spaces', 'my room'],
    ['with a dot', 'room.1'],
    ['with a slash', 'a/b'],
    ['with non-ASCII letters', 'salón'],
  ])('chatRoomName %s is refused', (_, name) => {
    expect(() => new ChatRoom(newStack(), 'Room', { chatRoomName: name }))
      .toThrow(`\`chatRoomName\` must match /^[a-zA-Z0-9-_]*$/ (letters, digits, '-' and '_'), got: ${JSON.stringify(name)}`);
  });

  test('chatRoomName of 128 characters is accepted, 129 refused', () => {
    expect(() => new ChatRoom(newStack(), 'Room', { chatRoomName: 'a'.repeat(128) })).not.toThrow();
    expect(() => new ChatRoom(newStack(), 'Room', { chatRoomName: 'a'.repeat(129) }))
      .toThrow('`chatRoomName` must be at most 128 characters, got 129');
  });

  test('50 tags are accepted', () => {
    const stack = newStack();
    const room = new ChatRoom(stack, 'Room');
    for (let i = 0; i < 50; i++) Tags.of(room).add(`k${i}`, 'v');
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('51 tags are refused', () => {
    const stack = newStack();
    const room = new ChatRoom(stack, 'Room');
    for (let i = 0; i < 51; i++) Tags.of(room).add(`k${i}`, 'v');
    expect(() => Template.fromStack(stack)).toThrow(/a chat room can have at most 50 tags, got: 51/);
  });

  test('a tag value of 257 characters is refused, 256 accepted', () => {
    const ok = newStack();
    Tags.of(new ChatRoom(ok, 'Room')).add('k', 'v'.repeat(256));
    expect(() => Template.fromStack(ok)).not.toThrow();

    const bad = newStack();
    Tags.of(new ChatRoom(bad, 'Room')).add('k', 'v'.repeat(257));
    expect(() => Template.fromStack(bad)).toThrow(/the value of tag "k" must be at most 256 characters, got: 257/);
  });

  test('a very long bad name is quoted in part, so the message stays readable', () => {
    expect(() => new ChatRoom(newStack(), 'Room', { chatRoomName: 'a'.repeat(5000) }))
      .toThrow(new RegExp('^Invalid ChatRoom TestStack/Room: `chatRoomName` must be at most 128 characters, got 5000: "a{80}"…$'));
  });

  test('every problem at once, after the construct\'s path', () => {
    expect(() => new ChatRoom(newStack(), 'Room', {
      chatRoomName: 'my room',
      maximumMessageLength: 0,
      maximumMessageRatePerSecond: 101,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    })).toThrow('Invalid ChatRoom TestStack/Room: '
      + '`chatRoomName` must match /^[a-zA-Z0-9-_]*$/ (letters, digits, \'-\' and \'_\'), got: "my room"; '
      + '`maximumMessageLength` must be an integer between 1 and 500, got: 0; '
      + '`maximumMessageRatePerSecond` must be an integer between 1 and 100, got: 101; '
      + '`removalPolicy` must be DESTROY or RETAIN (a chat room has no snapshot), got: SNAPSHOT');
  });

  describe('a messageReviewHandler of the wrong shape (plain JavaScript, an escape hatch) is refused, not made a room without review', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:reviewer';
    test.each<[string, (stack: Stack) => unknown, string]>([
      ['a string', () => arn, `\`messageReviewHandler\` must be a MessageReviewHandler ({ handler, fallbackResult }), got: "${arn}"`],
      ['a function ARN as handler', () => ({ handler: arn }), `\`messageReviewHandler.handler\` must be a Lambda function (lambda.IFunction), got: "${arn}"`],
      ['no handler', () => ({ fallbackResult: FallbackResult.DENY }), '`messageReviewHandler.handler` must be a Lambda function (lambda.IFunction), got: undefined'],
      ['a function with an empty ARN', (stack) => ({ handler: lambda.Function.fromFunctionAttributes(stack, 'F', { functionArn: '', sameEnvironment: true }) }),
        '`messageReviewHandler.handler.functionArn` must be a function ARN (a non-empty Uri), got: ""'],
      ['a fallback result that is not ALLOW or DENY', (stack) => ({ handler: reviewFunction(stack), fallbackResult: 'deny' }),
        '`messageReviewHandler.fallbackResult` must be one of ALLOW, DENY, got: "deny"'],
    ])('%s', (_, review, message) => {
      const stack = newStack();
      expect(() => new ChatRoom(stack, 'Room', { messageReviewHandler: review(stack) as any })).toThrow(`Invalid ChatRoom TestStack/Room: ${message}`);
    });
  });

  test('a review handler in another region is refused', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: { account: '111111111111', region: 'eu-west-1' } });
    const stack = new Stack(app, 'Rooms', { env: { account: '111111111111', region: 'us-east-1' } });
    const fn = reviewFunction(other);
    expect(() => new ChatRoom(stack, 'Room', { messageReviewHandler: { handler: fn } }))
      .toThrow('`messageReviewHandler.handler` must be in the room\'s region (us-east-1), got a function in: eu-west-1');
  });
});

describe('tags', () => {
  test('Tags.of(room) and stack tags reach the custom resource as a map, empty values included', () => {
    const stack = newStack();
    const room = new ChatRoom(stack, 'Room');
    Tags.of(room).add('team', 'live');
    Tags.of(stack).add('cost-center', '');
    Template.fromStack(stack).hasResourceProperties(ROOM, { Tags: { 'team': 'live', 'cost-center': '' } });
  });

  test('a room without tags sends no Tags property', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room');
    Template.fromStack(stack).hasResourceProperties(ROOM, { Tags: Match.absent() });
  });

  test('tags can be removed and excluded like any taggable resource', () => {
    const stack = newStack();
    const room = new ChatRoom(stack, 'Room');
    Tags.of(stack).add('a', '1');
    Tags.of(stack).add('b', '2', { excludeResourceTypes: [ROOM] });
    Tags.of(room).remove('a');
    Template.fromStack(stack).hasResourceProperties(ROOM, { Tags: Match.absent() });
  });
});

describe('provider', () => {
  function countFunctions(stack: Stack): number {
    return Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::Function')).length;
  }

  test('rooms of a stack share one provider: 1 and 100 rooms have the same functions', () => {
    const one = newStack();
    new ChatRoom(one, 'Room');
    const hundred = newStack();
    for (let i = 0; i < 100; i++) new ChatRoom(hundred, `Room${i}`);

    expect(countFunctions(one)).toBe(2);
    expect(countFunctions(hundred)).toBe(2);
    const tokens = new Set(roomProperties(Template.fromStack(hundred)).map((p) => JSON.stringify(p.ServiceToken)));
    expect(tokens.size).toBe(1);
  });

  test('each stack has its own provider', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    new ChatRoom(a, 'Room');
    new ChatRoom(b, 'Room');
    expect(countFunctions(a)).toBe(2);
    expect(countFunctions(b)).toBe(2);
  });

  test('the handler may call only the room APIs it uses, on rooms of its own account and region, and write its own logs', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room');
    const template = Template.fromStack(stack);
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^IvsChatRoomProviderHandlerRole') }] },
    }));
    const logGroup = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => id.startsWith('IvsChatRoomProviderHandlerLogs'));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: ['ivschat:CreateRoom', 'ivschat:ListRooms', 'ivschat:UpdateRoom', 'ivschat:DeleteRoom', 'ivschat:TagResource', 'ivschat:UntagResource'],
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ivschat:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':room/*']],
        },
      },
    ]);
  });

  test('provider roles use no managed policy', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room');
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(2);
    for (const role of Object.values(roles)) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  test('the handler runs on Node.js 24 from the prebuilt bundle, with logs kept a month', () => {
    const stack = newStack();
    new ChatRoom(stack, 'Room');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Timeout: 300,
      LoggingConfig: { LogGroup: Match.anyValue() },
    });
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});

describe('grants', () => {
  function grantStatements(stack: Stack, role: iam.Role): any[] {
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }] },
    });
    return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
  }

  test.each([
    ['grantCreateChatToken', 'ivschat:CreateChatToken'],
    ['grantSendEvent', 'ivschat:SendEvent'],
    ['grantModerate', ['ivschat:DeleteMessage', 'ivschat:DisconnectUser']],
    ['grantRead', ['ivschat:GetRoom', 'ivschat:ListTagsForResource']],
  ] as const)('%s gives exactly %p on the room ARN', (method, actions) => {
    const stack = newStack();
    const room = new ChatRoom(stack, 'Room');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    room[method](role);
    expect(grantStatements(stack, role)).toEqual([{
      Effect: 'Allow',
      Action: actions,
      Resource: stack.resolve(room.chatRoomArn),
    }]);
  });

  test('grant gives the named actions on the room ARN only', () => {
    const stack = newStack();
    const room = new ChatRoom(stack, 'Room');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    room.grant(role, 'ivschat:GetRoom', 'ivschat:UpdateRoom');
    expect(grantStatements(stack, role)).toEqual([{
      Effect: 'Allow',
      Action: ['ivschat:GetRoom', 'ivschat:UpdateRoom'],
      Resource: stack.resolve(room.chatRoomArn),
    }]);
  });
});

describe('fromChatRoomArn', () => {
  const arn = 'arn:aws-cn:ivschat:cn-north-1:123456789012:room/AbCdEfGhIjKl';

  test('reads the id and environment and creates nothing', () => {
    const stack = newStack();
    const room = ChatRoom.fromChatRoomArn(stack, 'Imported', arn);
    expect(room.chatRoomArn).toBe(arn);
    expect(room.chatRoomId).toBe('AbCdEfGhIjKl');
    expect(room.env).toEqual({ account: '123456789012', region: 'cn-north-1' });
    expect(Template.fromStack(stack).toJSON().Resources ?? {}).toEqual({});
  });

  test('imported rooms still grant, on their own ARN', () => {
    const stack = newStack();
    const room = ChatRoom.fromChatRoomArn(stack, 'Imported', arn);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    room.grantCreateChatToken(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'ivschat:CreateChatToken', Effect: 'Allow', Resource: arn }] },
    });
  });

  test.each([
    'arn:aws:ivs:us-east-1:123456789012:channel/AbCdEfGhIjKl',
    'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/AbCdEfGhIjKl',
    'arn:aws:ivschat:us-east-1:123456789012:room',
    'not-an-arn',
  ])('refuses %s', (bad) => {
    expect(() => ChatRoom.fromChatRoomArn(newStack(), 'Imported', bad))
      .toThrow(`Invalid ChatRoom TestStack/Imported: \`chatRoomArn\` must be an IVS Chat room ARN (arn:<partition>:ivschat:<region>:<account>:room/<id>), got: ${bad}`);
  });

  test('accepts a token and splits it at deploy time', () => {
    const stack = newStack();
    const param = new CfnParameter(stack, 'RoomArn');
    const room = ChatRoom.fromChatRoomArn(stack, 'Imported', param.valueAsString);
    expect(stack.resolve(room.chatRoomId)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'RoomArn' }] }] }] }],
    });
  });
});

describe('review handler permission', () => {
  test('ivschat.amazonaws.com may invoke the handler for this room of this account only', () => {
    const stack = newStack();
    const fn = reviewFunction(stack);
    const room = new ChatRoom(stack, 'Room', { messageReviewHandler: { handler: fn } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'ivschat.amazonaws.com',
      FunctionName: stack.resolve(fn.functionArn),
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: stack.resolve(room.chatRoomArn),
    });
  });

  test('two rooms sharing a handler get one permission each', () => {
    const stack = newStack();
    const fn = reviewFunction(stack);
    new ChatRoom(stack, 'A', { messageReviewHandler: { handler: fn } });
    new ChatRoom(stack, 'B', { messageReviewHandler: { handler: fn } });
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 2);
  });

  test('a handler in another stack is scoped to the rooms of the room\'s account and region, without a cycle', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'us-east-1' };
    const fnStack = new Stack(app, 'Functions', { env });
    const roomStack = new Stack(app, 'Rooms', { env });
    const fn = reviewFunction(fnStack);
    new ChatRoom(roomStack, 'A', { messageReviewHandler: { handler: fn } });
    new ChatRoom(roomStack, 'B', { messageReviewHandler: { handler: fn } });

    const template = Template.fromStack(fnStack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'ivschat.amazonaws.com',
      SourceAccount: '111111111111',
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ivschat:us-east-1:111111111111:room/*']] },
    });
    expect(() => app.synth()).not.toThrow();
  });

  test('an imported function that cannot take a permission gets a warning saying what to do', () => {
    // The stack's account is unknown at synth, so CDK cannot tell whether the function is in it.
    const stack = newStack();
    const fn = lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:us-east-1:222222222222:function:reviewer');
    new ChatRoom(stack, 'Room', { messageReviewHandler: { handler: fn } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Room',
      Match.stringLikeRegexp('cannot be given a permission here.*ivschat.amazonaws.com.*AWS:SourceAccount.*AWS:SourceArn'));
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 0);
  });

  test('an imported function of the same account and region gets the permission', () => {
    const stack = newStack({ account: '111111111111', region: 'us-east-1' });
    const fn = lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:us-east-1:111111111111:function:reviewer');
    new ChatRoom(stack, 'Room', { messageReviewHandler: { handler: fn } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: 'arn:aws:lambda:us-east-1:111111111111:function:reviewer',
      SourceAccount: '111111111111',
    });
  });
});
