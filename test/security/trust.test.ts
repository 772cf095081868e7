import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IvsChatEmulator, startEmulator } from '../../local/src/emulator';
import { OfflineStack } from '../../local/src/harness';
import { ChatRoom } from '../../src';
import { TEST_ENV } from '../fixtures';

/**
 * What SECURITY.md says others can make the library's functions do, shown on the offline deploy
 * with the emulator's IAM (every function calls as its own role): the room provider's handler acts
 * on whatever room an event names, and a review function in another stack than its rooms may be
 * invoked for any room of the account and region.
 */

jest.setTimeout(30_000);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-'));
let emu: IvsChatEmulator;
/** A principal of the account that is none of the stack's roles (its key is not registered: not restricted). */
let someoneElse: IvschatClient;

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false });
  someoneElse = new IvschatClient({
    endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: 'secret' },
  });
});

afterAll(async () => {
  someoneElse.destroy();
  await emu?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  emu.reset();
  emu.iam.clear();
});

let count = 0;
/** Stacks of the test's account and region, synthesized into a cloud assembly of their own. */
function synth(build: (newStack: (name: string) => Stack) => void): string {
  const outdir = path.join(workDir, `assembly-${++count}`);
  const app = new App({ outdir });
  build((name) => new Stack(app, name, { env: TEST_ENV }));
  app.synth();
  return outdir;
}

/** A review function with its code in an asset, as the offline deploy runs functions. */
function reviewFunction(stack: Stack, id: string): lambda.Function {
  const code = path.join(workDir, 'reviewer');
  fs.mkdirSync(code, { recursive: true });
  fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async (e) => ({ ReviewResult: "ALLOW", Content: e.Content });');
  return new lambda.Function(stack, id, {
    code: lambda.Code.fromAsset(code),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_22_X,
  });
}

test('the room provider\'s handler acts on the room an event names: invoked directly, it renames and deletes a room the stack does not manage', async () => {
  const stack = new OfflineStack('Rooms', emu);
  await stack.deploy(synth((newStack) => {
    const rooms = newStack('Rooms');
    new ChatRoom(rooms, 'Room', { chatRoomName: 'ours' });
    // Neither the handler nor the framework function has a resource policy: who may invoke them is up to the account's identity policies.
    Template.fromStack(rooms).resourceCountIs('AWS::Lambda::Permission', 0);
  }));
  const theirs = (await someoneElse.send(new CreateRoomCommand({ name: 'theirs' }))).arn!;

  // Events as anyone allowed lambda:InvokeFunction on the handler can send them: nothing tells them from CloudFormation's.
  const properties = (name: string) => ({ Name: name, MaximumMessageLength: '500', MaximumMessageRatePerSecond: '10' });
  const forged = {
    ServiceToken: 'any',
    ResponseURL: 'any',
    RequestId: 'forged',
    ResourceType: 'Custom::IvsChatRoom',
    LogicalResourceId: 'Room',
    StackId: `arn:aws:cloudformation:${emu.region}:${emu.accountId}:stack/Rooms/offline`,
    PhysicalResourceId: theirs,
  };
  const handler = stack.functionArn('IvsChatRoomProvider/Handler');
  await stack.invokeFunction(handler, { ...forged, RequestType: 'Update', ResourceProperties: properties('renamed'), OldResourceProperties: properties('theirs') });
  expect(emu.room(theirs)?.name).toBe('renamed');
  await stack.invokeFunction(handler, { ...forged, RequestType: 'Delete', ResourceProperties: properties('renamed') });
  expect(emu.room(theirs)).toBeUndefined();

  // The handler's role allowed both: its statement covers room/* of the account and region.
  expect(emu.iam.decisions().filter((d) => d.resource === theirs).map((d) => [d.action, d.decision, d.principal]))
    .toEqual(['ivschat:UpdateRoom', 'ivschat:DeleteRoom'].map((action) => [action, 'Allow', expect.stringMatching(/:assumed-role\/Rooms-IvsChatRoomProviderHandlerRole/)]));
  expect(emu.rooms().map((r) => r.name)).toEqual(['ours']);
});

describe('who IVS Chat may invoke a review function for', () => {
  /** The decision the emulator takes before it invokes a room's review function (AWS:SourceArn is the room). */
  const mayReview = (functionArn: string, roomArn: string) => emu.iam.authorize('lambda', {
    principal: { kind: 'service', service: 'ivschat.amazonaws.com' },
    action: 'lambda:InvokeFunction',
    resource: functionArn,
    context: { 'aws:SourceArn': roomArn, 'aws:SourceAccount': emu.accountId },
  }).allowed;

  test('a function in another stack than its room: any room of the account and region, someone else\'s included', async () => {
    // The function's stack holds the permission; the room's stack only names the function.
    const functions = new OfflineStack('Functions', emu);
    await functions.deploy(synth((newStack) => {
      const reviewer = reviewFunction(newStack('Functions'), 'Reviewer');
      new ChatRoom(newStack('Rooms'), 'Room', { messageReviewHandler: { handler: reviewer } });
    }));
    const reviewer = functions.functionArn('Reviewer');

    const theirs = (await someoneElse.send(new CreateRoomCommand({ name: 'theirs', messageReviewHandler: { uri: reviewer } }))).arn!;
    expect(mayReview(reviewer, theirs)).toBe(true);
    expect(mayReview(reviewer, theirs.replace(emu.accountId, '210987654321'))).toBe(false);
  });

  test('a function in the room\'s stack: that room only', async () => {
    const stack = new OfflineStack('Rooms', emu);
    await stack.deploy(synth((newStack) => {
      const rooms = newStack('Rooms');
      new ChatRoom(rooms, 'Room', { chatRoomName: 'ours', messageReviewHandler: { handler: reviewFunction(rooms, 'Reviewer') } });
    }));
    const reviewer = stack.functionArn('Reviewer');
    const ours = emu.rooms()[0].arn;

    const theirs = (await someoneElse.send(new CreateRoomCommand({ name: 'theirs', messageReviewHandler: { uri: reviewer } }))).arn!;
    expect(mayReview(reviewer, ours)).toBe(true);
    expect(mayReview(reviewer, theirs)).toBe(false);
  });
});
