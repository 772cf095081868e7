import * as http from 'http';
import type { AddressInfo } from 'net';
import { GetRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { handler } from '../../lambda/room-provider';
import { IvsChatEmulator, startEmulator } from '../../local/src/emulator';
import { ChatRoom, FallbackResult, MessageReviewer, MessageReviewHandler } from '../../src';
import type { ChatRoomResourceProperties } from '../../src/private/shared/room-contract';
import { createEvent, updateEvent } from '../room-provider/fixtures';

/**
 * The reviewer wired into a room, through the whole path: the construct writes
 * the room's properties, CloudFormation resolves the function ARN, the room
 * provider calls the IVS Chat API over HTTP (the loopback emulator) with the
 * real SDK. Removing `messageReviewHandler` from the room is an UpdateRoom with
 * an empty `uri`, after which the API reports no handler.
 */

let emu: IvsChatEmulator;
let client: IvschatClient;
let proxy: http.Server;
/** Request bodies the provider sent, by path, as they crossed the wire. */
const sent: Array<{ path: string; body: any }> = [];

/** A pass-through proxy in front of the emulator that records what the provider sends. */
function startRecordingProxy(target: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      sent.push({ path: req.url ?? '', body: body.length ? JSON.parse(body.toString()) : undefined });
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false });
  proxy = await startRecordingProxy(emu.endpoint);
  // The room provider builds its client on first use: the environment must be set before its first call.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_IVSCHAT: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    AWS_REGION: emu.region,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  client = new IvschatClient({ endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
});

afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => proxy.close(resolve));
  await emu.stop();
});

beforeEach(() => {
  emu.reset();
  sent.length = 0;
});

type Props = ChatRoomResourceProperties & { ServiceToken: string };

/**
 * Synthesizes a stack with a reviewer and a room, and returns the room's
 * properties as CloudFormation would hand them to the provider: the reviewer's
 * `Fn::GetAtt [..., Arn]` resolved to a function ARN in the emulator's account and region.
 */
function roomProperties(wire: (reviewer: MessageReviewer) => MessageReviewHandler | undefined): { props: Props; reviewerArn: string } {
  const stack = new Stack(new App(), 'Chat', { env: { account: emu.accountId, region: emu.region } });
  const reviewer = new MessageReviewer(stack, 'Reviewer', { deniedTerms: ['bad'] });
  new ChatRoom(stack, 'Room', { chatRoomName: 'lobby', messageReviewHandler: wire(reviewer) });

  const template = Template.fromStack(stack);
  const [room] = Object.values(template.findResources('Custom::IvsChatRoom'));
  const reviewerId = stack.getLogicalId(reviewer.function.node.defaultChild as any);
  const reviewerArn = `arn:${emu.partition}:lambda:${emu.region}:${emu.accountId}:function:${reviewerId}`;
  const props = JSON.parse(JSON.stringify(room.Properties), (_key, value) => {
    if (value && typeof value === 'object' && Array.isArray(value['Fn::GetAtt'])) {
      const [logicalId, attribute] = value['Fn::GetAtt'];
      if (logicalId === reviewerId && attribute === 'Arn') return reviewerArn;
      return `${logicalId}.${attribute}`;
    }
    return value;
  });
  return { props, reviewerArn };
}

async function apiHandler(roomArn: string) {
  const room = await client.send(new GetRoomCommand({ identifier: roomArn }));
  return room.messageReviewHandler;
}

test('create with the reviewer: the room has it, with the chosen fallback', async () => {
  const { props, reviewerArn } = roomProperties((r) => r.asMessageReviewHandler(FallbackResult.DENY));
  expect(props.MessageReviewHandler).toEqual({ Uri: reviewerArn, FallbackResult: 'DENY' });

  const { PhysicalResourceId: arn } = await handler(createEvent(props));

  expect(emu.room(arn)?.messageReviewHandler).toEqual({ uri: reviewerArn, fallbackResult: 'DENY' });
  await expect(apiHandler(arn)).resolves.toEqual({ uri: reviewerArn, fallbackResult: 'DENY' });
});

test('update without the reviewer: one UpdateRoom with an empty uri, and the room has no handler', async () => {
  const withReviewer = roomProperties((r) => r.asMessageReviewHandler());
  const without = roomProperties(() => undefined);
  expect(without.props.MessageReviewHandler).toBeUndefined();

  const { PhysicalResourceId: arn } = await handler(createEvent(withReviewer.props));
  expect(emu.room(arn)?.messageReviewHandler).toEqual({ uri: withReviewer.reviewerArn, fallbackResult: 'DENY' });
  emu.clearCalls();
  sent.length = 0;

  const response = await handler(updateEvent(withReviewer.props, without.props, arn));

  expect(response.PhysicalResourceId).toBe(arn);
  expect(emu.calls.map((c) => [c.operation, c.status])).toEqual([['UpdateRoom', 200]]);
  expect(sent).toEqual([{ path: '/UpdateRoom', body: { identifier: arn, messageReviewHandler: { uri: '' } } }]);
  expect(emu.room(arn)?.messageReviewHandler).toBeUndefined();
  await expect(apiHandler(arn)).resolves.toBeUndefined();
});

test('adding the reviewer back, then changing only the fallback', async () => {
  const without = roomProperties(() => undefined);
  const allow = roomProperties((r) => r.asMessageReviewHandler(FallbackResult.ALLOW));
  const deny = roomProperties((r) => r.asMessageReviewHandler());

  const { PhysicalResourceId: arn } = await handler(createEvent(without.props));
  expect(emu.room(arn)?.messageReviewHandler).toBeUndefined();

  await handler(updateEvent(without.props, allow.props, arn));
  expect(emu.room(arn)?.messageReviewHandler).toEqual({ uri: allow.reviewerArn, fallbackResult: 'ALLOW' });

  await handler(updateEvent(allow.props, deny.props, arn));
  await expect(apiHandler(arn)).resolves.toEqual({ uri: deny.reviewerArn, fallbackResult: 'DENY' });
});

test('an update that keeps the reviewer makes no call', async () => {
  const { props } = roomProperties((r) => r.asMessageReviewHandler());
  const { PhysicalResourceId: arn } = await handler(createEvent(props));
  emu.clearCalls();

  await handler(updateEvent(props, props, arn));

  expect(emu.calls).toEqual([]);
});
