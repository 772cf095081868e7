import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The namespace IVS Chat publishes its metrics to. */
const NAMESPACE = 'AWS/IVSChat';

/**
 * CloudWatch metrics of Amazon IVS Chat (namespace `AWS/IVSChat`).
 *
 * IVS Chat publishes account-level metrics (per region), per-action metrics
 * (dimension `Action`), per review handler (dimension `Uri`, the handler's function
 * ARN) and per logging configuration (dimension `LoggingConfiguration`, its ARN).
 * There is no per-room dimension. Each metric defaults to the `Sum` over 5 minutes,
 * except `ConcurrentChatConnections`, a level, which defaults to the `Maximum`.
 * See https://docs.aws.amazon.com/ivs/latest/ChatUserGuide/chat-health.html.
 *
 * @example
 * declare const reviewer: lambda.IFunction;
 *
 * new cloudwatch.Alarm(this, 'ReviewErrors', {
 *   metric: ChatMetrics.metricInvocationErrors(reviewer.functionArn),
 *   threshold: 1,
 *   evaluationPeriods: 1,
 * });
 */
export class ChatMetrics {
  /**
   * Any metric of namespace `AWS/IVSChat`; give its dimensions, if any, as
   * `dimensionsMap` (e.g. `{ Action: 'SEND_MESSAGE' }`).
   *
   * @param metricName e.g. `MessagingDeliveries`
   */
  public static metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: NAMESPACE,
      metricName,
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...props,
    });
  }

  /** `ConcurrentChatConnections`: open chat connections in the account and region. Maximum over 5 minutes. */
  public static metricConcurrentChatConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.metric('ConcurrentChatConnections', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** `MessagingDeliveries`: messages and events delivered to clients, all actions together. */
  public static metricMessagingDeliveries(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.metric('MessagingDeliveries', props);
  }

  /** `MessagingRequests`: messaging requests from clients, all actions together. */
  public static metricMessagingRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.metric('MessagingRequests', props);
  }

  /**
   * `Deliveries` of one messaging action.
   *
   * @param action the value of the `Action` dimension, e.g. `SEND_MESSAGE`
   */
  public static metricDeliveries(action: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.dimensioned('Deliveries', 'Action', action, props);
  }

  /**
   * `Requests` of one messaging action.
   *
   * @param action the value of the `Action` dimension, e.g. `SEND_MESSAGE`
   */
  public static metricRequests(action: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.dimensioned('Requests', 'Action', action, props);
  }

  /**
   * `InvocationErrors` of a message review handler: invocations that failed or timed out.
   *
   * @param handlerUri the handler's function ARN, as the room has it (`fn.functionArn`)
   */
  public static metricInvocationErrors(handlerUri: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.dimensioned('InvocationErrors', 'Uri', handlerUri, props);
  }

  /**
   * `ResponseValidationErrors` of a message review handler: answers IVS Chat could not use.
   *
   * @param handlerUri the handler's function ARN, as the room has it (`fn.functionArn`)
   */
  public static metricResponseValidationErrors(handlerUri: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.dimensioned('ResponseValidationErrors', 'Uri', handlerUri, props);
  }

  /**
   * `LogDestinationErrors` of a logging configuration. Also `config.metricLogDestinationErrors()`.
   *
   * @param loggingConfigurationArn the configuration's ARN
   */
  public static metricLogDestinationErrors(loggingConfigurationArn: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.dimensioned('LogDestinationErrors', 'LoggingConfiguration', loggingConfigurationArn, props);
  }

  /**
   * `LogDestinationAccessDeniedError` of a logging configuration (the metric's name is
   * singular). Also `config.metricLogDestinationAccessDeniedError()`.
   *
   * @param loggingConfigurationArn the configuration's ARN
   */
  public static metricLogDestinationAccessDeniedError(loggingConfigurationArn: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.dimensioned('LogDestinationAccessDeniedError', 'LoggingConfiguration', loggingConfigurationArn, props);
  }

  /**
   * `LogDestinationResourceNotFoundErrors` of a logging configuration. Also
   * `config.metricLogDestinationResourceNotFoundErrors()`.
   *
   * @param loggingConfigurationArn the configuration's ARN
   */
  public static metricLogDestinationResourceNotFoundErrors(loggingConfigurationArn: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.dimensioned('LogDestinationResourceNotFoundErrors', 'LoggingConfiguration', loggingConfigurationArn, props);
  }

  /** A metric with one dimension, which `props` cannot override. */
  private static dimensioned(metricName: string, dimension: string, value: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.metric(metricName, { ...props, dimensionsMap: { ...props?.dimensionsMap, [dimension]: value } });
  }

  private constructor() {}
}
