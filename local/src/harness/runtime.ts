/**
 * What a Lambda execution environment gives a function, for functions the harness runs in this
 * process: its own environment variables (credentials included) and its own log stream. Several
 * functions run at once (CloudFormation creates independent resources in parallel; a review
 * handler runs while the token issuer does), so both are per invocation: Node's
 * `AsyncLocalStorage` carries them through every callback and promise the invocation starts,
 * `process.env` reads through it, and the console writes into it.
 */
import { AsyncLocalStorage } from 'async_hooks';
import * as fs from 'fs';
import * as Module from 'module';
import * as path from 'path';
import { format } from 'util';


/** One invocation's world. */
interface Invocation {
  readonly env: Record<string, string | undefined>;
  readonly log: string[];
}

const current = new AsyncLocalStorage<Invocation>();
let installed = false;

/**
 * Node's own `process`, which modules loaded by `loadModule` see. A test runner may give test
 * code a copy whose `env` does not reach them.
 */
export function nodeProcess(): NodeJS.Process {
  realProcess ??= compile('process-of-node.js', 'module.exports = process;') as NodeJS.Process;
  return realProcess;
}

let realProcess: NodeJS.Process | undefined;

/**
 * Makes Node's `process.env` and `console` per invocation: inside `withInvocation`, `process.env`
 * is that invocation's environment (reads, writes and key listing) and console output goes to its
 * log; outside, both behave as before.
 */
function install(): void {
  if (installed) return;
  installed = true;
  const proc = nodeProcess();
  const base = proc.env;
  baseSnapshot = { ...base };
  const target = () => current.getStore()?.env ?? base;
  proc.env = new Proxy(base, {
    get: (_, key) => (typeof key === 'string' ? target()[key] : undefined),
    set: (_, key, value) => {
      if (typeof key === 'string') target()[key] = String(value);
      return true;
    },
    deleteProperty: (_, key) => (typeof key === 'string' ? delete target()[key] : true),
    has: (_, key) => typeof key === 'string' && target()[key] !== undefined,
    ownKeys: () => Object.keys(target()).filter((k) => target()[k] !== undefined),
    getOwnPropertyDescriptor: (_, key) => {
      const value = typeof key === 'string' ? target()[key] : undefined;
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
  }) as NodeJS.ProcessEnv;
  const nodeConsole = compile('console-of-node.js', 'module.exports = console;') as Console;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = nodeConsole[method].bind(nodeConsole);
    nodeConsole[method] = (...args: unknown[]) => {
      const invocation = current.getStore();
      if (invocation) invocation.log.push(format(...args));
      else original(...args);
    };
  }
}

/**
 * Runs `work` as one invocation: `env` is the whole environment it sees (nothing else leaks
 * in), and whatever it logs is returned with its result.
 */
export async function withInvocation<T>(
  env: Record<string, string>, work: () => Promise<T>,
): Promise<{ result: T; log: string[] } | { error: unknown; log: string[] }> {
  install();
  const invocation: Invocation = { env: { ...env }, log: [] };
  return current.run(invocation, async () => {
    try {
      return { result: await work(), log: invocation.log };
    } catch (error) {
      return { error, log: invocation.log };
    }
  });
}

/**
 * The function whose code is running now (its `AWS_LAMBDA_FUNCTION_NAME`), when it runs within an
 * invocation or a module load: also in callbacks and promises the invocation left behind, so that
 * an error they throw after it answered can be put down to that function.
 */
export function runningFunction(): string | undefined {
  return current.getStore()?.env.AWS_LAMBDA_FUNCTION_NAME;
}

/**
 * What every function's environment holds besides Lambda's own variables and its own: the
 * process's `PATH` (Node finds nothing else through it) and Lambda's `LANG`. Nothing of the
 * developer's environment (credentials, profiles, endpoints) reaches a function.
 */
export function processBasics(): Record<string, string> {
  install();
  return { ...(baseSnapshot?.PATH !== undefined && { PATH: baseSnapshot.PATH }), LANG: 'en_US.UTF-8' };
}

let baseSnapshot: Record<string, string | undefined> | undefined;

export function compile(file: string, source: string, paths: string[] = []): any {
  const mod = new Module.Module(file);
  mod.filename = file;
  mod.paths = paths;
  (mod as any)._compile(source, file);
  return mod.exports;
}

/**
 * A fresh instance of a bundled module, loaded with Node's own module system (not a test
 * runner's), as Lambda would: its bare imports resolved from next to it, then from where this
 * package is (the bundles leave out `@aws-sdk/*`, which Lambda's Node.js runtimes provide and
 * this package depends on).
 */
export function loadModule(file: string): Record<string, unknown> {
  const paths = [...(Module as any)._nodeModulePaths(path.dirname(file)), ...(Module as any)._nodeModulePaths(__dirname)];
  return compile(file, fs.readFileSync(file, 'utf-8'), paths);
}
