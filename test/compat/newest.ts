import * as fs from 'fs';
import * as path from 'path';

/**
 * The packages whose newest versions the compatibility runs load instead of
 * the floor versions the library builds against. Their versions are pinned in
 * test/compat/newest/package.json (written from .projenrc.ts), installed from
 * its own lock file.
 */
export const CDK_PACKAGES = ['aws-cdk-lib', 'constructs', 'cdk-nag'] as const;

/** Where `npm ci` installs the newest versions. */
export const NEWEST_DIR = path.join(__dirname, 'newest');

/** The versions test/compat/newest/package.json pins. */
export function newestVersions(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(NEWEST_DIR, 'package.json'), 'utf-8')).dependencies;
}

/**
 * A jest `moduleNameMapper` that sends every import of those packages (and of
 * their subpaths) to the newest copies, the packages' own imports of each
 * other included, so one run never mixes two versions.
 */
export function newestModuleNameMapper(): Record<string, string> {
  const modules = path.join(NEWEST_DIR, 'node_modules');
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
