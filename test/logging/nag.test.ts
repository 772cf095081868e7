import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { nagFindings } from '../nag-findings';
import { bucket, deliveryStream, logGroup } from './fixtures';
import { ChatLoggingConfiguration, ChatRoom, LoggingDestination } from '../../src';
import { newStack } from '../fixtures';

/** A stack that logs one room to all three destinations. */
function loggedStack(): Stack {
  const stack = newStack();
  const stream = deliveryStream(stack);
  const room = new ChatRoom(stack, 'Room', {
    loggingConfigurations: [
      new ChatLoggingConfiguration(stack, 'ToLogs', { destination: LoggingDestination.cloudWatchLogs(logGroup(stack)) }),
      new ChatLoggingConfiguration(stack, 'ToS3', { destination: LoggingDestination.s3(bucket(stack)) }),
    ],
  });
  room.addLoggingConfiguration(new ChatLoggingConfiguration(stack, 'ToFirehose', { destination: LoggingDestination.firehose(stream) }));

  // The delivery stream is the test's fixture, not the library's: aws-cdk-lib's Firehose
  // L2 gives its role object-level wildcards on its target bucket.
  NagSuppressions.addResourceSuppressions(stream, [{
    id: 'AwsSolutions-IAM5',
    reason: 'Test fixture: aws-cdk-lib\'s Firehose S3 destination role writes any object of its own target bucket.',
  }], true);
  return stack;
}

test('cdk-nag AwsSolutions finds nothing unsuppressed in a room logged to CloudWatch Logs, S3 and Firehose', () => {
  expect(nagFindings(loggedStack(), new AwsSolutionsChecks())).toEqual([]);
});

test('the library adds no IAM wildcard and no suppression for logging configurations', () => {
  const template = Template.fromStack(loggedStack()).toJSON();
  const suppressions = Object.entries<any>(template.Resources)
    .filter(([id]) => !id.startsWith('ChatStream'))
    .flatMap(([, resource]) => resource.Metadata?.cdk_nag?.rules_to_suppress ?? [])
    .filter((suppression: any) => JSON.stringify(suppression.applies_to ?? '').includes('logging-configuration'));
  expect(suppressions).toEqual([]);
});
