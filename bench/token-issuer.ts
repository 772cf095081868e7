/**
 * Token issuer benchmark: one handler instance (the shipped bundle) against the
 * loopback IVS Chat emulator, next to direct CreateChatToken calls with
 * `@aws-sdk/client-ivschat` in the same run.
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/token-issuer.ts [requests]
 *
 * Prints requests per second for both, the time each spends outside the HTTP
 * exchange with the emulator (timed from Node's `http.client.request.start` to
 * `http.client.response.finish` diagnostics channels) at p50 and p99: for the
 * issuer that is all of its own work (event, policy, signing, answer), for the
 * SDK its client-side work for the bare call; the bundle size and the module
 * init time, each against its target.
 */
import { execFileSync } from 'child_process';
import * as diagnostics from 'diagnostics_channel';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as zlib from 'zlib';
import { CreateChatTokenCommand, CreateRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { percentile } from './stats';
import { startEmulator, pointSdkAt } from '../local/src/emulator';
import { TOKEN_ISSUER_DEFAULTS, TOKEN_ISSUER_SETTINGS_VARIABLE, TokenIssuerSettings } from '../src/private/shared/token-contract';

const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, 'assets', 'lambda', 'token-issuer', 'index', 'index.js');
const REQUESTS = Number(process.argv[2] ?? 4000);
const ROUNDS = 10;
const WARMUP = 300;
const TARGETS = { overheadP50Ms: 0.5, bundleBytes: 25_000, initMs: 50 };

type Handler = (event: unknown) => Promise<{ statusCode: number; body: string }>;

async function main() {
  ensureBundle();
  const bundleBytes = fs.statSync(BUNDLE).size;
  const bundleGzip = zlib.gzipSync(fs.readFileSync(BUNDLE)).length;
  const init = measureInit();

  const emu = await startEmulator({ rateLimits: false });
  pointSdkAt(emu);
  // Configured as the handler configures its own client.
  const direct = new IvschatClient({ maxAttempts: 1 });
  const room = (await direct.send(new CreateRoomCommand({ name: 'bench' }))).arn!;
  configureIssuer(room);

  // Time in the HTTP exchange, per call, for both sides: the rest is the caller's own work.
  let httpMs = 0;
  const started = new WeakMap<object, number>();
  const onStart = ({ request }: any) => started.set(request, performance.now());
  const onFinish = ({ request }: any) => {
    httpMs += performance.now() - (started.get(request) ?? performance.now());
  };
  diagnostics.subscribe('http.client.request.start', onStart);
  diagnostics.subscribe('http.client.response.finish', onFinish);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(BUNDLE) as { handler: Handler };
  const event = httpApiEvent(room);

  const baseline = async () => {
    await direct.send(new CreateChatTokenCommand({ roomIdentifier: room, userId: 'bench-user', capabilities: ['SEND_MESSAGE'] }));
  };
  const ours = async () => {
    const response = await handler(event);
    if (response.statusCode !== 200) throw new Error(`handler answered ${response.statusCode}: ${response.body}`);
  };

  for (let i = 0; i < WARMUP; i++) {
    await baseline();
    await ours();
  }

  // Interleaved rounds, so that drift (GC, JIT, the emulator's growing token log) hits both sides alike.
  const perRound = Math.ceil(REQUESTS / ROUNDS);
  const baseTimes: number[] = [];
  const ourTimes: number[] = [];
  const baseOverheads: number[] = [];
  const overheads: number[] = [];
  let baseTotal = 0;
  let ourTotal = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    for (let i = 0; i < perRound; i++) {
      httpMs = 0;
      const start = performance.now();
      await baseline();
      const elapsed = performance.now() - start;
      baseTimes.push(elapsed);
      baseOverheads.push(elapsed - httpMs);
    }
    baseTotal += performance.now() - t;

    t = performance.now();
    for (let i = 0; i < perRound; i++) {
      httpMs = 0;
      const start = performance.now();
      await ours();
      const elapsed = performance.now() - start;
      ourTimes.push(elapsed);
      overheads.push(elapsed - httpMs);
    }
    ourTotal += performance.now() - t;
  }
  diagnostics.unsubscribe('http.client.request.start', onStart);
  diagnostics.unsubscribe('http.client.response.finish', onFinish);
  const issued = emu.count('CreateChatToken', { successOnly: true });
  direct.destroy();
  await emu.stop();

  const n = perRound * ROUNDS;
  const result = {
    requestsPerSide: n,
    direct: { rps: n / (baseTotal / 1000), p50Ms: percentile(baseTimes, 50), p99Ms: percentile(baseTimes, 99) },
    issuer: { rps: n / (ourTotal / 1000), p50Ms: percentile(ourTimes, 50), p99Ms: percentile(ourTimes, 99) },
    overhead: { p50Ms: percentile(overheads, 50), p99Ms: percentile(overheads, 99) },
    sdkOverhead: { p50Ms: percentile(baseOverheads, 50), p99Ms: percentile(baseOverheads, 99) },
    bundle: { bytes: bundleBytes, gzipBytes: bundleGzip },
    init,
    tokensIssued: issued,
  };

  const rows: [string, string, string, string][] = [
    ['', 'direct CreateChatToken', 'through the issuer', 'ratio'],
    ['requests/s (1 instance, sequential)', f(result.direct.rps, 0), f(result.issuer.rps, 0), f(result.issuer.rps / result.direct.rps, 2)],
    ['latency p50 (ms)', f(result.direct.p50Ms, 3), f(result.issuer.p50Ms, 3), f(result.issuer.p50Ms / result.direct.p50Ms, 2)],
    ['latency p99 (ms)', f(result.direct.p99Ms, 3), f(result.issuer.p99Ms, 3), f(result.issuer.p99Ms / result.direct.p99Ms, 2)],
    ['outside HTTP p50 (ms)', f(result.sdkOverhead.p50Ms, 3), f(result.overhead.p50Ms, 3), f(result.overhead.p50Ms / result.sdkOverhead.p50Ms, 2)],
    ['outside HTTP p99 (ms)', f(result.sdkOverhead.p99Ms, 3), f(result.overhead.p99Ms, 3), f(result.overhead.p99Ms / result.sdkOverhead.p99Ms, 2)],
  ];
  console.log(`Token issuer vs direct CreateChatToken, ${n} requests each, emulator quota off, Node ${process.version}\n`);
  console.log(table(rows));
  console.log();
  console.log(table([
    ['figure', 'value', 'target', ''],
    ['issuer\'s own work p50 (ms, signing included)', f(result.overhead.p50Ms, 3), `≤ ${TARGETS.overheadP50Ms}`, ok(result.overhead.p50Ms <= TARGETS.overheadP50Ms)],
    ['issuer\'s own work p99 (ms)', f(result.overhead.p99Ms, 3), '', ''],
    ['bundle (bytes)', String(bundleBytes), `≤ ${TARGETS.bundleBytes}`, ok(bundleBytes <= TARGETS.bundleBytes)],
    ['bundle gzip (bytes)', String(bundleGzip), '', ''],
    ['module init, the bundle (ms, median)', f(init.bundleMs, 1), `≤ ${TARGETS.initMs}`, ok(init.bundleMs <= TARGETS.initMs)],
    ['  @aws-sdk/client-ivschat alone (ms)', f(init.sdkMs, 1), '', ''],
  ]));
  if (issued !== n * 2 + WARMUP * 2) {
    throw new Error(`expected ${n * 2 + WARMUP * 2} tokens from the emulator, got ${issued}`);
  }

  const out = path.join(ROOT, 'bench', 'out');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'token-issuer.json'), JSON.stringify(result, null, 2));
}

