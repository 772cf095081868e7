import { performance } from 'perf_hooks';
import { handler } from '../lambda/room-provider';
import { IvsChatEmulator, OperationName, startEmulator, pointSdkAt } from '../local/src/emulator';
import { createEvent, deleteEvent, props } from '../test/room-provider/fixtures';

/**
 * 50 Create events fired at the room provider at once, against the loopback emulator
 * with the real quotas (CreateRoom and DeleteRoom: 5 TPS), then 50 Delete events at once.
 * Prints, for each phase, the wall time, the quota floor (50 / 5 = 10 s), their ratio
 * (target <= 1.5), the calls made and the 429s. Exits 1 if any room failed.
 *
 * Usage: npx ts-node --transpile-only -P tsconfig.dev.json bench/concurrent-create.ts [rooms]
 *
 * One process plays all 50 Lambda invocations with one SDK client; in AWS each would
 * be its own container, which changes connection reuse, not the retry schedule.
 */

const QUOTA_TPS = 5;

interface Phase {
  readonly phase: 'create' | 'delete';
  readonly rooms: number;
  readonly seconds: number;
  readonly floorSeconds: number;
  readonly ratio: number;
  readonly calls: number;
  readonly throttled: number;
  /** Every API call of the phase by operation (a create first lists the rooms of its name). */
  readonly byOperation: Record<string, { calls: number; throttled: number }>;
  readonly failed: number;
}

async function phase(
  emu: IvsChatEmulator, name: Phase['phase'], operation: OperationName, work: () => Promise<PromiseSettledResult<unknown>[]>,
): Promise<{ figures: Phase; results: PromiseSettledResult<unknown>[] }> {
  emu.clearCalls();
  const started = performance.now();
  const results = await work();
  const seconds = (performance.now() - started) / 1000;
  const floorSeconds = results.length / QUOTA_TPS;
  const failed = results.filter((r) => r.status === 'rejected');
  for (const failure of failed.slice(0, 3)) {
    console.error(`${name} failed: ${((failure as PromiseRejectedResult).reason as Error).message}`);
  }
  return {
    results,
    figures: {
      phase: name,
      rooms: results.length,
      seconds: round(seconds, 2),
      floorSeconds,
      ratio: round(seconds / floorSeconds, 2),
      calls: emu.count(operation),
      throttled: emu.count(operation, { status: 429 }),
      byOperation: Object.fromEntries([...new Set(emu.calls.map((c) => c.operation))].map((op) => [op, {
        calls: emu.calls.filter((c) => c.operation === op).length,
        throttled: emu.calls.filter((c) => c.operation === op && c.status === 429).length,
      }])),
      failed: failed.length,
    },
  };
}

async function main(): Promise<void> {
  const rooms = Number(process.argv[2] ?? 50);
  const emu = await startEmulator({ rateLimits: true });
  // The handler builds its client on first use, with standard endpoint resolution.
  pointSdkAt(emu);

  try {
    const create = await phase(emu, 'create', 'CreateRoom', () => Promise.allSettled(
      Array.from({ length: rooms }, (_, i) => handler(createEvent(props({ Name: `bench${i}` })))),
    ));
    const arns = create.results.flatMap((r) => (r.status === 'fulfilled' ? [(r.value as { PhysicalResourceId: string }).PhysicalResourceId] : []));
    const distinct = new Set(arns).size;
    const present = emu.rooms().filter((room) => arns.includes(room.arn)).length;
    console.log(JSON.stringify({ ...create.figures, distinctArns: distinct, roomsInEmulator: present }));

    const remove = await phase(emu, 'delete', 'DeleteRoom', () => Promise.allSettled(arns.map((arn) => handler(deleteEvent(arn)))));
    console.log(JSON.stringify({ ...remove.figures, roomsLeft: emu.rooms().length }));

    const ok = create.figures.failed === 0 && distinct === rooms && present === rooms
      && remove.figures.failed === 0 && emu.rooms().length === 0;
    console.log(`node ${process.version}, ${new Date().toISOString()}: ${ok ? 'all rooms created and deleted' : 'FAILED'}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await emu.stop();
  }
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
