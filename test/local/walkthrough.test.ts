import * as path from 'path';
import { DeleteMessageCommand, GetRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { DeleteMessageRequest, SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { developmentTokenFromCli, parseSummary, startCli, useSession, synthExample } from './cli';
import { fetchChatToken } from '../../examples/token-provider';
import { chatError, ChatUser, within } from '../e2e/clients';
import { MASKED_TEXT } from '../e2e/scenario';

/**
 * The README's "Local development" section, step by step: synthesize the example app, start
 * `cdk-ivs-chat-local` on its cloud assembly (the compiled command, as a subprocess), sign in as
 * alice and as a moderator with development tokens, chat with two `amazon-ivs-chat-messaging`
 * clients pointed at the printed URL through the stage room's review handler, and delete a
 * message from a backend with the AWS SDK at the printed control-plane endpoint.
 */

jest.setTimeout(60_000);

const session = useSession('local-walkthrough-');
const { workDir, users } = session;

test('synth, one command, the official client at the printed URL', async () => {
  const assembly = synthExample(path.join(workDir, 'cdk.out'));
  const running = session.running = await startCli([assembly, '--port', '0']);
  const printed = parseSummary(running.stdout);

  // Every room of the stack, with its settings; the token issuer at a local URL.
  expect(Object.keys(printed.rooms).sort()).toEqual(['announcements', 'lobby', 'stage']);
  expect(printed.rooms.stage.line).toMatch(/maximumMessageLength 200, maximumMessageRatePerSecond 50/);
  expect(running.stdout).toMatch(/review handler Reviewer \(nodejs\S+\), fallback DENY/);
  expect(printed.issuers.Tokens).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/local\/issuers\/IvsChatDemo\/Tokens$/);
  expect(printed.regionOrUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);

  // A signed token is refused (nothing verifies it here); pages on loopback origins may call the issuer.
  const [, claims] = developmentTokenFromCli(['mallory']).split('.');
  const signed = await fetch(printed.issuers.Tokens, {
    method: 'POST',
    headers: { authorization: `Bearer ${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${claims}.c2ln` },
    body: JSON.stringify({ roomIdentifier: printed.rooms.stage.arn }),
  });
  expect(signed.status).toBe(401);
  const preflight = (origin: string) => fetch(printed.issuers.Tokens, {
    method: 'OPTIONS', headers: { 'origin': origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
  });
  expect((await preflight('http://localhost:3000')).headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  expect((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();

  // Signing in: development tokens from the command, sent as a bearer token.
  const signIn = (token: string) => () => fetchChatToken(printed.issuers.Tokens, {
    method: 'POST',
    headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ roomIdentifier: printed.rooms.stage.arn }),
  });
  const alice = new ChatUser('alice', printed.regionOrUrl, signIn(developmentTokenFromCli(['alice'])));
  const maya = new ChatUser('maya', printed.regionOrUrl, signIn(developmentTokenFromCli(['maya', '--groups', 'moderators', '--display-name', 'Maya'])));
  users.push(alice, maya);
  await Promise.all([alice.connect(5_000), maya.connect(5_000)]);

  // Alice's message goes through the bundled MessageReviewer, which masks the denied terms.
  const sent = await within(alice.room.sendMessage(new SendMessageRequest(MASKED_TEXT)), 'alice\'s message to be delivered', 5_000);
  const atMaya = await maya.waitFor(() => maya.messages.find((m) => m.id === sent.id), 'maya to receive it', 5_000);
  expect(atMaya.sender.userId).toBe('alice');
  expect(atMaya.content).not.toBe(MASKED_TEXT);
  expect(atMaya.content).not.toMatch(/buy followers|spoiler/i);
  expect(atMaya.attributes?.reviewReason).toBeDefined();

  // The groups claim made maya a moderator; alice's token cannot delete.
  const refused = await chatError(alice.room.deleteMessage(new DeleteMessageRequest(sent.id)), 5_000);
  expect(refused.errorCode).toBe(403);

  // A backend, with the AWS SDK and any credentials, at the printed control-plane endpoint.
  const backend = new IvschatClient({
    endpoint: printed.endpoint, region: printed.region, credentials: { accessKeyId: 'AKIDANYTHING', secretAccessKey: 'anything' }, maxAttempts: 1,
  });
  try {
    const room = await backend.send(new GetRoomCommand({ identifier: printed.rooms.stage.arn }));
    expect(room.name).toBe('stage');
    await backend.send(new DeleteMessageCommand({ roomIdentifier: printed.rooms.stage.arn, id: sent.id, reason: 'off topic' }));
  } finally {
    backend.destroy();
  }
  for (const user of [alice, maya]) {
    const deleted = await user.waitFor(() => user.deletes.find((d) => d.messageId === sent.id), `${user.name} to be told to delete it`, 5_000);
    expect(deleted.reason).toBe('off topic');
  }

  // Ctrl-C (here SIGTERM) stops it cleanly.
  users.forEach((u) => u.close());
  running.child.kill('SIGTERM');
  expect(await running.exited).toBe(0);
  expect(running.stdout).toMatch(/^SIGTERM: stopping$/m);
  expect(running.stderr).toBe('');
});
