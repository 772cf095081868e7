import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateChatTokenCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { WebSocket } from 'ws';
import { IvsChatEmulator, startEmulator } from '../../local/src/emulator';
import { OfflineStack } from '../../local/src/harness/deployer';
import { ChatLoggingConfiguration, ChatRoom, FallbackResult, LoggingDestination, MessageReviewer } from '../../src';

/**
 * The offline deploy with the emulator's IAM: each function calls AWS as a session of its own
 * role, with the identity policies the template gives that role; the provider framework needs
 * its permission to invoke the handler; Lambda writes logs with the role; logging
 * configurations are created as CloudFormation would; a cold start can be asked for.
 */

jest.setTimeout(30_000);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-iam-'));
let emu: IvsChatEmulator;
let assembly: string;
let count = 0;

/** Reviews in 50 ms, so a cold start of 300 ms is what decides. */
const QUICK_REVIEWER = 'exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 50)); return { ReviewResult: "ALLOW", Content: e.Content }; };';

beforeAll(async () => {
  const app = new App({ outdir: path.join(workDir, 'assembly') });
  const stack = new Stack(app, 'Iam');
  const reviewer = new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['spoiler'] });
  const toLogs = new ChatLoggingConfiguration(stack, 'ToLogs', { destination: LoggingDestination.cloudWatchLogs(new logs.LogGroup(stack, 'ChatLogs')) });
  const toS3 = new ChatLoggingConfiguration(stack, 'ToS3', { destination: LoggingDestination.s3(new s3.Bucket(stack, 'Archive')) });
  new ChatRoom(stack, 'Room', { chatRoomName: 'room', messageReviewHandler: reviewer.asMessageReviewHandler(FallbackResult.DENY), loggingConfigurations: [toLogs, toS3] });
  const code = path.join(workDir, 'quick');
  fs.mkdirSync(code);
  fs.writeFileSync(path.join(code, 'index.js'), QUICK_REVIEWER);
  const quick = new lambda.Function(stack, 'Quick', {
    code: lambda.Code.fromAsset(code), handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X, timeout: Duration.seconds(3),
  });
  new ChatRoom(stack, 'Cold', { chatRoomName: 'cold', messageReviewHandler: { handler: quick, fallbackResult: FallbackResult.DENY } });
  app.synth();
  assembly = path.join(workDir, 'assembly');
  emu = await startEmulator({ rateLimits: false });
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  emu.reset();
  emu.iam.clear();
});

/** A copy of the assembly whose template `edit` changed. */
function mutated(edit: (resources: Record<string, any>) => void): string {
  const dir = path.join(workDir, `mutant-${++count}`);
  fs.cpSync(assembly, dir, { recursive: true });
  const file = path.join(dir, 'Iam.template.json');
  const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
  edit(template.Resources);
  fs.writeFileSync(file, JSON.stringify(template));
  return dir;
}

/** Drops, from every AWS::IAM::Policy, the actions `drop` matches. */
function withoutActions(drop: RegExp): string {
  return mutated((resources) => {
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const document = resource.Properties.PolicyDocument;
      document.Statement = document.Statement
        .map((s: any) => ({ ...s, Action: [s.Action].flat().filter((a: string) => !drop.test(a)) }))
        .filter((s: any) => s.Action.length > 0);
    }
  });
}

test('each function calls the emulator as a session of its own role, named after the function', async () => {
  const stack = new OfflineStack('Iam', emu);
  expect((await stack.deploy(assembly)).stackStatus).toBe('CREATE_COMPLETE');

  const handler = stack.functions().find((f) => f.environment.USER_ON_EVENT_FUNCTION_ARN === undefined && /RoomProviderHandler/.test(f.logicalId))!;
  const createRoom = emu.iam.decisions().filter((d) => d.action === 'ivschat:CreateRoom');
  expect(createRoom.length).toBeGreaterThan(0);
  expect(createRoom.every((d) => d.decision === 'Allow' && d.principal === `arn:aws:sts::123456789012:assumed-role/Iam-${handler.roleLogicalId}/Iam-${handler.logicalId}`)).toBe(true);
  const keys = new Set(emu.calls.filter((c) => c.operation === 'CreateRoom').map((c) => c.accessKeyId));
  expect(keys.size).toBe(1);
  expect([...keys][0]).toMatch(/^ASIA[A-Z2-7]{16}$/);
});

test('without ivschat:CreateRoom the room fails with AWS\'s AccessDenied as the failure reason, and the stack rolls back', async () => {
  const stack = new OfflineStack('Iam', emu);
  const result = await stack.deploy(withoutActions(/^ivschat:CreateRoom$/));

  expect(result.stackStatus).toBe('ROLLBACK_COMPLETE');
  const failed = result.events.find((e) => e.status === 'CREATE_FAILED')!;
  expect(failed.reason).toMatch(/AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role\/.+ is not authorized to perform: ivschat:CreateRoom on resource: arn:aws:ivschat:us-east-1:123456789012:room\/\*/);
  expect(emu.rooms()).toEqual([]);
});

