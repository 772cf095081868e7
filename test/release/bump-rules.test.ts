// The version rules README.md's "Development" section states, as the bump
// package `npx projen release` uses (commit-and-tag-version) applies them: in a
// scratch git repository tagged at a version, one commit, then the version the
// tool would bump to (--dry-run).
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const tool = require.resolve('commit-and-tag-version/bin/cli.js');

async function nextVersion(from: string, message: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bump-rules-'));
  try {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bump-rules', version: from }));
    git('add', '.');
    git('commit', '-q', '-m', 'chore: start');
    git('tag', `v${from}`);
    git('commit', '-q', '--allow-empty', '-m', message);
    const { stdout: out } = await promisify(execFile)('node', [tool, '--dry-run', '--skip.commit', '--skip.tag', '--skip.changelog', '--no-colors'], { cwd: dir, encoding: 'utf8' });
    const match = /bumping version in package\.json from \S+ to (\S+)/.exec(out);
    if (!match) throw new Error(`no bump in:\n${out}`);
    return match[1];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('versions from Conventional Commits', () => {
  // Each case is a git repository and a run of the tool (a second or two).
  test.each([
    ['0.1.0', 'feat: a feature', '0.1.1'],
    ['0.1.0', 'Update the README', '0.1.1'],
    ['0.1.0', 'feat!: a breaking change', '0.2.0'],
    ['0.1.0', 'fix: a fix\n\nBREAKING CHANGE: a prop is gone', '0.2.0'],
    ['1.0.0', 'feat: a feature', '1.1.0'],
    ['1.0.0', 'feat!: a breaking change', '2.0.0'],
  ])('from %s, "%s" releases %s', async (from, message, expected) => {
    expect(await nextVersion(from, message)).toBe(expected);
  }, 30_000);
});
