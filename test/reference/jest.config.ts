import * as fs from 'fs';
import * as path from 'path';
import type { Config } from 'jest';
import { newestModuleNameMapper, newestVersions } from '../compat/newest';

/**
 * The reference checks (reference.test.ts) against both ends of the supported
 * range: the floor aws-cdk-lib the library builds against, and the newest one
 * pinned in test/compat/newest. `npx projen test:reference` runs this config.
 */

const root = path.resolve(__dirname, '..', '..');
const base: Config = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).jest;
const floor: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).devDependencies['aws-cdk-lib'];

const project = {
  rootDir: root,
  transform: base.transform,
  clearMocks: base.clearMocks,
  testMatch: ['<rootDir>/test/reference/**/*.test.ts'],
};

const config: Config = {
  projects: [
    { ...project, displayName: `aws-cdk-lib ${floor}` },
    {
      ...project,
      displayName: `aws-cdk-lib ${newestVersions()['aws-cdk-lib']}`,
      moduleNameMapper: newestModuleNameMapper(),
      setupFiles: [path.join(root, 'test', 'compat', 'newest-setup.ts')],
    },
  ],
  // The two versions run side by side, one per worker.
  maxWorkers: base.maxWorkers,
  reporters: ['default'],
};

export default config;
