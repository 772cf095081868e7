import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { chatError, ChatUser, Claims, claimsOf, fetchChatToken, TokenResponse, toChatToken, within } from './clients';
import { ALICE, runChatScenario } from './scenario';
import { ChatDemoStack } from '../../examples/stack';
import { IvsChatEmulator, startEmulator } from '../../local/src/emulator';
import { OfflineStack } from '../../local/src/harness';
import { ChatRoom, ChatTokenIssuer, FallbackResult, MessageReviewer } from '../../src';

/**
 * The whole product as a user's app uses it, with a client nobody here wrote: the example app
 * synthesized in-process, deployed offline through its bundled room provider, tokens from its
 * bundled token issuer, and `amazon-ivs-chat-messaging` clients talking to the emulator, whose
 * review handlers run the assembly's bundled functions.
 */

jest.setTimeout(20_000);

/** What a review handler that is too slow looks like: 300 ms, then a verdict nobody waits for. */
const SLOW_HANDLER = `exports.handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { ReviewResult: 'ALLOW', Content: 'too late: ' + event.Content };
};
`;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chat-'));
let clock = 0;
let emu: IvsChatEmulator;
let demo: OfflineStack;
let extras: OfflineStack;
let demoStack: ChatDemoStack;
const users: ChatUser[] = [];

/** The example app (version 1) plus a stack of what the scenario does not cover: slow reviewers and anonymous viewers. */
function synth(): string {
  const outdir = path.join(workDir, 'assembly');
  const app = new App({ outdir });
  demoStack = new ChatDemoStack(app, 'IvsChatDemo');

  const extraStack = new Stack(app, 'ChatExtras');
  const slowCode = path.join(workDir, 'slow-reviewer');
  fs.mkdirSync(slowCode, { recursive: true });
  fs.writeFileSync(path.join(slowCode, 'index.js'), SLOW_HANDLER);
  const slow = new lambda.Function(extraStack, 'SlowReviewer', {
    code: lambda.Code.fromAsset(slowCode),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    timeout: Duration.seconds(3),
  });
  const rooms = [
    new ChatRoom(extraStack, 'SlowDeny', { chatRoomName: 'slow-deny', messageReviewHandler: { handler: slow, fallbackResult: FallbackResult.DENY } }),
    new ChatRoom(extraStack, 'SlowAllow', { chatRoomName: 'slow-allow', messageReviewHandler: { handler: slow, fallbackResult: FallbackResult.ALLOW } }),
    new ChatRoom(extraStack, 'Broadcast', { chatRoomName: 'broadcast' }),
    // The same rule, its reason under the default attribute or under the one IVS Chat shows a denied sender.
    ...[['quiet', 'reviewReason'], ['telling', 'Reason']].map(([name, reasonAttribute]) => new ChatRoom(extraStack, `Reviewed-${name}`, {
      chatRoomName: name,
      messageReviewHandler: new MessageReviewer(extraStack, `Reviewer-${name}`, { deniedTerms: ['spoiler'], reasonAttribute }).asMessageReviewHandler(),
    })),
  ];
  new ChatTokenIssuer(extraStack, 'Tokens', { rooms, anonymousViewers: true });
  app.synth();
  return outdir;
}

beforeAll(async () => {
  const assembly = synth();
  emu = await startEmulator({ rateLimits: false, now: () => new Date(Date.now() + clock) });
  demo = new OfflineStack('IvsChatDemo', emu);
  extras = new OfflineStack('ChatExtras', emu);
  expect((await demo.deploy(assembly)).stackStatus).toBe('CREATE_COMPLETE');
  expect((await extras.deploy(assembly)).stackStatus).toBe('CREATE_COMPLETE');
  const reviewers = emu.rooms().flatMap((r) => r.messageReviewHandler ? [r.messageReviewHandler.uri] : []);
  demo.warmUp(reviewers);
  extras.warmUp(reviewers);
  emu.setFunctionInvoker(OfflineStack.invokerFor([demo, extras]));
});

