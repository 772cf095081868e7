/**
 * Cold start of the token issuer, per way of making its one CreateChatToken call, side by side
 * in one run: module init (`require` of the bundle) and init plus the first request, each in
 * fresh Node processes (median of `runs`, the options interleaved so that load drift hits all
 * alike), next to requiring `@aws-sdk/client-ivschat` alone. The other two handlers' bundles
 * are measured too, as they ship.
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/cold-start.ts [runs=15]
 *
 * Options (the handler code is the same; only the client and the bundling differ):
 * - `SDK external`: `@aws-sdk/client-ivschat`, left to the Lambda runtime (the issuer until now);
 * - `SDK bundled, minified`: the same, bundled from its ES modules (tree-shaken) and minified;
 * - `own signed call` (shipped): lambda/token-issuer/client.ts, with `@smithy/signature-v4`;
 * - `own signed call, minified`: the same, minified.
 * The first request goes to the loopback emulator (quota off) started by this script.
 */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import * as zlib from 'zlib';
import { CreateRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import * as esbuild from 'esbuild';
import { median } from './stats';
import { startEmulator } from '../local/src/emulator';
import { TOKEN_ISSUER_SETTINGS_VARIABLE } from '../src/private/shared/token-contract';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out', 'cold-start');
const ENTRY = path.join(ROOT, 'lambda', 'token-issuer', 'index.ts');
const SDK_TRANSPORT = path.join(ROOT, 'test', 'token-issuer', 'sdk-transport.ts');

interface Option {
  readonly name: string;
  readonly bundle: string;
  /** Sends a request after init (the token issuer's options). */
  readonly request: boolean;
}

/** Replaces the issuer's `./client` with the same call through @aws-sdk/client-ivschat. */
const throughSdk: esbuild.Plugin = {
  name: 'through-sdk',
  setup(build) {
    build.onResolve({ filter: /^\.\/client$/ }, (args) => (args.importer.endsWith(path.join('token-issuer', 'index.ts')) ? { path: SDK_TRANSPORT } : undefined));
  },
};

async function buildOptions(): Promise<Option[]> {
  fs.mkdirSync(OUT, { recursive: true });
  const base: esbuild.BuildOptions = { entryPoints: [ENTRY], bundle: true, platform: 'node', target: 'node22', logLevel: 'warning' };
  const es = { mainFields: ['module', 'main'] };
  const out = (name: string) => path.join(OUT, `${name}.js`);
  await esbuild.build({ ...base, external: ['@aws-sdk/*'], plugins: [throughSdk], outfile: out('sdk-external') });
  await esbuild.build({ ...base, ...es, minify: true, plugins: [throughSdk], outfile: out('sdk-bundled-min') });
  // As the build makes the shipped bundle (.projenrc.ts), and minified.
  await esbuild.build({ ...base, ...es, external: ['@aws-sdk/*'], outfile: out('own-signed') });
  await esbuild.build({ ...base, ...es, external: ['@aws-sdk/*'], minify: true, outfile: out('own-signed-min') });
  const assets = path.join(ROOT, 'assets', 'lambda');
  if (!fs.existsSync(path.join(assets, 'room-provider', 'index', 'index.js'))) {
    execFileSync('npx', ['projen', 'bundle'], { cwd: ROOT, stdio: 'inherit' });
  }
  return [
    { name: 'token issuer: SDK external (until now)', bundle: out('sdk-external'), request: true },
    { name: 'token issuer: SDK bundled, minified', bundle: out('sdk-bundled-min'), request: true },
    { name: 'token issuer: own signed call (shipped)', bundle: out('own-signed'), request: true },
    { name: 'token issuer: own signed call, minified', bundle: out('own-signed-min'), request: true },
    { name: 'room provider (as shipped, SDK external)', bundle: path.join(assets, 'room-provider', 'index', 'index.js'), request: false },
    { name: 'message reviewer (as shipped, no SDK)', bundle: path.join(assets, 'message-review', 'index', 'index.js'), request: false },
  ];
}

/**
 * Milliseconds to require `target` in a fresh process, and to its first answer when `event` is
 * given. Asynchronous: the emulator that answers runs in this process.
 */
async function measure(target: string, env: NodeJS.ProcessEnv, event?: unknown): Promise<{ initMs: number; firstMs?: number }> {
  const script = event === undefined
    ? `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(JSON.stringify({initMs:Number(process.hrtime.bigint()-t)/1e6}))`
    : `const t=process.hrtime.bigint();const {handler}=require(${JSON.stringify(target)});const i=Number(process.hrtime.bigint()-t)/1e6;`
      + `console.log=()=>{};handler(${JSON.stringify(event)}).then((r)=>{if(r.statusCode!==200)throw new Error(r.body);`
      + 'process.stdout.write(JSON.stringify({initMs:i,firstMs:Number(process.hrtime.bigint()-t)/1e6}))})';
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: ROOT, env, encoding: 'utf8' });
  return JSON.parse(stdout);
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 15);
  const options = await buildOptions();
  const emu = await startEmulator({ rateLimits: false });
  const admin = new IvschatClient({ region: emu.region, endpoint: emu.endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  const room = (await admin.send(new CreateRoomCommand({ name: 'cold-start' }))).arn!;
  admin.destroy();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_ENDPOINT_URL_IVSCHAT: emu.endpoint,
    AWS_REGION: emu.region,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    // Every other setting takes the handler's default.
    [TOKEN_ISSUER_SETTINGS_VARIABLE]: JSON.stringify({ roomArns: [room] }),
  };
  const event = {
    version: '2.0',
    rawPath: '/',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomIdentifier: room }),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/' }, authorizer: { jwt: { claims: { sub: 'cold-start' } } } },
  };

  const sdkAlone: number[] = [];
  const samples = new Map<Option, { initMs: number; firstMs?: number }[]>(options.map((o) => [o, []]));
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    sdkAlone.push((await measure('@aws-sdk/client-ivschat', env)).initMs);
    for (const option of options) samples.get(option)!.push(await measure(option.bundle, env, option.request ? event : undefined));
    loads.push(os.loadavg()[0]);
  }
  await emu.stop();

  const sdkMs = median(sdkAlone);
  const rows = [['', 'init ms (median)', '÷ SDK alone', 'init + first request ms', 'bundle bytes', 'gzip bytes']];
  rows.push(['@aws-sdk/client-ivschat alone', sdkMs.toFixed(1), '1.00', '', '', '']);
  const results: Record<string, unknown> = { runs, sdkAloneMs: sdkMs, loadAverage: { min: Math.min(...loads), max: Math.max(...loads) } };
  for (const option of options) {
    const s = samples.get(option)!;
    const initMs = median(s.map((x) => x.initMs));
    const firstMs = option.request ? median(s.map((x) => x.firstMs!)) : undefined;
    const bytes = fs.statSync(option.bundle).size;
    const gzip = zlib.gzipSync(fs.readFileSync(option.bundle)).length;
    rows.push([option.name, initMs.toFixed(1), (initMs / sdkMs).toFixed(2), firstMs?.toFixed(1) ?? '', String(bytes), String(gzip)]);
    results[option.name] = { initMs, firstMs, bytes, gzip, ratio: initMs / sdkMs };
  }
  console.log(`Cold start in fresh processes, median of ${runs} (Node ${process.version}, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, ${new Date().toISOString()})\n`);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(rows.map((r) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`).join('\n'));
  const shipped = results['token issuer: own signed call (shipped)'] as { ratio: number };
  console.log(`\nTarget: issuer init ≤ 0.5 × @aws-sdk/client-ivschat alone: ${shipped.ratio.toFixed(2)} — ${shipped.ratio <= 0.5 ? 'met' : 'MISSED'}`);
  fs.writeFileSync(path.join(ROOT, 'bench', 'out', 'cold-start.json'), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
