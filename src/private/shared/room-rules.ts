/**
 * The IVS Chat API's rules for a room, as pure checks with uniform messages.
 *
 * The `ChatRoom` construct runs them at synth for values that are not tokens;
 * the room provider runs the same checks at deploy time on the resolved values,
 * so a bad value fails the same way wherever it is first known.
 */

/** Limits from the IVS Chat API (see the project's facts sheet). */
export const ROOM_LIMITS = {
  nameMaxLength: 128,
  namePattern: /^[a-zA-Z0-9-_]*$/,
  maximumMessageLength: { min: 1, max: 500, default: 500 },
  maximumMessageRatePerSecond: { min: 1, max: 100, default: 10 },
  reviewHandlerUriMaxLength: 170,
  maxTags: 50,
  tagKeyMaxLength: 128,
  tagValueMaxLength: 256,
  maxLoggingConfigurations: 3,
} as const;

/** The fallback results IVS Chat accepts for a review handler. */
export const FALLBACK_RESULTS = ['ALLOW', 'DENY'] as const;

/**
 * A value as a failure reason quotes it: JSON, cut after 80 characters, so that
 * a long value from a parameter still leaves the reason within the 4 KB that
 * CloudFormation accepts for a custom resource's answer.
 */
export function quoted(value: string): string {
  const codePoints = Array.from(value);
  return codePoints.length > 80 ? `${JSON.stringify(codePoints.slice(0, 80).join(''))}…` : JSON.stringify(value);
}

/** An integer within `[min, max]`; `undefined` when it is. */
export function checkIntegerRange(property: string, value: number, min: number, max: number): string | undefined {
  if (!Number.isInteger(value) || value < min || value > max) {
    return `\`${property}\` must be an integer between ${min} and ${max}, got: ${value}`;
  }
  return undefined;
}

/** A room name: 0–128 characters of `[a-zA-Z0-9-_]`. */
export function checkRoomName(property: string, value: string): string | undefined {
  if (value.length > ROOM_LIMITS.nameMaxLength) {
    return `\`${property}\` must be at most ${ROOM_LIMITS.nameMaxLength} characters, got ${value.length}: ${quoted(value)}`;
  }
  if (!ROOM_LIMITS.namePattern.test(value)) {
    return `\`${property}\` must match ${ROOM_LIMITS.namePattern} (letters, digits, '-' and '_'), got: ${quoted(value)}`;
  }
  return undefined;
}

/** A review-handler URI: at most 170 characters (the API checks the rest). */
export function checkReviewHandlerUri(property: string, value: string): string | undefined {
  if (value.length > ROOM_LIMITS.reviewHandlerUriMaxLength) {
    return `\`${property}\` must be at most ${ROOM_LIMITS.reviewHandlerUriMaxLength} characters, got ${value.length}: ${quoted(value)}`;
  }
  return undefined;
}

/** A fallback result: ALLOW or DENY. */
export function checkFallbackResult(property: string, value: string): string | undefined {
  if (!(FALLBACK_RESULTS as readonly string[]).includes(value)) {
    return `\`${property}\` must be one of ${FALLBACK_RESULTS.join(', ')}, got: ${quoted(value)}`;
  }
  return undefined;
}

/** Length in Unicode code points, as AWS counts tag lengths (an emoji is one, not two UTF-16 units). */
function characters(value: string): number {
  return Array.from(value).length;
}

/**
 * Tags: at most 50, keys 1–128 characters, values 0–256 characters.
 * Returns one message per broken rule.
 */
export function checkTags(tags: Record<string, string>): string[] {
  const errors: string[] = [];
  const keys = Object.keys(tags);
  if (keys.length > ROOM_LIMITS.maxTags) {
    errors.push(`a chat room can have at most ${ROOM_LIMITS.maxTags} tags, got: ${keys.length}`);
  }
  for (const key of keys) {
    if (key === '__proto__') {
      errors.push('tag key "__proto__" cannot be used: the AWS SDK drops it from requests, so the room would never get it');
    }
    const keyLength = characters(key);
    if (keyLength < 1 || keyLength > ROOM_LIMITS.tagKeyMaxLength) {
      errors.push(`tag keys must be 1 to ${ROOM_LIMITS.tagKeyMaxLength} characters, got ${keyLength}: ${quoted(key)}`);
    }
    const valueLength = characters(tags[key]);
    if (valueLength > ROOM_LIMITS.tagValueMaxLength) {
      errors.push(`the value of tag ${quoted(key)} must be at most ${ROOM_LIMITS.tagValueMaxLength} characters, got: ${valueLength}`);
    }
  }
  return errors;
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
