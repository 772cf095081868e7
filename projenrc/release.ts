// Releases, without hosted workflows. RELEASING.md says how to cut and publish one.
//
// `npx projen release`:
//   1. refuses a tree with uncommitted or untracked files, and removes the
//      output of earlier builds (lib/, assets/, .jsii);
//   2. bumps package.json from the Conventional Commits since the last `v*` tag
//      (the first release is 0.1.0) and writes the entry to dist/changelog.md;
//   3. builds as `npx projen build` does: bundle, jsii, API.md, jest, eslint,
//      the npm tarball into dist/js;
//   4. runs the bindings check, which builds the wheel and sdist (dist/python)
//      and the Maven repository (dist/java) once and tests them;
//   5. checks the artifacts as each registry would (`release:check`);
//   6. puts package.json back to 0.0.0 and fails if the build changed a tracked file;
//   7. prepends the entry to CHANGELOG.md, commits it and tags `v<version>`, locally.
// Publishing is then only the upload, with publib (`publish:npm`, `publish:pypi`,
// `publish:maven`). Nothing is pushed.
import { awscdk, release } from 'projen';

/** The publib release that uploads (https://github.com/cdklabs/publib). */
const PUBLIB = 'publib@0.2.1061';

export const releaseOptions = {
  release: true,
  releaseTrigger: release.ReleaseTrigger.manual({ changelogPath: 'CHANGELOG.md', gitPushCommand: '' }),
  // With no tag yet, projen would release 0.0.0: the public line starts at
  // 0.1.0. RELEASE_AS (a version, or major/minor/patch) overrides the commits,
  // e.g. for 1.0.0.
  nextVersionCommand: 'node -e "process.stdout.write(process.env.RELEASE_AS || (process.env.LATEST_TAG ? \'\' : \'0.1.0\'))"',
  // jsii's word for "may break in a minor release", which is what 0.x means
  // (PyPI: Development Status 4 - Beta). Stable from 1.0.0.
  stability: 'experimental',
  homepage: 'https://github.com/cdk-ivs-chat/cdk-ivs-chat',
} satisfies Partial<awscdk.AwsCdkConstructLibraryOptions>;

export function configureRelease(project: awscdk.AwsCdkConstructLibrary): void {
  // Construct Hub lists jsii packages that have one of its keywords.
  project.addKeywords('awscdk');
  // The release check reads the POM with an XML parser.
  project.addDevDeps('@xmldom/xmldom@^0.9.8');
  // For maintainers, not users of the package.
  project.addPackageIgnore('/RELEASING.md');

  const check = project.addTask('release:check', {
    description: 'Check the artifacts in dist/ as npm, PyPI and Maven Central would (builds only the missing ones)',
    exec: 'bash test/release/run.sh',
  });

  const releaseTask = project.tasks.tryFind('release')!;
  const bindings = project.tasks.tryFind('test:bindings')!;
  // A release is built from the commit alone: git status ignores build output,
  // and compiled files of sources that a later commit removed would otherwise
  // stay in lib/ and ship.
  releaseTask.prependExec('rm -rf lib assets .jsii local/lib', { name: 'remove the output of earlier builds' });
  releaseTask.prependExec(
    'bash -c \'dirty=$(git status --porcelain); [ -z "$dirty" ] || { echo "$dirty"; echo "release: commit or remove the files above first" >&2; exit 1; }\'',
    { name: 'refuse a dirty tree' },
  );
  // projen's package step builds only the npm tarball when CI is set: the
  // bindings check builds the wheel and the jar, once, and tests them.
  releaseTask.env('CI', 'true');
  const build = releaseTask.steps.findIndex((step) => step.spawn === project.buildTask.name);
  releaseTask.insertStep(build + 1, { spawn: bindings.name }, { spawn: check.name });

  // Uploads, with the environment each registry needs (RELEASING.md).
  const publishers: Array<[string, string, string, string[], Record<string, string>]> = [
    ['npm', 'npm', 'publib-npm', ['NPM_TOKEN'], {}],
    ['pypi', 'PyPI', 'publib-pypi', ['TWINE_USERNAME', 'TWINE_PASSWORD'], {}],
    // The Central Portal; publib signs every file with the key, then releases the deployment.
    ['maven', 'Maven Central', 'publib-maven', ['MAVEN_USERNAME', 'MAVEN_PASSWORD', 'MAVEN_GPG_PRIVATE_KEY_PASSPHRASE'], { MAVEN_SERVER_ID: 'central-ossrh' }],
  ];
  for (const [name, registry, command, requiredEnv, env] of publishers) {
    project.addTask(`publish:${name}`, {
      description: `Upload the release in dist/ to ${registry} with publib (PUBLIB_DRYRUN=true to try)`,
      requiredEnv,
      env,
      exec: `npx -y -p ${PUBLIB} ${command}`,
    });
  }
  // cdk-ivs-chat-local, the command for local development, is its own npm
  // package (dist/local, packed by package:local at the same version).
  const publishNpm = project.tasks.tryFind('publish:npm')!;
  publishNpm.exec(`npx -y -p ${PUBLIB} publib-npm dist/local`);
}
