import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { nagFindings } from './nag-findings';
import { ChatDemoStack } from '../examples/stack';

function exampleStack(): ChatDemoStack {
  return new ChatDemoStack(new App(), 'IvsChatDemo');
}

test('the example stack matches its snapshot', () => {
  expect(Template.fromStack(exampleStack()).toJSON()).toMatchSnapshot();
});

test('the example synthesizes without warnings: the one it would get is acknowledged, with its reason', () => {
  for (const version of [1, 2]) {
    const stack = new ChatDemoStack(new App(), 'IvsChatDemo', { version });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  }
});

test('cdk-nag AwsSolutions and Serverless find nothing unsuppressed in the example stack', () => {
  expect(nagFindings(exampleStack(), new AwsSolutionsChecks(), new ServerlessChecks())).toEqual([]);
});

test('every suppression in the example stack gives a reason', () => {
  const template = Template.fromStack(exampleStack()).toJSON();
  const suppressions = Object.values<any>(template.Resources)
    .flatMap((resource) => resource.Metadata?.cdk_nag?.rules_to_suppress ?? []);
  expect(suppressions.length).toBeGreaterThan(0);
  for (const suppression of suppressions) {
    expect(suppression.reason.length).toBeGreaterThan(40);
  }
});
