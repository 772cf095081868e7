import {
  DeleteMessageCommand, DisconnectUserCommand, GetRoomCommand, IvschatClient, ListRoomsCommand, ListTagsForResourceCommand,
} from '@aws-sdk/client-ivschat';
import { summarize } from './summarize';
import { AuthorizationRecord, EmulatorOptions, IvsChatEmulator, startEmulator } from '../local/src/emulator';
import { OfflineDeployOptions, OfflineStack, StackOperationResult } from '../local/src/harness';
import { runChatScenario } from '../test/e2e/scenario';

/**
 * The demo: the example app, synthesized twice by the cdk CLI (versions 1 and
 * 2, see examples/stack.ts), deployed offline to the loopback IVS Chat
 * emulator through the room-provider bundle in the cloud assembly; then two
 * users chat in it with the official `amazon-ivs-chat-messaging` client
 * (tokens from the bundled token issuer, messages through the bundled review
 * handler); then it is updated and deleted. Exits non-zero unless every step
 * behaves as expected. Every function calls the emulator as its own role, so a
 * permission the stack lacks fails the demo, naming what IAM refused.
 * Usage: demo.ts <assembly v1> <assembly v2>
 */

const STACK = 'IvsChatDemo';

type RoomView = Record<string, unknown>;
type Log = (line: string) => void;

/** How `runDemo` runs. */
export interface DemoOptions {
  /** Where every line goes. @default the console */
  readonly log?: Log;
  readonly emulator?: EmulatorOptions;
  /** Options of the offline deploy beyond the emulator's endpoint and IAM (e.g. `pendingFunctions`). */
  readonly harness?: Pick<OfflineDeployOptions, 'coldStartMs' | 'pendingFunctions' | 'deployerWritesResourcePolicies'>;
}

/** What `runDemo` found. */
export interface DemoResult {
  /** Every expectation that failed, and every call IAM refused. */
  readonly failures: string[];
  readonly denials: AuthorizationRecord[];
}

async function main(v1: string, v2: string) {
  summarize(v1);
  const { failures, denials } = await runDemo(v1, v2);
  if (failures.length > 0) {
    const refused = [...countBy(denials.map((d) => `${d.action} (${d.principal})`))].map(([what, n]) => `${what} x${n}`);
    console.error(`\nThe demo failed: ${failures.join('; ')}`);
    if (refused.length > 0) console.error(`IAM refused: ${refused.join(', ')}`);
    process.exit(1);
  }
  console.log('\nThe demo behaved as expected.');
}

/**
 * Deploys `v1`, chats in it, updates it to `v2`, updates again with no change, and deletes it,
 * checking every step; resolves to what failed (nothing, when the stack is what it should be).
 */
