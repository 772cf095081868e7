/**
 * Synthesizes reviewers in this process's temp directory and reports what
 * was staged, for `message-reviewer.test.ts`, which runs it as a child process
 * with `TMPDIR` pointing at a directory of its own.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MessageReviewer, MessageReviewerProps } from '../../src';

/** What the scenario found. */
export interface StagingReport {
  /** A folder planted where earlier versions staged the asset, and the assets synth staged after it. */
  readonly planted: {
    readonly plantedPath: string;
    readonly assets: Array<{ indexIsTheBundle: boolean; configIsTheConfiguration: boolean }>;
  };
  /** What one synth added to the temp directory, besides its cloud assembly. */
  readonly leftovers: string[];
  /** With asset staging disabled: the folder the template points at. */
  readonly stagingDisabled: { inTmpdir: boolean; mode: string; indexIsTheBundle: boolean; deniedTerms: string[] };
}

const BUNDLE = fs.readFileSync(path.join(__dirname, '..', '..', 'assets', 'lambda', 'message-review', 'index', 'index.js'));
const ENV = { account: '123456789012', region: 'us-east-1' };
const tmp = fs.realpathSync(os.tmpdir());

function synth(props: MessageReviewerProps, context?: Record<string, unknown>) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(tmp, 'cdk.out-')), context });
  const stack = new Stack(app, 'S', { env: ENV });
  new MessageReviewer(stack, 'Reviewer', props);
  const dir = app.synth().directory;
  const assets = fs.readdirSync(dir)
    .filter((name) => name.startsWith('asset.') && fs.existsSync(path.join(dir, name, 'config.json')))
    .map((name) => ({
      index: fs.readFileSync(path.join(dir, name, 'index.js')),
      config: fs.readFileSync(path.join(dir, name, 'config.json'), 'utf8'),
    }));
  return { stack, assets };
}

function planted(): StagingReport['planted'] {
  const props: MessageReviewerProps = { deniedTerms: ['bad'], maxLinks: 1 };
  const [first] = synth(props).assets;
  // Earlier versions staged into <tmpdir>/cdk-ivs-chat-message-review/<hash of the bundle and
  // the files> and reused that folder whenever it held an index.js: anyone on the host could
  // create it first.
  const hash = crypto.createHash('sha256').update(BUNDLE)
    .update('\0').update('config.json').update('\0').update(first.config)
    .digest('hex').slice(0, 32);
  const plantedPath = path.join(tmp, 'cdk-ivs-chat-message-review', hash);
  fs.mkdirSync(plantedPath, { recursive: true });
  fs.writeFileSync(path.join(plantedPath, 'index.js'), 'exports.handler = async (e) => ({ ReviewResult: "ALLOW", Content: e.Content, Attributes: {} });');
  fs.writeFileSync(path.join(plantedPath, 'config.json'), first.config);
  return {
    plantedPath,
    assets: synth(props).assets.map((a) => ({ indexIsTheBundle: a.index.equals(BUNDLE), configIsTheConfiguration: a.config === first.config })),
  };
}

function stagingDisabled(): StagingReport['stagingDisabled'] {
  // What the SAM CLI does; the asset path then goes into the template's metadata.
  const { stack } = synth({ deniedTerms: ['bad'] }, { 'aws:cdk:disable-asset-staging': true, 'aws:cdk:enable-asset-metadata': true });
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
  const source: string = Object.values(functions)[0].Metadata['aws:asset:path'];
  return {
    inTmpdir: path.dirname(fs.realpathSync(source)) === tmp,
    // The last three octal digits of the mode: the permission bits.
    mode: fs.statSync(source).mode.toString(8).slice(-3),
    indexIsTheBundle: fs.readFileSync(path.join(source, 'index.js')).equals(BUNDLE),
    deniedTerms: JSON.parse(fs.readFileSync(path.join(source, 'config.json'), 'utf8')).deniedTerms,
  };
}

function leftovers(): string[] {
  const before = new Set(fs.readdirSync(tmp));
  synth({ deniedTerms: ['bad'] });
  return fs.readdirSync(tmp).filter((name) => !before.has(name) && !name.startsWith('cdk.out-'));
}

const report: StagingReport = { leftovers: leftovers(), planted: planted(), stagingDisabled: stagingDisabled() };
process.stdout.write(JSON.stringify(report));
