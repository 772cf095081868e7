import * as fs from 'fs';
import * as path from 'path';
import type { Config } from 'jest';

/**
 * The local web page in a real browser (test/local/*.browser.test.ts): Chromium, driven by
 * playwright-core. `npx projen test:browser` runs this config; the default test run leaves it
 * out, as it needs Chromium installed (see the test).
 */
const root = path.resolve(__dirname, '..', '..');
const base: Config = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).jest;

const config: Config = {
  rootDir: root,
  transform: base.transform,
  clearMocks: base.clearMocks,
  testMatch: ['<rootDir>/test/local/**/*.browser.test.ts'],
  testTimeout: 60_000,
  reporters: ['default'],
};

export default config;
