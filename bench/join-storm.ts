/**
 * Join storm: 10,000 viewers want a chat token within seconds of a stream going live, and
 * CreateChatToken admits 200 calls a second. Each viewer's app asks the token issuer through
 * `fetchChatToken` (examples/token-provider.ts, the README's tokenProvider: honours Retry-After
 * with up to 1 s of jitter, backs off exponentially on a 5xx). The issuer is the bundle,
 * invoked with an HTTP API event carrying JWT claims, as the end-to-end tests do; behind it the
 * loopback emulator enforces the real 200 TPS quota (a sliding one-second window).
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/join-storm.ts [--quick]
 *     [--viewers=10000] [--profiles=spread,burst] [--concurrency=1000,100] [--routing=random|lifo]
 *     [--ivs-latency-ms=20] [--strategies=baseline,shipped] [--spread-s=10] [--burst-s=1] [--seed=1]
 *     [--throttling='{"maxRetryAfterSeconds":60}']   (the issuer's throttling settings, defaults otherwise)
 *     [--init-ms=190,25]   (each bundle's module init, baseline then shipped, instead of measuring it)
 *     [--jobs=2]   (storms run at once, each in its own process; the default: one per core)
 *
 * Real code in virtual time. Everything of a storm runs in one process on a fake clock (@sinonjs/fake-timers:
 * `setTimeout`, `Date`, `performance`): the issuer bundles, the viewers' helper, the emulator and
 * its quota. Real HTTP still flows between the issuer and the emulator over loopback; the clock
 * moves to the next timer (firing every other one due in the same millisecond) only when no
 * request is on its way (a request the emulator holds for its modelled latency does not count).
 * So what the figures measure is what the code decides (when
 * to call, retry, wait, answer), not how fast this machine runs 10,000 viewers and 1,000 function
 * instances on its two shared cores, which in real time it cannot: the machine's load does not
 * change the figures, only how long the run takes, with one exception: each bundle's module init
 * is measured in real time before the storms (the fastest of 7 fresh processes), and a loaded
 * machine measures it longer, which makes instances busy longer when they start (more of them,
 * more billed init, and past C, 5xx). `--init-ms` gives it instead, so that a run can be repeated
 * with the same figures. CPU time is not modelled otherwise: a call costs the emulator's latency
 * (uniform 0 to --ivs-latency-ms), an invocation the issuer's waits and calls.
 *
 * Lambda is modelled: at most C invocations at once, one request per instance at a time, each
 * invocation's duration billed (init included, rounded up to the millisecond); a request beyond C
 * is rejected as Lambda rejects it and API Gateway answers 500
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html). An instance is a
 * fresh run of the bundle's module code (its own clients, connections and state); a request goes
 * to an idle instance picked at random (or the most recently used: --routing=lifo), or to a new
 * one, which first takes the bundle's module init as measured in fresh Node processes.
 *
 * Strategies, side by side in one run: `baseline`, the issuer as it shipped before throttling was
 * answered at once (commit BASELINE_COMMIT, built from git); `shipped`, the current bundle.
 * `--quick` is 2,000 viewers arriving five times faster: a 10 s floor instead of 50 s.
 */
