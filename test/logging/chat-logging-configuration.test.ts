import { Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { bucket, deliveryStream, LOGGING, logGroup } from './fixtures';
import { ChatLoggingConfiguration, LoggingDestination } from '../../src';
import { newStack } from '../fixtures';

/** The confused-deputy conditions the CloudWatch Logs pages prescribe for vended-log delivery. */
const FROM_OWN_DELIVERIES = {
  StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
  ArnLike: {
    'aws:SourceArn': {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':*']],
    },
  },
};

/** A CloudWatch Logs policy document (a JSON string joined with references), with each `{ Ref: X }` as `<X>`. */
function policyDocument(rendered: any): any {
  const parts: unknown[] = typeof rendered === 'string' ? [rendered] : rendered['Fn::Join'][1];
  return JSON.parse(parts.map((part: any) => (typeof part === 'string' ? part : `<${part.Ref}>`)).join(''));
}

function loggingProperties(template: Template): Record<string, any> {
  const [resource] = Object.values(template.findResources(LOGGING));
  return resource.Properties;
}

describe('CloudWatch Logs destination', () => {
  test('the configuration names the log group and waits for a resource policy letting log delivery write to it', () => {
    const stack = newStack();
    const group = logGroup(stack);
    new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.cloudWatchLogs(group) });

    const template = Template.fromStack(stack);
    expect(loggingProperties(template)).toEqual({
      DestinationConfiguration: { CloudWatchLogs: { LogGroupName: { Ref: stack.getLogicalId(group.node.defaultChild as any) } } },
      Name: expect.stringMatching(/^TestStackLogging[A-Za-z0-9]{8}$/),
    });

    const policies = template.findResources('AWS::Logs::ResourcePolicy');
    expect(Object.keys(policies)).toHaveLength(1);
    const [policyId] = Object.keys(policies);
    expect(policyDocument(policies[policyId].Properties.PolicyDocument).Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      // This log group's streams only, and only for deliveries of this account and region.
      Resource: `arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<${stack.getLogicalId(group.node.defaultChild as any)}>:log-stream:*`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': '<AWS::AccountId>' },
        ArnLike: { 'aws:SourceArn': 'arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:*' },
      },
    }]);

    template.hasResource(LOGGING, { DependsOn: Match.arrayWith([policyId]) });
  });

  test('an imported log group gets its resource policy too', () => {
    const stack = newStack();
    const group = logs.LogGroup.fromLogGroupName(stack, 'Existing', 'chat-logs');
    new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.cloudWatchLogs(group) });

    const template = Template.fromStack(stack);
    expect(loggingProperties(template).DestinationConfiguration).toEqual({ CloudWatchLogs: { LogGroupName: 'chat-logs' } });
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    expect(JSON.stringify(template.findResources('AWS::Logs::ResourcePolicy'))).toContain(':log-group:chat-logs:log-stream:*');
  });

  test('two configurations on one log group share one policy with one statement', () => {
    const stack = newStack();
    const group = logGroup(stack);
    new ChatLoggingConfiguration(stack, 'A', { destination: LoggingDestination.cloudWatchLogs(group) });
    new ChatLoggingConfiguration(stack, 'B', { destination: LoggingDestination.cloudWatchLogs(group) });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    template.resourceCountIs(LOGGING, 2);
  });
});

describe('S3 destination', () => {
  test('the bucket policy lets log delivery put owner-owned objects under AWSLogs/<account>/ and check the ACL', () => {
    const stack = newStack();
    const archive = bucket(stack);
    new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.s3(archive) });

    const template = Template.fromStack(stack);
    const bucketId = stack.getLogicalId(archive.node.defaultChild as any);
    expect(loggingProperties(template).DestinationConfiguration).toEqual({ S3: { BucketName: { Ref: bucketId } } });

    const bucketArn = { 'Fn::GetAtt': [bucketId, 'Arn'] };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [bucketArn, '/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] },
            Condition: {
              ...FROM_OWN_DELIVERIES,
              StringEquals: { ...FROM_OWN_DELIVERIES.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
            },
          },
          {
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: ['s3:GetBucketAcl', 's3:ListBucket'],
            Resource: bucketArn,
            Condition: FROM_OWN_DELIVERIES,
          },
        ]),
      },
    });
    const [policyId] = Object.keys(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }));
    template.hasResource(LOGGING, { DependsOn: Match.arrayWith([policyId]) });
  });

  test('an imported bucket cannot take a policy: a warning says what to add', () => {
    const stack = newStack();
    new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Existing', 'chat-archive')) });

    expect(loggingProperties(Template.fromStack(stack)).DestinationConfiguration).toEqual({ S3: { BucketName: 'chat-archive' } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Logging',
      Match.stringLikeRegexp('is imported and its policy cannot be changed here.*s3:PutObject on AWSLogs/'));
  });

  test('a bucket encrypted with a customer managed key: a warning about the key policy', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.s3(bucket(stack, 'Archive', key)) });
    Annotations.fromStack(stack).hasWarning('/TestStack/Logging', Match.stringLikeRegexp('customer managed KMS key'));
  });
});

