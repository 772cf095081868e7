/// <reference lib="dom" />
// (the functions given to page.waitForFunction run in the browser)
import * as fs from 'fs';
import * as path from 'path';
import { IvschatClient, SendEventCommand } from '@aws-sdk/client-ivschat';
import { SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { chromium, Browser, Page } from 'playwright-core';
import { developmentTokenFromCli, parseSummary, PrintedSummary, startCli, synthExample, useSession } from './cli';
import { fetchChatToken } from '../../examples/token-provider';
import { ChatUser, within } from '../e2e/clients';
import { MASKED_TEXT } from '../e2e/scenario';

/**
 * The command's web page in a real Chromium (Debian's package, or CHROMIUM_PATH), driven by
 * playwright-core: the example app runs locally, alice and maya chat in the stage room through
 * its MessageReviewer, a backend sends an event, and the page shows the rooms, who is connected,
 * the messages and events, and each review decision with what decided it and how long it took
 * (what the page says of denials and fallbacks: page.test.ts).
 */

jest.setTimeout(60_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const session = useSession('local-page-');
let browser: Browser;
let page: Page;
let printed: PrintedSummary;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`The browser test needs Chromium at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH`);
  }
  const assembly = synthExample(path.join(session.workDir, 'cdk.out'));
  session.running = await startCli([assembly, '--port', '0']);
  printed = parseSummary(session.running.stdout);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

test('the page shows rooms, connected users, messages, events and review decisions as they flow', async () => {
  const stage = printed.rooms.stage.arn;
  const signIn = (...args: string[]) => {
    const token = developmentTokenFromCli(args);
    return () => fetchChatToken(printed.issuers.Tokens, {
      method: 'POST',
      headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ roomIdentifier: stage }),
    });
  };
  const alice = new ChatUser('alice', printed.regionOrUrl, signIn('alice'));
  const maya = new ChatUser('maya', printed.regionOrUrl, signIn('maya', '--groups', 'moderators'));
  session.users.push(alice, maya);
  await Promise.all([alice.connect(5_000), maya.connect(5_000)]);

  await page.goto(printed.page);
  expect(await page.title()).toBe('IVS Chat, local');
  await expectText('#rooms', ['lobby', 'stage', 'announcements', stage, '200 chars, 50 msg/s', 'fallback DENY', 'alice', 'maya']);
  await expectText('#control-plane', [printed.endpoint]);
  await expectText('#messaging', [printed.regionOrUrl]);
  await expectText('#issuers', ['IvsChatDemo: token issuer Tokens at', printed.issuers.Tokens]);

  // The reviewer masks the denied terms: the page shows what was reviewed and what was delivered.
  const masked = await within(alice.room.sendMessage(new SendMessageRequest(MASKED_TEXT)), 'the masked message', 5_000);
  expect(masked.attributes?.reviewReason).toBe('denied-term');
  // What a user writes is text on the page, never markup.
  const markup = '<img src=x id=injected onerror="document.title=\'owned\'">';
  await within(maya.room.sendMessage(new SendMessageRequest(markup)), 'the markup message', 5_000);
  const backend = new IvschatClient({
    endpoint: printed.endpoint, region: printed.region, credentials: { accessKeyId: 'AKIDANYTHING', secretAccessKey: 'anything' }, maxAttempts: 1,
  });
  try {
    await backend.send(new SendEventCommand({ roomIdentifier: stage, eventName: 'stream:started', attributes: { quality: 'hd' } }));
  } finally {
    backend.destroy();
  }

  await expectText('#activity', [masked.content, 'alice', markup, 'maya', 'stream:started quality=hd']);
  // The reviewer masked alice's message and said why in its reason attribute.
  await expectText('#reviews', [MASKED_TEXT, 'ALLOW', 'the handler decided', `reviewReason=${masked.attributes?.reviewReason}`]);
  const activity = await page.textContent('#activity');
  expect(activity).not.toContain(MASKED_TEXT);
  expect(await page.locator('#injected').count()).toBe(0);
  expect(await page.title()).toBe('IVS Chat, local');
  // Each decision says how long the handler took, in milliseconds.
  const durations = await page.$$eval('#reviews tbody tr td:last-child', (cells) => cells.map((c) => c.textContent));
  expect(durations.length).toBe(2);
  durations.forEach((ms) => expect(ms).toMatch(/^\d+$/));

  // Maya leaves: the page stops listing her.
  maya.close();
  await page.waitForFunction(() => !document.querySelector('#rooms tbody')?.textContent?.includes('maya'), undefined, { timeout: 5_000 });
  await expectText('#rooms', ['alice']);
});

test('anything else below the page is 404', async () => {
  const response = await fetch(new URL('elsewhere', printed.page));
  expect(response.status).toBe(404);
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
