import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The packages whose newest versions the compatibility runs load instead of
 * the floor versions the library builds against. Their versions are pinned in
 * test/compat/newest/package.json (written from .projenrc.ts), installed from
 * its own lock file by install-newest.sh.
 */
export const CDK_PACKAGES = ['aws-cdk-lib', 'constructs', 'cdk-nag'] as const;

/** The package.json and lock file of the newest versions. */
const SOURCE_DIR = path.join(__dirname, 'newest');

/** The versions test/compat/newest/package.json pins. */
export function newestVersions(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, 'package.json'), 'utf-8')).dependencies;
}

/**
 * Where install-newest.sh installed them: a cache outside the clone, keyed by
 * the package.json and the lock file (the script computes the same key).
 */
export function newestDir(): string {
  const cache = process.env.NEWEST_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk-ivs-chat-newest');
  const key = crypto.createHash('sha256')
    .update(Buffer.concat(['package.json', 'package-lock.json'].map((file) => fs.readFileSync(path.join(SOURCE_DIR, file)))))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(cache, key);
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    throw new Error(`the newest aws-cdk-lib is not installed in ${dir}: run \`npx projen install:newest\``);
  }
  return dir;
}

/**
 * A jest `moduleNameMapper` that sends every import of those packages (and of
 * their subpaths) to the newest copies, the packages' own imports of each
 * other included, so one run never mixes two versions.
 */
export function newestModuleNameMapper(): Record<string, string> {
  const modules = path.join(newestDir(), 'node_modules');
  return Object.fromEntries(CDK_PACKAGES.flatMap((name) => [
    [`^${name}$`, path.join(modules, name)],
    [`^${name}/(.*)$`, `${path.join(modules, name)}/$1`],
  ]));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The modules a TypeScript file loads at run time (type-only imports excluded). */
function imports(file: string): string[] {
  return [...fs.readFileSync(file, 'utf-8').matchAll(IMPORT)]
    .filter((match) => !match[1])
    .map((match) => match[2] ?? match[3]);
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

/**
 * Whether a file loads aws-cdk-lib, constructs or cdk-nag, itself or through
 * the repository's own modules it imports.
 */
export function loadsCdk(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  return imports(file).some((specifier) => {
    if (CDK_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`))) return true;
    const local = specifier.startsWith('.') ? resolveLocal(file, specifier) : undefined;
    return local !== undefined && loadsCdk(local, seen);
  });
}

/** Every jest suite under `dir`, outside any node_modules. */
export function testFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.ts') && !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(dir, file))
    .sort();
}
