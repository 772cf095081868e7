import { Annotations, ArnFormat, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';

/*
 * What each destination needs so that IVS Chat's log delivery works.
 *
 * IVS Chat delivers chat logs through CloudWatch Logs' vended-log delivery: the
 * IVS Chat user guide's initial setup ("Getting Started with IVS Chat", Step 1,
 * https://docs.aws.amazon.com/ivs/latest/userguide/getting-started-chat.html and
 * https://docs.aws.amazon.com/ivs/latest/ChatUserGuide/chat-logging.html) asks for
 * logs:CreateLogDelivery and friends, logs:PutResourcePolicy, s3:PutBucketPolicy,
 * iam:CreateServiceLinkedRole and firehose:TagDeliveryStream for whoever creates a
 * logging configuration. Those are the grants CloudWatch Logs documents for V1
 * vended logs, which it uses to write, at delivery time, the destination-side
 * permissions below if they are missing:
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-S3.html
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-Firehose.html
 * Writing them into the template instead makes them part of the stack (a later
 * stack update cannot silently drop what the service added on the side) and
 * lets the deploying role do without PutResourcePolicy / PutBucketPolicy /
 * TagDeliveryStream on these resources. logs:CreateLogDelivery itself is called
 * with the deploying role's credentials when CloudFormation creates the
 * configuration, so it cannot be granted from the template.
 */

/** The service that writes vended logs, for every destination. */
const LOG_DELIVERY = new iam.ServicePrincipal('delivery.logs.amazonaws.com');

/**
 * Confused-deputy protection for the delivery service, as the CloudWatch Logs
 * pages above write it: only deliveries set up in the account and region of the
 * logging configuration (`aws:SourceArn` = `arn:<partition>:logs:<region>:<account>:*`).
 */
function fromOwnDeliveries(source: Stack) {
  return {
    StringEquals: { 'aws:SourceAccount': source.account },
    ArnLike: { 'aws:SourceArn': source.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
  };
}

/**
 * CloudWatch Logs: a resource policy that lets `delivery.logs.amazonaws.com`
 * create streams and put events in this log group only. Returns the policy the
 * configuration must wait for.
 */
export function allowCloudWatchLogsDelivery(scope: Construct, logGroup: logs.ILogGroup): IDependable[] {
  const source = Stack.of(scope);
  const result = logGroup.addToResourcePolicy(new iam.PolicyStatement({
    principals: [LOG_DELIVERY],
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroup.stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${logGroup.logGroupName}:log-stream:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
    conditions: fromOwnDeliveries(source),
  }));
  if (!result.statementAdded || !result.policyDependable) {
    Annotations.of(scope).addWarningV2('cdk-ivs-chat:logGroupPolicy',
      `Could not add a resource policy to log group ${logGroup.node.path}; allow delivery.logs.amazonaws.com to call `
      + 'logs:CreateLogStream and logs:PutLogEvents on its streams, or let the deploying role create it (logs:PutResourcePolicy).');
    return [];
  }
  return [result.policyDependable];
}

/**
 * Amazon S3: bucket-policy statements that let `delivery.logs.amazonaws.com`
 * put objects (owned by the bucket owner) under `AWSLogs/<account>/`, where IVS
 * Chat writes, and check the bucket's ACL. Returns the bucket policy the
 * configuration must wait for.
 */
export function allowS3Delivery(scope: Construct, bucket: s3.IBucket): IDependable[] {
  const source = Stack.of(scope);
  const conditions = fromOwnDeliveries(source);
  const write = bucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [LOG_DELIVERY],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(`AWSLogs/${source.account}/*`)],
    conditions: { ...conditions, StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  // The page adds s3:ListBucket to the ACL check so that CloudTrail shows no AccessDenied noise.
  const aclCheck = bucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [LOG_DELIVERY],
    actions: ['s3:GetBucketAcl', 's3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions,
  }));
  if (bucket.encryptionKey) {
    Annotations.of(scope).addWarningV2('cdk-ivs-chat:bucketKey',
      `Bucket ${bucket.node.path} is encrypted with a customer managed KMS key: its key policy must also let `
      + 'delivery.logs.amazonaws.com use the key (see "Amazon S3 bucket server-side encryption" in the CloudWatch Logs '
      + 'user guide, AWS-logs-infrastructure-S3); this construct does not change key policies.');
  }
  const policies = [write.policyDependable, aclCheck.policyDependable].filter((d): d is IDependable => d !== undefined);
  if (!write.statementAdded || !aclCheck.statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-ivs-chat:bucketPolicy',
      `Bucket ${bucket.node.path} is imported and its policy cannot be changed here. Allow delivery.logs.amazonaws.com `
      + `s3:PutObject on AWSLogs/${source.account}/* (with s3:x-amz-acl = bucket-owner-full-control) and s3:GetBucketAcl, `
      + 'conditioned on aws:SourceAccount and aws:SourceArn, or let the deploying role write it (s3:PutBucketPolicy).');
  }
  return [...new Set(policies)];
}

/**
 * Firehose: the tag `LogDeliveryEnabled=true`, which is what the
 * `AWSServiceRoleForLogDelivery` service-linked role may write to. That role is
 * account-wide and created by AWS on first use (iam:CreateServiceLinkedRole);
 * the template does not create it, as it would fail in every account that has it.
 */
export function allowFirehoseDelivery(scope: Construct, deliveryStream: firehose.IDeliveryStream): IDependable[] {
  if (deliveryStream.node.defaultChild instanceof CfnResource) {
    Tags.of(deliveryStream).add('LogDeliveryEnabled', 'true');
    return [];
  }
  Annotations.of(scope).addWarningV2('cdk-ivs-chat:firehoseTag',
    `Delivery stream ${deliveryStream.node.path} is imported and cannot be tagged here. It must carry the tag `
    + 'LogDeliveryEnabled=true (AWS adds it when the deploying role has firehose:TagDeliveryStream).');
  return [];
}