afterEach(() => {
  users.splice(0).forEach((chat) => chat.close());
  clock = 0;
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const roomArn = (name: string) => emu.rooms().find((r) => r.name === name)!.arn;
const issuerOf = (stack: OfflineStack) => stack.functionArn('Tokens/Function');

/** A user whose app asks the stack's issuer for a fresh token on every connection. */
function user(
  name: string, stack: OfflineStack, room: string, claims: Claims | 'anonymous' = claimsOf({ sub: name, username: name }), maxReconnectAttempts = 0,
): ChatUser {
  const signedIn = claims === 'anonymous' ? undefined : claims;
  const tokenProvider = async () => toChatToken(await fetchChatToken(stack, issuerOf(stack), roomArn(room), signedIn));
  const chat = new ChatUser(name, emu.messagingEndpoint, tokenProvider, maxReconnectAttempts);
  users.push(chat);
  return chat;
}

/** A user whose app hands the SDK this one token, whatever happens. */
function userWithToken(name: string, token: TokenResponse): ChatUser {
  const chat = new ChatUser(name, emu.messagingEndpoint, async () => toChatToken(token), 0);
  users.push(chat);
  return chat;
}

test('the demo\'s scenario: tokens from the issuer, two SDK clients, review, delete, disconnect', async () => {
  const result = await runChatScenario({ emulator: emu, stack: demo });

  const failed = result.checks.filter((c) => !c.ok).map((c) => `${c.step}: ${c.what}`);
  expect(failed).toEqual([]);
  expect(result.checks.length).toBeGreaterThanOrEqual(20);
  const stageTokens = emu.tokens().filter((t) => t.roomArn === roomArn('stage'));
  expect(stageTokens.map((t) => [t.userId, t.capabilities.length, t.attributes.displayName]))
    .toEqual(expect.arrayContaining([['alice', 1, 'Alice'], ['maya', 3, 'Maya']]));
  // The stage room's handler is the example's MessageReviewer, by its stand-in ARN.
  const reviewerFunction = (demoStack.reviewer.function as lambda.Function).node.defaultChild as lambda.CfnFunction;
  const reviewerArn = demo.functionArn(demoStack.getLogicalId(reviewerFunction));
  expect(emu.room(roomArn('stage'))!.messageReviewHandler).toEqual({ uri: reviewerArn, fallbackResult: 'DENY' });
  expect(emu.reviews().map((r) => [r.uri, r.decidedBy])).toEqual([[reviewerArn, 'handler'], [reviewerArn, 'handler']]);
});

test('a token used twice is refused: the second client gets no connection', async () => {
  const token = await fetchChatToken(demo, issuerOf(demo), roomArn('lobby'), claimsOf(ALICE));
  const first = userWithToken('first', token);
  const second = userWithToken('second', token);

  await first.connect();
  await expect(second.connect()).rejects.toThrow('could not connect: socketError');

  expect(emu.refusedConnections().pop()).toMatchObject({ status: 401, userId: 'alice', message: expect.stringContaining('already used') });
  expect(first.room.state).toBe('connected');
});

test('an expired token is refused; a fresh one from the issuer connects', async () => {
  const token = await fetchChatToken(demo, issuerOf(demo), roomArn('lobby'), claimsOf(ALICE));
  clock = 61_000;
  const late = userWithToken('late', token);

  await expect(late.connect()).rejects.toThrow('could not connect: socketError');

  expect(emu.refusedConnections().pop()).toMatchObject({ status: 401, message: expect.stringContaining('expired') });
  await user('fresh', demo, 'lobby').connect();
});

test('a view-only token (anonymous viewer) receives messages but cannot send', async () => {
  const viewer = user('viewer', extras, 'broadcast', 'anonymous');
  const speaker = user('speaker', extras, 'broadcast');
  await Promise.all([viewer.connect(), speaker.connect()]);

  const refused = await chatError(viewer.room.sendMessage(new SendMessageRequest('can I talk?')));
  const said = await within(speaker.room.sendMessage(new SendMessageRequest('welcome')), 'the speaker\'s message');

  expect(refused).toMatchObject({ errorCode: 403, errorMessage: expect.stringContaining('SEND_MESSAGE') });
  await viewer.waitFor(() => viewer.messages.find((m) => m.id === said.id), 'the viewer to receive the message');
  expect(emu.sessions().find((s) => s.userId.startsWith('anonymous-'))).toMatchObject({ capabilities: [], state: 'OPEN' });
});

test('a message over the room\'s maximumMessageLength gets the service\'s 400; one at the limit is delivered', async () => {
  // The stage room allows 200 code points; emoji are two UTF-16 units each.
  const alice = user('alice', demo, 'stage', claimsOf(ALICE));
  await alice.connect();

  const tooLong = await chatError(alice.room.sendMessage(new SendMessageRequest('🎉'.repeat(201))));
  const atLimit = await within(alice.room.sendMessage(new SendMessageRequest('🎉 '.repeat(100))), 'a message of exactly 200 code points');

  expect(tooLong).toMatchObject({ errorCode: 400, errorMessage: 'Messages must be at most 200 chars (this room\'s maximumMessageLength), got 201' });
  expect([...atLimit.content]).toHaveLength(200);
});

test.each([
  ['slow-deny', 'DENY'],
  ['slow-allow', 'ALLOW'],
])('a review handler that sleeps past 200 ms: %s falls back to %s', async (room, fallback) => {
  const alice = user('alice', extras, room, claimsOf(ALICE));
  await alice.connect();

  const send = alice.room.sendMessage(new SendMessageRequest('is anyone reviewing this?'));

  if (fallback === 'DENY') {
    expect(await chatError(send)).toMatchObject({ errorCode: 406 });
  } else {
    expect((await within(send, 'the message, unreviewed')).content).toBe('is anyone reviewing this?');
  }
  const review = emu.reviews().pop()!;
  expect(review).toMatchObject({ roomArn: roomArn(room), result: fallback, decidedBy: 'fallback', fallbackReason: 'timeout', uri: extras.functionArn('SlowReviewer') });
  expect(review.durationMs).toBeGreaterThanOrEqual(199);
  expect(review.durationMs).toBeLessThan(300);
});

test('a denied sender is told the rule only when the reviewer writes its reason to `Reason`', async () => {
  const [quiet, telling] = [user('alice', extras, 'quiet', claimsOf(ALICE)), user('alice', extras, 'telling', claimsOf(ALICE))];
  await Promise.all([quiet.connect(), telling.connect()]);

  const generic = await chatError(quiet.room.sendMessage(new SendMessageRequest('a spoiler')));
  expect(generic.errorCode).toBe(406);
  expect(generic.errorMessage).not.toContain('denied-term');
  expect(await chatError(telling.room.sendMessage(new SendMessageRequest('a spoiler')))).toMatchObject({ errorCode: 406, errorMessage: 'denied-term' });
});

test('at the end of its session the server ends the connection and the SDK reconnects with a new token', async () => {
  const alice = user('alice', demo, 'lobby', claimsOf(ALICE), 3);
  await alice.connect();
  const [session] = emu.sessions().filter((s) => s.userId === 'alice' && s.state === 'OPEN');

  clock = Date.parse(session.sessionExpirationTime) - Date.now() + 1;
  expect(emu.expireSessions()).toBe(1);

  await alice.waitFor(() => emu.sessions().find((s) => s.userId === 'alice' && s.state === 'OPEN' && s.id !== session.id), 'a new session');
  expect(emu.sessions().find((s) => s.id === session.id)).toMatchObject({ state: 'CLOSED', closeReason: 'session-expired' });
  // The server sees the new session open before the client has handled its side of the handshake.
  await alice.waitFor(() => (alice.room.state === 'connected' ? alice.room.state : undefined), 'the SDK connected again');
});
