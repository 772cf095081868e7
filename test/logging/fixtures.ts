import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** Destinations for logging-configuration tests, built the way a careful app would. */

export const LOGGING = 'AWS::IVSChat::LoggingConfiguration';
export const ROOM = 'Custom::IvsChatRoom';

export function logGroup(stack: Stack, id = 'ChatLogs'): logs.LogGroup {
  return new logs.LogGroup(stack, id, { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
}

export function bucket(stack: Stack, id = 'ChatArchive', encryptionKey?: kms.IKey): s3.Bucket {
  const accessLogs = new s3.Bucket(stack, `${id}AccessLogs`, {
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
  });
  return new s3.Bucket(stack, id, {
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey,
    serverAccessLogsBucket: accessLogs,
  });
}

export function deliveryStream(stack: Stack, id = 'ChatStream'): firehose.DeliveryStream {
  return new firehose.DeliveryStream(stack, id, {
    destination: new firehose.S3Bucket(bucket(stack, `${id}Target`)),
    encryption: firehose.StreamEncryption.awsOwnedKey(),
  });
}
