// The TypeScript twin of python/everything.py and
// java/src/main/java/com/example/chat/EverythingStack.java: every construct,
// prop, grant and attribute of the public API, written the same way in each
// language. To cover a new construct, add a section here and the same section
// to the two twins; `coverage.ts` names what is still missing.
import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  ChatRoom, ChatTokenCapability, ChatTokenIssuer, FallbackResult, MessageReviewer, ReviewAction,
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

    // ChatRoom: every prop, a struct-literal review handler, defaults, an import.
    const lobby = new ChatRoom(this, 'Lobby', {
      chatRoomName: 'lobby',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 50,
      messageReviewHandler: reviewer.asMessageReviewHandler(FallbackResult.DENY),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(lobby).add('team', 'live');
    Tags.of(lobby).add('empty', '');
    lobby.tags.setTag('direct', 'yes');

    const stage = new ChatRoom(this, 'Stage', {
      messageReviewHandler: denier.asMessageReviewHandler(),
    });
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
    });
    issuer.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      cors: { allowedOrigins: ['https://watch.example.com'] },
    });
    issuer.grantInvoke(backend);
    issuer.grantInvokeUrl(backend);

    const plainIssuer = new ChatTokenIssuer(this, 'PlainTokens', { rooms: [plain] });
    plainIssuer.addFunctionUrl();

    // Attributes.
    new CfnOutput(this, 'LobbyArn', { value: lobby.chatRoomArn });
    new CfnOutput(this, 'LobbyId', { value: lobby.chatRoomId });
    new CfnOutput(this, 'LobbyName', { value: lobby.chatRoomName });
    new CfnOutput(this, 'PlainName', { value: plain.chatRoomName });
    new CfnOutput(this, 'ImportedId', { value: imported.chatRoomId });
    new CfnOutput(this, 'IssuerArn', { value: issuer.function.functionArn });
    new CfnOutput(this, 'IssuerUrl', { value: issuer.functionUrl!.url });
    new CfnOutput(this, 'ReviewerName', { value: reviewer.function.functionName });
    new CfnOutput(this, 'ReviewerLogs', { value: reviewer.logGroup.logGroupName });
  }
}
