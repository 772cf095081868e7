// The release check must be able to fail: after it passed on dist/, each case
// here copies dist/ (and README.md), breaks one thing a registry or a user
// would notice, and expects checkRelease() to name it. Run by run.sh; exits 1
// when a tampered copy passes or fails for another reason than expected.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkRelease, CheckOptions } from './check';

const root = path.resolve(__dirname, '..', '..');
const dist = path.resolve(process.env.RELEASE_CHECK_DIST ?? path.join(root, 'dist'));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const version = fs.existsSync(path.join(dist, 'version.txt'))
  ? fs.readFileSync(path.join(dist, 'version.txt'), 'utf8').trim()
  : manifest.version;
const { groupId, artifactId } = manifest.jsii.targets.java.maven;
const distName: string = manifest.jsii.targets.python.distName;
const stem = `${distName.replace(/-/g, '_')}-${version}`;

/** A copy of dist/ and README.md to break. */
interface Copy {
  readonly dist: string;
  readonly readme: string;
  readonly tarball: string;
  /** cdk-ivs-chat-local's tarball. */
  readonly local: string;
  readonly wheel: string;
  readonly sdist: string;
  /** dist/java/<group>/<artifact>/<version>/<artifact>-<version> */
  readonly maven: string;
}

const run = (command: string, args: string[], cwd?: string) => execFileSync(command, args, { cwd, stdio: 'pipe' });

