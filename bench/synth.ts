import { performance } from 'perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import { ChatRoom } from '../src';

/**
 * Synthesizes stacks of N ChatRooms and of N CfnRooms (N = 1, 10, 100, 300) in one run and compares
 * wall time, template bytes per room and Lambda functions.
 * Usage: bench/synth.ts [repeats]
 */

type Flavour = 'ChatRoom' | 'CfnRoom';
interface Figure { ms: number; bytesPerRoom: number; lambdas: number }

function synthOnce(flavour: Flavour, rooms: number): Figure {
  const started = performance.now();
  const app = new App();
  const stack = new Stack(app, 'Bench');
  for (let i = 0; i < rooms; i++) {
    if (flavour === 'ChatRoom') {
      new ChatRoom(stack, `Room${i}`, { maximumMessageRatePerSecond: 10 });
    } else {
      new ivschat.CfnRoom(stack, `Room${i}`, { maximumMessageRatePerSecond: 10 });
    }
  }
  const template = app.synth().getStackByName('Bench').template;
  const ms = performance.now() - started;
  const resources = Object.values<{ Type: string }>(template.Resources);
  return {
    ms,
    bytesPerRoom: JSON.stringify(template).length / rooms,
    lambdas: resources.filter((r) => r.Type === 'AWS::Lambda::Function').length,
  };
}

/** Median of `repeats` runs, alternating flavours so drift hits both alike. */
function measure(rooms: number, repeats: number): Record<Flavour, Figure> {
  const runs: Record<Flavour, Figure[]> = { ChatRoom: [], CfnRoom: [] };
  for (let i = 0; i < repeats; i++) {
    for (const flavour of (i % 2 === 0 ? ['ChatRoom', 'CfnRoom'] : ['CfnRoom', 'ChatRoom']) as Flavour[]) {
      runs[flavour].push(synthOnce(flavour, rooms));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summarize = (figures: Figure[]): Figure => ({
    ms: median(figures.map((f) => f.ms)),
    bytesPerRoom: figures[0].bytesPerRoom,
    lambdas: figures[0].lambdas,
  });
  return { ChatRoom: summarize(runs.ChatRoom), CfnRoom: summarize(runs.CfnRoom) };
}

const repeats = Number(process.argv[2] ?? 21);
// Warm both code paths (module loading, first synth) before measuring.
synthOnce('ChatRoom', 1);
synthOnce('CfnRoom', 1);

console.log(`Synth wall time, median of ${repeats} runs (node ${process.version})`);
console.log('rooms | CfnRoom ms | ChatRoom ms | ratio | CfnRoom B/room | ChatRoom B/room | CfnRoom λ | ChatRoom λ');
for (const rooms of [1, 10, 100, 300]) {
  const { ChatRoom: ours, CfnRoom: base } = measure(rooms, repeats);
  console.log([
    rooms,
    base.ms.toFixed(1),
    ours.ms.toFixed(1),
    (ours.ms / base.ms).toFixed(2),
    base.bytesPerRoom.toFixed(0),
    ours.bytesPerRoom.toFixed(0),
    base.lambdas,
    ours.lambdas,
  ].join(' | '));
}
