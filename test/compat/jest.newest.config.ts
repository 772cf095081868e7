import * as fs from 'fs';
import * as path from 'path';
import type { Config } from 'jest';
import { loadsCdk, newestModuleNameMapper, testFiles } from './newest';

/**
 * The construct-level suites against the newest aws-cdk-lib, constructs and
 * cdk-nag (`npx projen test:newest` installs them with
 * test/compat/install-newest.sh and runs this config).
 *
 * Every suite that loads one of those packages, itself or through a module of
 * the repository, runs here with each import of them mapped to the newest
 * copy. Suites that never load them (handlers, wire, fuzz, the emulator) would
 * run the same code twice and are left out, and so is the example's
 * byte-exact snapshot, which records the floor version's output.
 */

const root = path.resolve(__dirname, '..', '..');
const base: Config = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).jest;

/** The one test that compares a template byte for byte with the floor version's. */
const FLOOR_SNAPSHOT = 'the example stack matches its snapshot';

const config: Config = {
  ...base,
  rootDir: root,
  // The base config's testPathIgnorePatterns still apply (test/reference is
  // left to its own config, which runs both versions).
  testMatch: testFiles(path.join(root, 'test')).filter((file) => loadsCdk(file)),
  testNamePattern: `^(?!${FLOOR_SNAPSHOT}$)`,
  moduleNameMapper: newestModuleNameMapper(),
  setupFiles: [path.join(__dirname, 'newest-setup.ts'), path.join(__dirname, 'no-synth-validation.ts')],
  // The base config's hang guard (testTimeout) applies: aws-cdk-lib 2.276
  // synthesizes more slowly than the floor (the first synth of a suite about
  // 5.7 s against 3.6 s here), well within it.
  // Coverage is measured by the floor run; this one would measure the same lines.
  collectCoverage: false,
  reporters: ['default'],
};

export default config;
