/**
 * Token issuer benchmark: one handler instance (the shipped bundle) against the
 * loopback IVS Chat emulator, next to direct CreateChatToken calls in the same run.
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/token-issuer.ts [requests]
 *
 * Prints requests per second for both, the handler's own overhead per request
 * (its time minus the time spent inside `IvschatClient.send`) at p50 and p99,
 * the bundle size and the module init time, each against its target.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as zlib from 'zlib';
import { CreateChatTokenCommand, CreateRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { TOKEN_ISSUER_SETTINGS_VARIABLE, TokenIssuerSettings } from '../src/private/shared/token-contract';
import { startEmulator, pointSdkAt } from '../test/emulator';

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

  // Time spent inside the SDK, per call, for both sides: the handler's overhead is the rest.
  let sdkMs = 0;
  const send = IvschatClient.prototype.send;
  IvschatClient.prototype.send = async function timedSend(this: IvschatClient, ...args: any[]) {
    const start = performance.now();
    try {
      return await (send as any).apply(this, args);
    } finally {
      sdkMs += performance.now() - start;
    }
  } as any;

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
  const overheads: number[] = [];
  let baseTotal = 0;
  let ourTotal = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    for (let i = 0; i < perRound; i++) {
      const start = performance.now();
      await baseline();
      baseTimes.push(performance.now() - start);
    }
    baseTotal += performance.now() - t;

    t = performance.now();
    for (let i = 0; i < perRound; i++) {
      sdkMs = 0;
      const start = performance.now();
      await ours();
      const elapsed = performance.now() - start;
      ourTimes.push(elapsed);
      overheads.push(elapsed - sdkMs);
    }
    ourTotal += performance.now() - t;
  }
  IvschatClient.prototype.send = send;
  const issued = emu.count('CreateChatToken', { successOnly: true });
  direct.destroy();
  await emu.stop();

  const n = perRound * ROUNDS;
  const result = {
    requestsPerSide: n,
    direct: { rps: n / (baseTotal / 1000), p50Ms: pct(baseTimes, 50), p99Ms: pct(baseTimes, 99) },
    issuer: { rps: n / (ourTotal / 1000), p50Ms: pct(ourTimes, 50), p99Ms: pct(ourTimes, 99) },
    overhead: { p50Ms: pct(overheads, 50), p99Ms: pct(overheads, 99) },
    bundle: { bytes: bundleBytes, gzipBytes: bundleGzip },
    init,
    tokensIssued: issued,
  };

  const rows: [string, string, string, string][] = [
    ['', 'direct CreateChatToken', 'through the issuer', 'ratio'],
    ['requests/s (1 instance, sequential)', f(result.direct.rps, 0), f(result.issuer.rps, 0), f(result.issuer.rps / result.direct.rps, 2)],
    ['latency p50 (ms)', f(result.direct.p50Ms, 3), f(result.issuer.p50Ms, 3), f(result.issuer.p50Ms / result.direct.p50Ms, 2)],
    ['latency p99 (ms)', f(result.direct.p99Ms, 3), f(result.issuer.p99Ms, 3), f(result.issuer.p99Ms / result.direct.p99Ms, 2)],
  ];
  console.log(`Token issuer vs direct CreateChatToken, ${n} requests each, emulator quota off, Node ${process.version}\n`);
  console.log(table(rows));
  console.log();
  console.log(table([
    ['figure', 'value', 'target', ''],
    ['handler overhead p50 (ms)', f(result.overhead.p50Ms, 3), `≤ ${TARGETS.overheadP50Ms}`, ok(result.overhead.p50Ms <= TARGETS.overheadP50Ms)],
    ['handler overhead p99 (ms)', f(result.overhead.p99Ms, 3), '', ''],
    ['bundle (bytes)', String(bundleBytes), `≤ ${TARGETS.bundleBytes}`, ok(bundleBytes <= TARGETS.bundleBytes)],
    ['bundle gzip (bytes)', String(bundleGzip), '', ''],
    ['module init, bundle incl. SDK (ms, median)', f(init.bundleMs, 1), `≤ ${TARGETS.initMs}`, ok(init.bundleMs <= TARGETS.initMs)],
    ['  @aws-sdk/client-ivschat alone (ms)', f(init.sdkMs, 1), '', ''],
    ['  of which our code (ms)', f(init.ownMs, 2), '', ''],
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
  execFileSync('npx', ['esbuild', '--bundle', 'lambda/token-issuer/index.ts', '--target=node22', '--platform=node',
    `--outfile=${path.relative(ROOT, BUNDLE)}`, '--external:@aws-sdk/*'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Module init as a fresh Node process sees it, each the median of several runs:
 * requiring the bundle (which requires the SDK), the SDK alone, and the bundle
 * once the SDK is loaded (our own code's share).
 */
function measureInit(): { bundleMs: number; sdkMs: number; ownMs: number } {
  const time = (preload: string | undefined, target: string) => {
    const script = (preload ? `require(${JSON.stringify(preload)});` : '')
      + `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    const runs = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })));
    return pct(runs, 50);
  };
  return {
    bundleMs: time(undefined, BUNDLE),
    sdkMs: time(undefined, '@aws-sdk/client-ivschat'),
    ownMs: time('@aws-sdk/client-ivschat', BUNDLE),
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

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
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
