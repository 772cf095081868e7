import { App, Stack } from 'aws-cdk-lib';

/** An account and region, for tests that need a stack with a concrete environment. */
export const TEST_ENV = { account: '123456789012', region: 'us-east-1' } as const;

/** A stack named `TestStack` in an app of its own: environment-agnostic unless given `env`. */
export function newStack(env?: { readonly account: string; readonly region: string }): Stack {
  return new Stack(new App(), 'TestStack', { env: env && { ...env } });
}
