import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { StagingReport } from './staging-scenario';
import { ChatRoom, FallbackResult, MessageReviewer, MessageReviewerProps, ReviewAction } from '../../src';
import type { ReviewConfigFile } from '../../src/private/shared/review-contract';
import { newStack, TEST_ENV } from '../fixtures';

function reviewerFunction(template: Template): Record<string, any> {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('reviews Amazon IVS Chat messages') },
  });
  expect(Object.keys(functions)).toHaveLength(1);
  return Object.values(functions)[0];
}

/** The `config.json` files the app's assets carry, by asset directory. */
function stagedConfigs(app: App): ReviewConfigFile[] {
  const dir = app.synth().directory;
  return fs.readdirSync(dir)
    .filter((name) => name.startsWith('asset.') && fs.existsSync(path.join(dir, name, 'config.json')))
    .map((name) => {
      expect(fs.readdirSync(path.join(dir, name)).sort()).toEqual(['config.json', 'index.js']);
      return JSON.parse(fs.readFileSync(path.join(dir, name, 'config.json'), 'utf8'));
    });
}

describe('the function', () => {
  test('Node.js 24 on ARM, 256 MiB, 1 s timeout, the prebuilt handler, its own log group kept a month', () => {
    const stack = newStack(TEST_ENV);
    new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['bad'] });
    const template = Template.fromStack(stack);

    const fn = reviewerFunction(template);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 1,
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/^ReviewerLogs/) } },
    });
    expect(fn.Properties.Environment).toBeUndefined();
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('memorySize and logRetention can be set', () => {
    const stack = newStack(TEST_ENV);
    new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['bad'], memorySize: 512, logRetention: logs.RetentionDays.ONE_WEEK });
    const template = Template.fromStack(stack);
    expect(reviewerFunction(template).Properties.MemorySize).toBe(512);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('the role may write to its own log group and do nothing else: no managed policy', () => {
    const stack = newStack(TEST_ENV);
    new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['bad'] });
    const template = Template.fromStack(stack);

    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.values(roles)).toHaveLength(1);
    expect(Object.values(roles)[0].Properties.ManagedPolicyArns).toBeUndefined();
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ReviewerLogs/), 'Arn'] },
    }]);
  });
});

describe('the configuration travels in the asset', () => {
  test('config.json next to index.js, with defaults filled in and duplicates removed', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['bad', 'worse', 'bad'], maxLinks: 1 });
    expect(stagedConfigs(app)).toEqual([{
      version: 1,
      deniedTerms: ['bad', 'worse'],
      deniedPatterns: [],
      action: 'DENY',
      maskCharacter: '*',
      ignoreAccents: false,
      maxLinks: 1,
      reasonAttribute: 'reviewReason',
    }]);
  });

  test('every prop reaches the file', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    new MessageReviewer(stack, 'Reviewer', {
      deniedTerms: ['bad'],
      deniedPatterns: ['fr[e3]{2}'],
      action: ReviewAction.MASK,
      maskCharacter: '█',
      ignoreAccents: true,
      maxLinks: 0,
      maxRepeatedCharacters: 5,
      reasonAttribute: '',
    });
    expect(stagedConfigs(app)).toEqual([{
      version: 1,
      deniedTerms: ['bad'],
      deniedPatterns: ['fr[e3]{2}'],
      action: 'MASK',
      maskCharacter: '█',
      ignoreAccents: true,
      maxLinks: 0,
      maxRepeatedCharacters: 5,
      reasonAttribute: '',
    }]);
  });

  test('thousands of terms fit (the environment would stop at 4 KB); the asset follows the configuration', () => {
    const terms = Array.from({ length: 5_000 }, (_, i) => `term${i}`);
    const code = (props: MessageReviewerProps) => {
      const stack = newStack(TEST_ENV);
      new MessageReviewer(stack, 'Reviewer', props);
      return reviewerFunction(Template.fromStack(stack)).Properties.Code;
    };
    const a = code({ deniedTerms: terms });
    expect(code({ deniedTerms: terms })).toEqual(a);
    expect(code({ deniedTerms: [...terms, 'one more'] })).not.toEqual(a);
    expect(code({ deniedTerms: terms, action: ReviewAction.MASK })).not.toEqual(a);
  });
});

