import * as path from 'path';
import type { Config } from 'jest';
import newest from './jest.newest.config';
import reference from '../reference/jest.config';

/**
 * What CI runs after the floor suites, in one jest run so that two workers
 * share it: the construct suites against the newest aws-cdk-lib
 * (jest.newest.config.ts) and the reference check on both versions
 * (test/reference/jest.config.ts). `npx projen test:compat` runs it.
 */
// Options jest takes for a whole run, not per project.
const { maxWorkers, reporters, testNamePattern, testTimeout, ...newestOptions } = newest;
// Coverage is configured for a whole run, not per project (and is off in this one).
const newestProject = Object.fromEntries(Object.entries(newestOptions).filter(([key]) => !/coverage/i.test(key)));

const config: Config = {
  projects: [{ ...newestProject, displayName: 'construct suites, newest aws-cdk-lib' }, ...(reference.projects ?? [])],
  maxWorkers,
  reporters,
  // Selects tests by name in every project; only the floor's snapshot test bears this name.
  testNamePattern,
  testTimeout,
  testSequencer: path.join(__dirname, 'sequencer.js'),
};

export default config;
