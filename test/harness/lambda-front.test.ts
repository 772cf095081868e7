import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { signedFetch } from './signed-fetch';
import { IvsChatEmulator, startEmulator } from '../../local/src/emulator';
import { OfflineStack } from '../../local/src/harness/deployer';
import { LambdaFront } from '../../local/src/harness/lambda-front';
import { ChatRoom, ChatTokenIssuer } from '../../src';

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
  // A NONE URL as aws-cdk-lib made it before October 2025: only the lambda:InvokeFunctionUrl permission.
  const code = path.join(workDir, 'echo');
  fs.mkdirSync(code);
  fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async () => ({ statusCode: 200, body: "{}" });');
  const urlPermissionOnly = new lambda.Function(chat, 'UrlPermissionOnly', {
    code: lambda.Code.fromAsset(code), handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X,
  });
  new lambda.CfnUrl(chat, 'UrlPermissionOnlyUrl', { targetFunctionArn: urlPermissionOnly.functionArn, authType: 'NONE' });
  new lambda.CfnPermission(chat, 'UrlPermissionOnlyPermission', {
    action: 'lambda:InvokeFunctionUrl', principal: '*', functionName: urlPermissionOnly.functionArn, functionUrlAuthType: 'NONE',
  });

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
const invokeUrl = (issuer: string) => `${front.endpoint}/2015-03-31/functions/${encodeURIComponent(stack.functionArn(`${issuer}/Function`))}/invocations`;

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

  test('a role granted only grantInvokeUrl can call the URL: the grant gives both actions, each for URL calls only', async () => {
    const response = await signedFetch(urlOf('Signed'), { body: body({ userId: 'u' }), credentials: stack.credentialsOf('UrlOnly') });

    expect({ status: response.status, refused: refused() }).toEqual({ status: 200, refused: [] });
    const direct = await signedFetch(invokeUrl('Signed'), { body: body({ userId: 'u' }), credentials: stack.credentialsOf('UrlOnly') });
    expect(direct.status).toBe(403);
  });
});

describe('a function URL with auth type NONE', () => {
  test('addFunctionUrl({ authType: NONE }) serves anonymous viewers: both permissions to *; an anonymous viewer gets a view-only token', async () => {
    const response = await signedFetch(urlOf('Open'), { body: body() });

    expect({ status: response.status, refused: refused() }).toEqual({ status: 200, refused: [] });
    expect(emu.tokens().at(-1)).toMatchObject({ userId: expect.stringMatching(/^anonymous-/), capabilities: [] });
  });

  test('without the lambda:InvokeFunction permission (InvokedViaFunctionUrl) to *, Lambda refuses every anonymous call', async () => {
    const response = await signedFetch(front.urlOf(stack.functionArn('UrlPermissionOnly')), { body: body() });

    expect({ status: response.status, refused: refused() }).toEqual({ status: 403, refused: ['lambda:InvokeFunction'] });
  });

  test('a permission for the URL does not allow invoking the function directly', async () => {
    // The Open function's lambda:InvokeFunction to * holds only via its URL.
    const direct = await signedFetch(invokeUrl('Open'), { body: body(), credentials: stack.credentialsOf('Stranger') });
    expect(direct.status).toBe(403);
    expect(refused()).toEqual(['lambda:InvokeFunction']);
  });
});

describe('the Invoke API', () => {
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
