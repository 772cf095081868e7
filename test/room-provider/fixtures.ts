import type {
  CloudFormationCustomResourceCreateEvent, CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import type { ChatRoomResourceProperties } from '../../src/private/shared/room-contract';

/** CloudFormation-shaped events for the room provider, as the Provider framework forwards them. */

type Props = ChatRoomResourceProperties & { ServiceToken: string };

export const ROOM_ARN = 'arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl';
export const REVIEWER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:reviewer';

export function props(overrides: Partial<ChatRoomResourceProperties> = {}): Props {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
    Name: 'lobby',
    MaximumMessageLength: '500',
    MaximumMessageRatePerSecond: '10',
    ...overrides,
  };
}

const common = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response.example/response',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Test/guid',
  RequestId: 'request-1',
  LogicalResourceId: 'Room',
  ResourceType: 'Custom::IvsChatRoom',
};

export function createEvent(p: Props = props()): CloudFormationCustomResourceCreateEvent<ChatRoomResourceProperties> {
  return { ...common, RequestType: 'Create', ResourceProperties: p };
}

export function updateEvent(
  oldProps: Props, newProps: Props, physicalId = ROOM_ARN,
): CloudFormationCustomResourceUpdateEvent<ChatRoomResourceProperties> {
  return { ...common, RequestType: 'Update', PhysicalResourceId: physicalId, ResourceProperties: newProps, OldResourceProperties: oldProps };
}

export function deleteEvent(physicalId = ROOM_ARN, p: Props = props()): CloudFormationCustomResourceDeleteEvent<ChatRoomResourceProperties> {
  return { ...common, RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: p };
}
