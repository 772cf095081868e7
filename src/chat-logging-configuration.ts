import { IResource, Resource, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { CfnLoggingConfiguration } from 'aws-cdk-lib/aws-ivschat';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { ChatMetrics } from './chat-metrics';
import { ivschatResourceId } from './private/arns';
import { allowCloudWatchLogsDelivery, allowFirehoseDelivery, allowS3Delivery } from './private/logging-destinations';
import { defaultName, validateName } from './private/names';
import { checkTags } from './private/shared/common-rules';
import { LOGGING_CONFIGURATION_TAG_RULES } from './private/shared/logging-rules';
import { validate } from './private/validation';

/**
 * What a `LoggingDestination` gives the logging configuration it is bound to.
 */
export interface LoggingDestinationConfig {
  /** The destination, as `AWS::IVSChat::LoggingConfiguration` takes it. */
  readonly destinationConfiguration: CfnLoggingConfiguration.DestinationConfigurationProperty;

  /**
   * Resources the logging configuration must be created after, such as the
   * policy that lets log delivery write to the destination.
   *
   * @default - none
   */
  readonly dependencies?: IDependable[];
}

/**
 * Where a chat logging configuration records the messages and events of its
 * rooms: exactly one CloudWatch Logs log group, S3 bucket or Firehose delivery stream,
 * in the configuration's account and region.
 */
export abstract class LoggingDestination {
  /**
   * A CloudWatch Logs log group. Gives `delivery.logs.amazonaws.com` a resource
   * policy on this log group's streams (`logs:CreateLogStream`, `logs:PutLogEvents`),
   * limited to deliveries of the configuration's account and region.
   * Note that CloudWatch Logs allows 10 resource policies per account and region.
   */
  public static cloudWatchLogs(logGroup: logs.ILogGroup): LoggingDestination {
    return new Destination((scope) => ({
      destinationConfiguration: { cloudWatchLogs: { logGroupName: logGroup.logGroupName } },
      dependencies: allowCloudWatchLogsDelivery(scope, logGroup),
    }));
  }

  /**
   * An S3 bucket. Adds bucket-policy statements that let `delivery.logs.amazonaws.com`
   * call `s3:PutObject` under `AWSLogs/<account>/` (with the bucket owner owning the
   * objects) and `s3:GetBucketAcl` / `s3:ListBucket` on the bucket, limited to
   * deliveries of the configuration's account and region. A bucket encrypted with a
   * customer managed KMS key also needs a key-policy statement, which this does not write.
   */
  public static s3(bucket: s3.IBucket): LoggingDestination {
    return new Destination((scope) => ({
      destinationConfiguration: { s3: { bucketName: bucket.bucketName } },
      dependencies: allowS3Delivery(scope, bucket),
    }));
  }

  /**
   * A Firehose delivery stream that accepts direct puts. Tags it
   * `LogDeliveryEnabled=true`, the tag AWS's log-delivery service-linked role
   * (`AWSServiceRoleForLogDelivery`) may write to.
   */
  public static firehose(deliveryStream: firehose.IDeliveryStream): LoggingDestination {
    return new Destination((scope) => ({
      destinationConfiguration: { firehose: { deliveryStreamName: deliveryStream.deliveryStreamName } },
      dependencies: allowFirehoseDelivery(scope, deliveryStream),
    }));
  }

  /**
   * Sets up what the destination needs to receive logs and returns its
   * configuration. Called once by the `ChatLoggingConfiguration` it is given to.
   */
  public abstract bind(scope: Construct): LoggingDestinationConfig;
}

/** A destination of the factories above: what `bind` does is all that differs between them. */
class Destination extends LoggingDestination {
  constructor(private readonly configure: (scope: Construct) => LoggingDestinationConfig) {
    super();
  }

  public bind(scope: Construct): LoggingDestinationConfig {
    return this.configure(scope);
  }
}

/**
 * An Amazon IVS Chat logging configuration.
 */
export interface IChatLoggingConfiguration extends IResource {
  /**
   * The ARN, e.g. `arn:aws:ivschat:us-east-1:123456789012:logging-configuration/AbCdEfGhIjKl`.
   *
   * @attribute
   */
  readonly chatLoggingConfigurationArn: string;

  /**
   * The 12-character id.
   *
   * @attribute
   */
  readonly chatLoggingConfigurationId: string;

  /**
   * A metric of namespace `AWS/IVSChat` for this logging configuration
   * (dimension `LoggingConfiguration`). The methods below are named `metric`
   * and the metric's name in CloudWatch
   * (https://docs.aws.amazon.com/ivs/latest/ChatUserGuide/chat-health.html).
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationErrors`: deliveries to the destination that failed. Sum over 5 minutes.
   */
  metricLogDestinationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationAccessDeniedError` (the metric's name is singular): deliveries
   * refused for lack of permission. Sum over 5 minutes.
   */
  metricLogDestinationAccessDeniedError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationResourceNotFoundErrors`: deliveries to a destination that does not exist. Sum over 5 minutes.
   */
  metricLogDestinationResourceNotFoundErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * What a logging configuration and an imported one have in common: attributes and metrics.
 */
export abstract class ChatLoggingConfigurationBase extends Resource implements IChatLoggingConfiguration {
  public abstract readonly chatLoggingConfigurationArn: string;
  public abstract readonly chatLoggingConfigurationId: string;

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.metric(metricName, {
      ...props,
      dimensionsMap: { ...props?.dimensionsMap, LoggingConfiguration: this.chatLoggingConfigurationArn },
    });
  }

  public metricLogDestinationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.metricLogDestinationErrors(this.chatLoggingConfigurationArn, props);
  }

  public metricLogDestinationAccessDeniedError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.metricLogDestinationAccessDeniedError(this.chatLoggingConfigurationArn, props);
  }

  public metricLogDestinationResourceNotFoundErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.metricLogDestinationResourceNotFoundErrors(this.chatLoggingConfigurationArn, props);
  }
}

