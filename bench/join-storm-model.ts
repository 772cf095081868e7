/**
 * The join storm in virtual time: a model, not a measurement. It runs in seconds where
 * bench/join-storm.ts takes real minutes, so it can vary what the real benchmark cannot on one
 * machine: how long a CreateChatToken call takes (loopback or a real region), how Lambda picks an
 * idle instance (at random, or the most recently used), and what the issuer's queue would do if
 * every instance shared it. Its figures explain choices; the reported figures are the real ones.
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/join-storm-model.ts [viewers=10000] [seeds=3] [spread-s=10] [burst-s=1]
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/join-storm-model.ts --sweep
 *     (the shipped queue's settings varied, over both 10,000-viewer storms and both 2,000-viewer ones)
 *
 * Modelled as the real benchmark does: the quota admits 200 calls in any 1,000 ms (the emulator's
 * sliding window), at most 1,000 invocations at once (API Gateway answers 500 beyond), viewers as
 * `fetchChatToken` (Retry-After plus up to 1 s of jitter; exponential backoff on a 5xx).
 * Strategies:
 * - `baseline`: the issuer as it shipped before: retries throttling inside the invocation for up
 *   to 400 ms (full jitter, 25 ms doubling to 150 ms), then 429 with `Retry-After: 1`;
 * - `shipped`: one call, then 429 with the `Retry-After` of the instance's own `RetryAfterSchedule`
 *   (the class the issuer runs, lambda/token-issuer/retry-after.ts);
 * - `shared queue`: the same class, one object for all instances (waits up to 60 s): what state
 *   shared between instances would buy at best. Not built.
 * - `shared table`: the shared queue as a DynamoDB table could hold it (not built): SHARDS items,
 *   each a queue for the viewers refused through it, so that none takes more than the 1,000
 *   writes a second DynamoDB allows an item
 *   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html);
 *   one more item counts the tokens obtained, whose rate every shard's queue moves at; every token
 *   and every refusal is one write, which the invocation waits for (TABLE_WRITE_MS); a write past
 *   an item's 1,000 a second or a new on-demand table's 4,000 is refused, and the instance answers
 *   from its own queue, as the issuer does today.
 */
import { RetryAfterSchedule } from '../lambda/token-issuer/retry-after';
import { mulberry32 } from '../local/src/emulator';
import { ThrottlingSettings, TOKEN_ISSUER_DEFAULTS } from '../src/private/shared/token-contract';

type Strategy = 'baseline' | 'shipped' | 'shared queue' | 'shared table';
type Routing = 'random' | 'lifo';

interface Conditions {
  readonly strategy: Strategy;
  readonly arrivalS: number;
  readonly latencyMs: number;
  readonly routing: Routing;
  readonly viewers: number;
  readonly seed: number;
  /** Other throttling settings than the issuer's defaults. */
  readonly settings?: Partial<ThrottlingSettings>;
}

const QUOTA = 200;
const CONCURRENCY = 1000;
/**
 * Items the shared table spreads its queue over, the writes a second DynamoDB admits on one item,
 * and on a new on-demand table (its warm throughput, until traffic raises it:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html).
 */
const SHARDS = 16;
const ITEM_WRITES = 1000;
const TABLE_WRITES = 4000;
/** A conditional UpdateItem in the function's region, from the function: 5 to 15 ms. */
const TABLE_WRITE_MS = [5, 15] as const;

/** A binary heap of timed events. */
class Events {
  private readonly heap: [number, () => void][] = [];

