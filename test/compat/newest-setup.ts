import { CDK_PACKAGES, newestVersions } from './newest';

/**
 * Runs before every suite of a newest-version run: each mapped package must
 * load from the newest copy at the version test/compat/newest pins, so a
 * mapping that silently fell back to the floor copy fails every suite.
 */
const pinned = newestVersions();
for (const name of CDK_PACKAGES) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded: string = require(`${name}/package.json`).version;
  if (loaded !== pinned[name]) {
    throw new Error(`the newest-version run loaded ${name} ${loaded}, but test/compat/newest pins ${pinned[name]}`);
  }
}
