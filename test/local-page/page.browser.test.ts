/// <reference lib="dom" />
// (the functions given to page.waitForFunction run in the browser)
import * as fs from 'fs';
import { CreateChatTokenCommand, CreateRoomCommand, IvschatClient, SendEventCommand } from '@aws-sdk/client-ivschat';
import { SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { chromium, Browser, Page } from 'playwright-core';
import { PageServer, startPageServer } from './page';
import { ChatUser, installWebSocket } from '../e2e/clients';
import { IvsChatEmulator, startEmulator } from '../emulator';

/**
 * The local web page in a real Chromium: two users chat through the official client in a room
 * whose review handler denies one message, and the page shows the room, who is connected, the
 * messages and events, and each review decision with its reason; a message written as HTML stays
 * text.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REVIEWER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:reviewer';

let emulator: IvsChatEmulator;
let pageServer: PageServer;
let browser: Browser;
let page: Page;
const users: ChatUser[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`The browser test needs Chromium at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH`);
  }
  installWebSocket();
  emulator = await startEmulator({
    // The review handler: denies what mentions a spoiler.
    invokeFunction: async (_arn, event) => {
      const content = String(event.Content);
      return content.includes('spoiler') ? { ReviewResult: 'DENY', Attributes: { Reason: 'no spoilers' } } : { ReviewResult: 'ALLOW', Content: content };
    },
  });
  pageServer = await startPageServer({ emulator, stacks: () => [{ name: 'ChatStack', issuers: [{ path: 'ChatStack/Issuer', url: 'http://127.0.0.1:9/token' }] }] });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage();
});

afterAll(async () => {
  users.forEach((user) => user.close());
  await browser?.close();
  await pageServer?.close();
  await emulator?.stop();
});

test('the page shows rooms, connected users, messages, events and review decisions as they flow', async () => {
  const ivschat = new IvschatClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const room = await ivschat.send(new CreateRoomCommand({
    name: 'lobby',
    maximumMessageRatePerSecond: 100,
    messageReviewHandler: { uri: REVIEWER_ARN, fallbackResult: 'DENY' },
  }));
  const join = (userId: string) => {
    const user = new ChatUser(userId, emulator.messagingEndpoint, async () => {
      const token = await ivschat.send(new CreateChatTokenCommand({ roomIdentifier: room.arn!, userId, capabilities: ['SEND_MESSAGE'] }));
      return { token: token.token!, tokenExpirationTime: token.tokenExpirationTime, sessionExpirationTime: token.sessionExpirationTime };
    });
    users.push(user);
    return user;
  };
  const alice = join('alice');
  const bob = join('bob');
  await alice.connect();
  await bob.connect();

  await page.goto(pageServer.url);
  await expectText('#rooms', ['lobby', room.arn!, '100 msg/s', REVIEWER_ARN, 'alice', 'bob']);
  await expectText('#control-plane', [emulator.endpoint]);
  await expectText('#issuers', ['ChatStack/Issuer']);

  await alice.room.sendMessage(new SendMessageRequest('hello bob'));
  const denied = alice.room.sendMessage(new SendMessageRequest('a spoiler'));
  await expect(denied).rejects.toBeDefined();
  const markup = '<img src=x id=injected onerror="document.title=\'owned\'">';
  await bob.room.sendMessage(new SendMessageRequest(markup));
  await ivschat.send(new SendEventCommand({ roomIdentifier: room.arn!, eventName: 'stream:started', attributes: { quality: 'hd' } }));

  await expectText('#activity', ['hello bob', 'alice', markup, 'stream:started quality=hd']);
  await expectText('#reviews', ['DENY', 'a spoiler', 'the handler: no spoilers', 'ALLOW', 'hello bob', 'the handler decided']);
  // The denied message never reached the room.
  expect(await page.textContent('#activity')).not.toContain('a spoiler');
  // What a user wrote is text on the page, never markup.
  expect(await page.locator('#injected').count()).toBe(0);
  expect(await page.title()).toBe('IVS Chat, local');

  // Bob leaves: the page stops listing him as connected.
  bob.close();
  await page.waitForFunction(() => !document.querySelector('#rooms tbody')?.textContent?.includes('bob'), undefined, { timeout: 5_000 });
  await expectText('#rooms', ['alice']);
});

test('a review the handler does not answer shows the fallback and why', async () => {
  emulator.setFunctionInvoker(async () => { throw new Error('handler crashed'); });
  const alice = users[0];
  await expect(alice.room.sendMessage(new SendMessageRequest('are you there'))).rejects.toBeDefined();
  await expectText('#reviews', ["the room's fallback: error", 'handler crashed']);
});

/** Waits until the element's text contains every string. */
async function expectText(selector: string, texts: string[]): Promise<void> {
  try {
    await page.waitForFunction(
      ({ selector: s, texts: t }) => {
        const text = document.querySelector(s)?.textContent ?? '';
        return t.every((x) => text.includes(x));
      },
      { selector, texts },
      { timeout: 5_000 },
    );
  } catch {
    throw new Error(`${selector} does not show ${JSON.stringify(texts)}; it shows: ${await page.textContent(selector)}`);
  }
}
