// The TypeScript twin of the README's Python and Java quick start
// (python/app.py, java/src/main/java/com/example/chat/ChatApp.java): same
// construct ids, same props, so the three templates must be equal.
import { CfnOutput, Duration, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  ChatRoom, ChatTokenCapability, ChatTokenIssuer, FallbackResult, MessageReviewer, ReviewAction,
} from '../../../src';

export class ChatStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const reviewer = new MessageReviewer(this, 'Reviewer', {
      deniedTerms: ['badword', 'worse phrase'],
      action: ReviewAction.MASK,
      maxLinks: 1,
    });

    const room = new ChatRoom(this, 'Room', {
      maximumMessageLength: 200,
      messageReviewHandler: reviewer.asMessageReviewHandler(FallbackResult.DENY),
    });
    Tags.of(room).add('team', 'live');

    const issuer = new ChatTokenIssuer(this, 'Tokens', {
      rooms: [room],
      groupCapabilities: [{
        group: 'moderators',
        capabilities: [ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER],
      }],
      sessionDuration: Duration.minutes(120),
    });
    const url = issuer.addFunctionUrl();

    new CfnOutput(this, 'RoomArn', { value: room.chatRoomArn });
    new CfnOutput(this, 'TokenUrl', { value: url.url });
  }
}

/** The stack id the quick start gives its stack. */
export const QUICKSTART_STACK = 'ChatApp';
