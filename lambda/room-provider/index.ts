import {
  DeleteRoomCommand, IvschatClient, ResourceNotFoundException,
  TagResourceCommand, UntagResourceCommand, UpdateRoomCommand,
} from '@aws-sdk/client-ivschat';
import type {
  CloudFormationCustomResourceCreateEvent, CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceEvent, CloudFormationCustomResourceUpdateEvent, Context,
} from 'aws-lambda';
import { createRoomOnce } from './create';
import { describeApiFailure } from './errors';
import { planUpdate, RoomCall } from './plan';
import { parseRoomSpec, readRoomSpec, RoomSpec } from './properties';
import type { ChatRoomResourceAttributes, ChatRoomResourceProperties } from '../../src/private/shared/room-contract';
import { ROOM_ARN } from '../../src/private/shared/room-rules';
import { showValue } from '../../src/private/shared/show-value';
import { withRetries } from '../shared/retry';

/** What the `custom_resources.Provider` framework expects back from onEvent. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: ChatRoomResourceAttributes;
}

/** Stop retrying this long before the function would time out, so the failure is ours to report. */
const TIMEOUT_MARGIN_MS = 15_000;
/** The longest failure reason, in bytes, that leaves room in CloudFormation's 4 KB answer. */
const MAX_REASON_BYTES = 2048;

/** Retry budget when there is no Lambda context (direct calls, tests). */
const DEFAULT_RETRY_BUDGET_MS = 4 * 60_000;

let client: IvschatClient | undefined;

/**
 * One client per container. One attempt per `send`: `withRetries` owns retrying,
 * with a budget sized for the 5 TPS room quota. Standard endpoint resolution, so
 * `AWS_ENDPOINT_URL_IVSCHAT` can point it elsewhere.
 */
function ivschat(): IvschatClient {
  client ??= new IvschatClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 } });
  return client;
}

/** onEvent handler for `Custom::IvsChatRoom`. */
export async function handler(event: CloudFormationCustomResourceEvent<ChatRoomResourceProperties>, context?: Context): Promise<OnEventResponse> {
  const deadline = Date.now() + (context ? context.getRemainingTimeInMillis() - TIMEOUT_MARGIN_MS : DEFAULT_RETRY_BUDGET_MS);
  try {
    switch (event.RequestType) {
      case 'Create': return await onCreate(event, deadline);
      case 'Update': return await onUpdate(event, deadline);
      case 'Delete': return await onDelete(event, deadline);
      default: throw new Error(`Unknown RequestType ${showValue((event as { RequestType?: unknown }).RequestType)}: expected Create, Update or Delete`);
    }
  } catch (error) {
    throw fitForCloudFormation(error);
  }
}

/**
 * CloudFormation accepts at most 4 KB for a custom resource's whole answer,
 * and the provider framework adds a log link to the reason: a longer message
 * is cut, keeping its beginning, which names the operation and the room.
 */
function fitForCloudFormation(error: unknown): unknown {
  if (error instanceof Error && Buffer.byteLength(error.message) > MAX_REASON_BYTES) {
    error.message = `${Buffer.from(error.message).subarray(0, MAX_REASON_BYTES).toString().replace(/\uFFFD$/, '')}…`;
  }
  return error;
}

async function onCreate(event: CloudFormationCustomResourceCreateEvent<ChatRoomResourceProperties>, deadline: number): Promise<OnEventResponse> {
  const spec = parseRoomSpec(event.ResourceProperties);
  const room = await described('CreateRoom', spec.name || event.LogicalResourceId, () => createRoomOnce(ivschat(), spec, deadline));
  return respond(room.arn);
}

async function onUpdate(event: CloudFormationCustomResourceUpdateEvent<ChatRoomResourceProperties>, deadline: number): Promise<OnEventResponse> {
  const roomArn = event.PhysicalResourceId;
  if (!ROOM_ARN.test(roomArn)) {
    throw new Error(`Cannot update chat room ${event.LogicalResourceId}: its physical id is not a room ARN: ${showValue(roomArn)}`);
  }
  const newSpec: RoomSpec = parseRoomSpec(event.ResourceProperties, event.OldResourceProperties);
  const oldSpec: RoomSpec = readRoomSpec(event.OldResourceProperties);
  for (const planned of planUpdate(roomArn, oldSpec, newSpec)) {
    await call(planned.action, roomArn, deadline, () => send(planned));
  }
  return respond(roomArn);
}

async function onDelete(event: CloudFormationCustomResourceDeleteEvent<ChatRoomResourceProperties>, deadline: number): Promise<OnEventResponse> {
  const roomArn = event.PhysicalResourceId;
  // A create that failed leaves a placeholder physical id: there is nothing to delete.
  if (!ROOM_ARN.test(roomArn)) {
    return { PhysicalResourceId: roomArn };
  }
  try {
    await call('DeleteRoom', roomArn, deadline, () => ivschat().send(new DeleteRoomCommand({ identifier: roomArn })));
  } catch (error) {
    // Deleted outside the stack: the stack's intent is met.
    if (!(error instanceof RoomApiError && error.cause instanceof ResourceNotFoundException)) {
      throw error;
    }
  }
  return respond(roomArn);
}

function send(planned: RoomCall): Promise<unknown> {
  switch (planned.action) {
    case 'UpdateRoom': return ivschat().send(new UpdateRoomCommand(planned.input));
    case 'TagResource': return ivschat().send(new TagResourceCommand(planned.input));
    case 'UntagResource': return ivschat().send(new UntagResourceCommand(planned.input));
  }
}

/** Makes one API call with retries; a final failure carries a reason CloudFormation can show. */
function call<T>(operation: string, room: string, deadline: number, attempt: () => Promise<T>): Promise<T> {
  return described(operation, room, () => withRetries(attempt, { deadline }));
}

async function described<T>(operation: string, room: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new RoomApiError(describeApiFailure(operation, room, error), error);
  }
}

/** An API failure whose message is the reason CloudFormation shows. */
class RoomApiError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'RoomApiError';
  }
}

function respond(roomArn: string): OnEventResponse {
  const id = ROOM_ARN.exec(roomArn)?.[1] ?? roomArn.split('/').pop()!;
  return { PhysicalResourceId: roomArn, Data: { Arn: roomArn, Id: id } };
}
