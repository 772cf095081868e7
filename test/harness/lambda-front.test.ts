import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ChatRoom, ChatTokenIssuer } from '../../src';
import { IvsChatEmulator, startEmulator } from '../emulator';
import { OfflineStack } from './deployer';
import { LambdaFront, signedFetch } from './lambda-front';

/**
 * Lambda's side, offline: the Invoke API and function URLs of a deployed stack, authorized as
 * Lambda does (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html): a URL call needs
 * lambda:InvokeFunctionUrl and lambda:InvokeFunction (the latter conditioned on
 * lambda:InvokedViaFunctionUrl), from the resource policy (NONE, principal *) or from the
 * caller's identity or the resource policy (AWS_IAM).
 */

jest.setTimeout(30_000);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-front-'));
let emu: IvsChatEmulator;
let stack: OfflineStack;
let front: LambdaFront;
let open: ChatTokenIssuer;
let signed: ChatTokenIssuer;
let opened: ChatTokenIssuer;
let chat: Stack;

beforeAll(async () => {
  const app = new App({ outdir: path.join(workDir, 'assembly') });
  chat = new Stack(app, 'Urls');
  const room = new ChatRoom(chat, 'Room', { chatRoomName: 'room' });
  // A URL for anonymous viewers (NONE), one for a signed backend (AWS_IAM).
  open = new ChatTokenIssuer(chat, 'Open', { rooms: [room], anonymousViewers: true });
  open.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  signed = new ChatTokenIssuer(chat, 'Signed', { rooms: [room] });
  signed.addFunctionUrl();
  // The same NONE URL with the second permission Lambda has required since October 2025, written by hand.
  opened = new ChatTokenIssuer(chat, 'Opened', { rooms: [room], anonymousViewers: true });
  opened.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  new lambda.CfnPermission(chat, 'OpenedViaUrl', {
    action: 'lambda:InvokeFunction', principal: '*', functionName: opened.function.functionArn,
  }).addPropertyOverride('InvokedViaFunctionUrl', true);

  const principal = new iam.AccountRootPrincipal();
  const backend = new iam.Role(chat, 'Backend', { assumedBy: principal });
  signed.grantInvoke(backend);
  signed.grantInvokeUrl(backend);
  const urlOnly = new iam.Role(chat, 'UrlOnly', { assumedBy: principal });
  signed.grantInvokeUrl(urlOnly);
  new iam.Role(chat, 'Stranger', { assumedBy: principal });
  app.synth();

  emu = await startEmulator({ rateLimits: false });
  stack = new OfflineStack('Urls', emu);
  expect((await stack.deploy(path.join(workDir, 'assembly'))).stackStatus).toBe('CREATE_COMPLETE');
  front = await LambdaFront.start([stack], emu.iam, emu.region);
});

afterAll(async () => {
  await front?.stop();
  await emu?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => emu.iam.clearLog());

const roomArn = () => emu.rooms()[0].arn;
const urlOf = (issuer: string) => front.urlOf(stack.functionArn(`${issuer}/Function`));
const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ roomIdentifier: roomArn(), ...extra });
const refused = () => emu.iam.denials().map((d) => d.action);

