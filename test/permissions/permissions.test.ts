import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALL_CONSTRUCTS, EXAMPLE_APP, Exercise } from './exercises';
import { applyMutant, enumerateMutants, Mutant, mutateAssembly, readTemplate } from './mutants';

/**
 * Every permission the library synthesizes is needed: for the example app and for the stack with
 * every construct and option, each IAM statement (one action at a time when it has several) and
 * each Lambda permission is removed in turn, the stack is deployed and used offline with the
 * emulator's IAM, and at least one check must fail. The unmutated stack must pass every check:
 * the permissions are sufficient. `npm run test:permissions`; test/permissions/README.md.
 */

jest.setTimeout(60_000);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'permissions-'));

/**
 * Mutants that no check catches, and why. Each is a test marked failing: if a change makes it
 * caught (or removes it), the test says so and this list must be updated.
 */
const EXPECTED_SURVIVORS: { readonly exercise?: string; readonly matches: (m: Mutant) => boolean; readonly why: string }[] = [
  {
    // The example app never removes a tag from a room (version 2 changes a value), so the
    // provider never calls UntagResource there; the every-construct stack does, and catches it.
    exercise: EXAMPLE_APP.name,
    matches: (m) => /^IvsChatRoomProviderHandlerRoleDefaultPolicy/.test(m.holder) && m.action === 'ivschat:UntagResource',
    why: 'ivschat:UntagResource: the example app removes no tag (caught in the every-construct stack)',
  },
];

interface Outcome {
  readonly exercise: string;
  readonly mutant: Mutant;
  readonly failures: string[];
}

const outcomes: Outcome[] = [];

/** The mutants of every version of the stack, once each (a statement may exist in one version only). */
function mutantsOf(exercise: Exercise, versions: string[]): Mutant[] {
  const byId = new Map<string, Mutant>();
  for (const version of versions) {
    for (const mutant of enumerateMutants(readTemplate(version, exercise.stackName), exercise.stackName)) {
      if (!byId.has(mutant.id)) byId.set(mutant.id, mutant);
    }
  }
  return [...byId.values()];
}

for (const exercise of [EXAMPLE_APP, ALL_CONSTRUCTS]) {
  describe(exercise.name, () => {
    const dir = path.join(workDir, exercise.stackName);
    const versions = exercise.build(dir);
    const mutants = mutantsOf(exercise, versions);

    test(`as synthesized, it passes every check with no IAM refusal (${mutants.length} mutants follow)`, async () => {
      expect(await exercise.run(versions)).toEqual([]);
    });

    mutants.forEach((mutant, n) => {
      const run = async () => {
        const mutated = versions.map((version, v) =>
          mutateAssembly(version, exercise.stackName, path.join(dir, `mutant-${n}-v${v + 1}`), (template) => applyMutant(template, mutant)));
        const failures = await exercise.run(mutated);
        outcomes.push({ exercise: exercise.name, mutant, failures });
        return failures;
      };
      if (mutant.redundantWith) {
        test(`${mutant.description}: redundant with ${mutant.redundantWith}, so removing it changes nothing`, async () => {
          expect(await run()).toEqual([]);
        });
        return;
      }
      const expected = EXPECTED_SURVIVORS.find((s) => (s.exercise === undefined || s.exercise === exercise.name) && s.matches(mutant));
      (expected ? test.failing : test)(`${mutant.description}: caught${expected ? ` (expected not to be: ${expected.why})` : ''}`, async () => {
        const failures = await run();
        expect(failures).not.toEqual([]);
      });
    });
  });
}

afterAll(() => {
  const lines: string[] = [];
  for (const name of [EXAMPLE_APP.name, ALL_CONSTRUCTS.name]) {
    const mine = outcomes.filter((o) => o.exercise === name);
    const redundant = mine.filter((o) => o.mutant.redundantWith);
    const tried = mine.filter((o) => !o.mutant.redundantWith);
    const caught = tried.filter((o) => o.failures.length > 0);
    lines.push(`${name}: ${tried.length} mutants tried, ${caught.length} caught, ${tried.length - caught.length} not caught; ${redundant.length} redundant`);
    for (const o of tried) {
      // What IAM refused says best why a check failed; otherwise the first failed check.
      const why = o.failures.find((f) => f.includes('not authorized to perform')) ?? o.failures[0];
      lines.push(`  ${why ? 'caught    ' : 'NOT CAUGHT'} ${o.mutant.description}${why ? `: ${why.slice(0, 220)}` : ''}`);
    }
    for (const o of redundant) lines.push(`  redundant  ${o.mutant.description} (${o.mutant.redundantWith})`);
  }
  const report = path.join(__dirname, '..', '..', 'test-reports', 'permissions.txt');
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.writeFileSync(report, `${lines.join('\n')}\n`);
  process.stdout.write(`\n${lines.filter((l) => !l.startsWith('  ')).join('\n')}\n(details: ${path.relative(process.cwd(), report)})\n`);
  fs.rmSync(workDir, { recursive: true, force: true });
});