import { execFileSync, spawn } from 'child_process';
import { subscribe } from 'diagnostics_channel';
import * as fs from 'fs';
import type { ClientRequest } from 'http';
import Module, { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { CreateRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import * as FakeTimers from '@sinonjs/fake-timers';
import * as esbuild from 'esbuild';
import { percentile } from './stats';
import { fetchChatToken } from '../examples/token-provider';
import { DEFAULT_QUOTAS, IvsChatEmulatorServer, mulberry32, startEmulator } from '../local/src/emulator';
import { ThrottlingSettings, TOKEN_ISSUER_DEFAULTS, TOKEN_ISSUER_SETTINGS_VARIABLE } from '../src/private/shared/token-contract';
import { httpApiEvent } from '../test/e2e/clients';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out');
/** The issuer as it shipped before throttling was answered at once: main's, before that change. */
const BASELINE_COMMIT = '25a7576';
const SHIPPED_BUNDLE = path.join(ROOT, 'assets', 'lambda', 'token-issuer', 'index', 'index.js');
const QUOTA = DEFAULT_QUOTAS.CreateChatToken;
/** The issuer's function timeout (src/chat-token-issuer.ts). */
const FUNCTION_TIMEOUT_MS = 5_000;
const API_URL = 'https://api.example.com/chat-token';

type Strategy = 'baseline' | 'shipped';
type Profile = 'spread' | 'burst';

interface Options {
  readonly viewers: number;
  readonly profiles: Profile[];
  readonly concurrency: number[];
  readonly strategies: Strategy[];
  readonly routing: 'random' | 'lifo';
  readonly ivsLatencyMs: number;
  readonly quick: boolean;
  readonly seed: number;
  /** Seconds over which viewers arrive, per profile. */
  readonly arrival: Record<Profile, number>;
  /** Throttling settings other than the defaults, for the shipped issuer (the baseline has none). */
  readonly throttling: Partial<ThrottlingSettings>;
  /** Module init in ms per strategy, given instead of measured. */
  readonly initMs?: Record<Strategy, number>;
  /** Storms run at once, each in its own process. */
  readonly jobs: number;
  /** In a storm's own process: which storm, and the file its result goes to. */
  readonly storm?: Storm;
  readonly resultFile?: string;
}

interface Storm {
  readonly profile: Profile;
  readonly concurrency: number;
  readonly strategy: Strategy;
}

interface Issuer {
  readonly bundle: string;
  /** The environment variable the bundle reads its settings from. */
  readonly variable: string;
  readonly initMs: number;
}

interface RunResult {
  readonly strategy: Strategy;
  readonly profile: Profile;
  readonly concurrency: number;
  readonly viewers: number;
  readonly floorS: number;
  readonly lastTokenS: number;
  readonly ratio: number;
  readonly p50S: number;
  readonly p99S: number;
  readonly maxS: number;
  readonly requests: number;
  readonly requestsPerViewer: number;
  readonly billedS: number;
  readonly billedInitS: number;
  readonly answered429: number;
  readonly answered5xx: number;
  readonly lambdaRejected: number;
  readonly starved: number;
  readonly unfinished: number;
  readonly instances: number;
  readonly peakConcurrency: number;
  readonly ivsCalls: number;
  readonly ivsThrottled: number;
  /** Real seconds the run took on this machine (not a figure of the storm). */
  readonly realS: number;
}

function parseOptions(argv: string[]): Options {
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const quick = argv.includes('--quick');
  const viewers = Number(flag('viewers') ?? (quick ? 2_000 : 10_000));
  const scale = quick ? 5 : 1;
  return {
    viewers,
    quick,
    profiles: oneOf('profiles', flag('profiles') ?? 'spread,burst', ['spread', 'burst']),
    concurrency: (flag('concurrency') ?? '1000,100').split(',').map((c) => {
      if (!/^[1-9]\d*$/.test(c)) throw new Error(`--concurrency must be whole numbers of at least 1, got: ${c}`);
      return Number(c);
    }),
    strategies: oneOf('strategies', flag('strategies') ?? 'baseline,shipped', ['baseline', 'shipped']),
    routing: oneOf('routing', flag('routing') ?? 'random', ['random', 'lifo'])[0],
    ivsLatencyMs: Number(flag('ivs-latency-ms') ?? 20),
    seed: Number(flag('seed') ?? 1),
    arrival: { spread: Number(flag('spread-s') ?? 10 / scale), burst: Number(flag('burst-s') ?? 1 / scale) },
    throttling: JSON.parse(flag('throttling') ?? '{}'),
    initMs: parseInitMs(flag('init-ms')),
    jobs: Math.max(1, Number(flag('jobs') ?? os.cpus().length)),
    storm: parseStorm(flag('storm')),
    resultFile: flag('result'),
  };
}

/** The comma-separated `value` of `--name`, each one of `allowed`. */
function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  const values = value.split(',');
  const unknown = values.filter((v) => !allowed.includes(v as T));
  if (unknown.length > 0) throw new Error(`--${name} takes ${allowed.join(', ')}; got: ${unknown.join(', ')}`);
  return values as T[];
}

function parseStorm(value: string | undefined): Storm | undefined {
  if (value === undefined) return undefined;
  const [profile, concurrency, strategy] = value.split(',');
  return { profile: profile as Profile, concurrency: Number(concurrency), strategy: strategy as Strategy };
}

function parseInitMs(value: string | undefined): Record<Strategy, number> | undefined {
  if (value === undefined) return undefined;
  const [baseline, shipped] = value.split(',').map(Number);
  if (!(baseline >= 0 && shipped >= 0)) throw new Error(`--init-ms must be two numbers of milliseconds, baseline then shipped: got ${value}`);
  return { baseline, shipped };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  fs.mkdirSync(OUT, { recursive: true });
  // Built and measured in real time, before the clock is faked.
  const issuers: Record<Strategy, Issuer> = {
    baseline: await baselineIssuer(),
    shipped: shippedIssuer(),
  };
  for (const [strategy, issuer] of Object.entries(issuers) as [Strategy, Issuer][]) {
    (issuer as { initMs: number }).initMs = options.initMs?.[strategy] ?? measureInit(issuer.bundle);
  }
  if (options.storm) {
    const result = await runInThisProcess(options.storm, issuers[options.storm.strategy], options);
    fs.writeFileSync(options.resultFile!, JSON.stringify(result));
    return;
  }
  const loadBefore = os.loadavg()[0];
  const storms: Storm[] = options.profiles.flatMap((profile) => options.concurrency.flatMap((concurrency) =>
    options.strategies.map((strategy) => ({ profile, concurrency, strategy }))));

  console.log(`Join storm: ${options.viewers} viewers arriving within ${options.arrival.spread} s (spread) or ${options.arrival.burst} s (burst), `
    + `CreateChatToken quota ${QUOTA}/s, floor ${options.viewers / QUOTA} s; routing ${options.routing}, `
    + `CreateChatToken latency 0–${options.ivsLatencyMs} ms, seed ${options.seed}; Node ${process.version}, ${new Date().toISOString()}, `
    + `load average ${loadBefore.toFixed(1)} (${os.cpus().length} cores); ${storms.length} storms, ${Math.min(options.jobs, storms.length)} at a time`);
  console.log(`module init (${options.initMs ? 'given by --init-ms' : 'fresh processes, fastest of 7, real time'}): baseline ${issuers.baseline.initMs.toFixed(1)} ms, `
    + `shipped ${issuers.shipped.initMs.toFixed(1)} ms\n`);

  const started = process.hrtime.bigint();
  const results = await runInProcesses(storms, { baseline: issuers.baseline.initMs, shipped: issuers.shipped.initMs }, options, (result) => {
    console.log(`  ${result.profile} C=${result.concurrency} ${result.strategy}: last token ${result.lastTokenS.toFixed(1)} s, `
      + `${result.requestsPerViewer.toFixed(2)} requests/viewer, ${result.answered5xx} 5xx, ${result.billedS.toFixed(0)} billed s `
      + `(${result.realS.toFixed(0)} s real)`);
  });

  console.log();
  printTable(results);
  printTargets(results);
  console.log(`\n${(Number(process.hrtime.bigint() - started) / 60e9).toFixed(1)} minutes; load average ${loadBefore.toFixed(1)} before, `
    + `${os.loadavg()[0].toFixed(1)} after (they change how long the run takes, not its figures)`);
  fs.writeFileSync(path.join(OUT, 'join-storm.json'), JSON.stringify({
    options,
    initMs: { baseline: issuers.baseline.initMs, shipped: issuers.shipped.initMs },
    results,
  }, null, 2));
}

/**
 * Each storm in a process of its own, `options.jobs` at a time, the costliest first (the
 * baseline at the highest concurrency makes most of the calls): storms share nothing, so they
 * run side by side on as many cores, and each starts from the same seed and a fresh emulator,
 * which makes a storm's figures the same whichever others run with it. Results come back in the
 * order of `storms`.
 */
async function runInProcesses(
  storms: Storm[], initMs: Record<Strategy, number>, options: Options, done: (result: RunResult) => void,
): Promise<RunResult[]> {
  const cost = (storm: Storm) => (storm.strategy === 'baseline' ? 1e6 : 0) + storm.concurrency;
  const queue = [...storms].sort((a, b) => cost(b) - cost(a));
  const results = new Map<Storm, RunResult>();
  const children = new Set<ReturnType<typeof spawn>>();
  const passOn = process.argv.slice(2).filter((arg) => !/^--(jobs|init-ms|storm|result)=/.test(arg));
  const worker = async () => {
    for (let storm = queue.shift(); storm; storm = queue.shift()) {
      const resultFile = path.join(OUT, `storm-${process.pid}-${storm.profile}-${storm.concurrency}-${storm.strategy}.json`);
      const args = [
        '-r', require.resolve('ts-node/register/transpile-only'), __filename, ...passOn,
        `--init-ms=${initMs.baseline},${initMs.shipped}`, `--storm=${storm.profile},${storm.concurrency},${storm.strategy}`, `--result=${resultFile}`,
      ];
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, args, {
          cwd: ROOT,
          env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        children.add(child);
        child.once('error', reject);
        child.once('exit', (code, signal) => {
          children.delete(child);
          if (code === 0) return resolve();
          reject(new Error(`the storm ${storm!.profile} C=${storm!.concurrency} ${storm!.strategy} failed (${signal ?? `exit ${code}`})`));
        });
      });
      const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as RunResult;
      fs.rmSync(resultFile);
      results.set(storm, result);
      done(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.jobs, storms.length) }, worker));
  } catch (error) {
    // One storm failed: the run has no table to print, so the others stop too.
    queue.length = 0;
    for (const child of children) child.kill();
    throw error;
  }
  return storms.map((storm) => results.get(storm)!);
}

