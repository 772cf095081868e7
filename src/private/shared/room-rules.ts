/**
 * The IVS Chat API's rules for a room, as pure checks with uniform messages.
 *
 * The `ChatRoom` construct runs them at synth for values that are not tokens;
 * the room provider runs the same checks at deploy time on the resolved values,
 * so a bad value fails the same way wherever it is first known.
 */
import { TagRules } from './common-rules';
import { showValue } from './show-value';

/** Limits of CreateRoom and UpdateRoom (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_CreateRoom.html). */
export const ROOM_LIMITS = {
  maximumMessageLength: { min: 1, max: 500, default: 500 },
  maximumMessageRatePerSecond: { min: 1, max: 100, default: 10 },
  reviewHandlerUriMaxLength: 170,
  maxLoggingConfigurations: 3,
} as const;

/** The fallback results IVS Chat accepts for a review handler. */
export const FALLBACK_RESULTS = ['ALLOW', 'DENY'] as const;

/** A room ARN in any partition, `arn:<partition>:ivschat:<region>:<account>:room/<id>`; the id is group 1. */
export const ROOM_ARN = /^arn:[a-z0-9-]+:ivschat:[a-z0-9-]+:\d{12}:room\/([a-zA-Z0-9]+)$/;

/** A room id: 12 letters and digits. */
export const ROOM_ID = /^[a-zA-Z0-9]{12}$/;

/** Tags of a room, which the room provider sends through the AWS SDK: the API's rules, empty values included. */
export const ROOM_TAG_RULES: TagRules = {
  resource: 'a chat room',
  valueMinLength: 0,
  sentBySdk: true,
};

/**
 * The name of a room to create: not empty. The API allows unnamed rooms, but
 * CreateRoom has no idempotency token, and after an attempt whose answer was
 * lost the room provider finds the room it made by its name; unnamed rooms of
 * anyone else would match.
 */
export function checkNewRoomName(property: string, value: string): string | undefined {
  if (value === '') {
    return `\`${property}\` must not be empty (after a lost CreateRoom answer the provider finds its room by name, `
      + `and unnamed rooms cannot be told apart), got: ${showValue(value)}`;
  }
  return undefined;
}

/**
 * A review-handler URI: not empty (to the API an empty URI means no handler,
 * which a room without review says by having none), at most 170 characters
 * (the API checks the rest).
 */
export function checkReviewHandlerUri(property: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') {
    return `\`${property}\` must be a function ARN (a non-empty Uri), got: ${showValue(value)}`;
  }
  if (value.length > ROOM_LIMITS.reviewHandlerUriMaxLength) {
    return `\`${property}\` must be at most ${ROOM_LIMITS.reviewHandlerUriMaxLength} characters, got ${value.length}: ${showValue(value)}`;
  }
  return undefined;
}

/** A fallback result: ALLOW or DENY. */
export function checkFallbackResult(property: string, value: unknown): string | undefined {
  if (!(FALLBACK_RESULTS as readonly unknown[]).includes(value)) {
    return `\`${property}\` must be one of ${FALLBACK_RESULTS.join(', ')}, got: ${showValue(value)}`;
  }
  return undefined;
}

/**
 * The logging configurations of a room: at most 3, none twice. The same
 * configuration yields the same string (ARN or token) wherever it appears, so
 * repeats are found at synth as well as on the resolved ARNs at deploy time.
 * Returns one message per broken rule.
 */
export function checkLoggingConfigurationIdentifiers(property: string, identifiers: readonly string[]): string[] {
  const errors: string[] = [];
  const max = ROOM_LIMITS.maxLoggingConfigurations;
  if (identifiers.length > max) {
    errors.push(`\`${property}\` must hold at most ${max} logging configurations, got: ${identifiers.length}`);
  }
  const repeated = identifiers.filter((id, i) => identifiers.indexOf(id) !== i);
  for (const id of new Set(repeated)) {
    errors.push(`\`${property}\` must not hold the same logging configuration twice, got twice: ${id}`);
  }
  return errors;
}