/**
 * Properties of a `ChatLoggingConfiguration`.
 */
export interface ChatLoggingConfigurationProps {
  /**
   * Where the messages and events of the configuration's rooms are recorded.
   */
  readonly destination: LoggingDestination;

  /**
   * The configuration's name: 0 to 128 characters of letters, digits, `-` and `_`.
   * IVS Chat does not require names to be unique.
   *
   * @default - a name unique to this construct, derived from its path
   */
  readonly chatLoggingConfigurationName?: string;
}

/**
 * An Amazon IVS Chat logging configuration: records every message and event of
 * the rooms that use it (up to 3 per room) to CloudWatch Logs, S3 or Firehose,
 * and sets up the destination so that delivery works.
 *
 * It is an `AWS::IVSChat::LoggingConfiguration`. Unlike rooms, whose CloudFormation
 * type caps the message rate, CloudFormation's logging configuration has the API's
 * limits save one (tag values of at least 1 character) and is managed by
 * CloudFormation's own handler (create, in-place update, delete, tags), so a custom
 * provider would add a Lambda, a role and code for nothing.
 * IVS Chat sets up the log delivery with the credentials of whoever creates the
 * configuration, here the deploying role: it needs the log-delivery permissions the
 * IVS Chat user guide lists (logs:CreateLogDelivery and friends), which CDK's default
 * bootstrap execution role has.
 *
 * @example
 * declare const logGroup: logs.ILogGroup;
 *
 * const logging = new ChatLoggingConfiguration(this, 'ChatLogs', {
 *   destination: LoggingDestination.cloudWatchLogs(logGroup),
 * });
 * new ChatRoom(this, 'Room', { loggingConfigurations: [logging] });
 * Tags.of(logging).add('team', 'live');
 */
export class ChatLoggingConfiguration extends ChatLoggingConfigurationBase {
  /**
   * Imports a logging configuration by ARN, e.g. to attach it to a room or read its metrics.
   *
   * @param chatLoggingConfigurationArn the ARN, `arn:<partition>:ivschat:<region>:<account>:logging-configuration/<id>`
   */
  public static fromChatLoggingConfigurationArn(scope: Construct, id: string, chatLoggingConfigurationArn: string): IChatLoggingConfiguration {
    const chatLoggingConfigurationId = ivschatResourceId(
      { scope, id, kind: 'ChatLoggingConfiguration', property: 'chatLoggingConfigurationArn' }, chatLoggingConfigurationArn, 'logging-configuration');

    class Import extends ChatLoggingConfigurationBase {
      public readonly chatLoggingConfigurationArn = chatLoggingConfigurationArn;
      public readonly chatLoggingConfigurationId = chatLoggingConfigurationId;
    }
    return new Import(scope, id, { environmentFromArn: chatLoggingConfigurationArn });
  }

  public readonly chatLoggingConfigurationArn: string;
  public readonly chatLoggingConfigurationId: string;

  /**
   * The configuration's name.
   */
  public readonly chatLoggingConfigurationName: string;

  constructor(scope: Construct, id: string, props: ChatLoggingConfigurationProps) {
    super(scope, id);

    this.chatLoggingConfigurationName = props.chatLoggingConfigurationName ?? defaultName(this);
    validate(this, 'ChatLoggingConfiguration', [validateName('chatLoggingConfigurationName', this.chatLoggingConfigurationName)]);

    const destination = props.destination.bind(this);
    const resource = new CfnLoggingConfiguration(this, 'Resource', {
      destinationConfiguration: destination.destinationConfiguration,
      name: this.chatLoggingConfigurationName,
    });
    for (const dependency of destination.dependencies ?? []) {
      resource.node.addDependency(dependency);
    }
    this.node.addValidation({
      validate: () => checkTags(resource.tags.tagValues(), { ...LOGGING_CONFIGURATION_TAG_RULES, isToken: Token.isUnresolved }),
    });

    this.chatLoggingConfigurationArn = resource.attrArn;
    this.chatLoggingConfigurationId = resource.attrId;
  }

}
