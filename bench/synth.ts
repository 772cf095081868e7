import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import { median } from './stats';
import { SynthFigure, synthFigure } from './synth-figure';
import { ChatRoom } from '../src';

/**
 * Synthesizes stacks of N ChatRooms and of N CfnRooms (N = 1, 10, 100, 300) in one run and compares
 * wall time, template bytes per room and Lambda functions.
 * Usage: bench/synth.ts [repeats]
 */

type Flavour = 'ChatRoom' | 'CfnRoom';
type Figure = SynthFigure;

function synthOnce(flavour: Flavour, rooms: number): Figure {
  return synthFigure(rooms, (stack, id) => (flavour === 'ChatRoom'
    ? new ChatRoom(stack, id, { maximumMessageRatePerSecond: 10 })
    : new ivschat.CfnRoom(stack, id, { maximumMessageRatePerSecond: 10 })
  ));
}

/** Median of `repeats` runs, alternating flavours so drift hits both alike. */
function measure(rooms: number, repeats: number): Record<Flavour, Figure> {
  const runs: Record<Flavour, Figure[]> = { ChatRoom: [], CfnRoom: [] };
  for (let i = 0; i < repeats; i++) {
    for (const flavour of (i % 2 === 0 ? ['ChatRoom', 'CfnRoom'] : ['CfnRoom', 'ChatRoom']) as Flavour[]) {
      runs[flavour].push(synthOnce(flavour, rooms));
    }
  }
  const summarize = (figures: Figure[]): Figure => ({ ...figures[0], ms: median(figures.map((f) => f.ms)) });
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
