import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, Tags } from 'aws-cdk-lib';
import { assertionStack } from './support';
import { ChatRoom, FallbackResult, MessageReviewer, ReviewAction } from '../../src';

/**
 * An update on AWS: the first version of the stack has a room with two tags
 * and a review handler, the second (deployed over it, as the same
 * CloudFormation stack) drops one tag and the handler. The assertions run
 * after the second version: the room is the same, without the tag and the handler.
 */
const app = new App();
const STACK_NAME = 'IvsChatIntegRoomUpdate';

function version(n: 1 | 2): { stack: Stack; room: ChatRoom; reviewer: MessageReviewer } {
  const stack = new Stack(app, `RoomUpdateV${n}`, { stackName: STACK_NAME });
  const reviewer = new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['spoiler'], action: ReviewAction.DENY });
  const room = new ChatRoom(stack, 'Room', {
    messageReviewHandler: n === 1 ? reviewer.asMessageReviewHandler(FallbackResult.ALLOW) : undefined,
  });
  Tags.of(room).add('team', 'live');
  if (n === 1) Tags.of(room).add('tier', 'trial');
  return { stack, room, reviewer };
}

const v1 = version(1);
const v2 = version(2);
// The CLI deploys them in this order, both to STACK_NAME: v2 is an update of v1.
v2.stack.addDependency(v1.stack);

const integ = new IntegTest(app, 'RoomUpdate', {
  testCases: [v1.stack, v2.stack],
  assertionStack: assertionStack(app, 'IvsChatIntegRoomUpdateAssertions'),
});

integ.assertions.awsApiCall('Ivschat', 'ListTagsForResource', { resourceArn: v2.room.chatRoomArn }).expect(ExpectedResult.exact({
  tags: { team: 'live' },
}));
// The handler is gone from the room, however GetRoom shows an absent one: no room names the reviewer any more.
integ.assertions.awsApiCall('Ivschat', 'ListRooms', { messageReviewHandlerUri: v2.reviewer.function.functionArn }).expect(ExpectedResult.objectLike({
  rooms: [],
}));
integ.assertions.awsApiCall('Ivschat', 'GetRoom', { identifier: v2.room.chatRoomArn }).expect(ExpectedResult.objectLike({
  arn: v2.room.chatRoomArn,
}));
