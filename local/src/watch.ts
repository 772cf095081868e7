/**
 * Watches a cloud assembly for the next `cdk synth`: its manifest.json is rewritten when a synth
 * finishes. A change is acted on once the assembly has settled (no change for `settleMs`, no
 * `synth.lock` of a running cdk CLI) and is complete (the manifest, every stack's template and
 * assets manifest parse, and every file asset is there); until then it waits and tries again.
 */
import * as fs from 'fs';
import * as path from 'path';

/** How `watchAssembly` watches. */
export interface WatchOptions {
  /** How often the manifest is looked at. @default 250 */
  readonly intervalMs?: number;
  /** How long the assembly must stay unchanged before it is read. @default 300 */
  readonly settleMs?: number;
  /** How many times an incomplete assembly is tried again (every `settleMs`) before waiting for the next change. @default 40 */
  readonly retries?: number;
  /** Told when the assembly is incomplete, with why, once per change. */
  readonly onWaiting?: (why: string) => void;
}

/** A running watch: `close` stops it. */
export interface AssemblyWatch {
  close(): void;
}

/**
 * Calls `onChange` after each change of the assembly in `assemblyDir`, one call at a time: a
 * change during a call is acted on after it. What `onChange` throws is its own to report: the
 * watch goes on.
 */
export function watchAssembly(assemblyDir: string, onChange: () => Promise<void>, options: WatchOptions = {}): AssemblyWatch {
  const manifest = path.join(assemblyDir, 'manifest.json');
  const settleMs = options.settleMs ?? 300;
  const retries = options.retries ?? 40;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let pending = false;
  let closed = false;
  let tries = 0;
  let told = false;

  const schedule = (fresh: boolean) => {
    if (fresh) {
      tries = 0;
      told = false;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void check(), settleMs);
  };

  const check = async () => {
    timer = undefined;
    if (closed) return;
    if (running) {
      pending = true;
      return;
    }
    const why = incomplete(assemblyDir);
    if (why) {
      if (!told) options.onWaiting?.(why);
      told = true;
      if (++tries <= retries) schedule(false);
      return;
    }
    running = true;
    try {
      await onChange();
    } catch {
      // onChange reports its own failures.
    } finally {
      running = false;
    }
    if (pending && !closed) {
      pending = false;
      schedule(true);
    }
  };

  const listener = (current: fs.Stats, previous: fs.Stats) => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino) schedule(true);
  };
  fs.watchFile(manifest, { interval: options.intervalMs ?? 250, persistent: false }, listener);
  return {
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      fs.unwatchFile(manifest, listener);
    },
  };
}

/** Why the assembly cannot be read yet, or undefined when it is complete. */
export function incomplete(assemblyDir: string): string | undefined {
  const lock = path.join(assemblyDir, 'synth.lock');
  if (fs.existsSync(lock) && writerRuns(lock)) return 'cdk synth is writing it (synth.lock)';
  let artifacts: Record<string, any>;
  try {
    artifacts = readJson(path.join(assemblyDir, 'manifest.json')).artifacts ?? {};
  } catch (error) {
    return `manifest.json: ${(error as Error).message}`;
  }
  for (const artifact of Object.values(artifacts)) {
    const file = artifact?.properties?.templateFile ?? artifact?.properties?.file;
    if (typeof file !== 'string') continue;
    let content: any;
    try {
      content = readJson(path.join(assemblyDir, file));
    } catch (error) {
      return `${file}: ${(error as Error).message}`;
    }
    if (artifact.type !== 'cdk:asset-manifest') continue;
    for (const [hash, asset] of Object.entries<any>(content.files ?? {})) {
      const source = asset?.source?.path;
      if (typeof source === 'string' && !fs.existsSync(path.join(assemblyDir, source))) return `${file}: asset ${hash} is not there yet (${source})`;
    }
  }
  return undefined;
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

/** Whether the process that wrote the lock file (its content is its pid) still runs. */
function writerRuns(lock: string): boolean {
  try {
    const pid = Number(fs.readFileSync(lock, 'utf-8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return true;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs as someone else; ENOENT: the lock is gone (checked again next time).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
