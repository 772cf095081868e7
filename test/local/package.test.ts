import * as fs from 'fs';
import * as path from 'path';

/**
 * cdk-ivs-chat-local runs the handlers bundled in a cloud assembly as Lambda would: what the
 * bundles leave out (`@aws-sdk/*`, which Lambda's Node.js runtimes provide) must come from the
 * package's own dependencies, or the command fails on a machine without this repository.
 */
test('every module the bundled handlers leave out is a dependency of cdk-ivs-chat-local', () => {
  const root = path.resolve(__dirname, '..', '..');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'local', 'package.json'), 'utf-8'));
  const bundles = path.join(root, 'assets', 'lambda');
  const files = fs.readdirSync(bundles).map((handler) => path.join(bundles, handler, 'index', 'index.js'));
  expect(files.length).toBeGreaterThanOrEqual(3);
  const external = new Set<string>();
  for (const file of files) {
    for (const [, specifier] of fs.readFileSync(file, 'utf-8').matchAll(/require\(["'](@aws-sdk\/[^"'/]+)/g)) external.add(specifier);
  }
  expect(external.size).toBeGreaterThan(0);
  expect([...external].filter((name) => manifest.dependencies?.[name] === undefined)).toEqual([]);
});
