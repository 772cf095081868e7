// The release artifacts in dist/, checked on the files as each registry would
// (run by test/release/run.sh, which builds what is missing and adds the
// Python tools: `twine check --strict` and a fresh-venv install).
//
//  npm          dist/js/cdk-ivs-chat@<version>.jsii.tgz: exactly the files a user
//               needs (lib/ compiled from every src/ file and nothing else, the
//               bundled handlers, the bundled dependencies with their
//               licenses, .jsii, docs, LICENSE), a size budget, the
//               package.json fields npm and Construct Hub read.
//  PyPI         dist/python: one wheel and one sdist of that version, their
//               metadata (twine checks the rest).
//  Maven        dist/java: the Central Portal's requirements on the files: POM
//               metadata, sources and javadoc jars next to the jar, coordinates,
//               checksums.
//  npm (local) dist/local/cdk-ivs-chat-local-<version>.tgz: the command for
//               local development, its own package: lib/ compiled from every
//               local/src file and nothing else, README, LICENSE, a bin that
//               ships, the dependencies local/package.json declares, a budget.
//  All three    carry the same jsii assembly as the npm package, which is the
//               one the tree last compiled (so a stale dist/ fails).
//
// The version expected is dist/version.txt during `npx projen release`, and
// package.json's (0.0.0) otherwise. checkRelease() takes the folder (and the
// README) to check, so that check-fails.ts can show each check refusing a
// tampered copy.
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { DOMParser, Element } from '@xmldom/xmldom';

const root = path.resolve(__dirname, '..', '..');

/**
 * What a release may weigh: the npm tarball, packed and unpacked. 0.1.0 weighs
 * 593 kB and 2.36 MB: the bundled re2js ships three builds (0.8 MB unpacked)
 * and the message reviewer's handler bundle holds another copy of it.
 */
export const NPM_BUDGET = { packedBytes: 700_000, unpackedBytes: 2_800_000 };
/** What cdk-ivs-chat-local may weigh; 0.0.0 built clean weighs 96 kB and 353 kB. */
export const LOCAL_BUDGET = { packedBytes: 200_000, unpackedBytes: 700_000 };

/** Construct Hub lists jsii packages that carry one of its keywords; we promise these two. */
const CONSTRUCT_HUB_KEYWORDS = ['cdk', 'awscdk'];

/** Files of the npm package besides lib/ and the handler bundles. */
const NPM_TOP_LEVEL = ['package.json', '.jsii', 'README.md', 'LICENSE', 'API.md'];
/** Documentation that may ship, and is not required to. */
const NPM_OPTIONAL = ['CHANGELOG.md', 'SECURITY.md'];

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly main?: string;
  readonly types?: string;
  readonly license?: string;
  readonly homepage?: string;
  readonly private?: boolean;
  readonly keywords?: string[];
  readonly repository?: { readonly url?: string };
  readonly peerDependencies?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly bundledDependencies?: string[];
  readonly jsii?: {
    readonly targets?: {
      readonly python?: { readonly distName: string; readonly module: string };
      readonly java?: { readonly package: string; readonly maven: { readonly groupId: string; readonly artifactId: string } };
    };
  };
}
interface Assembly {
  readonly schema: string;
  readonly name: string;
  readonly version: string;
  readonly fingerprint: string;
  readonly license: string;
  readonly types: Record<string, unknown>;
}


// ---------------------------------------------------------------- archives
interface Entry { readonly name: string; readonly size: number; readonly data: Buffer }

