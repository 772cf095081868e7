import { CreateChatTokenCommand, CreateRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { IvsChatEmulator, PAGE_HISTORY, PAGE_PATH, pageMount, pageState, startEmulator } from '../../local/src';
import { chatError, ChatUser, installWebSocket, within } from '../e2e/clients';

/**
 * What the local web page says (its JSON view and routes); how a browser shows it is
 * page.browser.test.ts. Here the review handler denies, with and without a reason, and fails.
 */

const REVIEWER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:reviewer';
let emulator: IvsChatEmulator;
let ivschat: IvschatClient;
const users: ChatUser[] = [];
let reviewer: (content: string) => Promise<unknown>;

beforeAll(async () => {
  installWebSocket();
  emulator = await startEmulator({
    invokeFunction: (_arn, event) => reviewer(String(event.Content)),
    mounts: [pageMount(() => ({ emulator, stacks: () => [{ name: 'ChatStack', issuers: [{ path: 'Tokens', url: 'http://127.0.0.1:1/t' }] }] }))],
  });
  ivschat = new IvschatClient({
    endpoint: emulator.endpoint, region: emulator.region, maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
});

afterAll(async () => {
  users.forEach((u) => u.close());
  ivschat?.destroy();
  await emulator?.stop();
});

async function join(roomArn: string, userId: string): Promise<ChatUser> {
  const user = new ChatUser(userId, emulator.messagingEndpoint, async () => {
    const t = await ivschat.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId, capabilities: ['SEND_MESSAGE'] }));
    return { token: t.token!, tokenExpirationTime: t.tokenExpirationTime, sessionExpirationTime: t.sessionExpirationTime };
  });
  users.push(user);
  await user.connect();
  return user;
}

test('rooms, connected users, messages, events and each review with what decided it', async () => {
  const room = await ivschat.send(new CreateRoomCommand({ name: 'stage', messageReviewHandler: { uri: REVIEWER_ARN, fallbackResult: 'DENY' } }));
  await ivschat.send(new CreateRoomCommand({ name: 'quiet' }));
  const alice = await join(room.arn!, 'alice');

  reviewer = async (content) => (content.includes('spoiler')
    ? { ReviewResult: 'DENY', Attributes: { Reason: 'No spoilers, please' } }
    : { ReviewResult: 'ALLOW', Content: content.toUpperCase(), Attributes: { checked: 'yes' } });
  await within(alice.room.sendMessage(new SendMessageRequest('hello')), 'hello');
  expect((await chatError(alice.room.sendMessage(new SendMessageRequest('a spoiler')))).errorMessage).toBe('No spoilers, please');
  reviewer = async () => { throw new Error('handler crashed'); };
  await chatError(alice.room.sendMessage(new SendMessageRequest('anyone?')));

  const state = pageState({ emulator, stacks: () => [] });
  expect(state.controlPlaneEndpoint).toBe(emulator.endpoint);
  expect(state.messagingEndpoint).toBe(emulator.messagingEndpoint);
  // Rooms by name.
  expect(state.rooms.map((r) => [r.name, r.reviewHandler, r.fallbackResult, r.connected.map((c) => c.userId)])).toEqual([
    ['quiet', undefined, undefined, []],
    ['stage', REVIEWER_ARN, 'DENY', ['alice']],
  ]);
  // Only what reached the room is activity; the handler's change of content shows.
  expect(state.activity.map((a) => [a.kind, a.room, a.user, a.text])).toEqual([['message', 'stage', 'alice', 'HELLO']]);
  expect(state.reviews.map((r) => [r.content, r.result, r.reason, r.attributes])).toEqual([
    ['hello', 'ALLOW', 'the handler decided', 'checked=yes'],
    ['a spoiler', 'DENY', 'the handler: No spoilers, please', 'Reason=No spoilers, please'],
    ['anyone?', 'DENY', "the room's fallback: error (Error: handler crashed)", ''],
  ]);
  state.reviews.forEach((r) => expect(r.durationMs).toBeGreaterThanOrEqual(0));
});

test('served on the emulator\'s port: the page, its JSON, and 404 for anything else', async () => {
  const page = await fetch(`${emulator.endpoint}${PAGE_PATH}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(await page.text()).toContain('<title>IVS Chat, local</title>');

  const json = await fetch(`${emulator.endpoint}${PAGE_PATH}api/state`);
  expect(json.headers.get('content-type')).toBe('application/json');
  expect(await json.json()).toMatchObject({ stacks: [{ name: 'ChatStack', issuers: [{ path: 'Tokens' }] }] });

  expect((await fetch(`${emulator.endpoint}${PAGE_PATH}elsewhere`)).status).toBe(404);
  expect((await fetch(`${emulator.endpoint}${PAGE_PATH}api/state`, { method: 'POST' })).status).toBe(404);
});

test('the history it carries is bounded: the most recent PAGE_HISTORY entries', async () => {
  // Its own emulator; three rooms at IVS Chat's largest rate, so that more than PAGE_HISTORY
  // messages reach the rooms within their limits.
  const busy = await startEmulator();
  const client = new IvschatClient({
    endpoint: busy.endpoint, region: busy.region, maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  try {
    const perRoom = 70;
    const total = 3 * perRoom;
    expect(total).toBeGreaterThan(PAGE_HISTORY);
    for (let r = 0; r < 3; r++) {
      const room = await client.send(new CreateRoomCommand({ name: `busy-${r}`, maximumMessageRatePerSecond: 100 }));
      const t = await client.send(new CreateChatTokenCommand({ roomIdentifier: room.arn!, userId: `bob-${r}`, capabilities: ['SEND_MESSAGE'] }));
      const bob = new ChatUser(`bob-${r}`, busy.messagingEndpoint, async () => ({ token: t.token! }));
      users.push(bob);
      await bob.connect();
      for (let i = r * perRoom; i < (r + 1) * perRoom; i++) await within(bob.room.sendMessage(new SendMessageRequest(`m${i}`)), `message ${i}`);
    }
    expect(busy.messages()).toHaveLength(total);
    expect(busy.messages(3).map((m) => m.content)).toEqual([`m${total - 3}`, `m${total - 2}`, `m${total - 1}`]);
    expect(busy.messages(0)).toEqual([]);
    expect(busy.messages(10 * total)).toHaveLength(total);

    // The page is polled twice a second per open tab: it copies no more of the history than it shows.
    const copied: number[] = [];
    for (const list of ['messages', 'reviews', 'events', 'refusedConnections'] as const) {
      const read = busy[list].bind(busy) as (last?: number) => readonly unknown[];
      jest.spyOn(busy, list).mockImplementation(((last?: number) => {
        const entries = read(last);
        copied.push(entries.length);
        return entries;
      }) as never);
    }
    const state = pageState({ emulator: busy, stacks: () => [] });
    jest.restoreAllMocks();
    expect(copied.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...copied)).toBeLessThanOrEqual(PAGE_HISTORY);
    expect(state.activity).toHaveLength(PAGE_HISTORY);
    expect(state.activity[0].text).toBe(`m${total - PAGE_HISTORY}`);
    expect(state.activity[PAGE_HISTORY - 1].text).toBe(`m${total - 1}`);
  } finally {
    client.destroy();
    await busy.stop();
  }
});
