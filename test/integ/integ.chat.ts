import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Aws, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { assertionStack, signedUrlRequest } from './support';
import {
  ChatLoggingConfiguration, ChatRoom, ChatTokenIssuer, FallbackResult, LoggingDestination, MessageReviewer, ReviewAction,
} from '../../src';

/**
 * Rooms, a token issuer behind a function URL and a logging configuration,
 * deployed on AWS and checked through the IVS Chat API and the issuer itself.
 * `npx integ-runner --update-on-failed` deploys it (README, "Integration tests on AWS").
 */
const app = new App();
const stack = new Stack(app, 'IvsChatInteg');

const chatLogs = new logs.LogGroup(stack, 'ChatLogs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
const logging = new ChatLoggingConfiguration(stack, 'Logging', { destination: LoggingDestination.cloudWatchLogs(chatLogs) });
const reviewer = new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['spoiler'], action: ReviewAction.MASK });

// The rate CloudFormation's AWS::IVSChat::Room refuses (it stops at 10), and a tag with an empty value.
const fast = new ChatRoom(stack, 'Fast', { maximumMessageRatePerSecond: 100, loggingConfigurations: [logging] });
Tags.of(fast).add('team', 'live');
Tags.of(fast).add('empty', '');
const reviewed = new ChatRoom(stack, 'Reviewed', {
  maximumMessageLength: 200,
  messageReviewHandler: reviewer.asMessageReviewHandler(FallbackResult.DENY),
});
const unserved = new ChatRoom(stack, 'Unserved');

const issuer = new ChatTokenIssuer(stack, 'Tokens', { rooms: [fast, reviewed] });
issuer.addFunctionUrl();
// A backend that may call the URL and name users (grantInvokeUrl trusts its
// grantee), and one the issuer does not trust.
const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.AccountRootPrincipal() });
issuer.grantInvokeUrl(backend);
const stranger = new iam.Role(stack, 'Stranger', { assumedBy: new iam.AccountRootPrincipal() });
const sessionOf = (role: iam.Role) => `arn:${Aws.PARTITION}:sts::${Aws.ACCOUNT_ID}:assumed-role/${role.roleName}/integ`;

const integ = new IntegTest(app, 'Chat', { testCases: [stack], assertionStack: assertionStack(app, 'IvsChatIntegAssertions') });

integ.assertions.awsApiCall('Ivschat', 'GetRoom', { identifier: fast.chatRoomArn }).expect(ExpectedResult.objectLike({
  arn: fast.chatRoomArn,
  maximumMessageRatePerSecond: 100,
  maximumMessageLength: 500,
  loggingConfigurationIdentifiers: [logging.chatLoggingConfigurationArn],
}));
integ.assertions.awsApiCall('Ivschat', 'ListTagsForResource', { resourceArn: fast.chatRoomArn }).expect(ExpectedResult.exact({
  tags: { team: 'live', empty: '' },
}));
integ.assertions.awsApiCall('Ivschat', 'GetRoom', { identifier: reviewed.chatRoomArn }).expect(ExpectedResult.objectLike({
  maximumMessageLength: 200,
  messageReviewHandler: { uri: reviewer.function.functionArn, fallbackResult: 'DENY' },
}));
integ.assertions.awsApiCall('Ivschat', 'GetLoggingConfiguration', { identifier: logging.chatLoggingConfigurationArn }).expect(ExpectedResult.objectLike({
  state: 'ACTIVE',
  destinationConfiguration: { cloudWatchLogs: { logGroupName: chatLogs.logGroupName } },
}));

// What the function URL hands the issuer for a signed request: from the
// trusted backend, a token for a room it serves and 403 for a room it does
// not; from a signer it does not trust, 403.
integ.assertions.invokeFunction({
  functionName: issuer.function.functionName,
  payload: signedUrlRequest(sessionOf(backend), Aws.ACCOUNT_ID, fast.chatRoomArn, 'integ-viewer'),
}).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson(Match.objectLike({
    statusCode: 200,
    body: Match.serializedJson(Match.objectLike({ token: Match.stringLikeRegexp('.+') })),
  })),
}));
integ.assertions.invokeFunction({
  functionName: issuer.function.functionName,
  payload: signedUrlRequest(sessionOf(backend), Aws.ACCOUNT_ID, unserved.chatRoomArn, 'integ-viewer'),
}).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson(Match.objectLike({ statusCode: 403 })),
}));
integ.assertions.invokeFunction({
  functionName: issuer.function.functionName,
  payload: signedUrlRequest(sessionOf(stranger), Aws.ACCOUNT_ID, fast.chatRoomArn, 'integ-viewer'),
}).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson(Match.objectLike({ statusCode: 403 })),
}));
