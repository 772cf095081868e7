/**
 * Runs the compiled `cdk-ivs-chat-local` command as a person would, and reads what it prints.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { ChatDemoStack } from '../../examples/stack';
import type { ChatUser } from '../e2e/clients';

const ROOT = path.resolve(__dirname, '..', '..');
/** The command as the package installs it (`bin`): compiled by `npx projen compile`. */
export const CLI = path.join(ROOT, 'local', 'lib', 'cli.js');

/** Fails with what to do when the compiled command is missing or older than its sources. */
export function requireCompiledCli(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${path.relative(ROOT, CLI)} is missing: run \`npx projen compile\` first`);
  const built = fs.statSync(CLI).mtimeMs;
  const sources = path.join(ROOT, 'local', 'src');
  const stale = fs.readdirSync(sources, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && fs.statSync(path.join(sources, f)).mtimeMs > built);
  if (stale.length > 0) throw new Error(`local/lib is older than local/src/${stale[0]}: run \`npx projen compile:local\``);
}

/**
 * The example app synthesized as `cdk synth` writes it (construct paths and asset paths in the
 * metadata), in-process: the cdk CLI would add several seconds of start-up to say the same.
 */
export function synthExample(outdir: string): string {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
  new ChatDemoStack(app, 'IvsChatDemo');
  app.synth();
  return outdir;
}

/** A running command and everything it printed so far. */
export interface Running {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

const TEST_ENV = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };

/** Starts the command with `args` and resolves once it printed `Ready` (or rejects with what it printed if it exited first). */
export async function startCli(args: string[], timeoutMs = 30_000): Promise<Running> {
  const child = spawn(process.execPath, [CLI, ...args], { env: TEST_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (chunk: Buffer) => { running.stdout += chunk.toString('utf8'); });
  child.stderr!.on('data', (chunk: Buffer) => { running.stderr += chunk.toString('utf8'); });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "Ready" within ${timeoutMs} ms; stdout: ${running.stdout}\nstderr: ${running.stderr}`));
    }, timeoutMs);
    const check = () => {
      if (/^Ready in /m.test(running.stdout)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void running.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before "Ready"; stdout: ${running.stdout}\nstderr: ${running.stderr}`));
    });
  });
  return running;
}

/** Runs the command to its end. */
export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: TEST_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `cdk-ivs-chat-local token …`: what the README tells a developer to run. */
export function developmentTokenFromCli(args: string[]): string {
  const result = spawnSync(process.execPath, [CLI, 'token', ...args], { env: TEST_ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`token ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout.trim();
}

/** What the command printed for one stack. */
export interface PrintedSummary {
  readonly rooms: Record<string, { readonly arn: string; readonly line: string }>;
  readonly issuers: Record<string, string>;
  readonly regionOrUrl: string;
  readonly endpoint: string;
  readonly region: string;
  /** The web page's URL. */
  readonly page: string;
}

export function parseSummary(stdout: string): PrintedSummary {
  const rooms: Record<string, { arn: string; line: string }> = {};
  for (const m of stdout.matchAll(/^ {2}room (\S+)\s+(arn:\S+)(.*)$/gm)) rooms[m[1]] = { arn: m[2], line: m[0] };
  const issuers = Object.fromEntries([...stdout.matchAll(/^ {2}token issuer (\S+)\s+POST (\S+)$/gm)].map((m) => [m[1], m[2]]));
  const regionOrUrl = /regionOrUrl (\S+)/.exec(stdout)?.[1];
  const control = /AWS_ENDPOINT_URL_IVSCHAT=(\S+) AWS_REGION=(\S+)/.exec(stdout);
  const page = /^Web page .*: (\S+)$/m.exec(stdout)?.[1];
  if (!regionOrUrl || !control || !page) throw new Error(`unexpected summary:\n${stdout}`);
  return { rooms, issuers, regionOrUrl, endpoint: control[1], region: control[2], page };
}

/** A test file's temporary directory, the command it started and its chat clients: all cleaned up after its tests. */
export interface Session {
  readonly workDir: string;
  readonly users: ChatUser[];
  running?: Running;
}

/** Checks the command is compiled before the file's tests, and cleans up after them. */
export function useSession(prefix: string): Session {
  const session: Session = { workDir: fs.mkdtempSync(path.join(os.tmpdir(), prefix)), users: [] };
  beforeAll(() => requireCompiledCli());
  afterAll(async () => {
    session.users.forEach((u) => u.close());
    if (session.running && session.running.child.exitCode === null) {
      session.running.child.kill('SIGKILL');
      await session.running.exited;
    }
    fs.rmSync(session.workDir, { recursive: true, force: true });
  });
  return session;
}
