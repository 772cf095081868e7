import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChatDemoStack } from '../examples/stack';

function exampleStack(): ChatDemoStack {
  return new ChatDemoStack(new App(), 'IvsChatDemo');
}

test('the example stack matches its snapshot', () => {
  expect(Template.fromStack(exampleStack()).toJSON()).toMatchSnapshot();
});

test('cdk-nag AwsSolutions finds nothing unsuppressed in the example stack', () => {
  const stack = exampleStack();
  Aspects.of(stack).add(new AwsSolutionsChecks());
  const findings = [
    ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*|CdkNagValidationFailure.*')),
    ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*|CdkNagValidationFailure.*')),
  ].map((finding) => `${finding.id}: ${finding.entry.data}`);
  expect(findings).toEqual([]);
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
