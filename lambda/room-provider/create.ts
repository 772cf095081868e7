import { CreateRoomCommand, IvschatClient, ListRoomsCommand, RoomSummary } from '@aws-sdk/client-ivschat';
import { RoomSpec, sameMembers } from './properties';
import { withRetries } from './retry';

/** How far the service's clock may run behind ours when we look for a room we made. */
const CLOCK_SKEW_MS = 60_000;

/** The room CreateRoom made. */
export interface CreatedRoom {
  readonly arn: string;
  readonly id: string;
}

/**
 * CreateRoom has no idempotency token. When an attempt fails without a clear
 * answer (a 5xx, a dropped connection, a timeout) the room may exist anyway;
 * before trying again, look for it with ListRooms (same name, review handler,
 * logging configurations and tags, created since this request began) and
 * adopt it, so a retry never leaves a second room behind. A throttled or
 * rejected attempt made nothing, and the normal path makes exactly one call.
 */
export async function createRoomOnce(client: IvschatClient, spec: RoomSpec, deadline: number): Promise<CreatedRoom> {
  const startedAt = Date.now();
  let mayExist = false;

  return withRetries(async () => {
    if (mayExist) {
      const adopted = await findRoomMadeBy(client, spec, startedAt - CLOCK_SKEW_MS);
      if (adopted) {
        return adopted;
      }
    }
    try {
      const room = await client.send(new CreateRoomCommand({
        name: spec.name,
        maximumMessageLength: spec.maximumMessageLength,
        maximumMessageRatePerSecond: spec.maximumMessageRatePerSecond,
        messageReviewHandler: spec.messageReviewHandler && {
          uri: spec.messageReviewHandler.uri,
          fallbackResult: spec.messageReviewHandler.fallbackResult as 'ALLOW' | 'DENY',
        },
        tags: Object.keys(spec.tags).length > 0 ? spec.tags : undefined,
        loggingConfigurationIdentifiers: spec.loggingConfigurationIdentifiers.length > 0 ? spec.loggingConfigurationIdentifiers : undefined,
      }));
      if (!room.arn || !room.id) {
        throw new Error('CreateRoom answered without an ARN or id');
      }
      return { arn: room.arn, id: room.id };
    } catch (error) {
      mayExist ||= !clearlyNotCreated(error);
      throw error;
    }
  }, { deadline });
}

/** A 4xx answer (throttling included) means the service made nothing. */
function clearlyNotCreated(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
}

async function findRoomMadeBy(client: IvschatClient, spec: RoomSpec, notBefore: number): Promise<CreatedRoom | undefined> {
  const candidates: RoomSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListRoomsCommand({ name: spec.name, maxResults: 50, nextToken }));
    candidates.push(...(page.rooms ?? []).filter((room) => matches(room, spec, notBefore)));
    nextToken = page.nextToken;
  } while (nextToken);

  // Newest first, as the service lists them; the first is the likeliest ours.
  const room = candidates[0];
  return room?.arn && room.id ? { arn: room.arn, id: room.id } : undefined;
}

function matches(room: RoomSummary, spec: RoomSpec, notBefore: number): boolean {
  const handler = room.messageReviewHandler?.uri ? room.messageReviewHandler : undefined;
  return room.name === spec.name
    && (room.createTime?.getTime() ?? 0) >= notBefore
    && (handler?.uri ?? '') === (spec.messageReviewHandler?.uri ?? '')
    && (handler ? handler.fallbackResult === spec.messageReviewHandler?.fallbackResult : true)
    && sameMembers(room.loggingConfigurationIdentifiers ?? [], spec.loggingConfigurationIdentifiers)
    && sameTags(room.tags ?? {}, spec.tags);
}

function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
