import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ChatDemoStack } from '../../examples/stack';
import { ChatRoom } from '../../src';
import { AllConstructsStack } from '../security/all-constructs';

/**
 * Lambda disables creating functions on deprecated runtimes (nodejs18.x and
 * nodejs20.x from 2027-02-01; see
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), so every
 * function the library creates, its own and the provider framework's, must
 * name a supported runtime literally, in every region, whatever aws-cdk-lib
 * version the app uses (older ones pick the framework's runtime from a
 * per-region mapping of nodejs20.x and nodejs18.x).
 */
const RUNTIME = 'nodejs24.x';

const STACKS: Array<[string, (app: App, env?: { account: string; region: string }) => Stack]> = [
  ['the example app', (app, env) => new ChatDemoStack(app, 'Example', { env })],
  ['every construct with every option', (app, env) => new AllConstructsStack(app, 'All', { env })],
];
const ENVIRONMENTS = [
  ['an explicit region', { account: '123456789012', region: 'eu-west-1' }],
  ['an environment-agnostic stack', undefined],
] as const;

describe.each(STACKS)('%s', (_name, build) => {
  test.each(ENVIRONMENTS)('in %s, every function runs on nodejs24.x, named literally', (_env, env) => {
    const template = Template.fromStack(build(new App(), env ? { ...env } : undefined)).toJSON();
    const runtimes = Object.values<any>(template.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => r.Properties.Runtime);
    // The example's own review function is not the library's; all-constructs has none.
    expect(runtimes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(runtimes)).toEqual(new Set([RUNTIME]));
    expect(JSON.stringify(template.Mappings ?? {})).not.toMatch(/nodejs(18|20)\.x/);
  });
});

describe('a provider framework of the app\'s own, in an environment-agnostic stack', () => {
  function appProvider(stack: Stack, id: string) {
    const onEvent = new lambda.Function(stack, `${id}Handler`, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    return new cr.Provider(stack, id, { onEventHandler: onEvent });
  }

  /** The runtimes of the app's framework function, which aws-cdk-lib may look up in a mapping. */
  function appFrameworkRuntime(template: Record<string, any>, id: string): unknown {
    const [fn] = Object.entries<any>(template.Resources)
      .filter(([logicalId, r]) => r.Type === 'AWS::Lambda::Function' && logicalId.startsWith(`${id}frameworkonEvent`));
    return fn[1].Properties.Runtime;
  }

  test.each(['before', 'after'])('made %s the first room keeps the runtime aws-cdk-lib chose for it, and its mapping if it has one', (when) => {
    const stack = new Stack(new App(), 'Mixed');
    if (when === 'before') appProvider(stack, 'AppProvider');
    new ChatRoom(stack, 'Room');
    if (when === 'after') appProvider(stack, 'AppProvider');
    const template = Template.fromStack(stack).toJSON();
    const runtime = appFrameworkRuntime(template, 'AppProvider');
    const lookup = (runtime as any)?.['Fn::FindInMap'];
    if (lookup) {
      // Older aws-cdk-lib: the mapping it points at is in the template.
      expect(template.Mappings?.[lookup[0]]).toBeDefined();
    } else {
      expect(typeof runtime).toBe('string');
    }
  });
});
