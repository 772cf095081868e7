import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IvschatClient, TagResourceCommand, DeleteRoomCommand } from '@aws-sdk/client-ivschat';
import { App, CfnResource, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IvsChatEmulator, startEmulator, pointSdkAt } from '../../local/src/emulator';
import { OfflineStack } from '../../local/src/harness/deployer';
import { ChatRoom, FallbackResult } from '../../src';

/**
 * Synthesized apps deployed offline through the room-provider bundle in their
 * cloud assembly, with the API calls of each lifecycle step counted by the emulator.
 */

// Several synths and deploys per test: over jest's 5 s default on a loaded two-core machine.
jest.setTimeout(30_000);

let emu: IvsChatEmulator;
let ivschat: IvschatClient;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-deploy-'));

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false });
  pointSdkAt(emu);
  ivschat = new IvschatClient({ endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
});

afterAll(async () => {
  await emu.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => emu.reset());

let synthCount = 0;
/** Synthesizes a one-stack app into its own cloud assembly directory. */
function synth(build: (stack: Stack) => void): string {
  const outdir = path.join(workDir, `assembly-${++synthCount}`);
  const app = new App({ outdir });
  build(new Stack(app, 'Chat'));
  app.synth();
  return outdir;
}

function newStack(): OfflineStack {
  return new OfflineStack('Chat', emu);
}

const operations = () => emu.calls.map((c) => c.operation).sort();

describe('API calls per lifecycle step', () => {
  const v1 = () => synth((stack) => {
    Tags.of(new ChatRoom(stack, 'Room', { chatRoomName: 'room' })).add('team', 'a');
  });

  test('create 1 (after a ListRooms of its name), update with no change 0, tag-only change 1 or 2, room-field change 1, delete 1', async () => {
    const stack = newStack();
    expect((await stack.deploy(v1())).stackStatus).toBe('CREATE_COMPLETE');
    // The read notes same-name rooms that exist already, so a retry after a lost reply never adopts one.
    expect(operations()).toEqual(['CreateRoom', 'ListRooms']);

    emu.clearCalls();
    expect((await stack.deploy(v1())).stackStatus).toBe('NO_CHANGES');
    expect(emu.calls).toHaveLength(0);

    emu.clearCalls();
    await stack.deploy(synth((s) => {
      const room = new ChatRoom(s, 'Room', { chatRoomName: 'room' });
      Tags.of(room).add('team', 'b');
      Tags.of(room).add('added', '');
    }));
    expect(operations()).toEqual(['TagResource']);

    emu.clearCalls();
    await stack.deploy(synth((s) => {
      Tags.of(new ChatRoom(s, 'Room', { chatRoomName: 'room' })).add('team', 'b');
    }));
    expect(operations()).toEqual(['UntagResource']);

    emu.clearCalls();
    await stack.deploy(synth((s) => {
      Tags.of(new ChatRoom(s, 'Room', { chatRoomName: 'room', maximumMessageRatePerSecond: 100 })).add('team', 'b');
    }));
    expect(operations()).toEqual(['UpdateRoom']);
    expect(emu.rooms()[0]).toMatchObject({ name: 'room', maximumMessageRatePerSecond: 100, tags: { team: 'b' } });

    emu.clearCalls();
    expect((await stack.destroy()).stackStatus).toBe('DELETE_COMPLETE');
    expect(operations()).toEqual(['DeleteRoom']);
    expect(emu.rooms()).toEqual([]);
  });

  test('the bundled handler from the assembly is what runs, and numbers arrive as strings', async () => {
    const assembly = v1();
    const stack = newStack();
    await stack.deploy(assembly);
    const [[, room]] = [...stack.resources()];
    expect(room.properties).toMatchObject({ MaximumMessageLength: '500', MaximumMessageRatePerSecond: '10', Tags: { team: 'a' } });
    expect(room.data.Arn).toBe(emu.rooms()[0].arn);
  });
});

describe('rollback', () => {
  test('an update the API rejects rolls back and leaves the room as it was', async () => {
    const reviewer = (stack: Stack, arn: string) => lambda.Function.fromFunctionArn(stack, 'Reviewer', arn);
    const stack = newStack();
    await stack.deploy(synth((s) => {
      Tags.of(new ChatRoom(s, 'Room', { chatRoomName: 'room', maximumMessageLength: 100 })).add('team', 'a');
    }));
    const before = emu.rooms()[0];

    // The stack's region is unknown at synth, so only the API can tell this function is elsewhere.
    const result = await stack.deploy(synth((s) => {
      const room = new ChatRoom(s, 'Room', {
        chatRoomName: 'room',
        maximumMessageLength: 200,
        messageReviewHandler: { handler: reviewer(s, 'arn:aws:lambda:eu-west-1:123456789012:function:elsewhere'), fallbackResult: FallbackResult.DENY },
      });
      Tags.of(room).add('team', 'b');
    }));

    expect(result.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(result.events.map((e) => e.status)).toEqual(['UPDATE_FAILED', 'UPDATE_ROLLBACK_COMPLETE']);
    expect(result.events[0].reason).toMatch(/^IVS Chat UpdateRoom failed for room arn:aws:ivschat:.*: ValidationException: .*messageReviewHandler/);
    // The rollback update re-applies the old values, so only updateTime moves.
    expect(emu.rooms()[0]).toEqual({ ...before, updateTime: expect.any(String) });
  });

  test('a create the API rejects rolls the new stack back and leaves no room', async () => {
    const stack = newStack();
    const result = await stack.deploy(synth((s) => {
      new ChatRoom(s, 'Good', { chatRoomName: 'good' });
      new ChatRoom(s, 'Bad', {
        chatRoomName: 'bad',
        messageReviewHandler: { handler: lambda.Function.fromFunctionArn(s, 'Reviewer', 'arn:aws:lambda:eu-west-1:123456789012:function:elsewhere') },
      });
    }));
    expect(result.stackStatus).toBe('ROLLBACK_COMPLETE');
    expect(result.events.find((e) => e.logicalId.startsWith('Bad'))).toMatchObject({ status: 'CREATE_FAILED' });
    expect(emu.rooms()).toEqual([]);
  });

  test('a MessageReviewHandler an escape hatch made a string fails the create with a reason, and leaves no room', async () => {
    const stack = newStack();
    const result = await stack.deploy(synth((s) => {
      const room = new ChatRoom(s, 'Room', { chatRoomName: 'room' });
      (room.node.defaultChild as CfnResource).addPropertyOverride('MessageReviewHandler', 'arn:aws:lambda:us-east-1:123456789012:function:reviewer');
    }));
    expect(result.stackStatus).toBe('ROLLBACK_COMPLETE');
    expect(result.events.find((e) => e.status === 'CREATE_FAILED')?.reason).toBe('Invalid chat room properties: `messageReviewHandler` must be an '
      + 'object with the keys Uri (the function ARN) and FallbackResult, got: "arn:aws:lambda:us-east-1:123456789012:function:reviewer"');
    expect(emu.rooms()).toEqual([]);
  });
});

describe('drift', () => {
  test('a room deleted outside the stack deletes cleanly', async () => {
    const stack = newStack();
    await stack.deploy(synth((s) => new ChatRoom(s, 'Room')));
    await ivschat.send(new DeleteRoomCommand({ identifier: emu.rooms()[0].arn }));
    expect((await stack.destroy()).stackStatus).toBe('DELETE_COMPLETE');
  });

  test('a tag added outside the stack survives an unrelated update', async () => {
    const stack = newStack();
    await stack.deploy(synth((s) => Tags.of(new ChatRoom(s, 'Room', { chatRoomName: 'room' })).add('team', 'a')));
    const arn = emu.rooms()[0].arn;
    await ivschat.send(new TagResourceCommand({ resourceArn: arn, tags: { owner: 'ops' } }));

    await stack.deploy(synth((s) => Tags.of(new ChatRoom(s, 'Room', { chatRoomName: 'renamed' })).add('team', 'b')));

    expect(emu.room(arn)).toMatchObject({ name: 'renamed', tags: { owner: 'ops', team: 'b' } });
  });
});

test('RETAIN keeps the room when the stack is deleted', async () => {
  const stack = newStack();
  await stack.deploy(synth((s) => new ChatRoom(s, 'Room', { removalPolicy: RemovalPolicy.RETAIN })));
  const result = await stack.destroy();
  expect(result.events.map((e) => e.status)).toEqual(['DELETE_SKIPPED']);
  expect(emu.rooms()).toHaveLength(1);
});
