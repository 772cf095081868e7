import { performance } from 'perf_hooks';
import { App, Stack } from 'aws-cdk-lib';

/** One synth of a stack of rooms: wall time, template bytes per room, Lambda functions, other resources. */
export interface SynthFigure {
  readonly ms: number;
  readonly bytesPerRoom: number;
  readonly lambdas: number;
  /** Resources besides the rooms. */
  readonly resources: number;
}

/** Synthesizes a fresh app whose one stack gets `rooms` rooms from `addRoom`, timed from `new App()` to the template. */
export function synthFigure(rooms: number, addRoom: (stack: Stack, id: string) => void): SynthFigure {
  const started = performance.now();
  const app = new App();
  const stack = new Stack(app, 'Bench');
  for (let i = 0; i < rooms; i++) addRoom(stack, `Room${i}`);
  const template = app.synth().getStackByName('Bench').template;
  const ms = performance.now() - started;
  const resources = Object.values<{ Type: string }>(template.Resources);
  return {
    ms,
    bytesPerRoom: JSON.stringify(template).length / rooms,
    lambdas: resources.filter((r) => r.Type === 'AWS::Lambda::Function').length,
    resources: resources.length - rooms,
  };
}