describe('the asset is staged privately', () => {
  // A child process with a temp directory of its own, standing for a build host's shared
  // one (jest gives tests a copy of the environment, which `os.tmpdir()` does not read).
  let tmp: string;
  let report: StagingReport;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reviewer-staging-'));
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'staging-scenario.ts')], {
      env: { ...process.env, TMPDIR: tmp, TS_NODE_PROJECT: path.join(__dirname, '..', '..', 'tsconfig.dev.json') },
    });
    report = JSON.parse(out.toString());
  }, 60_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('a folder planted where earlier versions staged the asset is not used', () => {
    expect(report.planted.plantedPath.startsWith(tmp)).toBe(true);
    expect(report.planted.assets).toEqual([{ indexIsTheBundle: true, configIsTheConfiguration: true }]);
  });

  test('nothing is left in the temp directory once the asset is in the cloud assembly', () => {
    expect(report.leftovers).toEqual([]);
  });

  test('with asset staging disabled the template points at a private folder (mode 700) holding the bundle', () => {
    expect(report.stagingDisabled).toEqual({ inTmpdir: true, mode: '700', indexIsTheBundle: true, deniedTerms: ['bad'] });
  });
});

describe('validation at synth', () => {
  const invalid = (props: MessageReviewerProps) => () => new MessageReviewer(newStack(TEST_ENV), 'Reviewer', props);

  test('a reviewer without rules', () => {
    expect(invalid({})).toThrow(
      'Invalid MessageReviewer TestStack/Reviewer: at least one rule must be set: `deniedTerms`, `deniedPatterns`, `maxLinks` or `maxRepeatedCharacters`, got none');
    expect(invalid({ deniedTerms: [], deniedPatterns: [] })).toThrow(/at least one rule must be set/);
  });

  test('empty terms, with their index', () => {
    expect(invalid({ deniedTerms: ['ok', '', ' \u200B '] })).toThrow(
      'Invalid MessageReviewer TestStack/Reviewer: `deniedTerms[1]` must contain a visible character, got: ""; '
      + '`deniedTerms[2]` must contain a visible character, got: " \u200B "');
  });

  test('patterns that are not RE2, too costly, or match every message', () => {
    expect(invalid({ deniedPatterns: ['(abc'] })).toThrow(/`deniedPatterns\[0\]` must be a regular expression in RE2 syntax \(https:\/\/github.com\/google\/re2\/wiki\/Syntax\), got: \/\(abc\//);
    expect(invalid({ deniedPatterns: ['ok', '[^](a+)+$'] })).toThrow(/`deniedPatterns\[1\]` must be a regular expression in RE2 syntax .*`\[\^\]` \(any character\) is JavaScript only/);
    expect(invalid({ deniedPatterns: ['a{1,1000}b'] })).toThrow(/`deniedPatterns\[0\]` must compile to at most 500 RE2 instructions/);
    expect(invalid({ deniedPatterns: ['x?'] })).toThrow(/`deniedPatterns\[0\]` must not match the empty string/);
  });

  test('patterns that backtrack catastrophically in JavaScript are accepted: RE2 runs them in linear time', () => {
    expect(invalid({ deniedPatterns: ['(\\w|\\d)+@', 'free(.|\\s)*nitro', '(a|aa)+b', '(?:\\s|\\p{Z})*x', '(a{1,2})+b', '(a+)+$'] })).not.toThrow();
  });

  test('every problem is reported at once', () => {
    expect(invalid({ deniedTerms: [''], deniedPatterns: ['('], maskCharacter: '**', maxLinks: -1, maxRepeatedCharacters: 1 }))
      .toThrow(/deniedTerms\[0\].*; `deniedPatterns\[0\]`.*; `maskCharacter`.*; `maxLinks` must be an integer between 0 and 100, got: -1; `maxRepeatedCharacters` must be an integer between 2 and 500, got: 1/);
  });

  test.each([
    [{ maxLinks: 1.5 }, '`maxLinks` must be an integer between 0 and 100, got: 1.5'],
    [{ maxLinks: 101 }, '`maxLinks` must be an integer between 0 and 100, got: 101'],
    [{ maxRepeatedCharacters: 501 }, '`maxRepeatedCharacters` must be an integer between 2 and 500, got: 501'],
    [{ deniedTerms: ['x'], maskCharacter: '' }, '`maskCharacter` must be exactly one visible character, got: ""'],
    [{ deniedTerms: ['x'], reasonAttribute: 'k'.repeat(129) }, '`reasonAttribute` must be at most 128 characters, got: 129'],
  ] as Array<[MessageReviewerProps, string]>)('%j', (props, message) => {
    expect(invalid(props)).toThrow(message);
  });

  test('the limits are accepted', () => {
    expect(invalid({ maxLinks: 0 })).not.toThrow();
    expect(invalid({ maxRepeatedCharacters: 2 })).not.toThrow();
    expect(invalid({ maxLinks: 100, maxRepeatedCharacters: 500 })).not.toThrow();
  });

  test('a configuration over 1 MiB of JSON', () => {
    const terms = Array.from({ length: 12_000 }, (_, i) => `${'x'.repeat(90)}${i}`);
    expect(invalid({ deniedTerms: terms })).toThrow(/the reviewer's configuration must be at most 1048576 bytes of JSON, got: \d+ \(shorten `deniedTerms`\)/);
  });

  test('deploy-time values cannot be written into the asset', () => {
    const stack = newStack(TEST_ENV);
    const param = new CfnParameter(stack, 'Term');
    expect(() => new MessageReviewer(stack, 'A', { deniedTerms: [param.valueAsString] }))
      .toThrow('`deniedTerms` must be known at synth (the reviewer writes its configuration into the function\'s asset), got a token');
    expect(() => new MessageReviewer(stack, 'B', { deniedTerms: Lazy.list({ produce: () => ['x'] }) }))
      .toThrow(/`deniedTerms` must be known at synth/);
    expect(() => new MessageReviewer(stack, 'C', { maxLinks: new CfnParameter(stack, 'N', { type: 'Number' }).valueAsNumber }))
      .toThrow(/`maxLinks` must be known at synth/);
  });

  test('memorySize is checked unless it is a token', () => {
    expect(invalid({ maxLinks: 1, memorySize: 64 })).toThrow('`memorySize` must be an integer between 128 and 10240, got: 64');
    const stack = newStack(TEST_ENV);
    const memory = new CfnParameter(stack, 'Memory', { type: 'Number' }).valueAsNumber;
    expect(() => new MessageReviewer(stack, 'R', { maxLinks: 1, memorySize: memory })).not.toThrow();
  });
});

describe('wiring to a ChatRoom', () => {
  test.each([
    ['asMessageReviewHandler(): DENY, a moderator fails closed', undefined, 'DENY'],
    ['asMessageReviewHandler(ALLOW) opts into delivering what the reviewer could not review in time', FallbackResult.ALLOW, 'ALLOW'],
  ])('%s: the function ARN and the fallback reach the room\'s custom resource', (_, fallback, expected) => {
    const stack = newStack(TEST_ENV);
    const reviewer = new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['bad'] });
    new ChatRoom(stack, 'Room', { messageReviewHandler: reviewer.asMessageReviewHandler(fallback) });
    Template.fromStack(stack).hasResourceProperties('Custom::IvsChatRoom', {
      MessageReviewHandler: { Uri: stack.resolve(reviewer.function.functionArn), FallbackResult: expected },
    });
  });

  test('asMessageReviewHandler(DENY) and the struct form are equivalent', () => {
    const stack = newStack(TEST_ENV);
    const reviewer = new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['bad'] });
    new ChatRoom(stack, 'A', { messageReviewHandler: reviewer.asMessageReviewHandler(FallbackResult.DENY) });
    new ChatRoom(stack, 'B', { messageReviewHandler: { handler: reviewer.function, fallbackResult: FallbackResult.DENY } });
    const rooms = Object.values(Template.fromStack(stack).findResources('Custom::IvsChatRoom'));
    expect(rooms.map((r) => r.Properties.MessageReviewHandler)).toEqual([
      { Uri: stack.resolve(reviewer.function.functionArn), FallbackResult: 'DENY' },
      { Uri: stack.resolve(reviewer.function.functionArn), FallbackResult: 'DENY' },
    ]);
  });

  test('one invoke permission per room, for ivschat.amazonaws.com, conditioned on the account and that room\'s ARN', () => {
    const stack = newStack(TEST_ENV);
    const reviewer = new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['bad'] });
    const a = new ChatRoom(stack, 'A', { messageReviewHandler: reviewer.asMessageReviewHandler() });
    const b = new ChatRoom(stack, 'B', { messageReviewHandler: reviewer.asMessageReviewHandler() });
    const template = Template.fromStack(stack);

    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map((p) => p.Properties);
    // Only the rooms' permissions: the reviewer adds none of its own, conditioned or not.
    expect(permissions).toEqual([a, b].map((room) => ({
      Action: 'lambda:InvokeFunction',
      FunctionName: stack.resolve(reviewer.function.functionArn),
      Principal: 'ivschat.amazonaws.com',
      SourceAccount: '123456789012',
      SourceArn: stack.resolve(room.chatRoomArn),
    })));
  });

  test('a room in another stack of the same environment gets a permission scoped to the rooms of the account and region', () => {
    const app = new App();
    const shared = new Stack(app, 'Shared', { env: TEST_ENV });
    const rooms = new Stack(app, 'Rooms', { env: TEST_ENV });
    const reviewer = new MessageReviewer(shared, 'Reviewer', { deniedTerms: ['bad'] });
    new ChatRoom(rooms, 'Room', { messageReviewHandler: reviewer.asMessageReviewHandler() });
    Template.fromStack(shared).hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'ivschat.amazonaws.com',
      SourceAccount: '123456789012',
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ivschat:us-east-1:123456789012:room/*']] },
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  test('the reviewer has no findings, and needs no suppression', () => {
    const stack = newStack(TEST_ENV);
    const reviewer = new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['bad'], maxLinks: 2 });
    new ChatRoom(stack, 'Room', { messageReviewHandler: reviewer.asMessageReviewHandler() });
    Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));

    const annotations = Annotations.fromStack(stack);
    const findings = [
      ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ];
    const ours = findings.filter((f) => f.id.startsWith('/TestStack/Reviewer'));
    expect(ours.map((f) => `${f.id}: ${f.entry.data}`)).toEqual([]);
    const nagMetadata = JSON.stringify(Template.fromStack(stack).findResources('*', { Metadata: { cdk_nag: Match.anyValue() } }));
    expect(nagMetadata).not.toContain('Reviewer');
  });

  test('the checks do run: a default function with the managed execution role is flagged', () => {
    const stack = newStack(TEST_ENV);
    new lambda.Function(stack, 'Canary', {
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
    });
    Aspects.of(stack).add(new AwsSolutionsChecks());
    expect(Annotations.fromStack(stack).findError('/TestStack/Canary/ServiceRole/Resource', Match.stringLikeRegexp('AwsSolutions-IAM4'))).toHaveLength(1);
  });
});