describe('Firehose destination', () => {
  test('the configuration names the stream, and the stream is tagged LogDeliveryEnabled=true', () => {
    const stack = newStack();
    const stream = deliveryStream(stack);
    new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.firehose(stream) });

    const template = Template.fromStack(stack);
    expect(loggingProperties(template).DestinationConfiguration).toEqual({
      Firehose: { DeliveryStreamName: { Ref: stack.getLogicalId(stream.node.defaultChild as any) } },
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      Tags: Match.arrayWith([{ Key: 'LogDeliveryEnabled', Value: 'true' }]),
    });
    // Nothing else is granted: delivery goes through AWS's own service-linked role.
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 0);
  });

  test('an imported stream cannot be tagged: a warning says which tag it needs', () => {
    const stack = newStack();
    const stream = firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Existing', 'chat-stream');
    new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.firehose(stream) });

    expect(loggingProperties(Template.fromStack(stack)).DestinationConfiguration).toEqual({ Firehose: { DeliveryStreamName: 'chat-stream' } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Logging', Match.stringLikeRegexp('LogDeliveryEnabled=true'));
  });
});

describe('name and tags', () => {
  test('chatLoggingConfigurationName is passed through; an empty one is allowed', () => {
    const stack = newStack();
    const group = logGroup(stack);
    const named = new ChatLoggingConfiguration(stack, 'Named', { destination: LoggingDestination.cloudWatchLogs(group), chatLoggingConfigurationName: 'chat_logs-1' });
    new ChatLoggingConfiguration(stack, 'Empty', { destination: LoggingDestination.cloudWatchLogs(group), chatLoggingConfigurationName: '' });

    const template = Template.fromStack(stack);
    template.hasResourceProperties(LOGGING, { Name: 'chat_logs-1' });
    template.hasResourceProperties(LOGGING, { Name: '' });
    expect(named.chatLoggingConfigurationName).toBe('chat_logs-1');
  });

  test.each([
    ['with spaces', 'chat logs'],
    ['with a dot', 'logs.1'],
  ])('a name %s is refused', (_, name) => {
    const stack = newStack();
    expect(() => new ChatLoggingConfiguration(stack, 'Logging', {
      destination: LoggingDestination.cloudWatchLogs(logGroup(stack)),
      chatLoggingConfigurationName: name,
    })).toThrow(`\`chatLoggingConfigurationName\` must match /^[a-zA-Z0-9-_]*$/ (letters, digits, '-' and '_'), got: ${JSON.stringify(name)}`);
  });

  test('a name of 129 characters is refused', () => {
    const stack = newStack();
    expect(() => new ChatLoggingConfiguration(stack, 'Logging', {
      destination: LoggingDestination.cloudWatchLogs(logGroup(stack)),
      chatLoggingConfigurationName: 'a'.repeat(129),
    })).toThrow(`Invalid ChatLoggingConfiguration TestStack/Logging: \`chatLoggingConfigurationName\` must be at most 128 characters, got 129: "${'a'.repeat(80)}"…`);
  });

  test('Tags.of reaches the CloudFormation resource', () => {
    const stack = newStack();
    const logging = new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.cloudWatchLogs(logGroup(stack)) });
    Tags.of(logging).add('team', 'live');
    Template.fromStack(stack).hasResourceProperties(LOGGING, { Tags: [{ Key: 'team', Value: 'live' }] });
  });

  test('an empty tag value is refused at synth, as CloudFormation would refuse it', () => {
    const stack = newStack();
    const logging = new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.cloudWatchLogs(logGroup(stack)) });
    Tags.of(logging).add('empty', '');
    expect(() => Template.fromStack(stack)).toThrow(/the value of tag "empty" must be 1 to 256 characters/);
  });

  test('more than 50 tags are refused at synth', () => {
    const stack = newStack();
    const logging = new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.cloudWatchLogs(logGroup(stack)) });
    for (let i = 0; i < 51; i++) Tags.of(logging).add(`k${i}`, 'v');
    expect(() => Template.fromStack(stack)).toThrow('a chat logging configuration can have at most 50 tags, got: 51');
  });
});

describe('attributes and import', () => {
  test('ARN and id are the resource\'s attributes', () => {
    const stack = newStack();
    const logging = new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.cloudWatchLogs(logGroup(stack)) });
    const id = stack.getLogicalId(logging.node.defaultChild as any);
    expect(stack.resolve(logging.chatLoggingConfigurationArn)).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    expect(stack.resolve(logging.chatLoggingConfigurationId)).toEqual({ 'Fn::GetAtt': [id, 'Id'] });
  });

  test('fromChatLoggingConfigurationArn reads the id and the environment, in any partition', () => {
    const stack = newStack();
    const arn = 'arn:aws-cn:ivschat:cn-north-1:123456789012:logging-configuration/AbCdEfGhIjKl';
    const imported = ChatLoggingConfiguration.fromChatLoggingConfigurationArn(stack, 'Imported', arn);
    expect(imported.chatLoggingConfigurationArn).toBe(arn);
    expect(imported.chatLoggingConfigurationId).toBe('AbCdEfGhIjKl');
    expect(imported.env).toEqual({ account: '123456789012', region: 'cn-north-1' });
  });

  test.each([
    'arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl',
    'arn:aws:ivs:us-east-1:123456789012:recording-configuration/AbCdEfGhIjKl',
  ])('fromChatLoggingConfigurationArn refuses %s', (arn) => {
    expect(() => ChatLoggingConfiguration.fromChatLoggingConfigurationArn(new Stack(), 'Imported', arn))
      .toThrow(`\`chatLoggingConfigurationArn\` must be an IVS Chat logging-configuration ARN (arn:<partition>:ivschat:<region>:<account>:logging-configuration/<id>), got: ${arn}`);
  });
});
