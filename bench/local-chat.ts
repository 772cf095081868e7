/**
 * Messages per second `cdk-ivs-chat-local` sustains between 100 connected clients, next to a bare
 * WebSocket broadcast server in the same run (the transport's ceiling: no token, no room model,
 * no rate limit, no review), and its start-up time for the example app.
 *
 *   npx projen compile:local && npx projen bundle
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/local-chat.ts [--seconds=5] [--rates=25,50,100]
 *
 * Both servers run as their own Node.js process; this process plays the clients: 100 WebSocket
 * connections speaking the IVS Chat messaging protocol (the token as the subprotocol, SEND_MESSAGE
 * frames), spread evenly over the rooms of the layout. Each layout sends, for each offered rate,
 * messages at an even pace for --seconds, to the rooms in turn, each from a random client of the
 * room, then waits for stragglers (2 s).
 * A message counts as delivered when every connection of its room (the sender's included) got it;
 * latency is from send to the last connection's receipt. A rate is sustained when every message
 * was accepted and delivered with p99 under 500 ms. The summary row of each layout compares the
 * p99 of the two servers at the highest rate both sustained.
 *
 * Layouts: one room of 100 clients (IVS Chat's largest room rate is 100 messages a second, so
 * that is the most one room can carry, on AWS as here), and 10 rooms of 10 clients (up to 1,000
 * messages a second in all).
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { CreateChatTokenCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { App, Stack } from 'aws-cdk-lib';
import { WebSocket } from 'ws';
import { percentile } from './stats';
import { ChatDemoStack } from '../examples/stack';
import { ChatRoom } from '../src';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'local', 'lib', 'cli.js');
const CLIENTS = 100;

interface Options {
  readonly seconds: number;
  readonly layouts: ReadonlyArray<{ readonly rooms: number; readonly rates: number[] }>;
}

function options(): Options {
  const arg = (name: string) => process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const seconds = Number(arg('seconds') ?? 5);
  const rates = arg('rates')?.split(',').map(Number);
  return {
    seconds,
    layouts: [
      // Up to 90 % of the rooms' rate limit: at the limit itself, the timing of any sender
      // crosses it now and then, and the room refuses (429), on AWS as here.
      { rooms: 1, rates: rates ?? [25, 50, 90] },
      { rooms: 10, rates: rates ?? [100, 250, 500, 900] },
    ],
  };
}

/** A server under test: where its clients connect, and how each gets a connection for a room. */
interface Server {
  readonly name: string;
  readonly rooms: string[];
  readonly url: string;
  token(room: string, userId: string): Promise<string>;
  stop(): Promise<void>;
}

/** A cloud assembly with `rooms` rooms at IVS Chat's largest message rate and no review handler. */
function synth(rooms: number, outdir: string): string {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'ChatBench');
  for (let i = 0; i < rooms; i++) new ChatRoom(stack, `Room${i}`, { chatRoomName: `room-${i}`, maximumMessageRatePerSecond: 100 });
  app.synth();
  return outdir;
}

