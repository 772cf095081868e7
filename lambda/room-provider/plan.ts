import type { UntagResourceCommandInput, TagResourceCommandInput, UpdateRoomCommandInput } from '@aws-sdk/client-ivschat';
import { RoomSpec, sameMembers } from './properties';

/** One IVS Chat API call the provider will make. */
export type RoomCall =
  | { readonly action: 'UpdateRoom'; readonly input: UpdateRoomCommandInput }
  | { readonly action: 'TagResource'; readonly input: TagResourceCommandInput }
  | { readonly action: 'UntagResource'; readonly input: UntagResourceCommandInput };

/**
 * The fewest calls that turn the room `oldSpec` describes into `newSpec`:
 * UpdateRoom with only the fields that changed (an empty `uri` removes the
 * review handler), UntagResource for tags removed since `oldSpec`, then
 * TagResource for added or changed tags. Tags that the stack never managed are
 * left alone.
 */
export function planUpdate(roomArn: string, oldSpec: RoomSpec, newSpec: RoomSpec): RoomCall[] {
  const calls: RoomCall[] = [];

  const update: UpdateRoomCommandInput = {
    identifier: roomArn,
    ...(oldSpec.name !== newSpec.name && { name: newSpec.name }),
    ...(oldSpec.maximumMessageLength !== newSpec.maximumMessageLength && { maximumMessageLength: newSpec.maximumMessageLength }),
    ...(oldSpec.maximumMessageRatePerSecond !== newSpec.maximumMessageRatePerSecond
      && { maximumMessageRatePerSecond: newSpec.maximumMessageRatePerSecond }),
    ...(!sameReviewHandler(oldSpec, newSpec) && {
      messageReviewHandler: newSpec.messageReviewHandler
        ? { uri: newSpec.messageReviewHandler.uri, fallbackResult: newSpec.messageReviewHandler.fallbackResult as 'ALLOW' | 'DENY' }
        : { uri: '' },
    }),
    // The whole list, whatever changed in it; `[]` detaches every configuration.
    ...(!sameMembers(oldSpec.loggingConfigurationIdentifiers, newSpec.loggingConfigurationIdentifiers)
      && { loggingConfigurationIdentifiers: newSpec.loggingConfigurationIdentifiers }),
  };
  if (Object.keys(update).length > 1) {
    calls.push({ action: 'UpdateRoom', input: update });
  }

  // Untag before tagging: IVS Chat counts its 50-tag limit after each call, so
  // replacing keys of a full room must make room first.
  // Own keys only: `constructor` or `__proto__` are valid tag keys, not inherited members.
  const removedKeys = Object.keys(oldSpec.tags).filter((key) => !Object.hasOwn(newSpec.tags, key));
  if (removedKeys.length > 0) {
    calls.push({ action: 'UntagResource', input: { resourceArn: roomArn, tagKeys: removedKeys } });
  }

  const changedTags = Object.fromEntries(
    Object.entries(newSpec.tags).filter(([key, value]) => !Object.hasOwn(oldSpec.tags, key) || oldSpec.tags[key] !== value),
  );
  if (Object.keys(changedTags).length > 0) {
    calls.push({ action: 'TagResource', input: { resourceArn: roomArn, tags: changedTags } });
  }

  return calls;
}

function sameReviewHandler(a: RoomSpec, b: RoomSpec): boolean {
  const x = a.messageReviewHandler;
  const y = b.messageReviewHandler;
  if (!x || !y) {
    return !x && !y;
  }
  return x.uri === y.uri && x.fallbackResult === y.fallbackResult;
}
