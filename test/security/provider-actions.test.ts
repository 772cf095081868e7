import {
  CreateRoomCommand, DeleteRoomCommand, IvschatClient, ListRoomsCommand, TagResourceCommand, UntagResourceCommand, UpdateRoomCommand,
} from '@aws-sdk/client-ivschat';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../lambda/room-provider';
import { ChatRoom } from '../../src';
import { newStack } from '../fixtures';
import { createEvent, deleteEvent, props, ROOM_ARN, updateEvent } from '../room-provider/fixtures';

/**
 * The provider's role may do what its handler's API calls need, and nothing
 * more. The Service Authorization Reference's table of API operations
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoninteractivevideoservicechat.html)
 * maps each operation to the IAM actions it authorizes: CreateRoom with tags
 * authorizes ivschat:TagResource as well as ivschat:CreateRoom, so a provider
 * without TagResource could not create a tagged room.
 */
const AUTHORIZED_AS: Record<string, (input: any) => string[]> = {
  CreateRoom: (input) => ['ivschat:CreateRoom', ...(input.tags && Object.keys(input.tags).length > 0 ? ['ivschat:TagResource'] : [])],
  ListRooms: () => ['ivschat:ListRooms'],
  UpdateRoom: () => ['ivschat:UpdateRoom'],
  DeleteRoom: () => ['ivschat:DeleteRoom'],
  TagResource: () => ['ivschat:TagResource'],
  UntagResource: () => ['ivschat:UntagResource'],
};

const ivschat = mockClient(IvschatClient);

/** The operations (and their inputs) the handler makes over a room's whole life, tags included. */
async function lifecycleCalls(): Promise<Array<{ operation: string; input: any }>> {
  ivschat.reset();
  ivschat.on(ListRoomsCommand).resolves({ rooms: [] });
  ivschat.on(CreateRoomCommand).resolves({ arn: ROOM_ARN, id: 'AbCdEfGhIjKl' });
  ivschat.on(UpdateRoomCommand).resolves({ arn: ROOM_ARN });
  ivschat.on(TagResourceCommand).resolves({});
  ivschat.on(UntagResourceCommand).resolves({});
  ivschat.on(DeleteRoomCommand).resolves({});

  const v1 = props({ Tags: { team: 'live', empty: '' } });
  const v2 = props({ MaximumMessageRatePerSecond: '100', Tags: { team: 'vod', tier: 'free' } });
  await handler(createEvent(v1));
  await handler(updateEvent(v1, v2));
  await handler(deleteEvent(ROOM_ARN, v2));
  return ivschat.calls().map((call) => ({
    operation: call.args[0].constructor.name.replace(/Command$/, ''),
    input: call.args[0].input,
  }));
}

/** The ivschat actions of the provider handler's role and the resources they are granted on. */
function providerGrant(): { actions: string[]; resources: unknown[] } {
  const stack = newStack();
  new ChatRoom(stack, 'Room');
  const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^IvsChatRoomProviderHandlerRole') }] },
  }));
  const statements: any[] = policy.Properties.PolicyDocument.Statement
    .filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('ivschat:')));
  return { actions: statements.flatMap((s) => [s.Action].flat()), resources: statements.flatMap((s) => [s.Resource].flat()) };
}

afterAll(() => ivschat.restore());

test('CreateRoom with tags is authorized as ivschat:TagResource too: the handler creates tagged rooms in one call and the provider may tag', async () => {
  const calls = await lifecycleCalls();
  const create = calls.find((c) => c.operation === 'CreateRoom');
  expect(create?.input.tags).toEqual({ team: 'live', empty: '' });
  expect(calls.filter((c) => c.operation === 'TagResource').map((c) => c.input.tags)).not.toContainEqual({ team: 'live', empty: '' });
  expect(providerGrant().actions).toContain('ivschat:TagResource');
});

test('every IAM action the handler\'s API calls are authorized as is granted, on rooms only, and every granted action is one of them', async () => {
  const calls = await lifecycleCalls();
  expect(new Set(calls.map((c) => c.operation))).toEqual(new Set(Object.keys(AUTHORIZED_AS)));
  const needed = new Set(calls.flatMap((c) => AUTHORIZED_AS[c.operation](c.input)));
  const grant = providerGrant();

  expect(new Set(grant.actions)).toEqual(needed);
  expect(grant.resources).toEqual([{
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ivschat:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':room/*']],
  }]);
});