  push(at: number, run: () => void): void {
    const h = this.heap;
    h.push([at, run]);
    for (let i = h.length - 1; i > 0;) {
      const parent = Math.floor((i - 1) / 2);
      if (h[parent][0] <= h[i][0]) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  pop(): [number, () => void] | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l][0] < h[m][0]) m = l;
        if (r < h.length && h[r][0] < h[m][0]) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

interface Viewer { arrival: number; failures: number; done?: number }
interface Instance { schedule: RetryAfterSchedule }

export function simulate(c: Conditions) {
  const random = mulberry32(c.seed);
  const events = new Events();
  let now = 0;
  const at = (t: number, run: () => void) => events.push(t, run);
  const callLatency = () => c.latencyMs * (0.5 + random());

  // The quota: at most QUOTA admitted calls in any 1,000 ms.
  const admitted: number[] = [];
  let head = 0;
  let ivsCalls = 0;
  const createChatToken = (): boolean => {
    ivsCalls++;
    while (head < admitted.length && admitted[head] <= now - 1000) head++;
    if (admitted.length - head >= QUOTA) return false;
    admitted.push(now);
    return true;
  };

  const settings: ThrottlingSettings = { ...TOKEN_ISSUER_DEFAULTS.throttling, ...c.settings };
  // One queue sees every token and every throttle, so it can ask for the whole drain (up to 60 s).
  const sharedSettings: ThrottlingSettings = { ...settings, maxRetryAfterSeconds: 60, ...c.settings };
  const shared = new RetryAfterSchedule(random);
  // The table: one item counts the tokens obtained (200 writes a second at most); SHARDS items each
  // hold a queue that the refusals through it extend by SHARDS places at the counted rate: the
  // issuer's RetryAfterSchedule, told of every token counted, at 1/SHARDS of the oversubscription.
  const shardSettings: ThrottlingSettings = { ...sharedSettings, oversubscription: sharedSettings.oversubscription / SHARDS };
  const tokenItem = { writes: [] as number[] };
  const shards = Array.from({ length: SHARDS }, () => ({ writes: [] as number[], schedule: new RetryAfterSchedule(random) }));
  let tableWrites = 0;
  let tableRefused = 0;
  const table = { writes: [] as number[] };
  const write = (item: { writes: number[] }): boolean => {
    tableWrites++;
    for (const window of [item, table]) {
      while (window.writes.length > 0 && window.writes[0] <= now - 1000) window.writes.shift();
    }
    if (item.writes.length >= ITEM_WRITES || table.writes.length >= TABLE_WRITES) {
      tableRefused++;
      return false;
    }
    item.writes.push(now);
    table.writes.push(now);
    return true;
  };
  const tableRetryAfter = (): number | undefined => {
    const shard = shards[Math.floor(random() * SHARDS)];
    return write(shard) ? shard.schedule.throttled(now, shardSettings) : undefined;
  };
  const tableLatency = () => TABLE_WRITE_MS[0] + random() * (TABLE_WRITE_MS[1] - TABLE_WRITE_MS[0]);
  const idle: Instance[] = [];
  let running = 0;
  let instances = 0;
  let billedMs = 0;
  let requests = 0;
  let answered5xx = 0;

  const invoke = (viewer: Viewer) => {
    requests++;
    if (running >= CONCURRENCY) {
      answered5xx++;
      return answer(viewer, 500);
    }
    running++;
    let instance: Instance | undefined;
    if (idle.length > 0) instance = idle.splice(c.routing === 'lifo' ? idle.length - 1 : Math.floor(random() * idle.length), 1)[0];
    if (!instance) {
      instances++;
      instance = { schedule: new RetryAfterSchedule(random) };
    }
    const started = now;
    const finish = (status: number, retryAfter?: number) => {
      running--;
      billedMs += now - started;
      idle.push(instance!);
      answer(viewer, status, retryAfter);
    };
    if (c.strategy === 'baseline') {
      let attempt = 0;
      const call = () => at(now + callLatency(), () => {
        if (createChatToken()) return finish(200);
        const delay = Math.floor(random() * Math.min(150, 25 * 2 ** attempt++));
        if (now + delay >= started + 400) return finish(429, 1);
        at(now + delay, call);
      });
      call();
    } else if (c.strategy === 'shared table') {
      at(now + callLatency(), () => {
        const obtained = createChatToken();
        at(now + tableLatency(), () => {
          if (obtained) {
            instance!.schedule.obtainedToken(now, settings);
            if (write(tokenItem)) shards.forEach((shard) => shard.schedule.obtainedToken(now, shardSettings));
            return finish(200);
          }
          finish(429, tableRetryAfter() ?? instance!.schedule.throttled(now, settings));
        });
      });
    } else {
      const [schedule, own] = c.strategy === 'shared queue' ? [shared, sharedSettings] : [instance.schedule, settings];
      at(now + callLatency(), () => {
        if (createChatToken()) {
          schedule.obtainedToken(now, own);
          return finish(200);
        }
        finish(429, schedule.throttled(now, own));
      });
    }
  };

  const answer = (viewer: Viewer, status: number, retryAfter?: number) => {
    if (status === 200) {
      viewer.done = now;
      return;
    }
    const wait = status === 429 && retryAfter !== undefined
      ? retryAfter * 1000 + random() * 1000
      : random() * Math.min(30_000, 1000 * 2 ** viewer.failures);
    viewer.failures++;
    at(now + wait, () => invoke(viewer));
  };

  const viewers: Viewer[] = Array.from({ length: c.viewers }, () => ({ arrival: random() * c.arrivalS * 1000, failures: 0 }));
  for (const viewer of viewers) at(viewer.arrival, () => invoke(viewer));
  for (let event = events.pop(); event; event = events.pop()) {
    now = event[0];
    event[1]();
  }

  const floorMs = (c.viewers / QUOTA) * 1000;
  const waits = viewers.map((v) => v.done! - v.arrival).sort((a, b) => a - b);
  return {
    ratio: Math.max(...viewers.map((v) => v.done!)) / floorMs,
    maxWaitS: waits[waits.length - 1] / 1000,
    requestsPerViewer: requests / c.viewers,
    billedS: billedMs / 1000,
    answered5xx,
    starved: waits.filter((w) => w > 2 * floorMs).length,
    instances,
    ivsCalls,
    tableWrites,
    tableRefused,
  };
}

/** The shipped queue's two main settings varied: does any meet the targets the defaults miss? */
function sweep(): void {
  const storms = [[10_000, 10], [10_000, 1], [2_000, 2], [2_000, 0.2]] as const;
  console.log('Shipped queue, CreateChatToken 20 ms, random routing, worst of 3 seeds: last token ÷ floor / requests per viewer / starved\n');
  console.log(`| oversubscription | share window ms | ${storms.map(([v, s]) => `${v} within ${s} s`).join(' | ')} |`);
  console.log(`|---:|---:|${storms.map(() => '---|').join('')}`);
  for (const oversubscription of [1.2, 1.4, 1.6, 2.0]) {
    for (const shareWindowMs of [3_000, 5_000]) {
      const cells = storms.map(([viewers, arrivalS]) => {
        const runs = [1, 2, 3].map((seed) => simulate({
          strategy: 'shipped', arrivalS, latencyMs: 20, routing: 'random', viewers, seed, settings: { oversubscription, shareWindowMs },
        }));
        const worst = (pick: (r: typeof runs[number]) => number) => Math.max(...runs.map(pick));
        return `${worst((r) => r.ratio).toFixed(2)} / ${worst((r) => r.requestsPerViewer).toFixed(2)} / ${worst((r) => r.starved)}`;
      });
      console.log(`| ${oversubscription} | ${shareWindowMs} | ${cells.join(' | ')} |`);
    }
  }
}

function main(): void {
  if (process.argv.includes('--sweep')) return sweep();
  const viewers = Number(process.argv[2] ?? 10_000);
  const seeds = Number(process.argv[3] ?? 3);
  const arrivals = [['spread', Number(process.argv[4] ?? 10)], ['burst', Number(process.argv[5] ?? 1)]] as const;
  const strategies: Strategy[] = ['baseline', 'shipped', 'shared queue', 'shared table'];
  console.log(`Join storm model (virtual time): ${viewers} viewers arriving within ${arrivals[0][1]} s (spread) or ${arrivals[1][1]} s (burst), `
    + `quota ${QUOTA}/s, C = ${CONCURRENCY}; worst of ${seeds} seeds\n`);
  console.log('| call latency | routing | profile | strategy | last token ÷ floor | max wait s | requests/viewer | billed s | 5xx | starved | instances | table writes | of them refused |');
  console.log('|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const latencyMs of [2, 20]) {
    for (const routing of ['random', 'lifo'] as Routing[]) {
      for (const [profile, arrivalS] of arrivals) {
        for (const strategy of strategies) {
          const runs = Array.from({ length: seeds }, (_, seed) => simulate({ strategy, arrivalS, latencyMs, routing, viewers, seed: seed + 1 }));
          const worst = (pick: (r: typeof runs[number]) => number) => Math.max(...runs.map(pick));
          console.log(`| ${latencyMs} ms | ${routing} | ${profile} | ${strategy} | ${worst((r) => r.ratio).toFixed(2)} | ${worst((r) => r.maxWaitS).toFixed(1)} `
            + `| ${worst((r) => r.requestsPerViewer).toFixed(2)} | ${worst((r) => r.billedS).toFixed(0)} | ${worst((r) => r.answered5xx)} `
            + `| ${worst((r) => r.starved)} | ${worst((r) => r.instances)} | ${worst((r) => r.tableWrites)} | ${worst((r) => r.tableRefused)} |`);
        }
      }
    }
  }
}

if (require.main === module) main();
