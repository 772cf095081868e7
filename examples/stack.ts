import { Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ChatRoom, FallbackResult } from '../src';

/** Properties of the example stack. */
export interface ChatDemoStackProps extends StackProps {
  /**
   * Which version of the app to build. Version 2 is what the demo deploys as
   * an update: a room added, one removed, a rate raised, tags changed and a
   * review handler taken off.
   *
   * @default 1
   */
  readonly version?: number;
}

/**
 * The example app: rooms behind one provider, a review handler and a
 * backend with scoped grants.
 */
export class ChatDemoStack extends Stack {
  constructor(scope: Construct, id: string, props: ChatDemoStackProps = {}) {
    super(scope, id, props);
    const v2 = (props.version ?? 1) >= 2;

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
      maximumMessageRatePerSecond: v2 ? 100 : 10,
    });
    Tags.of(lobby).add('tier', v2 ? 'free' : 'trial');

    const stage = new ChatRoom(this, 'Stage', {
      chatRoomName: 'stage',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 50,
      messageReviewHandler: v2 ? undefined : { handler: reviewer, fallbackResult: FallbackResult.DENY },
    });
    Tags.of(stage).add('audience', 'public');

    const rooms = [lobby, stage];
    if (v2) {
      rooms.push(new ChatRoom(this, 'Questions', { chatRoomName: 'questions', maximumMessageLength: 500 }));
    } else {
      rooms.push(new ChatRoom(this, 'Announcements', { chatRoomName: 'announcements', maximumMessageRatePerSecond: 1 }));
    }

    const backend = new lambda.Function(this, 'Backend', {
      description: 'Mints chat tokens and moderates the rooms',
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    for (const room of rooms) {
      room.grantCreateChatToken(backend);
    }
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
