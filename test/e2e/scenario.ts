/**
 * The chat scenario of the demo, run against the example app (examples/stack.ts, version 1)
 * deployed offline: two users get tokens from the bundled token issuer, connect with the
 * official `amazon-ivs-chat-messaging` client, chat through the stage room's review handler,
 * and a moderator deletes a message and disconnects a user. `npm run demo` prints it;
 * test/e2e/chat.test.ts asserts it.
 */
import { IvschatClient, SendEventCommand } from '@aws-sdk/client-ivschat';
import { ChatMessage, DeleteMessageRequest, DisconnectUserRequest, SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { chatError, ChatUser, claimsOf, fetchChatToken, SignedInUser, toChatToken, within } from './clients';
import type { IvsChatEmulator } from '../../local/src/emulator';
import type { OfflineStack } from '../../local/src/harness';

export interface ChatScenarioOptions {
  readonly emulator: IvsChatEmulator;
  /** The example stack, deployed, with the emulator's function invoker set to run its functions. */
  readonly stack: OfflineStack;
  /** Construct path of the token issuer's function in the stack. @default 'Tokens/Function' */
  readonly issuerPath?: string;
  /** Where every line goes. @default nowhere */
  readonly log?: (line: string) => void;
}

export interface ScenarioCheck {
  readonly step: string;
  readonly ok: boolean;
  readonly what: string;
}

export interface ChatScenarioResult {
  /** Every check, in order; a step that threw ends the scenario with a failed check. */
  readonly checks: ScenarioCheck[];
  readonly ok: boolean;
}

export const ALICE: SignedInUser = { sub: 'alice', username: 'Alice' };
export const MAYA: SignedInUser = { sub: 'maya', username: 'Maya', groups: ['moderators'] };

/** Breaks two of the stage reviewer's rules: denied terms, which its MASK action masks. */
export const MASKED_TEXT = 'Want to buy followers? Huge spoiler ahead!';

export async function runChatScenario(options: ChatScenarioOptions): Promise<ChatScenarioResult> {
  const { emulator, stack } = options;
  const log = options.log ?? (() => undefined);
  const checks: ScenarioCheck[] = [];
  let step = '';
  const begin = (title: string) => {
    step = title;
    log(`\n-- ${title}`);
  };
  const check = (ok: boolean, what: string) => {
    checks.push({ step, ok, what });
    log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
    return ok;
  };
  const users: ChatUser[] = [];
  const ivschat = new IvschatClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: { accessKeyId: 'AKIDOFFLINEDEMO', secretAccessKey: 'offline' },
    maxAttempts: 1,
  });

  try {
    begin('Two users sign in; their app fetches chat tokens from the bundled token issuer');
    const stage = emulator.rooms().find((r) => r.name === 'stage');
    if (!check(stage !== undefined, 'the stage room exists')) return { checks, ok: false };
    const issuerArn = stack.functionArn(options.issuerPath ?? 'Tokens/Function');
    const issuer = stack.functions().find((f) => f.functionArn === issuerArn)!;
    log(`  issuer ${issuerArn}`);
    const servedRooms: string[] = JSON.parse(issuer.environment.CHAT_TOKEN_ISSUER_SETTINGS).roomArns;
    log(`  its rooms, resolved at deploy: ${servedRooms.join(', ')}`);
    const stackRooms = [...stack.resources().values()].map((r) => r.physicalId).filter((id) => /^arn:[^:]+:ivschat:.*:room\//.test(id));
    check(stackRooms.length > 0 && stackRooms.every((arn) => servedRooms.includes(arn)),
      `the issuer serves the ${stackRooms.length} rooms the stack created in the emulator`);

    const tokenProvider = (user: SignedInUser) => async () => {
      // What the browser app does: POST to the token route with the user's JWT; API Gateway's
      // JWT authorizer turns it into claims; the 200 JSON becomes the SDK's ChatToken.
      const response = await fetchChatToken(stack, issuerArn, stage!.arn, claimsOf(user));
      log(`  ${user.username}'s app got a token (${response.token.slice(0, 12)}…, connect by ${response.tokenExpirationTime}, session until ${response.sessionExpirationTime})`);
      return toChatToken(response);
    };
    const alice = new ChatUser('alice', emulator.messagingEndpoint, tokenProvider(ALICE));
    const maya = new ChatUser('maya', emulator.messagingEndpoint, tokenProvider(MAYA));
    users.push(alice, maya);

    begin(`Both connect to the stage room with amazon-ivs-chat-messaging at ${emulator.messagingEndpoint}`);
    await Promise.all([alice.connect(), maya.connect()]);
    check(alice.room.state === 'connected' && maya.room.state === 'connected', 'alice and maya are connected');
    const capabilities = (userId: string) => emulator.sessions().find((s) => s.userId === userId && s.state === 'OPEN')?.capabilities ?? [];
    log(`  alice may ${capabilities('alice').join(', ')}; maya may ${capabilities('maya').join(', ')}`);
    check(sameSet(capabilities('alice'), ['SEND_MESSAGE']), 'alice\'s token allows SEND_MESSAGE only');
    check(sameSet(capabilities('maya'), ['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER']), 'maya, in group moderators, may also delete messages and disconnect users');

    begin('Alice says hello');
    const hello = await within(alice.room.sendMessage(new SendMessageRequest('Hello, stage!')), 'alice\'s message to be delivered');
    const helloAtMaya = await maya.waitFor(() => maya.messages.find((m) => m.id === hello.id), 'maya to receive it');
    log(`  maya received ${describeMessage(helloAtMaya)}`);
    check(helloAtMaya.content === 'Hello, stage!', 'maya received it unchanged');
    check(helloAtMaya.sender.attributes?.displayName === 'Alice', 'the sender carries the display name from the preferred_username claim');

    begin('Alice sends a message that breaks the stage reviewer\'s rules');
    const masked = await within(alice.room.sendMessage(new SendMessageRequest(MASKED_TEXT)), 'the reviewed message to be delivered');
    const maskedAtMaya = await maya.waitFor(() => maya.messages.find((m) => m.id === masked.id), 'maya to receive the reviewed message');
    const review = emulator.reviews().find((r) => r.messageId === masked.id);
    log(`  sent:      "${MASKED_TEXT}"`);
    log(`  delivered: ${describeMessage(maskedAtMaya)}`);
    log(`  review: ${review?.result} by ${review?.decidedBy} ${review?.uri} in ${review?.durationMs} ms`);
    check(review?.decidedBy === 'handler' && review.result === 'ALLOW', 'the review handler (the bundled MessageReviewer) answered within 200 ms');
    check(maskedAtMaya.content !== MASKED_TEXT && !/buy followers|spoiler/i.test(maskedAtMaya.content), 'the denied terms were masked');
    check(maskedAtMaya.attributes?.reviewReason !== undefined, `the reason is attached (reviewReason=${maskedAtMaya.attributes?.reviewReason})`);

    begin('The backend sends an event through the control plane (SendEvent)');
    const { id: eventId } = await ivschat.send(new SendEventCommand({ roomIdentifier: stage!.arn, eventName: 'app:poll', attributes: { question: 'Encore?' } }));
    for (const user of [alice, maya]) {
      const event = await user.waitFor(() => user.events.find((e) => e.id === eventId), `${user.name} to receive the event`);
      check(event.eventName === 'app:poll' && event.attributes?.question === 'Encore?', `${user.name} received event ${event.eventName} ${JSON.stringify(event.attributes)}`);
    }

    begin('Maya deletes the masked message');
    const deleted = await within(maya.room.deleteMessage(new DeleteMessageRequest(masked.id, 'spam')), 'the delete to be confirmed');
    check(deleted.messageId === masked.id, `maya's request was confirmed (event ${deleted.id})`);
    const deleteAtAlice = await alice.waitFor(() => alice.deletes.find((d) => d.messageId === masked.id), 'alice to be told to delete it');
    check(deleteAtAlice.reason === 'spam', `alice's app was told to remove message ${deleteAtAlice.messageId} (reason: ${deleteAtAlice.reason})`);

    begin('Alice tries the same: her token has no DELETE_MESSAGE');
    const refused = await chatError(alice.room.deleteMessage(new DeleteMessageRequest(hello.id)));
    check(refused.errorCode === 403, `refused with ${refused.errorCode}: ${refused.errorMessage}`);

    begin('Maya disconnects Alice');
    const kicked = await within(maya.room.disconnectUser(new DisconnectUserRequest('alice', 'cooling off')), 'the disconnect to be confirmed');
    check(kicked.userId === 'alice', 'maya\'s request was confirmed');
    const notice = await alice.waitFor(() => alice.disconnects.find((d) => d.userId === 'alice'), 'alice to be told');
    check(notice.reason === 'cooling off', `alice's app heard why: ${notice.reason}`);
    const reason = await alice.disconnected();
    check(reason === 'serverDisconnect', `alice's room reports disconnect: ${reason}`);
    check(maya.room.state === 'connected', 'maya is still connected');

    begin('Maya leaves');
    maya.close();
    check(await maya.disconnected() === 'clientDisconnect', 'maya disconnected');
    const sessions = await maya.waitFor(() => {
      const all = emulator.sessions();
      return all.every((s) => s.state === 'CLOSED') ? all : undefined;
    }, 'the emulator to see every session closed');
    check(true, `sessions: ${sessions.map((s) => `${s.userId} ${s.closeReason}`).join(', ')}`);
    check(emulator.messages().length === 2, `messages delivered: ${emulator.messages().length}; requests: ${summarizeRequests(emulator)}`);
  } catch (error) {
    check(false, `${step}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    users.forEach((user) => user.close());
    ivschat.destroy();
  }
  return { checks, ok: checks.length > 0 && checks.every((c) => c.ok) };
}

function describeMessage(message: ChatMessage): string {
  const attributes = message.attributes && Object.keys(message.attributes).length > 0 ? ` ${JSON.stringify(message.attributes)}` : '';
  return `"${message.content}" from ${message.sender.userId} ${JSON.stringify(message.sender.attributes ?? {})}${attributes} (id ${message.id})`;
}

function summarizeRequests(emulator: IvsChatEmulator): string {
  const counts = emulator.messagingRequests().reduce<Record<string, number>>((acc, r) => {
    const key = `${r.action} ${r.status}`;
    return { ...acc, [key]: (acc[key] ?? 0) + 1 };
  }, {});
  return Object.entries(counts).map(([k, n]) => `${k} x${n}`).join(', ');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && b.every((x) => a.includes(x));
}