/** Rewrites one file of a .tgz (npm's, whose files are under package/). */
function editTgz(tgz: string, edit: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-tgz-'));
  try {
    run('tar', ['-xzf', tgz, '-C', dir]);
    edit(path.join(dir, 'package'));
    run('tar', ['-czf', tgz, '-C', dir, 'package']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rewrites one entry of a zip (wheel, jar). */
function editZip(zip: string, name: string, edit: (text: string) => string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-zip-'));
  try {
    const text = execFileSync('unzip', ['-p', zip, name], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    fs.mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), edit(text));
    run('zip', ['-q', zip, name], dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const editText = (file: string, edit: (text: string) => string) => fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
const editJson = (file: string, edit: (json: any) => void) => editText(file, (text) => {
  const json = JSON.parse(text);
  edit(json);
  return JSON.stringify(json, undefined, 2);
});

interface Case {
  readonly name: string;
  readonly tamper: (copy: Copy) => void;
  readonly options?: Partial<CheckOptions>;
  /** Each must match one of the problems reported. */
  readonly expect: RegExp[];
}

const CASES: Case[] = [
  {
    name: 'npm: a test file, a handler source and a package that is not a bundled dependency in the tarball',
    tamper: (c) => editTgz(c.tarball, (pkg) => {
      fs.mkdirSync(path.join(pkg, 'test'));
      fs.writeFileSync(path.join(pkg, 'test', 'chat-room.test.js'), '');
      fs.mkdirSync(path.join(pkg, 'lambda', 'room-provider'), { recursive: true });
      fs.writeFileSync(path.join(pkg, 'lambda', 'room-provider', 'index.ts'), '');
      fs.mkdirSync(path.join(pkg, 'node_modules', 'left-pad'), { recursive: true });
      fs.writeFileSync(path.join(pkg, 'node_modules', 'left-pad', 'index.js'), '');
    }),
    expect: [/ships test\/chat-room\.test\.js/, /ships lambda\/room-provider\/index\.ts/, /ships node_modules\/left-pad\/index\.js/],
  },
  {
    name: 'npm: a handler bundle and API.md missing',
    tamper: (c) => editTgz(c.tarball, (pkg) => {
      fs.rmSync(path.join(pkg, 'assets', 'lambda', 'token-issuer'), { recursive: true });
      fs.rmSync(path.join(pkg, 'API.md'));
    }),
    expect: [/missing assets\/lambda\/token-issuer\/index\/index\.js/, /missing API\.md/],
  },
  {
    name: 'npm: package.json without description, the awscdk keyword or the jsii field, with a runtime dependency',
    tamper: (c) => editTgz(c.tarball, (pkg) => editJson(path.join(pkg, 'package.json'), (json) => {
      delete json.description;
      delete json.jsii;
      json.keywords = json.keywords.filter((k: string) => k !== 'awscdk');
      json.dependencies = { 'left-pad': '^1.3.0' };
    })),
    expect: [/needs a description/, /keywords must include "awscdk"/, /needs the jsii field/, /every runtime dependency must be bundled.*not bundled: left-pad/],
  },
  ...(manifest.bundledDependencies ?? []).slice(0, 1).map((dep: string): Case => ({
    name: `npm: the bundled ${dep} without its license`,
    tamper: (c) => editTgz(c.tarball, (pkg) => {
      const dir = path.join(pkg, 'node_modules', dep);
      for (const file of fs.readdirSync(dir).filter((f) => /^LICEN[CS]E/i.test(f))) fs.rmSync(path.join(dir, file));
    }),
    expect: [new RegExp(`node_modules/${dep}/ ships without its license`)],
  })),
  {
    name: 'npm: over the size budget',
    tamper: () => undefined,
    options: { npmBudget: { packedBytes: 100_000, unpackedBytes: 1_500_000 } },
    expect: [/packed, .* unpacked: over the budget of 100\.0 kB/],
  },
  {
    name: 'cdk-ivs-chat-local: a source file and a test in the tarball, the command missing, a dependency it does not declare',
    tamper: (c) => editTgz(c.local, (pkg) => {
      fs.writeFileSync(path.join(pkg, 'lib', 'cli.ts'), '');
      fs.mkdirSync(path.join(pkg, 'test'));
      fs.writeFileSync(path.join(pkg, 'test', 'walkthrough.test.js'), '');
      fs.rmSync(path.join(pkg, 'lib', 'cli.js'));
      editJson(path.join(pkg, 'package.json'), (json) => { json.dependencies = { ...json.dependencies, 'aws-cdk-lib': '^2.0.0' }; });
    }),
    expect: [/ships lib\/cli\.ts/, /ships test\/walkthrough\.test\.js/, /missing lib\/cli\.js/, /bin cdk-ivs-chat-local is lib\/cli\.js, which the package does not ship/, /dependencies must be local\/package\.json's/],
  },
  {
    name: 'cdk-ivs-chat-local: another version than the library, over its budget',
    tamper: (c) => editTgz(c.local, (pkg) => editJson(path.join(pkg, 'package.json'), (json) => { json.version = '9.9.9'; })),
    options: { localBudget: { packedBytes: 10_000, unpackedBytes: 50_000 } },
    expect: [/package\.json version is 9\.9\.9/, /over the budget of 10\.0 kB/],
  },
  {
    name: 'all: the npm package from another compile than the wheel, the sdist and the jar',
    tamper: (c) => editTgz(c.tarball, (pkg) => editJson(path.join(pkg, '.jsii'), (json) => { json.fingerprint = 'another'; })),
    expect: [/cdk-ivs-chat@.*\.jsii\.tgz: was built from another compile than the tree's \.jsii/, /\.whl: carries another jsii assembly than dist\/js/],
  },
  {
    name: 'release: artifacts of another version than the bump wrote',
    tamper: (c) => fs.writeFileSync(path.join(c.dist, 'version.txt'), '9.9.9\n'),
    expect: [/expected cdk-ivs-chat@9\.9\.9\.jsii\.tgz/, /expected cdk_ivs_chat-9\.9\.9-py3-none-any\.whl/, /9\.9\.9: missing cdk-ivs-chat-9\.9\.9\.pom/],
  },
  {
    name: 'PyPI: a wheel without Requires-Python or a Markdown description, no sdist',
    tamper: (c) => {
      editZip(c.wheel, `${stem}.dist-info/METADATA`, (text) => text
        .replace(/^Requires-Python: .*\n/m, '')
        .replace(/^Description-Content-Type: .*\n/m, ''));
      fs.rmSync(c.sdist);
    },
    expect: [/METADATA: needs Requires-Python/, /METADATA: the README must render as Markdown/, /dist\/python: expected exactly one sdist, found none/],
  },
  {
    name: 'Maven: a POM without developers or scm, of another groupId',
    tamper: (c) => editText(`${c.maven}.pom`, (pom) => pom
      .replace(/<developers>[\s\S]*?<\/developers>/, '')
      .replace(/<scm>[\s\S]*?<\/scm>/, '')
      .replace(`<groupId>${groupId}</groupId>`, '<groupId>io.github.someone-else</groupId>')),
    expect: [/needs <developers>/, /needs <scm>/, /groupId is io\.github\.someone-else, configured io\.github\./],
  },
  {
    name: 'Maven: no javadoc jar, a jar whose .sha1 is wrong',
    tamper: (c) => {
      fs.rmSync(`${c.maven}-javadoc.jar`);
      fs.writeFileSync(`${c.maven}.jar.sha1`, '0'.repeat(40));
    },
    expect: [/missing cdk-ivs-chat-.*-javadoc\.jar/, /\.jar\.sha1: is 0{40}, the file's sha1 is [0-9a-f]{40}/],
  },
  {
    name: 'README: no pip install line, a Python version the wheel does not declare',
    tamper: (c) => editText(c.readme, (text) => text
      .replace(`\`pip install ${distName}\``, '`pip install something-else`')
      .replace(/^(\| Python \| )`>=[^`]*`/m, '$1`>=3.6`')),
    expect: [/install lines under the title must show `pip install cdk-ivs-chat`/, /Supported versions: Python must say `>=3\.\d+`, the wheel's Requires-Python/],
  },
];

function copyOf(dir: string): Copy {
  const copyDist = path.join(dir, 'dist');
  fs.cpSync(dist, copyDist, { recursive: true });
  const readme = path.join(dir, 'README.md');
  fs.copyFileSync(path.join(root, 'README.md'), readme);
  return {
    dist: copyDist,
    readme,
    tarball: path.join(copyDist, 'js', `${manifest.name}@${version}.jsii.tgz`),
    local: path.join(copyDist, 'local', `cdk-ivs-chat-local-${version}.tgz`),
    wheel: path.join(copyDist, 'python', `${stem}-py3-none-any.whl`),
    sdist: path.join(copyDist, 'python', `${stem}.tar.gz`),
    maven: path.join(copyDist, 'java', ...groupId.split('.'), artifactId, version, `${artifactId}-${version}`),
  };
}

let failed = 0;
for (const testCase of CASES) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-check-fails-'));
  try {
    const copy = copyOf(dir);
    testCase.tamper(copy);
    const { problems } = checkRelease({ dist: copy.dist, readme: copy.readme, ...testCase.options });
    const missed = testCase.expect.filter((pattern) => !problems.some((p) => pattern.test(p)));
    if (missed.length === 0) {
      console.log(`refused as expected: ${testCase.name} (${problems.length} problem(s))`);
    } else {
      failed++;
      console.error(`NOT REFUSED: ${testCase.name}\n  expected ${missed.join(', ')}\n  got:\n  - ${problems.join('\n  - ') || '(no problem)'}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
if (failed > 0) {
  console.error(`release check self-test: ${failed} of ${CASES.length} tampered copies were not refused as expected`);
  process.exit(1);
}
console.log(`release check self-test: all ${CASES.length} tampered copies refused`);