/** One storm, in this process: the emulator, the room, the clock. */
async function runInThisProcess(storm: Storm, issuer: Issuer, options: Options): Promise<RunResult> {
  const emulator = await startEmulator({
    rateLimits: true,
    faults: { seed: options.seed, latencyMs: options.ivsLatencyMs, operations: ['CreateChatToken'] },
  }) as IvsChatEmulatorServer;
  const admin = new IvschatClient({
    region: emulator.region, endpoint: emulator.endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const room = (await admin.send(new CreateRoomCommand({ name: 'join-storm' }))).arn!;
  admin.destroy();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_IVSCHAT: emulator.endpoint,
    AWS_REGION: emulator.region,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const time = new VirtualTime(emulator);
  try {
    return await run(storm.strategy, issuer, storm.profile, storm.concurrency, room, emulator, time, options);
  } finally {
    time.uninstall();
    await emulator.stop();
  }
}

/**
 * The fake clock and what moves it: it jumps to the next timer only when no HTTP request is on
 * its way between an issuer instance and the emulator, other than those the emulator holds for
 * their modelled latency (themselves a timer). Requests are seen through Node's
 * `http.client.request.start` diagnostics channel, so every client counts (the SDK's and the
 * issuer's own), whenever it captured `http.request`.
 */
class VirtualTime {
  private readonly clock: FakeTimers.Clock;
  private inFlight = 0;
  private activity = 0;

  constructor(private readonly emulator: IvsChatEmulatorServer) {
    subscribe('http.client.request.start', (message) => {
      const request = (message as { request: ClientRequest }).request;
      this.inFlight++;
      this.activity++;
      request.once('close', () => {
        this.inFlight--;
        this.activity++;
      });
    });
    this.clock = FakeTimers.install({
      now: Date.now(),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
    });
  }

  /** Virtual milliseconds since an arbitrary origin. */
  now(): number {
    return this.clock.now;
  }

  /** Runs `work` to its end, moving the clock whenever nothing real is pending. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    void work.finally(() => {
      done = true;
    });
    while (!done) {
      await this.settle();
      if (done) break;
      if (this.clock.countTimers() === 0) throw new Error('the storm stalled: nothing pending and no timer left');
      // The next timer, then every other one due in the same millisecond (timers fall on whole
      // milliseconds), before the real work they start is waited for: in a storm dozens fall in
      // one millisecond, and settling after each one alone is time spent for nothing.
      this.clock.next();
      while (this.nextTimerAt() === this.clock.now) this.clock.next();
    }
    return work;
  }

  uninstall(): void {
    this.clock.uninstall();
  }

  /** Waits (in real time) until no request is on its way and three turns of the event loop did nothing. */
  private async settle(): Promise<void> {
    for (let quiet = 0; quiet < 3;) {
      const before = this.activity;
      await new Promise<void>((resolve) => setImmediate(resolve));
      quiet = this.inFlight > this.held() || this.activity !== before ? 0 : quiet + 1;
    }
  }

  /**
   * When the next timer is due, from the clock's timer heap (not in @sinonjs/fake-timers' typings;
   * without it, one timer moves at a time, which gives the same figures, more slowly).
   */
  private nextTimerAt(): number | undefined {
    return (this.clock as unknown as { timerHeap?: { peek(): { callAt: number } | undefined } }).timerHeap?.peek()?.callAt;
  }

  /** Requests the emulator holds for their latency (its own timers). */
  private held(): number {
    return (this.emulator as unknown as { timers: Set<unknown> }).timers.size;
  }
}

/** One storm against one issuer: viewers, the Lambda model, the counts. */
async function run(
  strategy: Strategy, issuer: Issuer, profile: Profile, concurrency: number, room: string,
  emulator: IvsChatEmulatorServer, time: VirtualTime, options: Options,
): Promise<RunResult> {
  configureIssuer(issuer, room, options.throttling);
  const lambda = new LambdaModel(issuer, concurrency, options.routing);
  const realClock = process.hrtime.bigint();

  const floorS = options.viewers / QUOTA;
  const deadlineMs = 3 * floorS * 1000;
  let answered429 = 0;
  let answered5xx = 0;
  let requests = 0;

  // The API in front of the function: the viewer's fetch becomes an invocation.
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    const claims = JSON.parse(String((init?.headers as Record<string, string>)['x-bench-claims']));
    requests++;
    const answer = await lambda.invoke(httpApiEvent(JSON.parse(String(init?.body)), claims));
    if (answer.statusCode === 429) answered429++;
    if (answer.statusCode >= 500) answered5xx++;
    return new Response(answer.body || null, { status: answer.statusCode, headers: answer.headers });
  }) as typeof fetch;
  // Every random choice (arrivals, jitter, backoff, routing) from one seed.
  const realRandom = Math.random;
  Math.random = mulberry32(options.seed);
  // The issuer logs a line per refused request (as CloudWatch would get it): here it would only cost time.
  const log = console.log;
  const warn = console.warn;
  console.log = () => undefined;
  console.warn = () => undefined;

  const started = time.now();
  const waits: number[] = [];
  let unfinished = 0;
  const viewers = Array.from({ length: options.viewers }, (_, i) => {
    const arrivesMs = Math.random() * options.arrival[profile] * 1000;
    return (async () => {
      await sleep(arrivesMs);
      const arrived = time.now();
      try {
        await fetchChatToken(API_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-bench-claims': JSON.stringify({ sub: `viewer-${i}`, name: `Viewer ${i}` }) },
          body: JSON.stringify({ roomIdentifier: room }),
        }, deadlineMs);
        waits.push(time.now() - arrived);
        return time.now() - started;
      } catch {
        unfinished++;
        return Number.NaN;
      }
    })();
  });
  let finishedAt: number[];
  try {
    finishedAt = await time.run(Promise.all(viewers));
  } finally {
    console.log = log;
    console.warn = warn;
    Math.random = realRandom;
    globalThis.fetch = realFetch;
  }

  const lastTokenS = Math.max(...finishedAt.filter((t) => !Number.isNaN(t))) / 1000;
  waits.sort((a, b) => a - b);
  return {
    strategy,
    profile,
    concurrency,
    viewers: options.viewers,
    floorS,
    lastTokenS,
    ratio: lastTokenS / floorS,
    p50S: percentile(waits, 50) / 1000,
    p99S: percentile(waits, 99) / 1000,
    maxS: waits[waits.length - 1] / 1000,
    requests,
    requestsPerViewer: requests / options.viewers,
    billedS: lambda.billedMs / 1000,
    billedInitS: lambda.initMs / 1000,
    answered429,
    answered5xx,
    lambdaRejected: lambda.rejected,
    starved: waits.filter((t) => t > 2 * floorS * 1000).length + unfinished,
    unfinished,
    instances: lambda.instances,
    peakConcurrency: lambda.peak,
    ivsCalls: emulator.count('CreateChatToken'),
    ivsThrottled: emulator.count('CreateChatToken', { status: 429 }),
    realS: Number(process.hrtime.bigint() - realClock) / 1e9,
  };
}

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; headers?: Record<string, string>; body: string }>;

