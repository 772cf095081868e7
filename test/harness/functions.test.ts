import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IvsChatEmulator, startEmulator } from '../../local/src/emulator';
import { OfflineStack } from '../../local/src/harness/deployer';
import { ChatRoom, ChatTokenIssuer } from '../../src';

/**
 * Running the Lambda functions of a deployed stack: stand-in ARNs, environments resolved
 * against the deployed rooms, Lambda's timeout, and one invoker for several stacks.
 */

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-functions-'));
let emu: IvsChatEmulator;
let stack: OfflineStack;
let other: OfflineStack;

/** Echoes what it sees: its environment variable, the context's remaining time; sleeps when asked. */
const PROBE = `exports.main = async (event, context) => {
  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  if (event.fail) throw new Error('asked to fail');
  return { greeting: process.env.GREETING, leaked: process.env.CHAT_TOKEN_ISSUER_SETTINGS ?? null, remaining: context.getRemainingTimeInMillis(), event };
};
`;

beforeAll(async () => {
  const probeDir = path.join(workDir, 'probe');
  fs.mkdirSync(probeDir);
  fs.writeFileSync(path.join(probeDir, 'app.js'), PROBE);
  const outdir = path.join(workDir, 'assembly');
  const app = new App({ outdir });
  const chat = new Stack(app, 'Chat');
  const room = new ChatRoom(chat, 'Room', { chatRoomName: 'room' });
  const issuer = new ChatTokenIssuer(chat, 'Tokens', { rooms: [room] });
  // Direct invocations are served only once a backend may make them.
  issuer.grantInvoke(new iam.Role(chat, 'Backend', { assumedBy: new iam.AccountRootPrincipal() }));
  const probes = new Stack(app, 'Probes');
  new lambda.Function(probes, 'Probe', {
    code: lambda.Code.fromAsset(probeDir),
    handler: 'app.main',
    runtime: lambda.Runtime.NODEJS_22_X,
    timeout: Duration.seconds(1),
    environment: { GREETING: 'hello' },
  });
  // A function whose code is in the template: the harness cannot run it, but the others still run.
  new lambda.Function(probes, 'Inline', {
    code: lambda.Code.fromInline('exports.handler = async () => "inline";'),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_22_X,
  });
  app.synth();

  emu = await startEmulator({ rateLimits: false });
  stack = new OfflineStack('Chat', emu);
  other = new OfflineStack('Probes', emu);
  await stack.deploy(outdir);
  await other.deploy(outdir);
});

afterAll(async () => {
  await emu.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('functions() lists each function with its stand-in ARN, asset module and environment resolved against the deployed rooms', () => {
  const issuer = stack.functions().find((f) => f.functionArn === stack.functionArn('Tokens/Function'))!;

  expect(issuer.functionArn).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:Chat-TokensFunction[0-9A-F]{8}$/);
  expect(issuer.file).toMatch(/asset\.[0-9a-f]+\/index\.js$/);
  expect(issuer.exportName).toBe('handler');
  expect(JSON.parse(issuer.environment.CHAT_TOKEN_ISSUER_SETTINGS).roomArns).toEqual([emu.rooms()[0].arn]);
  expect(issuer.timeoutSeconds).toBe(5);
});

test('invokeFunction runs the bundled token issuer against the emulator', async () => {
  const answer = await stack.invokeFunction(stack.functionArn('Tokens/Function'), { userId: 'backend-user' }) as Record<string, string>;

  expect(answer).toEqual({ token: expect.stringMatching(/^AQICAH/), tokenExpirationTime: expect.any(String), sessionExpirationTime: expect.any(String) });
  expect(emu.tokens().map((t) => t.userId)).toEqual(['backend-user']);
});

test('a function sees its own environment, not the previous function\'s, and a context counting down from its timeout', async () => {
  await stack.invokeFunction(stack.functionArn('Tokens/Function'), { userId: 'someone' });

  const answer = await other.invokeFunction(other.functionArn('Probe'), { n: 1 }) as Record<string, unknown>;

  expect(answer).toMatchObject({ greeting: 'hello', leaked: null, event: { n: 1 } });
  expect(answer.remaining).toBeGreaterThan(900);
  expect(answer.remaining).toBeLessThanOrEqual(1000);
});

test('a function without an asset is listed with why it cannot run, and leaves the others runnable', async () => {
  const inline = other.functions().find((f) => f.functionArn === other.functionArn('Inline'))!;

  expect(inline.unavailable).toMatch(/^cannot find the code of Inline\w+ in Probes/);
  await expect(other.invokeFunction(inline.functionArn, {})).rejects.toThrow(/cannot find the code of Inline/);
  await expect(other.invokeFunction(other.functionArn('Probe'), { n: 2 })).resolves.toMatchObject({ greeting: 'hello' });
});

test('errors and timeouts reject like a failed invocation', async () => {
  const probe = other.functionArn('Probe');

  await expect(other.invokeFunction(probe, { fail: true })).rejects.toThrow('asked to fail');
  await expect(other.invokeFunction(probe, { sleepMs: 1_200 })).rejects.toThrow('Task timed out after 1.00 seconds');
});

test('invokerFor dispatches by the stack name in the ARN; unknown functions are not found', async () => {
  const invoke = OfflineStack.invokerFor([stack, other]);

  await expect(invoke(other.functionArn('Probe'), {})).resolves.toMatchObject({ greeting: 'hello' });
  await expect(invoke('arn:aws:lambda:us-east-1:123456789012:function:Elsewhere-Fn', {})).rejects.toThrow('Function not found');
  await expect(stack.invokeFunction('arn:aws:lambda:us-east-1:123456789012:function:Chat-Missing', {})).rejects.toThrow('Function not found');
  expect(() => stack.functionArn('Nope/Function')).toThrow('no Lambda function of Chat matches Nope/Function');
});
