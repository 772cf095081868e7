import { CreateRoomCommand, IvschatClient, ListRoomsCommand, RoomSummary } from '@aws-sdk/client-ivschat';
import { RoomSpec, sameMembers } from './properties';
import { withRetries } from '../shared/retry';

/** The room CreateRoom made. */
export interface CreatedRoom {
  readonly arn: string;
  readonly id: string;
}

/**
 * Creates the room exactly once. CreateRoom has no idempotency token: when an
 * attempt fails without a clear answer (a 5xx, a dropped connection, a
 * timeout) the room may exist anyway. So before the first attempt the handler
 * notes the rooms that already bear the name (one ListRooms call, filtered by
 * name), and after an answer-less failure it adopts a room with that name,
 * review handler, logging configurations and tags that was not among them,
 * instead of making a second.
 * A room that existed before, someone else's, is never adopted; a throttled or
 * rejected attempt made nothing and needs no look. Nor is a room adopted when
 * the name is empty: any principal's unnamed room made meanwhile would match,
 * so an answer-less failure then ends the create (the properties' rules refuse
 * to create an unnamed room before it comes to that).
 */
export async function createRoomOnce(client: IvschatClient, spec: RoomSpec, deadline: number): Promise<CreatedRoom> {
  const retry = { deadline };
  const findable = spec.name !== '';
  const existing = new Set(findable ? (await withRetries(() => roomsNamed(client, spec.name), retry)).map((room) => room.arn) : []);
  let mayExist = false;
  const madeByUs = async () => {
    if (!findable) {
      return undefined;
    }
    const made = (await roomsNamed(client, spec.name)).filter((room) => !existing.has(room.arn) && matches(room, spec));
    if (made.length > 1) {
      console.warn(`CreateRoom may have made ${made.length} rooms named ${JSON.stringify(spec.name)}; adopting the newest: ${made.map((r) => r.arn).join(', ')}`);
    }
    const [newest] = made;
    return newest?.arn && newest.id ? { arn: newest.arn, id: newest.id } : undefined;
  };

  try {
    return await withRetries(async () => {
      const adopted = mayExist ? await madeByUs() : undefined;
      if (adopted) {
        return adopted;
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
        const answerless = !clearlyNotCreated(error);
        mayExist ||= answerless;
        // Not retryable: another attempt could make a second room that nothing finds.
        throw answerless && !findable ? new RoomMayExistError(spec.name, error) : error;
      }
    }, retry);
  } catch (error) {
    if (!mayExist || error instanceof RoomMayExistError) {
      throw error;
    }
    // Out of time (or a real refusal) after an answer-less attempt: one last
    // look, so that a room that was made is adopted rather than left behind,
    // and otherwise a reason that tells the user where to look.
    const adopted = await madeByUs().catch(() => undefined);
    if (adopted) {
      return adopted;
    }
    throw new RoomMayExistError(spec.name, error);
  }
}

/**
 * The create failed (`cause`, the last API error) after an attempt whose answer
 * was lost: a room may exist that no stack manages. The failure reason
 * describes the cause, then says where to look.
 */
export class RoomMayExistError extends Error {
  constructor(name: string, cause: unknown) {
    super(name === ''
      ? 'An earlier CreateRoom attempt lost its answer, so an unnamed room may exist that this stack does not manage: '
        + 'look for it with ListRooms (rooms without a name) and delete it if it is not yours to keep'
      : `An earlier CreateRoom attempt lost its answer, so a room named ${JSON.stringify(name)} may exist that this stack `
        + `does not manage: look for it with ListRooms (name ${JSON.stringify(name)}) and delete it if it is not yours to keep`, { cause });
    this.name = 'RoomMayExistError';
  }
}

/** A 4xx answer (throttling included) means the service made nothing. */
function clearlyNotCreated(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
}

/** Every room with this name, newest first (the service lists by update time). */
async function roomsNamed(client: IvschatClient, name: string): Promise<RoomSummary[]> {
  const rooms: RoomSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListRoomsCommand({ name, maxResults: 50, nextToken }));
    rooms.push(...(page.rooms ?? []).filter((room) => room.name === name));
    nextToken = page.nextToken;
  } while (nextToken);
  return rooms;
}

function matches(room: RoomSummary, spec: RoomSpec): boolean {
  const handler = room.messageReviewHandler?.uri ? room.messageReviewHandler : undefined;
  return (handler?.uri ?? '') === (spec.messageReviewHandler?.uri ?? '')
    && (handler ? handler.fallbackResult === spec.messageReviewHandler?.fallbackResult : true)
    && sameMembers(room.loggingConfigurationIdentifiers ?? [], spec.loggingConfigurationIdentifiers)
    && sameTags(room.tags ?? {}, spec.tags);
}

function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
