import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { logGroup } from './fixtures';
import { ChatLoggingConfiguration, ChatMetrics, LoggingDestination } from '../../src';
import { newStack } from '../fixtures';

/** What a metric renders to, tokens resolved in `stack`. */
function shape(stack: Stack, metric: cloudwatch.Metric) {
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: stack.resolve(metric.dimensions),
    statistic: metric.statistic,
    period: metric.period.toSeconds(),
  };
}

const HANDLER = 'arn:aws:lambda:us-east-1:123456789012:function:reviewer';
const LOGGING_ARN = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/AbCdEfGhIjKl';

describe('ChatMetrics', () => {
  const stack = newStack();

  test.each([
    ['ConcurrentChatConnections', ChatMetrics.metricConcurrentChatConnections(), 'Maximum'],
    ['MessagingDeliveries', ChatMetrics.metricMessagingDeliveries(), 'Sum'],
    ['MessagingRequests', ChatMetrics.metricMessagingRequests(), 'Sum'],
  ])('account-level %s has no dimension', (name, metric, statistic) => {
    expect(shape(stack, metric)).toEqual({ namespace: 'AWS/IVSChat', metricName: name, dimensions: undefined, statistic, period: 300 });
  });

  test.each([
    ['Deliveries', ChatMetrics.metricDeliveries('SEND_MESSAGE'), { Action: 'SEND_MESSAGE' }],
    ['Requests', ChatMetrics.metricRequests('DELETE_MESSAGE'), { Action: 'DELETE_MESSAGE' }],
    ['InvocationErrors', ChatMetrics.metricInvocationErrors(HANDLER), { Uri: HANDLER }],
    ['ResponseValidationErrors', ChatMetrics.metricResponseValidationErrors(HANDLER), { Uri: HANDLER }],
    ['LogDestinationErrors', ChatMetrics.metricLogDestinationErrors(LOGGING_ARN), { LoggingConfiguration: LOGGING_ARN }],
    ['LogDestinationAccessDeniedError', ChatMetrics.metricLogDestinationAccessDeniedError(LOGGING_ARN), { LoggingConfiguration: LOGGING_ARN }],
    ['LogDestinationResourceNotFoundErrors', ChatMetrics.metricLogDestinationResourceNotFoundErrors(LOGGING_ARN), { LoggingConfiguration: LOGGING_ARN }],
  ])('%s has its one dimension', (name, metric, dimensions) => {
    expect(shape(stack, metric)).toEqual({ namespace: 'AWS/IVSChat', metricName: name, dimensions, statistic: 'Sum', period: 300 });
  });

  test('MetricOptions override the defaults and keep the dimension', () => {
    const metric = ChatMetrics.metricInvocationErrors(HANDLER, { statistic: 'Average', period: Duration.minutes(1), label: 'review errors' });
    expect(shape(stack, metric)).toEqual({
      namespace: 'AWS/IVSChat', metricName: 'InvocationErrors', dimensions: { Uri: HANDLER }, statistic: 'Average', period: 60,
    });
    expect(metric.label).toBe('review errors');
  });
});

describe('a logging configuration\'s metrics', () => {
  test('carry its ARN as the LoggingConfiguration dimension', () => {
    const stack = newStack();
    const config = new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.cloudWatchLogs(logGroup(stack)) });
    const dimensions = { LoggingConfiguration: stack.resolve(config.chatLoggingConfigurationArn) };

    expect([
      config.metricLogDestinationErrors(),
      config.metricLogDestinationAccessDeniedError(),
      config.metricLogDestinationResourceNotFoundErrors(),
      config.metric('LogDestinationErrors', { statistic: 'Maximum' }),
    ].map((metric) => shape(stack, metric))).toEqual([
      { namespace: 'AWS/IVSChat', metricName: 'LogDestinationErrors', dimensions, statistic: 'Sum', period: 300 },
      { namespace: 'AWS/IVSChat', metricName: 'LogDestinationAccessDeniedError', dimensions, statistic: 'Sum', period: 300 },
      { namespace: 'AWS/IVSChat', metricName: 'LogDestinationResourceNotFoundErrors', dimensions, statistic: 'Sum', period: 300 },
      { namespace: 'AWS/IVSChat', metricName: 'LogDestinationErrors', dimensions, statistic: 'Maximum', period: 300 },
    ]);
  });

  test('work for an imported configuration', () => {
    const stack = newStack();
    const config = ChatLoggingConfiguration.fromChatLoggingConfigurationArn(stack, 'Imported', LOGGING_ARN);
    expect(config.metricLogDestinationErrors().dimensions).toEqual({ LoggingConfiguration: LOGGING_ARN });
  });

  test('can drive an alarm', () => {
    const stack = newStack();
    const config = new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.cloudWatchLogs(logGroup(stack)) });
    const alarm = config.metricLogDestinationErrors().createAlarm(stack, 'Alarm', { threshold: 1, evaluationPeriods: 1 });
    expect(stack.resolve((alarm.node.defaultChild as cloudwatch.CfnAlarm).dimensions)).toEqual([
      { name: 'LoggingConfiguration', value: stack.resolve(config.chatLoggingConfigurationArn) },
    ]);
  });
});

describe('names', () => {
  /** Every method named `metric<Name>` of `receiver`'s class (or of `receiver` itself, for statics), called. */
  function metricsOf(receiver: object, owner: object): Array<[string, cloudwatch.Metric]> {
    return Object.getOwnPropertyNames(owner)
      .filter((name) => /^metric[A-Z]/.test(name))
      .map((name) => {
        const method = (owner as any)[name] as (...args: unknown[]) => cloudwatch.Metric;
        // Methods of ChatMetrics with a dimension take its value first.
        return [name, method.apply(receiver, method.length > 1 ? ['dimension-value'] : [])];
      });
  }

  test('every metric method of ChatMetrics and of a logging configuration is `metric` and the CloudWatch metric name', () => {
    const config = ChatLoggingConfiguration.fromChatLoggingConfigurationArn(newStack(), 'Imported', LOGGING_ARN);
    const metrics = [
      ...metricsOf(ChatMetrics, ChatMetrics),
      ...metricsOf(config, Object.getPrototypeOf(Object.getPrototypeOf(config))),
    ];
    expect(metrics.length).toBeGreaterThanOrEqual(13);
    for (const [name, metric] of metrics) {
      expect(`${name}: ${metric.metricName}`).toBe(`${name}: ${name.slice('metric'.length)}`);
    }
  });
});
