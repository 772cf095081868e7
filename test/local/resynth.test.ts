import * as fs from 'fs';
import * as path from 'path';
import { CreateChatTokenCommand, GetRoomCommand, IvschatClient, ListRoomsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ivschat';
import { SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { App, Stack, Tags } from 'aws-cdk-lib';
import { parseSummary, PrintedSummary, Running, startCli, useSession } from './cli';
import { ChatRoom, ChatTokenIssuer } from '../../src';
import { ChatUser, within } from '../e2e/clients';

/**
 * Re-synth: the command (compiled, as a subprocess) watches the cloud assembly and applies each
 * `cdk synth` of it as a stack update through the room provider. Two official clients in a room
 * whose settings and tags change stay connected and keep chatting; a client of a removed room is
 * disconnected; a half-written assembly is waited for; an update that fails is rolled back and
 * what ran goes on running.
 */

jest.setTimeout(60_000);

const session = useSession('local-resynth-');
const { workDir, users } = session;
const STACK = 'ResynthApp';

/**
 * The app, as `cdk synth` writes it: version 1 has lobby and backstage, and a stack with room old;
 * version 2 changes lobby, drops backstage, adds stage, and has a stack with room new instead.
 */
function synth(outdir: string, version: 1 | 2): void {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, STACK);
  const lobby = new ChatRoom(stack, 'Lobby', { chatRoomName: 'lobby', maximumMessageLength: version === 1 ? 200 : 500 });
  Tags.of(lobby).add('team', version === 1 ? 'live' : 'core');
  if (version === 2) Tags.of(lobby).add('tier', 'gold');
  const other = version === 1
    ? new ChatRoom(stack, 'Backstage', { chatRoomName: 'backstage' })
    : new ChatRoom(stack, 'Stage', { chatRoomName: 'stage', maximumMessageRatePerSecond: 5 });
  new ChatTokenIssuer(stack, 'Tokens', { rooms: [lobby, other] });
  // A stack only version 1 has, and one only version 2 has.
  const [name, room] = version === 1 ? [`${STACK}Old`, 'old'] : [`${STACK}New`, 'new'];
  new ChatRoom(new Stack(app, name), 'Room', { chatRoomName: room });
  app.synth();
}

/** Waits until the command printed `pattern` after `from` characters of its output; returns what it printed since. */
async function printed(running: Running, from: number, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(running.stdout.slice(from))) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms; stdout since: ${running.stdout.slice(from)}\nstderr: ${running.stderr}`);
    if (running.child.exitCode !== null) throw new Error(`exited with ${running.child.exitCode}; stderr: ${running.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return running.stdout.slice(from);
}

function control(summary: PrintedSummary): IvschatClient {
  return new IvschatClient({
    endpoint: summary.endpoint, region: summary.region, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' }, maxAttempts: 5,
  });
}

function user(name: string, summary: PrintedSummary, roomArn: string): ChatUser {
  const ivschat = control(summary);
  const chatUser = new ChatUser(name, summary.regionOrUrl, async () => {
    const { token, tokenExpirationTime, sessionExpirationTime } = await ivschat.send(new CreateChatTokenCommand({
      roomIdentifier: roomArn, userId: name, capabilities: ['SEND_MESSAGE'],
    }));
    return { token: token!, tokenExpirationTime, sessionExpirationTime };
  }, 0);
  users.push(chatUser);
  return chatUser;
}

test('a re-synth updates rooms in place, keeps their clients, and disconnects a removed room\'s', async () => {
  const assembly = path.join(workDir, 'cdk.out');
  synth(assembly, 1);
  const running = session.running = await startCli([assembly, '--port', '0']);
  const before = parseSummary(running.stdout);
  const ivschat = control(before);
  expect(Object.keys(before.rooms).sort()).toEqual(['backstage', 'lobby', 'old']);

  const alice = user('alice', before, before.rooms.lobby.arn);
  const bob = user('bob', before, before.rooms.lobby.arn);
  const carol = user('carol', before, before.rooms.backstage.arn);
  await Promise.all([alice.connect(5_000), bob.connect(5_000), carol.connect(5_000)]);

  // `cdk synth` again, with lobby's settings and tags changed, backstage removed and stage added.
  let mark = running.stdout.length;
  synth(assembly, 2);
  const changes = await printed(running, mark, /^Done in /m);
  expect(changes).toMatch(new RegExp(`^Stack ${STACK} UPDATE_COMPLETE$`, 'm'));
  expect(changes).toContain(`  room lobby updated  ${before.rooms.lobby.arn}  (Lobby) maximumMessageLength 500 (was 200), tags team=core, tier=gold (were team=live)`);
  expect(changes).toMatch(/^ {2}room stage created {2}arn:aws:ivschat:\S+ {2}\(Stage\) maximumMessageLength 500, maximumMessageRatePerSecond 5$/m);
  expect(changes).toContain(`  room backstage deleted  ${before.rooms.backstage.arn}  (Backstage) its clients are disconnected`);
  expect(changes).toMatch(new RegExp(`^Stack ${STACK}Old DELETE_COMPLETE\n {2}room old deleted `, 'm'));
  expect(changes).toMatch(new RegExp(`^Stack ${STACK}New CREATE_COMPLETE\n {2}room new created `, 'm'));

  // The removed room's client is disconnected; lobby's two are still connected and still chat.
  await carol.disconnected(5_000);
  expect([alice.room.state, bob.room.state]).toEqual(['connected', 'connected']);
  expect([...alice.disconnectReasons, ...bob.disconnectReasons]).toEqual([]);
  await within(alice.room.sendMessage(new SendMessageRequest('still here')), 'alice\'s message after the update', 5_000);
  await bob.waitFor(() => bob.messages.find((m) => m.content === 'still here'), 'bob to receive alice\'s message', 5_000);

  // The control plane shows the new settings and tags, in place (same ARN), and the new room.
  const lobby = await ivschat.send(new GetRoomCommand({ identifier: before.rooms.lobby.arn }));
  expect(lobby.maximumMessageLength).toBe(500);
  const { tags } = await ivschat.send(new ListTagsForResourceCommand({ resourceArn: before.rooms.lobby.arn }));
  expect(tags).toEqual({ team: 'core', tier: 'gold' });
  const { rooms } = await ivschat.send(new ListRoomsCommand({}));
  expect(rooms!.map((r) => r.name).sort()).toEqual(['lobby', 'new', 'stage']);

  // A half-written assembly is waited for, never applied.
  const manifest = path.join(assembly, 'manifest.json');
  const complete = fs.readFileSync(manifest, 'utf-8');
  mark = running.stdout.length;
  fs.writeFileSync(manifest, complete.slice(0, complete.length / 2));
  await printed(running, mark, /changed but is not complete yet \(manifest\.json: .+\): waiting$/m);

  // An update the provider refuses (a value IVS Chat rejects, written into the template by hand)
  // is rolled back: the command says which resource failed and why, and lobby stays as it was.
  const templateFile = path.join(assembly, `${STACK}.template.json`);
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf-8'));
  const lobbyResource = Object.values<any>(template.Resources).find((r) => r.Properties?.Name === 'lobby');
  lobbyResource.Properties.MaximumMessageLength = '100000';
  fs.writeFileSync(templateFile, JSON.stringify(template));
  fs.writeFileSync(manifest, complete);
  const failure = await printed(running, mark, /^Done in /m);
  expect(failure).toMatch(new RegExp(`^Stack ${STACK} UPDATE_ROLLBACK_COMPLETE, it keeps running as it was: Lobby \\(Custom::IvsChatRoom, logical id \\w+\\) UPDATE_FAILED: .*[Mm]aximum[Mm]essage[Ll]ength.*$`, 'm'));
  expect((await ivschat.send(new GetRoomCommand({ identifier: before.rooms.lobby.arn }))).maximumMessageLength).toBe(500);
  expect([alice.room.state, bob.room.state]).toEqual(['connected', 'connected']);

  running.child.kill('SIGTERM');
  expect(await running.exited).toBe(0);
  expect(running.stderr).toBe('');
});

test('--no-watch deploys once and leaves later changes alone', async () => {
  const assembly = path.join(workDir, 'no-watch');
  synth(assembly, 2);
  const running = session.running = await startCli([assembly, '--port', '0', '--no-watch']);
  synth(assembly, 1);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(running.stdout).not.toMatch(/changed/);
  const { rooms } = await control(parseSummary(running.stdout)).send(new ListRoomsCommand({}));
  expect(rooms!.map((r) => r.name).sort()).toEqual(['lobby', 'new', 'stage']);
  running.child.kill('SIGTERM');
  expect(await running.exited).toBe(0);
});
