import { ArnFormat, Duration, RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ChatLoggingConfiguration, ChatRoom, ChatTokenCapability, ChatTokenIssuer, FallbackResult,
  LoggingDestination, MessageReviewer, ReviewAction,
} from '../../src';

/**
 * Every construct of the library with every option that changes what it asks
 * of IAM: rooms (own and imported, every grant, a review handler in this stack
 * and one imported), token issuers (an IAM URL, grants in and out of the
 * account, a public URL for anonymous viewers), the
 * reviewer and a logging configuration per destination. Imports are built
 * from the stack's own partition, region and account, as a user's would be.
 */
export class AllConstructsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const backend = new iam.Role(this, 'Backend', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const reviewer = new MessageReviewer(this, 'Reviewer', { deniedTerms: ['spoiler'], action: ReviewAction.MASK, maxLinks: 1 });
    const importedReviewer = lambda.Function.fromFunctionArn(this, 'ImportedReviewer',
      this.formatArn({ service: 'lambda', resource: 'function', resourceName: 'reviewer', arnFormat: ArnFormat.COLON_RESOURCE_NAME }));

    const toLogs = new ChatLoggingConfiguration(this, 'ToLogs', {
      destination: LoggingDestination.cloudWatchLogs(new logs.LogGroup(this, 'ChatLogs')),
    });
    const toS3 = new ChatLoggingConfiguration(this, 'ToS3', { destination: LoggingDestination.s3(new s3.Bucket(this, 'Archive')) });
    const toFirehose = new ChatLoggingConfiguration(this, 'ToFirehose', {
      destination: LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(this, 'Stream', 'chat-archive')),
    });

    const stage = new ChatRoom(this, 'Stage', {
      chatRoomName: 'stage',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: reviewer.asMessageReviewHandler(FallbackResult.DENY),
      removalPolicy: RemovalPolicy.RETAIN,
      loggingConfigurations: [toLogs, toS3],
    });
    Tags.of(stage).add('team', 'live');
    const lobby = new ChatRoom(this, 'Lobby', { messageReviewHandler: { handler: importedReviewer } });
    lobby.addLoggingConfiguration(toFirehose);
    const imported = ChatRoom.fromChatRoomArn(this, 'Imported',
      this.formatArn({ service: 'ivschat', resource: 'room', resourceName: 'AbCdEfGhIjKl', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));

    stage.grant(backend, 'ivschat:GetRoom');
    stage.grantCreateChatToken(backend);
    stage.grantSendEvent(backend);
    stage.grantModerate(backend);
    stage.grantRead(backend);
    imported.grantModerate(backend);

    const issuer = new ChatTokenIssuer(this, 'Tokens', {
      rooms: [stage, lobby, imported],
      groupCapabilities: [{ group: 'moderators', capabilities: [ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER] }],
      sessionDuration: Duration.minutes(30),
      anonymousViewers: true,
      allowedOrigins: ['https://chat.example.com'],
    });
    issuer.addFunctionUrl();
    issuer.grantInvoke(backend);
    issuer.grantInvokeUrl(backend);
    issuer.grantInvokeUrl(new iam.AccountPrincipal('210987654321'));

    // Anonymous viewers through a public URL: the function's resource policy lets anyone call it.
    const publicIssuer = new ChatTokenIssuer(this, 'PublicTokens', { rooms: [lobby], anonymousViewers: true });
    publicIssuer.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