export async function runDemo(v1: string, v2: string, options: DemoOptions = {}): Promise<DemoResult> {
  const log: Log = options.log ?? ((line) => console.log(line));
  const emulator = await startEmulator(options.emulator);
  const failures: string[] = [];
  let denialsShown = 0;
  const expect = (ok: boolean, what: string) => {
    log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
    // Whatever IAM refused since the last check: on AWS these calls would fail the same way.
    const denials = emulator.denials().slice(denialsShown);
    denialsShown += denials.length;
    for (const [message, count] of countBy(denials.map((d) => d.message ?? ''))) {
      log(`       IAM refused${count > 1 ? ` (${count} times)` : ''}: ${message}`);
      if (ok) failures.push(`IAM refused: ${message}`);
    }
  };

  try {
    const ivschat = new IvschatClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: { accessKeyId: 'AKIDOFFLINEDEMO', secretAccessKey: 'offline' },
      // GetRoom is 5 TPS; reading the rooms before and after a quick update can exceed it.
      maxAttempts: 10,
    });
    const stack = new OfflineStack(STACK, { ...emulatorOptionsOf(emulator), ...options.harness });

    log(`\n== Deploy version 1 to the IVS Chat emulator at ${emulator.endpoint}`);
    log('  every function calls the emulator as its own role, with the identity policies of the template; the emulator');
    log('  invokes review handlers only as their AWS::Lambda::Permission allows');
    const created = await stack.deploy(v1);
    report(created, emulator, log);
    expect(created.stackStatus === 'CREATE_COMPLETE', 'stack CREATE_COMPLETE');
    expect(emulator.count('CreateRoom', { successOnly: true }) === 3, 'three rooms, one CreateRoom each');
    const before = await describeRooms(ivschat, emulator);
    printRooms(before, log);

    log('\n== Chat in version 1 with amazon-ivs-chat-messaging');
    log('  the emulator runs review handlers from the assembly\'s bundled functions (200 ms deadline)');
    emulator.setFunctionInvoker(stack.functionInvoker());
    stack.warmUp(emulator.rooms().flatMap((room) => room.messageReviewHandler ? [room.messageReviewHandler.uri] : []));
    const chat = await runChatScenario({ emulator, stack, log });
    for (const review of emulator.reviews().filter((r) => r.fallbackReason === 'invoke-denied')) {
      log(`       the review handler was not invoked for message ${review.messageId}: ${review.detail}`);
    }
    expect(chat.ok, `the chat scenario: ${chat.checks.filter((c) => c.ok).length} of ${chat.checks.length} checks passed`);

    log('\n== The moderation service, signing as the stack\'s ModerationRole, moderates the stage room');
    const moderation = new IvschatClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: stack.credentialsOf('ModerationRole'), maxAttempts: 3 });
    try {
      const stageArn = emulator.rooms().find((r) => r.name === 'stage')?.arn;
      const deleted = await moderation.send(new DeleteMessageCommand({ roomIdentifier: stageArn, id: 'AbCdEfGhIjKl', reason: 'spam' })).then(() => true, (e: Error) => e.name);
      expect(deleted === true, `DeleteMessage as ModerationRole: ${deleted === true ? 'sent' : deleted}`);
      const kicked = await moderation.send(new DisconnectUserCommand({ roomIdentifier: stageArn, userId: 'troll', reason: 'spam' })).then(() => true, (e: Error) => e.name);
      expect(kicked === true, `DisconnectUser as ModerationRole: ${kicked === true ? 'sent' : kicked}`);
    } finally {
      moderation.destroy();
    }

    log('\n== Update to version 2');
    emulator.clearCalls();
    const updated = await stack.deploy(v2);
    report(updated, emulator, log);
    expect(updated.stackStatus === 'UPDATE_COMPLETE', 'stack UPDATE_COMPLETE');
    const after = await describeRooms(ivschat, emulator);
    printDiff(before, after, log);
    expect(after.stage?.messageReviewHandler === undefined, 'the stage room has no review handler any more');
    expect(after.lobby?.maximumMessageRatePerSecond === 100, 'the lobby takes 100 messages per second (CloudFormation caps it at 10)');
    expect(!('announcements' in after) && 'questions' in after, 'announcements deleted, questions created');
    expect(after.lobby?.arn === before.lobby?.arn, 'the lobby was updated in place');

    log('\n== Update to version 2 again (nothing changed)');
    emulator.clearCalls();
    const unchanged = await stack.deploy(v2);
    expect(unchanged.stackStatus === 'NO_CHANGES' && emulator.calls.length === 0, 'no API call');

    log('\n== Delete the stack');
    emulator.clearCalls();
    const deleted = await stack.destroy();
    report(deleted, emulator, log);
    expect(deleted.stackStatus === 'DELETE_COMPLETE', 'stack DELETE_COMPLETE');
    const left = (await ivschat.send(new ListRoomsCommand({}))).rooms ?? [];
    log(`  ListRooms: ${left.length} rooms left`);
    expect(left.length === 0, 'nothing left behind');

    log('\n== Logs');
    const lost = stack.logDeliveries().filter((d) => d.dropped);
    for (const delivery of lost.slice(0, 3)) log(`       ${delivery.functionLogicalId}'s log lines were dropped: ${delivery.dropped}`);
    expect(lost.length === 0, `Lambda delivered every function's log lines to its log group (${stack.logDeliveries().length} invocations)`);
  } catch (error) {
    failures.push(`the demo stopped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await emulator.stop();
  }
  return { failures, denials: emulator.denials() };
}

function emulatorOptionsOf(emulator: IvsChatEmulator): OfflineDeployOptions {
  return { endpoint: emulator.endpoint, region: emulator.region, accountId: emulator.accountId, partition: emulator.partition, iam: emulator.iam };
}

function countBy(items: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function report(result: StackOperationResult, emulator: IvsChatEmulator, log: Log) {
  for (const event of result.events) {
    log(`  ${event.logicalId.padEnd(26)} ${event.status.padEnd(18)} ${event.physicalId ?? ''}${event.reason ? `  ${event.reason}` : ''}`);
  }
  const calls = emulator.calls.reduce<Record<string, number>>((counts, call) => {
    const key = call.status === 429 ? `${call.operation} (throttled)` : call.operation;
    return { ...counts, [key]: (counts[key] ?? 0) + 1 };
  }, {});
  log(`  ${result.stackStatus}; API calls: ${Object.entries(calls).map(([op, n]) => `${op} ${n}`).join(', ') || 'none'}`);
}

/** Every room, as GetRoom and ListTagsForResource return it, by name. */
async function describeRooms(ivschat: IvschatClient, emulator: IvsChatEmulator): Promise<Record<string, RoomView>> {
  const views: Record<string, RoomView> = {};
  for (const { arn } of emulator.rooms()) {
    const { $metadata, createTime, updateTime, ...room } = await ivschat.send(new GetRoomCommand({ identifier: arn }));
    const { tags } = await ivschat.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    views[room.name ?? arn] = { ...room, tags };
  }
  return views;
}

function printRooms(rooms: Record<string, RoomView>, log: Log) {
  for (const [name, room] of Object.entries(rooms)) {
    log(`  GetRoom ${name}: ${JSON.stringify(room)}`);
  }
}

function printDiff(before: Record<string, RoomView>, after: Record<string, RoomView>, log: Log) {
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!after[name]) {
      log(`  - ${name} deleted`);
    } else if (!before[name]) {
      log(`  + ${name} created: ${JSON.stringify(after[name])}`);
    } else {
      for (const key of new Set([...Object.keys(before[name]), ...Object.keys(after[name])])) {
        const [was, now] = [JSON.stringify(before[name][key]), JSON.stringify(after[name][key])];
        if (was !== now) {
          log(`  ~ ${name}.${key}: ${was ?? '(none)'} -> ${now ?? '(none)'}`);
        }
      }
    }
  }
}

if (require.main === module) {
  main(process.argv[2] ?? 'cdk.out/demo-v1', process.argv[3] ?? 'cdk.out/demo-v2').catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
