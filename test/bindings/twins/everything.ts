// The TypeScript twin of python/everything.py and
// java/src/main/java/com/example/chat/EverythingStack.java: every construct,
// prop, grant and attribute of the public API, written the same way in each
// language. To cover a new construct, add a section here and the same section
// to the two twins; `coverage.ts` names what is still missing.
import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ChatLoggingConfiguration, ChatMetrics, ChatRoom, ChatTokenCapability, ChatTokenIssuer, FallbackResult,
  LoggingDestination, MessageReviewer, ReviewAction,
} from '../../../src';

/** The stack id and environment every twin uses. */
export const EVERYTHING_STACK = 'BindingsEverything';
export const EVERYTHING_ENV = { account: '123456789012', region: 'eu-west-1' };

export class EverythingStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const backend = new iam.Role(this, 'Backend', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });

    // MessageReviewer: every prop; non-ASCII and astral-plane terms cross the
    // jsii boundary as JSON and must reach the asset unchanged.
    const reviewer = new MessageReviewer(this, 'Reviewer', {
      deniedTerms: ['badword', 'worse phrase', 'naïve', '日本語', '𝐬𝐩𝐚𝐦'],
      deniedPatterns: ['fr[e3]{2}\\s*v[i1]dz', '\\bbuy\\s+now\\b'],
      action: ReviewAction.MASK,
      maskCharacter: '#',
      ignoreAccents: true,
      maxLinks: 2,
      maxRepeatedCharacters: 8,
      reasonAttribute: 'why',
      memorySize: 512,
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    const denier = new MessageReviewer(this, 'Denier', { action: ReviewAction.DENY, maxRepeatedCharacters: 20 });

    // ChatLoggingConfiguration: each destination, every prop, tags, an import.
    const toLogs = new ChatLoggingConfiguration(this, 'LogsLogging', {
      destination: LoggingDestination.cloudWatchLogs(new logs.LogGroup(this, 'ChatLogs')),
      chatLoggingConfigurationName: 'chat-logs',
    });
    Tags.of(toLogs).add('team', 'live');
    const toS3 = new ChatLoggingConfiguration(this, 'S3Logging', {
      destination: LoggingDestination.s3(new s3.Bucket(this, 'ChatArchive')),
    });
    const toFirehose = new ChatLoggingConfiguration(this, 'FirehoseLogging', {
      destination: LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(this, 'Stream', 'chat-archive')),
    });
    const importedLogging = ChatLoggingConfiguration.fromChatLoggingConfigurationArn(this, 'ImportedLogging',
      'arn:aws:ivschat:eu-west-1:123456789012:logging-configuration/MnOpQrStUvWx');

    // ChatRoom: every prop, a struct-literal review handler, defaults, an import.
    const lobby = new ChatRoom(this, 'Lobby', {
      chatRoomName: 'lobby',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 50,
      messageReviewHandler: reviewer.asMessageReviewHandler(FallbackResult.DENY),
      removalPolicy: RemovalPolicy.RETAIN,
      loggingConfigurations: [toLogs, toS3],
    });
    Tags.of(lobby).add('team', 'live');
    Tags.of(lobby).add('empty', '');
    lobby.tags.setTag('direct', 'yes');

    const stage = new ChatRoom(this, 'Stage', {
      messageReviewHandler: denier.asMessageReviewHandler(),
    });
    stage.addLoggingConfiguration(toFirehose);
    stage.addLoggingConfiguration(importedLogging);
    const inline = new lambda.Function(this, 'InlineReviewer', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ ReviewResult: "ALLOW" });'),
    });
    const backstage = new ChatRoom(this, 'Backstage', {
      messageReviewHandler: { handler: inline, fallbackResult: FallbackResult.ALLOW },
    });
    const plain = new ChatRoom(this, 'Plain');
    const imported = ChatRoom.fromChatRoomArn(this, 'Imported',
      'arn:aws:ivschat:eu-west-1:123456789012:room/AbCdEfGhIjKl');

    // Grants, including the variadic one.
    lobby.grant(backend, 'ivschat:GetRoom', 'ivschat:UpdateRoom');
    lobby.grantCreateChatToken(backend);
    stage.grantSendEvent(backend);
    backstage.grantModerate(backend);
    imported.grantRead(backend);

    // ChatTokenIssuer: every prop, a function URL with every option, grants.
    const issuer = new ChatTokenIssuer(this, 'Tokens', {
      rooms: [lobby, backstage, imported],
      capabilities: [ChatTokenCapability.SEND_MESSAGE],
      groupCapabilities: [
        { group: 'moderators', capabilities: [ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER] },
        { group: 'hosts', capabilities: [ChatTokenCapability.DISCONNECT_USER] },
      ],
      sessionDuration: Duration.minutes(90),
      anonymousViewers: true,
      userIdClaim: 'username',
      groupsClaim: 'groups',
      displayNameClaim: 'preferred_username',
      allowedAttributes: ['avatar', 'color'],
      allowedOrigins: ['https://chat.example.com'],
      memorySize: 512,
      logRetention: logs.RetentionDays.TWO_WEEKS,
      trustedBackends: [backend],
      reservedConcurrentExecutions: 20,
    });
    issuer.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      cors: { allowedOrigins: ['https://watch.example.com'] },
    });
    issuer.grantInvoke(backend);
    issuer.grantInvokeUrl(backend);

    const plainIssuer = new ChatTokenIssuer(this, 'PlainTokens', { rooms: [plain] });
    plainIssuer.addFunctionUrl();
    plainIssuer.addTrustedBackend(backend);

    // ChatMetrics and the logging configurations' metrics, with and without options.
    new cloudwatch.Dashboard(this, 'Dashboard', {
      widgets: [[new cloudwatch.GraphWidget({
        title: 'chat',
        left: [
          ChatMetrics.metric('ConcurrentChatConnections', { period: Duration.minutes(1), statistic: 'Maximum' }),
          ChatMetrics.metricConcurrentChatConnections(),
          ChatMetrics.metricMessagingDeliveries(),
          ChatMetrics.metricMessagingRequests({ label: 'requests' }),
          ChatMetrics.metricDeliveries('SendMessage'),
          ChatMetrics.metricRequests('SendMessage'),
          ChatMetrics.metricInvocationErrors(reviewer.function.functionArn),
          ChatMetrics.metricResponseValidationErrors(reviewer.function.functionArn),
          ChatMetrics.metricLogDestinationErrors(toLogs.chatLoggingConfigurationArn),
          ChatMetrics.metricLogDestinationAccessDeniedError(toLogs.chatLoggingConfigurationArn),
          ChatMetrics.metricLogDestinationResourceNotFoundErrors(toS3.chatLoggingConfigurationArn),
          toLogs.metric('LogDestinationErrors', { statistic: 'Average' }),
          toLogs.metricLogDestinationErrors(),
          toS3.metricLogDestinationAccessDeniedError(),
          importedLogging.metricLogDestinationResourceNotFoundErrors({ period: Duration.minutes(15) }),
        ],
      })]],
    });

    // Attributes.
    new CfnOutput(this, 'LobbyArn', { value: lobby.chatRoomArn });
    new CfnOutput(this, 'LobbyId', { value: lobby.chatRoomId });
    new CfnOutput(this, 'LobbyName', { value: lobby.chatRoomName });
    new CfnOutput(this, 'PlainName', { value: plain.chatRoomName });
    new CfnOutput(this, 'ImportedId', { value: imported.chatRoomId });
    new CfnOutput(this, 'IssuerArn', { value: issuer.function.functionArn });
    new CfnOutput(this, 'IssuerUrl', { value: issuer.functionUrl!.url });
    new CfnOutput(this, 'IssuerLogs', { value: issuer.logGroup.logGroupName });
    new CfnOutput(this, 'ReviewerName', { value: reviewer.function.functionName });
    new CfnOutput(this, 'ReviewerLogs', { value: reviewer.logGroup.logGroupName });
    new CfnOutput(this, 'LoggingArn', { value: toLogs.chatLoggingConfigurationArn });
    new CfnOutput(this, 'LoggingId', { value: toLogs.chatLoggingConfigurationId });
    new CfnOutput(this, 'LoggingName', { value: toS3.chatLoggingConfigurationName });
    new CfnOutput(this, 'ImportedLoggingId', { value: importedLogging.chatLoggingConfigurationId });
  }
}
