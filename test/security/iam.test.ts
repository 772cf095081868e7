import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AllConstructsStack } from './all-constructs';
import { resolve } from '../../local/src/harness/intrinsics';

/**
 * Every IAM statement the library emits, for every construct with every
 * option: none may be unscoped, every ARN must come from the stack's own
 * partition, region and account, and the whole list must equal the reviewed
 * expectation in iam-statements.json. After a deliberate change, regenerate it
 * with `UPDATE_IAM_EXPECTATION=1 npx jest test/security` and review the diff.
 */

const ACCOUNT = '123456789012';
const PARTITIONS = [
  { partition: 'aws', region: 'us-east-1' },
  { partition: 'aws-cn', region: 'cn-north-1' },
  { partition: 'aws-us-gov', region: 'us-gov-west-1' },
];
const EXPECTATION = path.join(__dirname, 'iam-statements.json');

/** One statement, wherever it was found: an identity policy, a resource policy or a Lambda permission. */
interface FoundStatement {
  readonly source: string;
  readonly effect: string;
  readonly principal?: unknown;
  readonly actions: string[];
  readonly resources: unknown[];
  readonly condition?: unknown;
}

function synthesize(region?: string): Record<string, any> {
  const app = new App();
  const stack = new AllConstructsStack(app, 'AllConstructs', region ? { env: { account: ACCOUNT, region } } : undefined);
  return Template.fromStack(stack).toJSON();
}

/** Every statement of the template, in a stable order. */
function statements(template: Record<string, any>): FoundStatement[] {
  const found: FoundStatement[] = [];
  const add = (source: string, statement: any) => found.push({
    source,
    effect: statement.Effect,
    principal: statement.Principal,
    actions: [statement.Action ?? statement.NotAction].flat(),
    resources: [statement.Resource ?? statement.NotResource ?? []].flat(),
    condition: statement.Condition,
  });
  for (const [id, resource] of Object.entries<any>(template.Resources)) {
    const p = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::S3::BucketPolicy':
        p.PolicyDocument.Statement.forEach((s: any) => add(id, s));
        break;
      case 'AWS::IAM::Role':
        (p.Policies ?? []).forEach((policy: any) => policy.PolicyDocument.Statement.forEach((s: any) => add(id, s)));
        break;
      case 'AWS::Logs::ResourcePolicy':
        // A JSON string, possibly built with Fn::Join: kept as CloudFormation has it.
        add(id, { Effect: 'Allow', Action: 'logs:ResourcePolicy', Resource: p.PolicyDocument });
        break;
      case 'AWS::Lambda::Permission':
        add(id, {
          Effect: 'Allow',
          Principal: p.Principal,
          Action: p.Action,
          Resource: p.FunctionName,
          Condition: {
            SourceAccount: p.SourceAccount,
            SourceArn: p.SourceArn,
            FunctionUrlAuthType: p.FunctionUrlAuthType,
            InvokedViaFunctionUrl: p.InvokedViaFunctionUrl,
          },
        });
        break;
    }
  }
  return found;
}

const template = synthesize();
const found = statements(template);

test('the library emits IAM statements (the checks below are not vacuous)', () => {
  expect(found.length).toBeGreaterThan(10);
  expect(found.some((s) => s.actions.some((a) => a.startsWith('ivschat:')))).toBe(true);
});

test('no wildcard action, and no ivschat action on "*"', () => {
  const wildcardActions = found.filter((s) => s.actions.some((a) => a === '*' || a.endsWith(':*') || a.includes('*')));
  expect(wildcardActions).toEqual([]);
  const unscopedIvschat = found.filter((s) => s.actions.some((a) => a.startsWith('ivschat:')) && s.resources.includes('*'));
  expect(unscopedIvschat).toEqual([]);
});

test('no hard-coded partition anywhere in the template', () => {
  expect(JSON.stringify(template)).not.toMatch(/arn:aws[a-z-]*:/);
});

test.each(PARTITIONS)('in $partition ($region) every ARN of every statement is of that partition, region and account', ({ partition, region }) => {
  const regional = synthesize(region);
  const context = {
    partition,
    region,
    accountId: ACCOUNT,
    stackName: 'AllConstructs',
    ref: (id: string) => `ref-${id}`,
    getAtt: (id: string, attribute: string) => {
      const type = regional.Resources[id]?.Type ?? '';
      const service = type.startsWith('Custom::') ? 'ivschat' : type.split('::')[1]?.toLowerCase();
      return attribute === 'Arn' ? `arn:${partition}:${service}:${region}:${ACCOUNT}:${id}` : `${id}.${attribute}`;
    },
  };
  const arns = statements(regional)
    .flatMap((s) => [...s.resources, s.condition])
    .flatMap((value) => JSON.stringify(resolve(value, context) ?? null).match(/arn:[^"\\\s,]*/g) ?? []);

  expect(arns.length).toBeGreaterThan(10);
  for (const arn of arns) {
    const [, arnPartition, service, arnRegion, arnAccount] = arn.split(':');
    expect({ arn, partition: arnPartition }).toEqual({ arn, partition });
    if (service === 'ivschat' || service === 'lambda' || service === 'logs') {
      expect({ arn, region: arnRegion, account: arnAccount }).toEqual({ arn, region, account: ACCOUNT });
    }
  }
});

test('the statements equal the reviewed expectation', () => {
  const rendered = found.map((s) => JSON.parse(JSON.stringify(s)));
  if (process.env.UPDATE_IAM_EXPECTATION === '1') {
    fs.writeFileSync(EXPECTATION, `${JSON.stringify(rendered, null, 2)}\n`);
  }
  expect(rendered).toEqual(JSON.parse(fs.readFileSync(EXPECTATION, 'utf-8')));
});