/** Builds the bundle as the project's build does, if it is not there. */
function ensureBundle() {
  if (fs.existsSync(BUNDLE)) return;
  execFileSync('npx', ['projen', 'bundle:lambda/token-issuer/index'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Module init as a fresh Node process sees it, each the median of several runs:
 * requiring the bundle, and `@aws-sdk/client-ivschat` alone (bench/cold-start.ts
 * compares the ways of making the call).
 */
function measureInit(): { bundleMs: number; sdkMs: number } {
  const time = (preload: string | undefined, target: string) => {
    const script = (preload ? `require(${JSON.stringify(preload)});` : '')
      + `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    const runs = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })));
    return percentile(runs, 50);
  };
  return {
    bundleMs: time(undefined, BUNDLE),
    sdkMs: time(undefined, '@aws-sdk/client-ivschat'),
  };
}

function configureIssuer(room: string) {
  const settings: TokenIssuerSettings = {
    roomArns: [room],
    capabilities: ['SEND_MESSAGE'],
    groupCapabilities: { moderators: ['DISCONNECT_USER', 'DELETE_MESSAGE'] },
    sessionMinutes: 60,
    userIdClaim: 'sub',
    groupsClaim: 'cognito:groups',
    displayNameClaim: 'name',
    anonymousViewers: false,
    allowedAttributes: ['avatar'],
    allowedOrigins: [],
    throttling: TOKEN_ISSUER_DEFAULTS.throttling,
    trustedBackends: [],
    directInvocations: false,
  };
  process.env[TOKEN_ISSUER_SETTINGS_VARIABLE] = JSON.stringify(settings);
}

/** An HTTP API request with a JWT authorizer: claims, groups, a room and an attribute. */
function httpApiEvent(room: string) {
  return {
    version: '2.0',
    routeKey: 'POST /token',
    rawPath: '/token',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'origin': 'https://app.example.com', 'authorization': 'Bearer x' },
    body: JSON.stringify({ roomIdentifier: room, attributes: { avatar: 'https://cdn.example.com/a.png' } }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      authorizer: { jwt: { claims: { 'sub': 'bench-user', 'cognito:groups': '[viewers]', 'name': 'Bench' }, scopes: null } },
      domainName: 'bench.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'bench',
      http: { method: 'POST', path: '/token', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey: 'POST /token',
      stage: '$default',
      time: '01/Jan/2030:00:00:00 +0000',
      timeEpoch: 1_893_456_000_000,
    },
  };
}

function f(value: number, digits: number): string {
  return value.toFixed(digits);
}

function ok(pass: boolean): string {
  return pass ? 'ok' : 'MISSED';
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
