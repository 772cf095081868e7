/**
 * Runs the emulator until SIGINT/SIGTERM:
 *   npx ts-node --transpile-only -P tsconfig.dev.json local/src/emulator/main.ts --port 4566
 * Options: --port N, --region R, --account-id A, --partition P, --no-rate-limits.
 */
import { startEmulator } from './server';

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const port = Number(option(args, '--port') ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer between 0 and 65535, got: ${option(args, '--port')}`);
  const emulator = await startEmulator({
    port,
    region: option(args, '--region'),
    accountId: option(args, '--account-id'),
    partition: option(args, '--partition'),
    rateLimits: !args.includes('--no-rate-limits'),
  });
  process.stdout.write(`IVS Chat emulator listening on ${emulator.endpoint} (region ${emulator.region}, account ${emulator.accountId})\n`);
  const shutdown = (signal: string) => {
    process.stdout.write(`${signal}: stopping after ${emulator.calls.length} calls\n`);
    emulator.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