interface Instance {
  readonly handler: Handler;
  initialized: boolean;
}

/**
 * Lambda as far as a join storm sees it: at most `concurrency` invocations at once, one
 * request per instance at a time, a new instance (module init waited for and billed) when
 * none is idle.
 */
class LambdaModel {
  billedMs = 0;
  initMs = 0;
  rejected = 0;
  instances = 0;
  peak = 0;
  private running = 0;
  private readonly idle: Instance[] = [];
  private readonly bundle: BundleModule;

  constructor(private readonly issuer: Issuer, private readonly concurrency: number, private readonly routing: Options['routing']) {
    this.bundle = BundleModule.of(issuer.bundle);
  }

  async invoke(event: unknown): Promise<{ statusCode: number; headers?: Record<string, string>; body: string }> {
    if (this.running >= this.concurrency) {
      this.rejected++;
      return { statusCode: 500, body: '{"message":"Internal server error"}' };
    }
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    const instance = this.pick();
    const started = Date.now();
    try {
      if (!instance.initialized) {
        await sleep(this.issuer.initMs);
        instance.initialized = true;
        this.initMs += Date.now() - started;
      }
      const invoked = Date.now();
      const context = { getRemainingTimeInMillis: () => FUNCTION_TIMEOUT_MS - (Date.now() - invoked) };
      return await instance.handler(event, context);
    } finally {
      this.billedMs += Math.max(1, Math.ceil(Date.now() - started));
      this.running--;
      this.idle.push(instance);
    }
  }

