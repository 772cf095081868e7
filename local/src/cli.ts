#!/usr/bin/env node
/**
 * `cdk-ivs-chat-local [cdk.out] [--port N] [--host H] [--no-watch]`: deploys the cdk-ivs-chat
 * resources of a synthesized cloud assembly to a local IVS Chat, applies each later `cdk synth` of
 * it as a stack update, and serves it until SIGINT or SIGTERM.
 * `cdk-ivs-chat-local token <user> [--groups a,b] [--display-name N] [--claim k=v]`: prints a
 * development token for the local token issuers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describeUpdate, roomSettings } from './changes';
import { developmentClaims, developmentToken } from './dev-identity';
import { runningFunction } from './harness/runtime';
import { DEFAULT_PORT, LocalApp, LocalError, startLocal } from './local-app';
import { watchAssembly } from './watch';

const USAGE = `Usage:
  cdk-ivs-chat-local [cdk.out] [--port N] [--host ADDRESS] [--no-watch]
      Deploys the cdk-ivs-chat rooms of a cloud assembly (\`cdk synth\`'s output, cdk.out by default)
      to a local Amazon IVS Chat and serves it, with its token issuers, until Ctrl-C. Each later
      \`cdk synth\` is applied as a stack update: rooms updated in place, connected clients kept.
      --port N         the port of everything (default ${DEFAULT_PORT}; 0 picks a free one)
      --host ADDRESS   the address to listen on (default 127.0.0.1)
      --no-watch       deploy the assembly once; later changes to it are not applied
  cdk-ivs-chat-local token USER [--groups a,b] [--display-name NAME] [--claim KEY=VALUE]...
      Prints a development token: send it as \`Authorization: Bearer <token>\` to a local token issuer.`;

type Options = Record<string, string[]>;

/** Splits `args` into positional arguments and `--name value` options; rejects an unknown option. */
function parseArgs(args: readonly string[], known: readonly string[], flags: readonly string[] = []): { positional: string[]; options: Options } {
  const positional: string[] = [];
  const options: Options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (flags.includes(name)) {
      (options[name] ??= []).push('true');
      continue;
    }
    if (!known.includes(name)) throw new LocalError(`unknown option --${name}\n${USAGE}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new LocalError(`--${name} needs a value`);
    (options[name] ??= []).push(value);
  }
  return { positional, options };
}

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8')).version;
  } catch {
    return 'unknown';
  }
}

async function serve(args: readonly string[]): Promise<void> {
  const { positional, options } = parseArgs(args, ['port', 'host'], ['no-watch']);
  if (positional.length > 1) throw new LocalError(`expected at most one cloud assembly directory, got: ${positional.join(' ')}\n${USAGE}`);
  const portText = options.port?.at(-1);
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!/^\d+$/.test(portText ?? '0') || port > 65535) throw new LocalError(`--port must be an integer between 0 and 65535, got: ${portText}`);
  const assemblyDir = positional[0] ?? 'cdk.out';
  const started = Date.now();
  const app = await startLocal({ assemblyDir, port, host: options.host?.at(-1) });
  serving = app;
  printSummary(app, assemblyDir, Date.now() - started);
  const watch = options['no-watch'] ? undefined : watchAssembly(assemblyDir, () => applyChanges(app, assemblyDir), {
    onWaiting: (why) => process.stdout.write(`\n${assemblyDir} changed but is not complete yet (${why}): waiting\n`),
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      watch?.close();
      process.stdout.write(`${signal}: stopping\n`);
      app.stop().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

function printSummary(app: LocalApp, assemblyDir: string, startupMs: number): void {
  const { emulator } = app;
  const out: string[] = [
    `cdk-ivs-chat-local ${version()}: ${assemblyDir} on a local Amazon IVS Chat (region ${emulator.region}, account ${emulator.accountId})`,
  ];
  for (const stack of app.stacks) {
    out.push('', `Stack ${stack.stackName}`);
    const width = Math.max(...stack.rooms.map((r) => r.room.name.length), 1);
    for (const { room, path: roomPath, reviewer } of stack.rooms) {
      out.push(`  room ${room.name.padEnd(width)}  ${room.arn}  (${roomPath}) ${roomSettings(room)}`);
      if (room.messageReviewHandler) {
        const who = reviewer ? `${reviewer.path} (${reviewer.runtime})` : room.messageReviewHandler.uri;
        const how = reviewer?.runsLocally === false
          ? `does not run locally: the fallback ${room.messageReviewHandler.fallbackResult} decides every message`
          : `fallback ${room.messageReviewHandler.fallbackResult}`;
        out.push(`    review handler ${who}, ${how}`);
      }
    }
    for (const issuer of stack.issuers) out.push(`  token issuer ${issuer.path}  POST ${issuer.url}`);
  }
  if (app.skipped.length > 0) out.push('', `Left out (no cdk-ivs-chat resource): ${app.skipped.join(', ')}`);
  out.push(
    '',
    `Chat clients (amazon-ivs-chat-messaging): regionOrUrl ${app.messagingEndpoint}`,
    `Web page (rooms, users, messages, events, review decisions): ${app.pageUrl}`,
    'Control plane (AWS SDKs and the AWS CLI, any credentials):',
    `  export AWS_ENDPOINT_URL_IVSCHAT=${app.endpoint} AWS_REGION=${emulator.region}`,
    'Signing in: send a token issuer "Authorization: Bearer <development token>", made with',
    '  npx cdk-ivs-chat-local token alice [--groups moderators]',
    `Ready in ${(startupMs / 1000).toFixed(1)} s. Ctrl-C stops.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Applies the assembly again after a `cdk synth` and prints what changed; a failure is printed, and what runs goes on. */
async function applyChanges(app: LocalApp, assemblyDir: string): Promise<void> {
  const started = Date.now();
  process.stdout.write(`\n${assemblyDir} changed: applying it\n`);
  try {
    const lines = describeUpdate(await app.update());
    process.stdout.write(`${[...lines, `Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`].join('\n')}\n`);
  } catch (error) {
    process.stdout.write(`Not applied: ${error instanceof Error ? error.message : String(error)}. What runs is unchanged.\n`);
  }
}

function token(args: readonly string[]): void {
  const { positional, options } = parseArgs(args, ['groups', 'display-name', 'claim']);
  if (positional.length !== 1) throw new LocalError(`token takes one user id, got: ${positional.join(' ') || 'none'}\n${USAGE}`);
  const claims: Record<string, string> = {};
  for (const pair of options.claim ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new LocalError(`--claim must be KEY=VALUE, got: ${pair}`);
    claims[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const groups = (options.groups ?? []).flatMap((g) => g.split(',')).map((g) => g.trim()).filter(Boolean);
  process.stdout.write(`${developmentToken(developmentClaims({ userId: positional[0], groups, displayName: options['display-name']?.at(-1), claims }))}\n`);
}

/** Runs the command; resolves to its exit code. */
export async function main(args: readonly string[]): Promise<number> {
  try {
    if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
      process.stdout.write(`${USAGE}\n`);
    } else if (args[0] === '--version') {
      process.stdout.write(`${version()}\n`);
    } else if (args[0] === 'token') {
      token(args.slice(1));
    } else {
      await serve(args);
    }
    return 0;
  } catch (error) {
    // A LocalError explains itself; anything else is reported by its message alone.
    process.stderr.write(`cdk-ivs-chat-local: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** The app being served, once it is. */
let serving: LocalApp | undefined;

/**
 * An error nothing caught. Thrown by work a function left behind (a timer, a promise nobody
 * awaited) after its invocation answered: the function's execution environment ends, as on
 * Lambda, and the command goes on. Anything else (a socket, the command's own bug) ends the
 * command with its message, not a stack trace.
 */
function unexpected(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const fn = runningFunction();
  if (fn !== undefined && serving?.stacks.some((s) => s.stack.restartFunction(fn))) {
    process.stderr.write(`cdk-ivs-chat-local: function ${fn} threw after its invocation: ${message}; `
      + 'as on Lambda, its next invocation starts a new execution environment\n');
    return;
  }
  process.stderr.write(`cdk-ivs-chat-local: stopped on an unexpected error: ${message}\n`);
  process.exit(1);
}

if (require.main === module) {
  process.on('uncaughtException', unexpected);
  process.on('unhandledRejection', unexpected);
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
