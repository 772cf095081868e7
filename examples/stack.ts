import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ChatRoom, FallbackResult } from '../src';

/**
 * The example app: two rooms behind one provider, a review handler and a
 * backend with scoped grants. `npm run demo` synthesizes it with the cdk CLI.
 */
export class ChatDemoStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const reviewer = new lambda.Function(this, 'Reviewer', {
      description: 'Reviews every message of the stage room',
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        'exports.handler = async (e) => ({ ReviewResult: /spam/i.test(e.Content) ? "DENY" : "ALLOW", Content: e.Content, Attributes: e.Attributes });',
      ),
    });

    const lobby = new ChatRoom(this, 'Lobby', {
      chatRoomName: 'lobby',
    });

    const stage = new ChatRoom(this, 'Stage', {
      chatRoomName: 'stage',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 50,
      messageReviewHandler: { handler: reviewer, fallbackResult: FallbackResult.DENY },
    });
    Tags.of(stage).add('audience', 'public');

    const backend = new lambda.Function(this, 'Backend', {
      description: 'Mints chat tokens and moderates the rooms',
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    lobby.grantCreateChatToken(backend);
    stage.grantCreateChatToken(backend);
    stage.grantModerate(backend);

    for (const fn of [reviewer, backend]) {
      NagSuppressions.addResourceSuppressions(fn.role!, [{
        id: 'AwsSolutions-IAM4',
        reason: 'Example function: AWSLambdaBasicExecutionRole only lets it write its own CloudWatch logs.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      }]);
    }
  }
}