  private pick(): Instance {
    if (this.idle.length > 0) {
      const i = this.routing === 'lifo' ? this.idle.length - 1 : Math.floor(Math.random() * this.idle.length);
      return this.idle.splice(i, 1)[0];
    }
    this.instances++;
    return { handler: this.bundle.instance(), initialized: false };
  }
}

/**
 * A bundle compiled once, run as many times as there are instances: each run of the module's
 * code is a fresh module (its own clients, connections, schedule) as on a new Lambda instance,
 * without compiling the bundle again on the one core that plays every instance. Modules the
 * bundle leaves external (the SDK, for the baseline) are shared, as their code is stateless.
 */
class BundleModule {
  static of(bundle: string): BundleModule {
    let loaded = BundleModule.cache.get(bundle);
    if (!loaded) {
      loaded = new BundleModule(bundle);
      BundleModule.cache.set(bundle, loaded);
    }
    return loaded;
  }

  private static readonly cache = new Map<string, BundleModule>();
  private readonly script: vm.Script;

  private constructor(private readonly bundle: string) {
    this.script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle });
  }

  instance(): Handler {
    const module = { exports: {} as { handler?: Handler } };
    const wrapper = this.script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, createRequire(this.bundle), module, this.bundle, path.dirname(this.bundle));
    return module.exports.handler!;
  }
}

