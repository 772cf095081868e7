import * as path from 'path';
import { App, Environment, Stack } from 'aws-cdk-lib';
import { ChatDemoStack } from '../../examples/stack';
import { EverythingStack } from '../bindings/twins/everything';
import { AllConstructsStack } from '../security/all-constructs';

/**
 * The apps users' situations come down to: the example app (both versions the
 * demo deploys), the bindings' app that uses every construct, prop and grant,
 * and a stack with every construct and every option that changes IAM.
 */
export const APPS: ReadonlyArray<readonly [string, (app: App, env?: Environment) => Stack]> = [
  ['example-v1', (app, env) => new ChatDemoStack(app, 'ExampleV1', { env })],
  ['example-v2', (app, env) => new ChatDemoStack(app, 'ExampleV2', { env, version: 2 })],
  ['everything', (app, env) => new EverythingStack(app, 'Everything', { env })],
  ['all-constructs', (app, env) => new AllConstructsStack(app, 'AllConstructs', { env })],
];

/** A region where IVS Chat is offered, for stacks that name one. */
export const EXPLICIT_ENV = { account: '123456789012', region: 'eu-west-1' };

/**
 * The Regions that offer IVS Chat (https://docs.aws.amazon.com/general/latest/gr/ivs.html):
 * an environment-agnostic template may be deployed in any of them.
 */
export const IVS_CHAT_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2'];

/** Each app with an explicit region and environment-agnostic. */
export const ENVIRONMENTS: ReadonlyArray<readonly [string, Environment | undefined]> = [
  ['explicit-region', EXPLICIT_ENV],
  ['env-agnostic', undefined],
];

/** One synthesized template of a user's situation. */
export interface SituationTemplate {
  /** `<app>/<environment>`. */
  readonly name: string;
  /** The Regions it may be deployed in. */
  readonly regions: string[];
  /** Its file in the cloud assembly. */
  readonly file: string;
  readonly template: Record<string, any>;
}

/** Synthesizes every app in every environment, each into its own cloud assembly under `outdir`. */
export function synthesizeSituations(outdir: string): SituationTemplate[] {
  return APPS.flatMap(([appName, build]) => ENVIRONMENTS.map(([envName, env]) => {
    const app = new App({ outdir: path.join(outdir, appName, envName) });
    const stack = build(app, env ? { ...env } : undefined);
    const assembly = app.synth();
    const artifact = assembly.getStackByName(stack.stackName);
    return {
      name: `${appName}/${envName}`,
      regions: env?.region ? [env.region] : IVS_CHAT_REGIONS,
      file: path.join(assembly.directory, artifact.templateFile),
      template: artifact.template,
    };
  }));
}
