/**
 * Resource types CloudFormation creates itself that touch IVS Chat: the offline deploy drives
 * them against the emulator the way CloudFormation's resource handlers would, with the
 * deployer's credentials. Today one: `AWS::IVSChat::LoggingConfiguration`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ivschat-loggingconfiguration.html).
 */
import {
  CreateLoggingConfigurationCommand, DeleteLoggingConfigurationCommand, DestinationConfiguration, IvschatClient, ResourceNotFoundException,
  TagResourceCommand, UntagResourceCommand, UpdateLoggingConfigurationCommand,
} from '@aws-sdk/client-ivschat';

export interface NativeConnection {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface NativeEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, any>;
  readonly OldResourceProperties?: Record<string, any>;
}

/** Creates, updates or deletes one resource; rejects with the API's error. */
export type NativeResourceDriver = (
  connection: NativeConnection, event: NativeEvent,
) => Promise<{ physicalId: string; data: Record<string, string> }>;

type CfnTags = { Key: string; Value: string }[] | undefined;

function tagMap(tags: CfnTags): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));
}

function destination(cfn: Record<string, any> | undefined): DestinationConfiguration {
  if (cfn?.CloudWatchLogs) return { cloudWatchLogs: { logGroupName: cfn.CloudWatchLogs.LogGroupName } };
  if (cfn?.Firehose) return { firehose: { deliveryStreamName: cfn.Firehose.DeliveryStreamName } };
  return { s3: { bucketName: cfn?.S3?.BucketName } } as DestinationConfiguration;
}

const loggingConfiguration: NativeResourceDriver = async (connection, event) => {
  const client = new IvschatClient({ ...connection, maxAttempts: 5 });
  try {
    const props = event.ResourceProperties;
    const attributes = (c: { arn?: string; id?: string; state?: string }) => ({
      physicalId: c.arn!, data: { Arn: c.arn!, Id: c.id!, State: c.state ?? 'ACTIVE' },
    });
    switch (event.RequestType) {
      case 'Create': {
        const tags = tagMap(props.Tags);
        const created = await client.send(new CreateLoggingConfigurationCommand({
          ...(props.Name !== undefined && { name: props.Name }),
          destinationConfiguration: destination(props.DestinationConfiguration),
          ...(Object.keys(tags).length > 0 && { tags }),
        }));
        return attributes(created);
      }
      case 'Update': {
        const arn = event.PhysicalResourceId!;
        const updated = await client.send(new UpdateLoggingConfigurationCommand({
          identifier: arn,
          name: props.Name ?? '',
          destinationConfiguration: destination(props.DestinationConfiguration),
        }));
        const [before, after] = [tagMap(event.OldResourceProperties?.Tags), tagMap(props.Tags)];
        const removed = Object.keys(before).filter((k) => !(k in after));
        if (removed.length > 0) await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: removed }));
        if (Object.keys(after).length > 0) await client.send(new TagResourceCommand({ resourceArn: arn, tags: after }));
        return attributes(updated);
      }
      case 'Delete': {
        const arn = event.PhysicalResourceId!;
        // CloudFormation's handlers treat a resource that is already gone as deleted.
        await client.send(new DeleteLoggingConfigurationCommand({ identifier: arn })).catch((error: unknown) => {
          if (!(error instanceof ResourceNotFoundException)) throw error;
        });
        return { physicalId: arn, data: {} };
      }
    }
  } finally {
    client.destroy();
  }
};

export const NATIVE_RESOURCES: Readonly<Record<string, NativeResourceDriver>> = {
  'AWS::IVSChat::LoggingConfiguration': loggingConfiguration,
};