/** The settings the construct would write for one room (its defaults), with a display-name claim. */
function configureIssuer(issuer: Issuer, room: string, throttling: Partial<ThrottlingSettings>): void {
  process.env[issuer.variable] = JSON.stringify({
    ...TOKEN_ISSUER_DEFAULTS,
    roomArns: [room],
    displayNameClaim: 'name',
    throttling: { ...TOKEN_ISSUER_DEFAULTS.throttling, ...throttling },
  });
}

/** The issuer as it shipped at BASELINE_COMMIT, built as the build built it then. */
async function baselineIssuer(): Promise<Issuer> {
  const dir = path.join(OUT, `issuer-${BASELINE_COMMIT}`);
  const bundle = path.join(dir, 'index.js');
  if (!fs.existsSync(bundle)) {
    fs.mkdirSync(dir, { recursive: true });
    try {
      const archive = execFileSync('git', ['archive', BASELINE_COMMIT, 'lambda', 'src/private'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
      execFileSync('tar', ['-x', '-C', dir], { input: archive });
    } catch (error) {
      throw new Error(`the baseline is built from commit ${BASELINE_COMMIT}, which this clone lacks (a shallow clone?): ${(error as Error).message}`);
    }
    await esbuild.build({
      entryPoints: [path.join(dir, 'lambda', 'token-issuer', 'index.ts')],
      bundle: true,
      platform: 'node',
      target: 'node22',
      external: ['@aws-sdk/*'],
      outfile: bundle,
      logLevel: 'warning',
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const contract = require(path.join(dir, 'src', 'private', 'shared', 'token-contract')) as { TOKEN_ISSUER_SETTINGS_VARIABLE: string };
  return { bundle, variable: contract.TOKEN_ISSUER_SETTINGS_VARIABLE, initMs: 0 };
}

function shippedIssuer(): Issuer {
  if (!fs.existsSync(SHIPPED_BUNDLE)) {
    execFileSync('npx', ['projen', 'bundle'], { cwd: ROOT, stdio: 'inherit' });
  }
  return { bundle: SHIPPED_BUNDLE, variable: TOKEN_ISSUER_SETTINGS_VARIABLE, initMs: 0 };
}

/**
 * Module init of a bundle in fresh Node processes: the fastest of 7, the figure least changed by
 * other work on the machine (bench/cold-start.ts compares the options, with medians).
 */
function measureInit(bundle: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(bundle)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const runs = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })));
  return Math.min(...runs);
}

function printTable(results: RunResult[]): void {
  const rows = [[
    'profile', 'C', 'strategy', 'last token s', '÷ floor', 'p50 s', 'p99 s', 'max s', 'requests/viewer',
    'billed s', 'of it init s', '429s', '5xx', 'starved', 'instances', 'peak C', 'IVS calls', 'IVS 429s', 'real s',
  ]];
  for (const r of results) {
    rows.push([
      r.profile, String(r.concurrency), r.strategy, r.lastTokenS.toFixed(1), r.ratio.toFixed(2), r.p50S.toFixed(1), r.p99S.toFixed(1),
      r.maxS.toFixed(1), r.requestsPerViewer.toFixed(2), r.billedS.toFixed(0), r.billedInitS.toFixed(1), String(r.answered429),
      String(r.answered5xx), String(r.starved), String(r.instances), String(r.peakConcurrency), String(r.ivsCalls), String(r.ivsThrottled),
      r.realS.toFixed(0),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log(rows.map((row) => `| ${row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`).join('\n'));
}

/** The targets for each profile and concurrency: the shipped strategy against the baseline of the same run (the issue's are at C = 1,000). */
function printTargets(results: RunResult[]): void {
  for (const profile of new Set(results.map((r) => r.profile))) {
    for (const concurrency of new Set(results.map((r) => r.concurrency))) {
      const base = results.find((r) => r.profile === profile && r.concurrency === concurrency && r.strategy === 'baseline');
      const ours = results.find((r) => r.profile === profile && r.concurrency === concurrency && r.strategy === 'shipped');
      if (!ours) continue;
      const checks: [string, string, boolean][] = [
        ['last token ≤ 1.1 × floor', ours.ratio.toFixed(2), ours.ratio <= 1.1],
        ['0 5xx', String(ours.answered5xx), ours.answered5xx === 0],
        ['no viewer starved (> 2 × floor)', String(ours.starved), ours.starved === 0],
        ...(base ? [['billed ≤ 25 % of the baseline', `${((100 * ours.billedS) / base.billedS).toFixed(1)} %`, ours.billedS <= 0.25 * base.billedS] as [string, string, boolean]] : []),
        ['≤ 3 requests per viewer', ours.requestsPerViewer.toFixed(2), ours.requestsPerViewer <= 3],
      ];
      console.log(`\nTargets, ${profile}, C=${concurrency}:`);
      for (const [target, value, met] of checks) console.log(`  ${met ? 'met   ' : 'MISSED'} ${target}: ${value}`);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error) => {
  console.error(`join-storm: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
