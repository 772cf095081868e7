// Synthesizes the TypeScript twins into <outdir>/ts/<app>, the cloud
// assemblies the Python and Java twins are compared with.
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { EVERYTHING_ENV, EVERYTHING_STACK, EverythingStack } from './twins/everything';
import { ChatStack, QUICKSTART_STACK } from './twins/quickstart';

const outdir = process.argv[2];
if (!outdir) {
  throw new Error('usage: synth-ts.ts <outdir>');
}

const quickstart = new App({ outdir: path.join(outdir, 'ts', 'quickstart') });
new ChatStack(quickstart, QUICKSTART_STACK);
quickstart.synth();

const everything = new App({ outdir: path.join(outdir, 'ts', 'everything') });
new EverythingStack(everything, EVERYTHING_STACK, { env: EVERYTHING_ENV });
everything.synth();