function waitFor(child: ChildProcess, pattern: RegExp, what: string): Promise<{ stdout: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (pattern.test(stdout)) resolve({ stdout, ms: performance.now() - started });
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready: ${stdout}`)));
  });
}

async function startLocalChat(assembly: string): Promise<Server & { startupMs: number }> {
  const child = spawn(process.execPath, [CLI, assembly, '--port', '0'], {
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, ms } = await waitFor(child, /^Ready in /m, 'cdk-ivs-chat-local');
  const rooms = [...stdout.matchAll(/^ {2}room \S+\s+(arn:\S+)/gm)].map((m) => m[1]);
  const url = /regionOrUrl (\S+)/.exec(stdout)![1];
  const endpoint = /AWS_ENDPOINT_URL_IVSCHAT=(\S+) AWS_REGION=(\S+)/.exec(stdout)!;
  const ivschat = new IvschatClient({
    endpoint: endpoint[1], region: endpoint[2], credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
  });
  return {
    name: 'cdk-ivs-chat-local',
    rooms,
    url,
    startupMs: ms,
    token: async (room, userId) => (await ivschat.send(new CreateChatTokenCommand({ roomIdentifier: room, userId, capabilities: ['SEND_MESSAGE'] }))).token!,
    stop: async () => {
      ivschat.destroy();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/**
 * The baseline: a WebSocket server that sends each SEND_MESSAGE, as a MESSAGE frame, to every
 * connection of the room its subprotocol names; nothing else.
 */
const BROADCAST_SERVER = `
const { WebSocketServer } = require(${JSON.stringify(require.resolve('ws'))});
const rooms = new Map();
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: (p) => p.values().next().value });
let id = 0;
wss.on('connection', (ws) => {
  const [room, userId] = ws.protocol.split('.');
  if (!rooms.has(room)) rooms.set(room, new Set());
  rooms.get(room).add(ws);
  ws.on('close', () => rooms.get(room).delete(ws));
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    const out = JSON.stringify({ Type: 'MESSAGE', Id: String(++id), RequestId: frame.RequestId, Content: frame.Content,
      SendTime: new Date().toISOString(), Sender: { UserId: userId } });
    for (const peer of rooms.get(room)) peer.send(out);
  });
});
wss.on('listening', () => console.log('listening ' + wss.address().port));
`;

async function startBroadcast(rooms: number): Promise<Server> {
  const child = spawn(process.execPath, ['-e', BROADCAST_SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
  const { stdout } = await waitFor(child, /listening \d+/, 'the broadcast server');
  const port = /listening (\d+)/.exec(stdout)![1];
  return {
    name: 'bare WebSocket broadcast',
    rooms: Array.from({ length: rooms }, (_, i) => `room${i}`),
    url: `ws://127.0.0.1:${port}`,
    token: async (room, userId) => `${room}.${userId}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

interface Connection {
  readonly ws: WebSocket;
  readonly room: string;
}

async function connectAll(server: Server): Promise<Connection[]> {
  const connections: Connection[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const room = server.rooms[i % server.rooms.length];
    const token = await server.token(room, `user-${i}`);
    const ws = new WebSocket(server.url, token);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`connection refused: ${res.statusCode}`)));
    });
    connections.push({ ws, room });
  }
  return connections;
}

interface RateResult {
  readonly offered: number;
  readonly sent: number;
  readonly refused: number;
  /** Refusals by error code. */
  readonly refusedBy: string;
  readonly delivered: number;
  /** Messages delivered to every connection of their room, per second of sending. */
  readonly perSecond: number;
  readonly deliveriesPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly sustained: boolean;
}

async function run(connections: Connection[], offered: number, seconds: number): Promise<RateResult> {
  const roomSize = new Map<string, number>();
  connections.forEach((c) => roomSize.set(c.room, (roomSize.get(c.room) ?? 0) + 1));
  const pending = new Map<string, { sentAt: number; left: number }>();
  const latencies: number[] = [];
  let refused = 0;
  const codes = new Map<string, number>();
  let deliveries = 0;
  const onFrame = (data: Buffer) => {
    const frame = JSON.parse(data.toString());
    if (frame.Type === 'ERROR') {
      refused++;
      codes.set(String(frame.ErrorCode), (codes.get(String(frame.ErrorCode)) ?? 0) + 1);
      return;
    }
    if (frame.Type !== 'MESSAGE') return;
    const entry = pending.get(frame.Content);
    if (!entry) return;
    deliveries++;
    if (--entry.left === 0) {
      latencies.push(performance.now() - entry.sentAt);
      pending.delete(frame.Content);
    }
  };
  connections.forEach((c) => c.ws.on('message', onFrame));
  const byRoom = [...roomSize.keys()].map((room) => connections.filter((c) => c.room === room));
  const total = Math.round(offered * seconds);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / offered;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // The rooms in turn, so that each gets an even share of the rate; a random sender in it.
    const members = byRoom[i % byRoom.length];
    const sender = members[Math.floor(Math.random() * members.length)];
    const content = `m-${offered}-${i}`;
    pending.set(content, { sentAt: performance.now(), left: roomSize.get(sender.room)! });
    sender.ws.send(JSON.stringify({ Action: 'SEND_MESSAGE', RequestId: content, Content: content }));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  const deadline = performance.now() + 2_000;
  while (pending.size > refused && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  connections.forEach((c) => c.ws.off('message', onFrame));
  latencies.sort((a, b) => a - b);
  const delivered = latencies.length;
  return {
    offered,
    sent: total,
    refused,
    refusedBy: [...codes].map(([code, n]) => `${n}×${code}`).join(' '),
    delivered,
    perSecond: delivered / sendSeconds,
    deliveriesPerSecond: deliveries / sendSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    sustained: refused === 0 && delivered === total && percentile(latencies, 99) < 500,
  };
}

async function main() {
  const opts = options();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'local-chat-bench-'));
  console.log(`cdk-ivs-chat-local: ${CLIENTS} clients, ${opts.seconds} s per rate; Node.js ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const startups: number[] = [];
  const example = path.join(work, 'example');
  {
    const app = new App({ outdir: example, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
    new ChatDemoStack(app, 'IvsChatDemo');
    app.synth();
  }
  for (let i = 0; i < 5; i++) {
    const server = await startLocalChat(example);
    startups.push(server.startupMs);
    await server.stop();
  }
  startups.sort((a, b) => a - b);
  console.log(`start-up, the example app (spawn to "Ready", 5 runs): median ${startups[2].toFixed(0)} ms, min ${startups[0].toFixed(0)}, max ${startups[4].toFixed(0)}`);

  const rows: string[] = [];
  for (const layout of opts.layouts) {
    const assembly = synth(layout.rooms, path.join(work, `rooms-${layout.rooms}`));
    const sustained: Record<string, Map<number, RateResult>> = {};
    for (const make of [() => startLocalChat(assembly), () => startBroadcast(layout.rooms)]) {
      const server = await make();
      const connections = await connectAll(server);
      for (const rate of layout.rates) {
        const r = await run(connections, rate, opts.seconds);
        if (r.sustained) (sustained[server.name] ??= new Map()).set(rate, r);
        rows.push(`| ${layout.rooms} × ${CLIENTS / layout.rooms} | ${server.name} | ${rate} | ${r.perSecond.toFixed(0)} | ${r.deliveriesPerSecond.toFixed(0)} | ${r.refused}${r.refused ? ` (${r.refusedBy})` : ''} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.sustained ? 'yes' : 'no'} |`);
      }
      connections.forEach((c) => c.ws.close());
      await server.stop();
    }
    const ours = sustained['cdk-ivs-chat-local'] ?? new Map<number, RateResult>();
    const base = sustained['bare WebSocket broadcast'] ?? new Map<number, RateResult>();
    const both = layout.rates.filter((rate) => ours.has(rate) && base.has(rate)).pop();
    const summary = both === undefined
      ? `cdk-ivs-chat-local sustained ${[...ours.keys()].pop() ?? 'none of the rates'}, the bare broadcast ${[...base.keys()].pop() ?? 'none'}`
      : `both sustain ${both} msg/s (${ours.get(both)!.deliveriesPerSecond.toFixed(0)} deliveries/s); p99 ${ours.get(both)!.p99.toFixed(1)} ms against ${base.get(both)!.p99.toFixed(1)} ms, ratio ${(ours.get(both)!.p99 / base.get(both)!.p99).toFixed(2)}`;
    rows.push(`| ${layout.rooms} × ${CLIENTS / layout.rooms} | **${summary}** | | | | | | | | |`);
  }
  console.log('\n| rooms × clients | server | offered msg/s | delivered msg/s | deliveries/s | refused | p50 ms | p99 ms | max ms | sustained |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  rows.forEach((row) => console.log(row));
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