test('the provider framework\'s role must be allowed to invoke the handler; when the handler is Pending, to GetFunction it too', async () => {
  const noInvoke = await new OfflineStack('Iam', emu).deploy(withoutActions(/^lambda:InvokeFunction$/));
  expect(noInvoke.events.find((e) => e.status === 'CREATE_FAILED')?.reason).toMatch(/is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:.+:function:Iam-/);
  expect(emu.rooms()).toEqual([]);

  const noGet = withoutActions(/^lambda:GetFunction$/);
  emu.reset();
  // The handler is Active at once: GetFunction is never called.
  expect((await new OfflineStack('Iam', emu).deploy(noGet)).stackStatus).toBe('CREATE_COMPLETE');
  emu.reset();
  // Pending at its first invocation: the framework waits with GetFunction, which it may not call.
  const pending = await new OfflineStack('Iam', { ...emuOptions(), pendingFunctions: true }).deploy(noGet);
  expect(pending.stackStatus).toBe('ROLLBACK_COMPLETE');
  expect(pending.events.find((e) => e.status === 'CREATE_FAILED')?.reason).toMatch(/is not authorized to perform: lambda:GetFunction/);
  emu.reset();
  expect((await new OfflineStack('Iam', { ...emuOptions(), pendingFunctions: true }).deploy(assembly)).stackStatus).toBe('CREATE_COMPLETE');
});

function emuOptions() {
  return { endpoint: emu.endpoint, region: emu.region, accountId: emu.accountId, iam: emu.iam };
}

test('Lambda delivers a function\'s log lines with its role; without logs:PutLogEvents they are dropped', async () => {
  const stack = new OfflineStack('Iam', emu);
  await stack.deploy(assembly);
  expect(stack.logDeliveries().length).toBeGreaterThan(0);
  expect(stack.logDeliveries().filter((d) => d.dropped)).toEqual([]);
  expect(stack.logDeliveries()[0].lines[0]).toMatch(/^START RequestId: /);

  emu.reset();
  const mute = new OfflineStack('Iam', emu);
  await mute.deploy(withoutActions(/^logs:PutLogEvents$/));
  expect(mute.logDeliveries().length).toBeGreaterThan(0);
  expect(mute.logDeliveries().every((d) => d.dropped?.includes('logs:PutLogEvents'))).toBe(true);
});

test('AWS::IVSChat::LoggingConfiguration is created in the emulator, and the room names the configurations', async () => {
  const stack = new OfflineStack('Iam', emu);
  await stack.deploy(assembly);

  const configurations = emu.loggingConfigurations();
  expect(configurations.map((c) => Object.keys(c.destinationConfiguration)[0]).sort()).toEqual(['cloudWatchLogs', 's3']);
  expect(configurations.find((c) => c.destinationConfiguration.s3)!.destinationConfiguration.s3!.bucketName).toMatch(/^iam-archive[0-9a-f]{8}$/);
  expect(emu.rooms().find((r) => r.name === 'room')!.loggingConfigurationIdentifiers.sort()).toEqual(configurations.map((c) => c.arn).sort());

  expect((await stack.destroy()).stackStatus).toBe('DELETE_COMPLETE');
  expect(emu.loggingConfigurations()).toEqual([]);
});

test('concurrent invocations each see their own environment', async () => {
  const stack = new OfflineStack('Iam', emu);
  await stack.deploy(assembly);
  const reviewer = stack.functionArn('Reviewer/Function');
  const quick = stack.functionArn('Quick');
  const answers = await Promise.all([
    stack.invokeFunction(quick, { Content: 'a' }),
    stack.invokeFunction(reviewer, { Content: 'spoiler ahead', MessageId: 'm', RoomArn: 'r', Sender: { UserId: 'u' } }),
    stack.invokeFunction(quick, { Content: 'b' }),
  ]);
  expect(answers).toEqual([
    { ReviewResult: 'ALLOW', Content: 'a' },
    expect.objectContaining({ ReviewResult: 'DENY' }),
    { ReviewResult: 'ALLOW', Content: 'b' },
  ]);
  const names = stack.logDeliveries().slice(-3).map((d) => d.functionLogicalId);
  expect(new Set(names).size).toBe(2);
});

test('a cold start (coldStartMs) spends a review handler\'s 200 ms: the first message falls back, the next is reviewed', async () => {
  const stack = new OfflineStack('Iam', { ...emuOptions(), coldStartMs: 300 });
  await stack.deploy(assembly);
  emu.setFunctionInvoker(stack.functionInvoker());
  const cold = emu.rooms().find((r) => r.name === 'cold')!;
  const { ws, frames } = await connect(cold.arn);
  try {
    ws.send(JSON.stringify({ Action: 'SEND_MESSAGE', RequestId: 'first', Content: 'hello' }));
    await until(() => frames.some((f) => f.RequestId === 'first'));
    await new Promise((r) => setTimeout(r, 350));
    ws.send(JSON.stringify({ Action: 'SEND_MESSAGE', RequestId: 'second', Content: 'again' }));
    await until(() => frames.some((f) => f.RequestId === 'second'));
  } finally {
    ws.terminate();
    emu.setFunctionInvoker(undefined);
  }
  expect(frames.find((f) => f.RequestId === 'first')).toMatchObject({ Type: 'ERROR', ErrorCode: 406 });
  expect(frames.find((f) => f.RequestId === 'second')).toMatchObject({ Type: 'MESSAGE', Content: 'again' });
  expect(emu.reviews().map((r) => [r.decidedBy, r.fallbackReason])).toEqual([['fallback', 'timeout'], ['handler', undefined]]);
});

async function connect(roomArn: string): Promise<{ ws: WebSocket; frames: Record<string, any>[] }> {
  const client = new IvschatClient({ endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 's' } });
  const { token } = await client.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId: 'u', capabilities: ['SEND_MESSAGE'] }));
  client.destroy();
  const ws = new WebSocket(emu.messagingEndpoint, token);
  const frames: Record<string, any>[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  return { ws, frames };
}

async function until(done: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