describe('a function URL with auth type AWS_IAM', () => {
  test('an unsigned request is refused (403) and never reaches the function', async () => {
    const response = await signedFetch(urlOf('Signed'), { body: body({ userId: 'u' }) });

    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).Message).toMatch(/^Forbidden/);
    expect(emu.tokens()).toHaveLength(0);
  });

  test('a role granted nothing is refused (403)', async () => {
    const response = await signedFetch(urlOf('Signed'), { body: body({ userId: 'u' }), credentials: stack.credentialsOf('Stranger') });

    expect(response.status).toBe(403);
    expect(refused()).toEqual(['lambda:InvokeFunctionUrl']);
  });

  test('a role granted grantInvoke and grantInvokeUrl gets a token; the issuer trusts the signer to name the user', async () => {
    const response = await signedFetch(urlOf('Signed'), { body: body({ userId: 'backend-user' }), credentials: stack.credentialsOf('Backend') });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).token).toMatch(/^AQICAH/);
    expect(emu.tokens().at(-1)).toMatchObject({ userId: 'backend-user', roomArn: roomArn() });
    expect(emu.iam.decisions().filter((d) => d.service === 'lambda').map((d) => [d.action, d.decision]))
      .toEqual([['lambda:InvokeFunctionUrl', 'Allow'], ['lambda:InvokeFunction', 'Allow']]);
  });

  // Defect in the library, not the harness: ChatTokenIssuer.grantInvokeUrl (src/chat-token-issuer.ts)
  // grants only lambda:InvokeFunctionUrl (aws-cdk-lib 2.189.1's Function.grantInvokeUrl); since
  // October 2025 a URL call also needs lambda:InvokeFunction, so a backend given only
  // grantInvokeUrl is refused on AWS. Remove `.failing` once the grant includes both.
  test.failing('a role granted only grantInvokeUrl can call the URL (needs lambda:InvokeFunction too)', async () => {
    const response = await signedFetch(urlOf('Signed'), { body: body({ userId: 'u' }), credentials: stack.credentialsOf('UrlOnly') });

    expect({ status: response.status, refused: refused() }).toEqual({ status: 200, refused: [] });
  });
});

describe('a function URL with auth type NONE', () => {
  test('with both permissions to *, an anonymous viewer gets a view-only token', async () => {
    const response = await signedFetch(urlOf('Opened'), { body: body() });

    expect(response.status).toBe(200);
    expect(emu.tokens().at(-1)).toMatchObject({ userId: expect.stringMatching(/^anonymous-/), capabilities: [] });
  });

  // Defect in the library: ChatTokenIssuer.addFunctionUrl({ authType: NONE }) (src/chat-token-issuer.ts)
  // gets from aws-cdk-lib 2.189.1 only the lambda:InvokeFunctionUrl permission to *; without
  // lambda:InvokeFunction (InvokedViaFunctionUrl) to *, Lambda refuses every anonymous call.
  // Remove `.failing` once the construct adds the second permission.
  test.failing('addFunctionUrl({ authType: NONE }) alone serves anonymous viewers', async () => {
    const response = await signedFetch(urlOf('Open'), { body: body() });

    expect({ status: response.status, refused: refused() }).toEqual({ status: 200, refused: [] });
  });

  test('a permission for the URL does not allow invoking the function directly, nor the other way round', async () => {
    // The Opened function's lambda:InvokeFunction to * holds only via its URL.
    const direct = await signedFetch(`${front.endpoint}/2015-03-31/functions/${encodeURIComponent(stack.functionArn('Opened/Function'))}/invocations`, {
      body: body(), credentials: stack.credentialsOf('Stranger'),
    });
    expect(direct.status).toBe(403);
    expect(refused()).toEqual(['lambda:InvokeFunction']);
  });
});

describe('the Invoke API', () => {
  const invokeUrl = (issuer: string) => `${front.endpoint}/2015-03-31/functions/${encodeURIComponent(stack.functionArn(`${issuer}/Function`))}/invocations`;

  test('grantInvoke lets a role invoke the issuer; its answer comes back', async () => {
    const response = await signedFetch(invokeUrl('Signed'), { body: body({ userId: 'direct' }), credentials: stack.credentialsOf('Backend') });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).token).toMatch(/^AQICAH/);
  });

  test('a role without it gets AccessDeniedException with AWS\'s message', async () => {
    const response = await signedFetch(invokeUrl('Signed'), { body: body({ userId: 'x' }), credentials: stack.credentialsOf('Stranger') });

    expect(response.status).toBe(403);
    expect(response.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(JSON.parse(response.body).Message).toBe(`User: arn:aws:sts::123456789012:assumed-role/Urls-${chat.getLogicalId(chat.node.findChild('Stranger').node.defaultChild as iam.CfnRole)}/test `
      + `is not authorized to perform: lambda:InvokeFunction on resource: ${stack.functionArn('Signed/Function')} because no identity-based policy allows the lambda:InvokeFunction action`);
  });
});
