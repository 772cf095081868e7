import * as fs from 'fs';
import * as path from 'path';
import { SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { parseSummary, startCli, useSession } from './cli';
import { fetchChatToken } from '../../examples/token-provider';
import { developmentClaims, developmentToken } from '../../local/src/dev-identity';
import { ChatRoom, ChatTokenIssuer, FallbackResult } from '../../src';
import { ChatUser, within } from '../e2e/clients';

/**
 * A user's own review handlers under `cdk-ivs-chat-local`: a Node.js one runs from its asset; one
 * on another runtime does not run, and the room's fallback decides, as the summary and the log say.
 */

jest.setTimeout(60_000);

const session = useSession('local-reviewers-');
const { workDir, users } = session;

function synth(): string {
  const code = (name: string, file: string, source: string) => {
    const dir = path.join(workDir, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, file), source);
    return lambda.Code.fromAsset(dir);
  };
  const outdir = path.join(workDir, 'cdk.out');
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Reviewers');
  const shout = new lambda.Function(stack, 'Shout', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: code('shout', 'index.js', 'exports.handler = async (event) => ({ ReviewResult: "ALLOW", Content: event.Content.toUpperCase() });\n'),
  });
  const python = new lambda.Function(stack, 'PythonReviewer', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: code('python', 'index.py', 'def handler(event, context):\n    return {"ReviewResult": "DENY"}\n'),
  });
  const rooms = [
    new ChatRoom(stack, 'Loud', { chatRoomName: 'loud', messageReviewHandler: { handler: shout, fallbackResult: FallbackResult.DENY } }),
    new ChatRoom(stack, 'Snake', { chatRoomName: 'snake', messageReviewHandler: { handler: python, fallbackResult: FallbackResult.ALLOW } }),
  ];
  new ChatTokenIssuer(stack, 'Tokens', { rooms });
  app.synth();
  return outdir;
}

test('a Node.js handler runs from its asset; a Python one leaves the decision to the fallback', async () => {
  const running = session.running = await startCli([synth(), '--port', '0']);
  const printed = parseSummary(running.stdout);
  expect(running.stdout).toMatch(/review handler Shout \(nodejs22\.x\), fallback DENY/);
  expect(running.stdout).toMatch(/review handler PythonReviewer \(python3\.12\), does not run locally: the fallback ALLOW decides every message/);

  const bearer = `Bearer ${developmentToken(developmentClaims({ userId: 'alice' }))}`;
  const userIn = (room: string) => {
    const user = new ChatUser(`alice@${room}`, printed.regionOrUrl, () => fetchChatToken(printed.issuers.Tokens, {
      method: 'POST', headers: { authorization: bearer }, body: JSON.stringify({ roomIdentifier: printed.rooms[room].arn }),
    }));
    users.push(user);
    return user;
  };
  const [loud, snake] = [userIn('loud'), userIn('snake')];
  await Promise.all([loud.connect(5_000), snake.connect(5_000)]);

  const shouted = await within(loud.room.sendMessage(new SendMessageRequest('hello')), 'the reviewed message', 5_000);
  expect(shouted.content).toBe('HELLO');
  const passed = await within(snake.room.sendMessage(new SendMessageRequest('hello')), 'the message the fallback allows', 5_000);
  expect(passed.content).toBe('hello');
  expect(running.stderr).toMatch(/^review handler PythonReviewer\w* runs on python3\.12, which cdk-ivs-chat-local does not run: each room's fallback result decides its messages$/m);
});

/** A handler with a bug Lambda survives: work it leaves behind throws after its invocation has answered. */
const STRAY = `let invocations = 0;
exports.handler = async (event) => {
  invocations++;
  if (event.Content === 'timer') setTimeout(() => { throw new Error('stray timer'); }, 0);
  if (event.Content === 'promise') Promise.reject(new Error('stray promise'));
  return { ReviewResult: 'ALLOW', Content: event.Content + ' #' + invocations };
};
`;

test('a handler whose leftover work throws: the command says which function and goes on, its environment starts again', async () => {
  const outdir = path.join(workDir, 'stray.out');
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Strays');
  const dir = path.join(workDir, 'stray');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.js'), STRAY);
  const stray = new lambda.Function(stack, 'Stray', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromAsset(dir) });
  const room = new ChatRoom(stack, 'Room', { chatRoomName: 'room', messageReviewHandler: { handler: stray, fallbackResult: FallbackResult.DENY } });
  new ChatTokenIssuer(stack, 'Tokens', { rooms: [room] });
  app.synth();

  const running = session.running = await startCli([outdir, '--port', '0']);
  const printed = parseSummary(running.stdout);
  const bearer = `Bearer ${developmentToken(developmentClaims({ userId: 'alice' }))}`;
  const alice = new ChatUser('alice@room', printed.regionOrUrl, () => fetchChatToken(printed.issuers.Tokens, {
    method: 'POST', headers: { authorization: bearer }, body: JSON.stringify({ roomIdentifier: printed.rooms.room.arn }),
  }, 5_000));
  users.push(alice);
  await alice.connect(5_000);
  const send = (text: string) => within(alice.room.sendMessage(new SendMessageRequest(text)), `the message ${text}`, 5_000);

  expect((await send('hello')).content).toBe('hello #1');
  for (const [text, error] of [['timer', 'stray timer'], ['promise', 'stray promise']]) {
    await send(text);
    await alice.waitFor(() => running.stderr.includes(error) || undefined, `the command's word on the ${error}`, 5_000);
    expect(running.child.exitCode).toBeNull();
    expect(running.stderr).toMatch(new RegExp(`^cdk-ivs-chat-local: function Strays-Stray\\w* threw after its invocation: ${error}; `
      + 'as on Lambda, its next invocation starts a new execution environment$', 'm'));
    // A new environment: the module's state starts over.
    expect((await send('again')).content).toBe('again #1');
  }
});
