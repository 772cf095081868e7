import { GetRoomCommand, IvschatClient, ListRoomsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ivschat';
import { summarize } from './summarize';
import { runChatScenario } from '../test/e2e/scenario';
import { IvsChatEmulator, startEmulator } from '../test/emulator';
import { OfflineStack, StackOperationResult } from '../test/harness';

/**
 * The demo: the example app, synthesized twice by the cdk CLI (versions 1 and
 * 2, see examples/stack.ts), deployed offline to the loopback IVS Chat
 * emulator through the room-provider bundle in the cloud assembly; then two
 * users chat in it with the official `amazon-ivs-chat-messaging` client
 * (tokens from the bundled token issuer, messages through the bundled review
 * handler); then it is updated and deleted. Exits non-zero unless every step
 * behaves as expected.
 * Usage: demo.ts <assembly v1> <assembly v2>
 */

const STACK = 'IvsChatDemo';

type RoomView = Record<string, unknown>;

async function main(v1: string, v2: string) {
  summarize(v1);

  const emulator = await startEmulator();
  const failures: string[] = [];
  const expect = (ok: boolean, what: string) => {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
  };

  try {
    const ivschat = new IvschatClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: { accessKeyId: 'AKIDOFFLINEDEMO', secretAccessKey: 'offline' },
      // GetRoom is 5 TPS; reading the rooms before and after a quick update can exceed it.
      maxAttempts: 10,
    });
    const stack = new OfflineStack(STACK, { endpoint: emulator.endpoint, region: emulator.region, accountId: emulator.accountId });

    console.log(`\n== Deploy version 1 to the IVS Chat emulator at ${emulator.endpoint}`);
    const created = await stack.deploy(v1);
    report(created, emulator);
    expect(created.stackStatus === 'CREATE_COMPLETE', 'stack CREATE_COMPLETE');
    expect(emulator.count('CreateRoom', { successOnly: true }) === 3, 'three rooms, one CreateRoom each');
    const before = await describeRooms(ivschat, emulator);
    printRooms(before);

    console.log('\n== Chat in version 1 with amazon-ivs-chat-messaging');
    console.log('  the emulator runs review handlers from the assembly\'s bundled functions (200 ms deadline)');
    emulator.setFunctionInvoker(stack.functionInvoker());
    stack.warmUp(emulator.rooms().flatMap((room) => room.messageReviewHandler ? [room.messageReviewHandler.uri] : []));
    const chat = await runChatScenario({ emulator, stack, log: (line) => console.log(line) });
    expect(chat.ok, `the chat scenario: ${chat.checks.filter((c) => c.ok).length} of ${chat.checks.length} checks passed`);

    console.log('\n== Update to version 2');
    emulator.clearCalls();
    const updated = await stack.deploy(v2);
    report(updated, emulator);
    expect(updated.stackStatus === 'UPDATE_COMPLETE', 'stack UPDATE_COMPLETE');
    const after = await describeRooms(ivschat, emulator);
    printDiff(before, after);
    expect(after.stage?.messageReviewHandler === undefined, 'the stage room has no review handler any more');
    expect(after.lobby?.maximumMessageRatePerSecond === 100, 'the lobby takes 100 messages per second (CloudFormation caps it at 10)');
    expect(!('announcements' in after) && 'questions' in after, 'announcements deleted, questions created');
    expect(after.lobby?.arn === before.lobby?.arn, 'the lobby was updated in place');

    console.log('\n== Update to version 2 again (nothing changed)');
    emulator.clearCalls();
    const unchanged = await stack.deploy(v2);
    expect(unchanged.stackStatus === 'NO_CHANGES' && emulator.calls.length === 0, 'no API call');

    console.log('\n== Delete the stack');
    emulator.clearCalls();
    const deleted = await stack.destroy();
    report(deleted, emulator);
    expect(deleted.stackStatus === 'DELETE_COMPLETE', 'stack DELETE_COMPLETE');
    const left = (await ivschat.send(new ListRoomsCommand({}))).rooms ?? [];
    console.log(`  ListRooms: ${left.length} rooms left`);
    expect(left.length === 0, 'nothing left behind');
  } finally {
    await emulator.stop();
  }

  if (failures.length > 0) {
    console.error(`\nThe demo failed: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('\nThe demo behaved as expected.');
}

function report(result: StackOperationResult, emulator: IvsChatEmulator) {
  for (const event of result.events) {
    console.log(`  ${event.logicalId.padEnd(26)} ${event.status.padEnd(18)} ${event.physicalId ?? ''}${event.reason ? `  ${event.reason}` : ''}`);
  }
  const calls = emulator.calls.reduce<Record<string, number>>((counts, call) => {
    const key = call.status === 429 ? `${call.operation} (throttled)` : call.operation;
    return { ...counts, [key]: (counts[key] ?? 0) + 1 };
  }, {});
  console.log(`  ${result.stackStatus}; API calls: ${Object.entries(calls).map(([op, n]) => `${op} ${n}`).join(', ') || 'none'}`);
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

function printRooms(rooms: Record<string, RoomView>) {
  for (const [name, room] of Object.entries(rooms)) {
    console.log(`  GetRoom ${name}: ${JSON.stringify(room)}`);
  }
}

function printDiff(before: Record<string, RoomView>, after: Record<string, RoomView>) {
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!after[name]) {
      console.log(`  - ${name} deleted`);
    } else if (!before[name]) {
      console.log(`  + ${name} created: ${JSON.stringify(after[name])}`);
    } else {
      for (const key of new Set([...Object.keys(before[name]), ...Object.keys(after[name])])) {
        const [was, now] = [JSON.stringify(before[name][key]), JSON.stringify(after[name][key])];
        if (was !== now) {
          console.log(`  ~ ${name}.${key}: ${was ?? '(none)'} -> ${now ?? '(none)'}`);
        }
      }
    }
  }
}

main(process.argv[2] ?? 'cdk.out/demo-v1', process.argv[3] ?? 'cdk.out/demo-v2').catch((error) => {
  console.error(error);
  process.exit(1);
});