/** Regular files of a .tgz (ustar, as npm and setuptools write them). */
function readTgz(tgz: Buffer): Entry[] {
  const tar = gunzipSync(tgz);
  const entries: Entry[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0[\s\S]*$/, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const data = tar.subarray(offset + 512, offset + 512 + size);
    longName = undefined;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0[\s\S]*$/, '');
    } else if (type === '0' || type === '') {
      entries.push({ name, size, data: Buffer.from(data) });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** Names of the files of a zip (wheel, jar). */
function zipNames(file: string): string[] {
  return execFileSync('unzip', ['-Z1', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter((n) => n && !n.endsWith('/'));
}
function zipRead(file: string, name: string): Buffer {
  return execFileSync('unzip', ['-p', file, name], { maxBuffer: 64 * 1024 * 1024 });
}


function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => entry.isDirectory()
    ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
    : [`${prefix}${entry.name}`]);
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function fileSize(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

/** What to check: dist/ and README.md, unless a test hands it tampered copies. */
export interface CheckOptions {
  /** The folder with js/, python/ and java/ (and version.txt during a release). */
  readonly dist: string;
  /** @default the repository's README.md */
  readonly readme?: string;
  /** @default NPM_BUDGET */
  readonly npmBudget?: { readonly packedBytes: number; readonly unpackedBytes: number };
  /** @default LOCAL_BUDGET */
  readonly localBudget?: { readonly packedBytes: number; readonly unpackedBytes: number };
}

export interface CheckResult {
  readonly name: string;
  readonly version: string;
  /** Whether dist/version.txt set the version (a release), or package.json did. */
  readonly releasing: boolean;
  /** One line per problem, each naming the file. */
  readonly problems: string[];
  /** One line per artifact: what it weighs, what was checked. */
  readonly report: string[];
}

/** Checks the artifacts in `options.dist`; never throws for a bad artifact, it reports it. */
export function checkRelease(options: CheckOptions): CheckResult {
  const dist = path.resolve(options.dist);
  const readmeFile = options.readme ?? path.join(root, 'README.md');
  const budget = options.npmBudget ?? NPM_BUDGET;
  // Paths as dist/js/..., whichever folder dist is.
  const rel = (file: string) => path.join('dist', path.relative(dist, file));
  const problems: string[] = [];
  const report: string[] = [];
  const fail = (where: string, message: string) => problems.push(`${where}: ${message}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
  const versionFile = path.join(dist, 'version.txt');
  const releasing = fs.existsSync(versionFile);
  const version = releasing ? fs.readFileSync(versionFile, 'utf8').trim() : manifest.version;
  if (releasing && version === '0.0.0') {
    fail('dist/version.txt', 'a release must not be 0.0.0 (did the bump run?)');
  }
  const python = manifest.jsii?.targets?.python;
  const java = manifest.jsii?.targets?.java;
  if (!python || !java) {
    fail('package.json', 'jsii.targets must configure python and java');
    return { name: manifest.name, version, releasing, problems, report };
  }

  /** The jsii assembly inside the npm tarball that jsii-pacmak embeds in the wheel and the jar. */
  function assemblyOf(tgz: Buffer, where: string): Assembly | undefined {
    const jsii = readTgz(tgz).find((e) => e.name === 'package/.jsii');
    if (!jsii) {
      fail(where, 'the embedded npm package has no .jsii');
      return undefined;
    }
    return JSON.parse(jsii.data.toString('utf8')) as Assembly;
  }

  const fingerprints: Array<{ where: string; fingerprint?: string }> = [];
  /** What the artifacts declare, for the README's claims. */
  const declared: { requiresPython?: string; requiresDist?: string[]; javaRelease?: number } = {};

  function only(dir: string, pattern: RegExp, what: string): string | undefined {
    const matches = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => pattern.test(f)) : [];
    if (matches.length !== 1) {
      fail(rel(dir), `expected exactly one ${what}, found ${matches.length === 0 ? 'none' : matches.join(', ')}`);
      return undefined;
    }
    return path.join(dir, matches[0]);
  }

  /** lib/ as tsc compiles `srcDir`: a .js and a .d.ts for each .ts. */
  function compiledFrom(srcDir: string): string[] {
    return listFiles(srcDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .flatMap((f) => [`lib/${f.replace(/\.ts$/, '.js')}`, `lib/${f.replace(/\.ts$/, '.d.ts')}`]);
  }

  /** Fails `where` when the tarball weighs more than `limit`; returns its weights. */
  function weigh(where: string, tarball: string, entries: Entry[], limit: { readonly packedBytes: number; readonly unpackedBytes: number }) {
    const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
    const packed = fs.statSync(tarball).size;
    if (packed > limit.packedBytes || unpacked > limit.unpackedBytes) {
      fail(where, `${kb(packed)} packed, ${kb(unpacked)} unpacked: over the budget of ${kb(limit.packedBytes)} and ${kb(limit.unpackedBytes)}`);
    }
    return { packed, unpacked };
  }

  // ---------------------------------------------------------------- npm
  function checkNpm(): void {
    const tarball = only(path.join(dist, 'js'), /\.tgz$/, 'npm tarball');
    if (!tarball) return;
    const where = rel(tarball);
    if (path.basename(tarball) !== `${manifest.name}@${version}.jsii.tgz`) {
      fail(where, `expected ${manifest.name}@${version}.jsii.tgz`);
    }
    const entries = readTgz(fs.readFileSync(tarball));
    const files = new Map(entries.map((e) => [e.name.replace(/^package\//, ''), e]));

    // The file list: what a user needs, nothing else.
    const compiled = compiledFrom(path.join(root, 'src'));
    const handlers = fs.readdirSync(path.join(root, 'lambda'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'lambda', d.name, 'index.ts')))
      .map((d) => `assets/lambda/${d.name}/index/index.js`);
    const required = [...NPM_TOP_LEVEL, ...compiled, ...handlers];
    for (const file of required) {
      if (!files.has(file)) fail(where, `missing ${file}`);
    }
    // Runtime dependencies ship inside the package (jsii needs it for Python and Java), each with its license.
    const bundled = manifest.bundledDependencies ?? [];
    for (const dep of bundled) {
      const depManifest = files.get(`node_modules/${dep}/package.json`);
      const depFiles = [...files.keys()].filter((f) => f.startsWith(`node_modules/${dep}/`));
      if (!depManifest) {
        fail(where, `missing node_modules/${dep}/, a bundled dependency`);
      } else if (!JSON.parse(depManifest.data.toString('utf8')).license || !depFiles.some((f) => /^LICEN[CS]E/i.test(path.basename(f)))) {
        fail(where, `node_modules/${dep}/ ships without its license (a license field and a LICENSE file)`);
      }
    }
    const allowed = new Set([...required, ...NPM_OPTIONAL]);
    for (const file of files.keys()) {
      if (!allowed.has(file) && !bundled.some((dep) => file.startsWith(`node_modules/${dep}/`))) {
        fail(where, `ships ${file}, which is not a compiled src/ file, a handler bundle, a bundled dependency or package documentation`);
      }
    }
    const { packed, unpacked } = weigh(where, tarball, entries, budget);

    // package.json as npm and Construct Hub read it.
    const pkgEntry = files.get('package.json');
    if (!pkgEntry) return;
    const pkg = JSON.parse(pkgEntry.data.toString('utf8')) as PackageJson;
    const expect = (ok: boolean, message: string) => { if (!ok) fail(`${where} package.json`, message); };
    expect(pkg.name === manifest.name, `name is ${pkg.name}, expected ${manifest.name}`);
    expect(pkg.version === version, `version is ${pkg.version}, expected ${version}`);
    expect(!pkg.private, 'is private');
    expect(!!pkg.description && pkg.description.length >= 20, 'needs a description (npm search and Construct Hub show it)');
    expect(!!pkg.main && files.has(pkg.main), `main (${pkg.main}) must be a file of the package`);
    expect(!!pkg.types && files.has(pkg.types), `types (${pkg.types}) must be a file of the package`);
    expect(pkg.license === 'Apache-2.0' && files.has('LICENSE'), `license must be the SPDX id Apache-2.0 with a LICENSE file, got ${pkg.license}`);
    expect(/^https:\/\/github\.com\/[^/]+\/[^/]+\.git$/.test(pkg.repository?.url ?? ''), `repository.url must be an https GitHub URL, got ${pkg.repository?.url}`);
    expect(!!pkg.homepage, 'needs a homepage');
    for (const keyword of CONSTRUCT_HUB_KEYWORDS) {
      expect(pkg.keywords?.includes(keyword) ?? false, `keywords must include "${keyword}" (Construct Hub)`);
    }
    expect(!!pkg.jsii, 'needs the jsii field (Construct Hub indexes jsii packages only)');
    for (const peer of ['aws-cdk-lib', 'constructs']) {
      expect(!!pkg.peerDependencies?.[peer], `must have a peer dependency on ${peer}`);
    }
    const unbundled = Object.keys(pkg.dependencies ?? {}).filter((dep) => !(pkg.bundledDependencies ?? []).includes(dep));
    expect(unbundled.length === 0, `every runtime dependency must be bundled (jsii's Python and Java packages load only what the package holds), not bundled: ${unbundled.join(', ')}`);

    // The jsii assembly.
    const jsiiEntry = files.get('.jsii');
    if (jsiiEntry) {
      const assembly = JSON.parse(jsiiEntry.data.toString('utf8')) as Assembly;
      expect(assembly.schema === 'jsii/0.10.0', `.jsii schema is ${assembly.schema}`);
      expect(assembly.name === manifest.name && assembly.version === version, `.jsii is ${assembly.name}@${assembly.version}, expected ${manifest.name}@${version}`);
      expect(Object.keys(assembly.types ?? {}).length > 0, '.jsii has no types');
      fingerprints.push({ where, fingerprint: assembly.fingerprint });
    }
    const bundledNote = bundled.length > 0 ? `, bundling ${bundled.join(', ')}` : '';
    report.push(`npm    ${where}: ${kb(packed)} packed (budget ${kb(budget.packedBytes)}), ${kb(unpacked)} unpacked (budget ${kb(budget.unpackedBytes)}), ${files.size} files${bundledNote}`);
  }

  // ---------------------------------------------------------------- PyPI
  function checkPython(): void {
    const dir = path.join(dist, 'python');
    const stem = `${python!.distName.replace(/-/g, '_')}-${version}`;
    const wheel = only(dir, /\.whl$/, 'wheel');
    const sdist = only(dir, /\.tar\.gz$/, 'sdist');
    if (wheel && path.basename(wheel) !== `${stem}-py3-none-any.whl`) fail(rel(wheel), `expected ${stem}-py3-none-any.whl`);
    if (sdist && path.basename(sdist) !== `${stem}.tar.gz`) fail(rel(sdist), `expected ${stem}.tar.gz`);
    const embedded = `${manifest.name}@${version}.jsii.tgz`;
    if (wheel) {
      const where = rel(wheel);
      const names = zipNames(wheel);
      const metadataName = `${stem}.dist-info/METADATA`;
      if (!names.includes(metadataName)) {
        fail(where, `no ${metadataName}`);
      } else {
        const metadata = zipRead(wheel, metadataName).toString('utf8');
        const header = (key: string) => [...metadata.split('\n\n')[0].matchAll(new RegExp(`^${key}: (.*)$`, 'gm'))].map((m) => m[1].trim());
        const expect = (ok: boolean, message: string) => { if (!ok) fail(`${where} METADATA`, message); };
        expect(header('Name')[0] === python!.distName, `Name is ${header('Name')[0]}, expected ${python!.distName}`);
        expect(header('Version')[0] === version, `Version is ${header('Version')[0]}, expected ${version}`);
        expect(!!header('Summary')[0], 'needs a Summary');
        expect(header('License')[0] === 'Apache-2.0', `License is ${header('License')[0]}`);
        expect(!!header('Requires-Python')[0], 'needs Requires-Python');
        expect(header('Description-Content-Type')[0] === 'text/markdown', 'the README must render as Markdown on PyPI');
        expect(header('Home-page').length + header('Project-URL').length > 0, 'needs a Home-page or Project-URL');
        const requires = header('Requires-Dist');
        declared.requiresPython = header('Requires-Python')[0];
        declared.requiresDist = requires;
        for (const peer of ['aws-cdk-lib', 'constructs']) {
          const floor = (manifest.peerDependencies?.[peer] ?? '').replace(/^\^/, '');
          expect(requires.some((r) => r.startsWith(`${peer} `) && r.includes(`>=${floor}`)), `Requires-Dist must include ${peer}>=${floor}, has ${requires.join('; ')}`);
        }
      }
      const tgzName = `${python!.module}/_jsii/${embedded}`;
      if (!names.includes(tgzName)) {
        fail(where, `no ${tgzName}`);
      } else {
        fingerprints.push({ where, fingerprint: assemblyOf(zipRead(wheel, tgzName), where)?.fingerprint });
      }
      report.push(`PyPI   ${where}: ${kb(fs.statSync(wheel).size)}`);
    }
    if (sdist) {
      const where = rel(sdist);
      const entries = readTgz(fs.readFileSync(sdist));
      const pkgInfo = entries.find((e) => e.name === `${stem}/PKG-INFO`);
      if (!pkgInfo || !new RegExp(`^Version: ${version.replace(/\./g, '\\.')}$`, 'm').test(pkgInfo.data.toString('utf8'))) {
        fail(where, `needs ${stem}/PKG-INFO with Version: ${version}`);
      }
      const tgz = entries.find((e) => e.name === `${stem}/src/${python!.module}/_jsii/${embedded}`);
      if (!tgz) {
        fail(where, `no src/${python!.module}/_jsii/${embedded}`);
      } else {
        fingerprints.push({ where, fingerprint: assemblyOf(tgz.data, where)?.fingerprint });
      }
      report.push(`PyPI   ${where}: ${kb(fs.statSync(sdist).size)}`);
    }
  }

  // ---------------------------------------------------------------- Maven Central
  function checkMaven(): void {
    const { groupId, artifactId } = java!.maven;
    const dir = path.join(dist, 'java', ...groupId.split('.'), artifactId, version);
    const base = path.join(dir, `${artifactId}-${version}`);
    const mainFiles = [`${base}.pom`, `${base}.jar`, `${base}-sources.jar`, `${base}-javadoc.jar`];
    for (const file of mainFiles) {
      if (!fs.existsSync(file)) fail(rel(dir), `missing ${path.basename(file)} (the Central Portal needs the POM, the jar, -sources.jar and -javadoc.jar)`);
    }
    const others = listFiles(path.join(dist, 'java')).map((f) => path.join(dist, 'java', f))
      .filter((f) => !/\.(md5|sha1|sha256|sha512|asc)$/.test(f) && !mainFiles.includes(f) && path.basename(f) !== 'maven-metadata.xml');
    for (const file of others) fail(rel(file), 'is not part of the release (another version or artifact in dist/java)');
    if (!fs.existsSync(`${base}.pom`)) return;

    // The POM: the metadata the Central Portal requires.
    const where = rel(`${base}.pom`);
    const doc = new DOMParser().parseFromString(fs.readFileSync(`${base}.pom`, 'utf8'), 'text/xml');
    const project = doc.documentElement!;
    const elements = (parent: Element | undefined): Element[] => {
      const found: Element[] = [];
      for (let i = 0; parent && i < parent.childNodes.length; i++) {
        const node = parent.childNodes.item(i);
        if (node && node.nodeType === node.ELEMENT_NODE) found.push(node as Element);
      }
      return found;
    };
    const child = (parent: Element | undefined, name: string) => elements(parent).find((e) => e.localName === name);
    const text = (parent: Element | undefined, name: string) => child(parent, name)?.textContent?.trim() ?? '';
    const expect = (ok: boolean, message: string) => { if (!ok) fail(where, message); };
    expect(text(project, 'groupId') === groupId, `groupId is ${text(project, 'groupId')}, configured ${groupId}`);
    expect(text(project, 'artifactId') === artifactId, `artifactId is ${text(project, 'artifactId')}, configured ${artifactId}`);
    expect(text(project, 'version') === version, `version is ${text(project, 'version')}, expected ${version}`);
    expect(!text(project, 'version').endsWith('-SNAPSHOT'), 'Maven Central takes no SNAPSHOT versions');
    expect(text(project, 'packaging') === 'jar', 'packaging must be jar');
    for (const field of ['name', 'description', 'url']) expect(!!text(project, field), `needs <${field}>`);
    const licenses = elements(child(project, 'licenses'));
    expect(licenses.length > 0 && licenses.every((l) => !!text(l, 'name') && !!text(l, 'url')), 'needs <licenses> with a name and url for each license');
    const developers = elements(child(project, 'developers'));
    expect(developers.length > 0 && developers.every((d) => !!text(d, 'name') && !!(text(d, 'email') || text(d, 'url') || text(d, 'organization'))),
      'needs <developers> with a name and a way to reach each');
    const scm = child(project, 'scm');
    expect(!!text(scm, 'url') && text(scm, 'connection').startsWith('scm:git:'), 'needs <scm> with <url> and a scm:git: <connection>');
    // io.github.<account> namespaces are verified against that GitHub account.
    const owner = /github\.com\/([^/]+)\//.exec(manifest.repository?.url ?? '')?.[1];
    if (groupId.startsWith('io.github.')) {
      expect(groupId === `io.github.${owner}`, `groupId ${groupId} is an io.github namespace, so it must be io.github.<the repository's owner> (${owner})`);
    }

    // The jars: the code with its assembly, the sources, the docs.
    if (fs.existsSync(`${base}.jar`)) {
      const jarWhere = rel(`${base}.jar`);
      const inner = `${java!.package.replace(/\./g, '/')}/${manifest.name}@${version}.jsii.tgz`;
      const names = zipNames(`${base}.jar`);
      if (!names.includes(inner)) fail(jarWhere, `no ${inner}`);
      else fingerprints.push({ where: jarWhere, fingerprint: assemblyOf(zipRead(`${base}.jar`, inner), jarWhere)?.fingerprint });
      const someClass = names.find((n) => n.endsWith('.class'));
      if (!someClass) {
        fail(jarWhere, 'has no classes');
      } else {
        // Class file major version 52 is Java 8, 53 Java 9, ...
        declared.javaRelease = zipRead(`${base}.jar`, someClass).readUInt16BE(6) - 44;
      }
    }
    if (fs.existsSync(`${base}-sources.jar`) && !zipNames(`${base}-sources.jar`).some((n) => n.endsWith('.java'))) {
      fail(rel(`${base}-sources.jar`), 'has no .java file');
    }
    if (fs.existsSync(`${base}-javadoc.jar`) && !zipNames(`${base}-javadoc.jar`).includes('index.html')) {
      fail(rel(`${base}-javadoc.jar`), 'has no index.html');
    }

    // Checksums: when the layout has them, every file has both and they match.
    const layout = listFiles(path.join(dist, 'java')).map((f) => path.join(dist, 'java', f)).filter((f) => !/\.(md5|sha1|sha256|sha512|asc)$/.test(f));
    const withSums = layout.filter((f) => fs.existsSync(`${f}.md5`) || fs.existsSync(`${f}.sha1`));
    if (withSums.length > 0) {
      for (const file of layout) {
        for (const algorithm of ['md5', 'sha1']) {
          const sumFile = `${file}.${algorithm}`;
          if (!fs.existsSync(sumFile)) {
            fail(rel(file), `has no .${algorithm} (the layout has checksums, so every file needs both)`);
            continue;
          }
          const expected = fs.readFileSync(sumFile, 'utf8').trim().split(/\s+/)[0].toLowerCase();
          const actual = createHash(algorithm).update(fs.readFileSync(file)).digest('hex');
          if (expected !== actual) fail(rel(sumFile), `is ${expected}, the file's ${algorithm} is ${actual}`);
        }
      }
    }
    const signed = mainFiles.filter((f) => fs.existsSync(`${f}.asc`)).length;
    report.push(`Maven  ${rel(dir)}: jar ${kb(fileSize(`${base}.jar`))}, sources ${kb(fileSize(`${base}-sources.jar`))}, javadoc ${kb(fileSize(`${base}-javadoc.jar`))}, POM ${kb(fileSize(`${base}.pom`))}; `
      + `checksums ${withSums.length > 0 ? `verified for ${layout.length} files` : 'not in the layout (Maven writes them on upload)'}; `
      + `signatures ${signed === mainFiles.length ? 'present' : 'none: publib signs on upload with MAVEN_GPG_PRIVATE_KEY'}`);
  }

  // ---------------------------------------------------------------- README
  /** README's install lines and supported versions say what the artifacts declare. */
  function checkReadme(): void {
    const readme = fs.readFileSync(readmeFile, 'utf8');
    const where = 'README.md';
    const top = readme.split(/^## /m)[0];
    for (const line of [`\`npm install ${manifest.name}\``, `\`pip install ${python!.distName}\``, `\`${java!.maven.groupId}:${java!.maven.artifactId}\``]) {
      if (!top.includes(line)) fail(where, `the install lines under the title must show ${line}`);
    }
    const section = readme.split(/^## /m).find((s) => s.startsWith('Supported versions\n')) ?? '';
    const rows = new Map([...section.matchAll(/^\| ([^|]+?) \| ([^|]+?) \|/gm)].map((m) => [m[1], m[2]]));
    const row = (name: string) => rows.get(name) ?? '';
    if (!section) {
      fail(where, 'needs a "## Supported versions" section');
      return;
    }
    for (const peer of ['aws-cdk-lib', 'constructs']) {
      const range = manifest.peerDependencies?.[peer];
      if (!row(peer).includes(`\`${range}\``)) fail(where, `Supported versions: ${peer} must say \`${range}\`, the npm peer dependency`);
      const pypi = (declared.requiresDist ?? []).find((r) => r.startsWith(`${peer} `))?.slice(peer.length + 1).split(',') ?? [];
      for (const part of pypi) {
        if (!row(peer).includes(part)) fail(where, `Supported versions: ${peer} must give the wheel's range (${pypi.join(',')})`);
      }
    }
    if (declared.requiresPython && !row('Python').includes(`\`${declared.requiresPython}\``)) {
      fail(where, `Supported versions: Python must say \`${declared.requiresPython}\`, the wheel's Requires-Python`);
    }
    if (declared.javaRelease && !row('Java').includes(`Java ${declared.javaRelease}`)) {
      fail(where, `Supported versions: Java must say Java ${declared.javaRelease}, what the jar's class files need`);
    }
  }

  // ---------------------------------------------------------------- cdk-ivs-chat-local
  function checkLocal(): void {
    const localManifest = JSON.parse(fs.readFileSync(path.join(root, 'local', 'package.json'), 'utf8')) as PackageJson & {
      readonly bin?: Record<string, string>; readonly devDependencies?: Record<string, string>;
    };
    const tarball = only(path.join(dist, 'local'), /\.tgz$/, `${localManifest.name} tarball`);
    if (!tarball) return;
    const where = rel(tarball);
    if (path.basename(tarball) !== `${localManifest.name}-${version}.tgz`) fail(where, `expected ${localManifest.name}-${version}.tgz`);
    const entries = readTgz(fs.readFileSync(tarball));
    const files = new Map(entries.map((e) => [e.name.replace(/^package\//, ''), e]));
    const required = ['package.json', 'README.md', 'LICENSE', ...compiledFrom(path.join(root, 'local', 'src'))];
    for (const file of required) {
      if (!files.has(file)) fail(where, `missing ${file}`);
    }
    for (const file of files.keys()) {
      if (!required.includes(file)) fail(where, `ships ${file}, which is not a compiled local/src file or the package's documentation`);
    }
    const localBudget = options.localBudget ?? LOCAL_BUDGET;
    const { packed, unpacked } = weigh(where, tarball, entries, localBudget);
    const pkgEntry = files.get('package.json');
    if (!pkgEntry) return;
    const pkg = JSON.parse(pkgEntry.data.toString('utf8')) as typeof localManifest;
    if (pkg.version !== version) fail(where, `package.json version is ${pkg.version}, expected ${version}`);
    const bins = Object.entries(pkg.bin ?? {});
    if (bins.length === 0) fail(where, 'package.json needs a bin (the cdk-ivs-chat-local command)');
    for (const [name, file] of bins) {
      if (!files.has(path.posix.normalize(file))) fail(where, `bin ${name} is ${file}, which the package does not ship`);
    }
    if (JSON.stringify(pkg.dependencies ?? {}) !== JSON.stringify(localManifest.dependencies ?? {})) {
      fail(where, `dependencies must be local/package.json's (${JSON.stringify(localManifest.dependencies ?? {})}), got ${JSON.stringify(pkg.dependencies ?? {})}`);
    }
    if (pkg.devDependencies) fail(where, 'package.json must not carry devDependencies');
    report.push(`npm    ${where}: ${kb(packed)} packed (budget ${kb(localBudget.packedBytes)}), ${kb(unpacked)} unpacked (budget ${kb(localBudget.unpackedBytes)}), ${files.size} files`);
  }

  // ---------------------------------------------------------------- the same assembly everywhere
  function checkAssemblies(): void {
    const local = path.join(root, '.jsii');
    const tree = fs.existsSync(local) ? (JSON.parse(fs.readFileSync(local, 'utf8')) as Assembly).fingerprint : undefined;
    for (const { where, fingerprint } of fingerprints) {
      if (!fingerprint) continue;
      if (tree && fingerprint !== tree) {
        fail(where, 'was built from another compile than the tree\'s .jsii: stale dist/ (rm -rf dist and run again)');
      } else if (fingerprint !== fingerprints[0].fingerprint) {
        fail(where, `carries another jsii assembly than ${fingerprints[0].where}`);
      }
    }
  }

  checkNpm();
  checkLocal();
  checkPython();
  checkMaven();
  checkReadme();
  checkAssemblies();
  return { name: manifest.name, version, releasing, problems, report };
}

if (require.main === module) {
  // RELEASE_CHECK_DIST checks another folder.
  const result = checkRelease({ dist: process.env.RELEASE_CHECK_DIST ?? path.join(root, 'dist') });
  if (result.problems.length > 0) {
    console.error(`release check: ${result.problems.length} problem(s)\n- ${result.problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(`release check: ${result.name} ${result.version}${result.releasing ? '' : ' (not a release: package.json\'s version)'}\n  ${result.report.join('\n  ')}`);
}
