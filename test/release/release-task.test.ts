// `npx projen release` must not release from a dirty tree or past a failing
// test. The task is generated from projenrc/release.ts into
// .projen/tasks.json; projen runs a task's steps in order and stops at the
// first that fails, unless a condition skips it. This test reads the generated
// task: the dirty-tree refusal is the first step and is run here in scratch
// repositories, and jest and eslint run, unconditionally, before anything
// that checks, tags or commits the release.
import { spawnSync, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Step {
  readonly name?: string;
  readonly exec?: string;
  readonly execArgs?: string[];
  readonly spawn?: string;
  readonly builtin?: string;
  readonly condition?: string;
}
interface Task { readonly name: string; readonly steps?: Step[]; readonly condition?: string }

const root = path.resolve(__dirname, '..', '..');
const tasks: Record<string, Task> = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8')).tasks;

/** Every step `task` runs, in order, with the tasks and steps that lead to it. */
interface Run { readonly step: Step; readonly path: Array<Task | Step> }
function expand(name: string, via: Array<Task | Step> = []): Run[] {
  const task = tasks[name];
  if (!task) throw new Error(`no task ${name}`);
  return (task.steps ?? []).flatMap((step) => step.spawn
    ? expand(step.spawn, [...via, task, step])
    : [{ step, path: [...via, task, step] }]);
}
const release = expand('release');
const describeStep = (s: Step) => s.exec ?? s.execArgs?.join(' ') ?? s.builtin ?? '';
const indexOf = (predicate: (s: Step) => boolean, what: string) => {
  const index = release.findIndex((r) => predicate(r.step));
  if (index < 0) throw new Error(`the release runs no ${what}:\n${release.map((r) => describeStep(r.step)).join('\n')}`);
  return index;
};

describe('the release refuses a dirty tree', () => {
  const guard = tasks.release.steps![0];

  function status(setup: (dir: string, git: (...args: string[]) => void) => void) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-guard-'));
    try {
      const git = (...args: string[]) => {
        execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, stdio: 'pipe' });
      };
      git('init', '-q');
      fs.writeFileSync(path.join(dir, '.gitignore'), '/lib\n');
      fs.writeFileSync(path.join(dir, 'package.json'), '{}\n');
      git('add', '.');
      git('commit', '-q', '-m', 'chore: start');
      setup(dir, git);
      const result = spawnSync('bash', ['-c', guard.exec!], { cwd: dir, encoding: 'utf8' });
      return { code: result.status, output: result.stdout + result.stderr };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('it is the first step', () => {
    expect(guard.name).toBe('refuse a dirty tree');
    expect(release[0].step).toBe(guard);
  });

  test('a clean tree, or one with ignored build output only, passes', () => {
    expect(status(() => undefined).code).toBe(0);
    expect(status((dir) => {
      fs.mkdirSync(path.join(dir, 'lib'));
      fs.writeFileSync(path.join(dir, 'lib', 'index.js'), '');
    }).code).toBe(0);
  });

  test.each([
    ['an untracked file', (dir: string) => fs.writeFileSync(path.join(dir, 'notes.txt'), 'x'), '?? notes.txt'],
    ['a modified file', (dir: string) => fs.writeFileSync(path.join(dir, 'package.json'), '{"version":"9.9.9"}\n'), ' M package.json'],
    ['a staged file', (dir: string, git: (...args: string[]) => void) => {
      fs.writeFileSync(path.join(dir, 'staged.txt'), 'x');
      git('add', 'staged.txt');
    }, 'A  staged.txt'],
  ])('%s stops it, listing the file', (_, setup, line) => {
    const { code, output } = status(setup);
    expect(code).toBe(1);
    expect(output).toContain(line);
    expect(output).toContain('release: commit or remove the files above first');
  });
});

describe('the release runs every test first', () => {
  const jest = indexOf((s) => s.execArgs?.[0] === 'jest', 'jest');
  const eslint = indexOf((s) => /\beslint\b/.test(describeStep(s)), 'eslint');

  test('output of earlier builds is removed before the build', () => {
    const clean = indexOf((s) => s.name === 'remove the output of earlier builds', 'clean step');
    const bundle = indexOf((s) => /\besbuild\b/.test(describeStep(s)), 'bundle');
    const compile = indexOf((s) => /^jsii\b/.test(describeStep(s)), 'compile');
    const compileLocal = indexOf((s) => /^tsc -p local\//.test(describeStep(s)), 'compile:local');
    expect(release[clean].step.exec).toBe('rm -rf lib assets .jsii local/lib');
    expect(clean).toBeLessThan(bundle);
    expect(clean).toBeLessThan(compile);
    expect(clean).toBeLessThan(compileLocal);
  });

  test('jest and eslint run before the artifacts are checked, package.json is reset, and anything is committed or tagged', () => {
    const check = indexOf((s) => s.exec === 'bash test/release/run.sh', 'release check');
    const bindings = indexOf((s) => s.exec === 'bash test/bindings/run.sh', 'bindings check');
    const unchanged = indexOf((s) => s.exec === 'git diff --ignore-space-at-eol --exit-code', 'unchanged-tree check');
    const changelog = indexOf((s) => s.builtin === 'release/update-changelog', 'changelog update');
    const tag = indexOf((s) => s.builtin === 'release/tag-version', 'tag');
    for (const later of [bindings, check, unchanged, changelog, tag]) {
      expect(jest).toBeLessThan(later);
      expect(eslint).toBeLessThan(later);
    }
    expect(bindings).toBeLessThan(tag);
    expect(check).toBeLessThan(tag);
    expect(unchanged).toBeLessThan(changelog);
  });

  test('nothing on the way to jest and eslint can skip them', () => {
    for (const index of [jest, eslint]) {
      const conditional = release[index].path.filter((x) => x.condition !== undefined);
      expect(conditional).toEqual([]);
    }
  });
});
