/**
 * Rules every IVS Chat resource shares, as pure checks with uniform messages:
 * the property, the rule, the value. A check returns `undefined` (or no
 * message) when the value is fine.
 */
import { showValue } from './show-value';

/**
 * Names of rooms and logging configurations: 0 to 128 characters of letters,
 * digits, `-` and `_` (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_CreateRoom.html,
 * https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_CreateLoggingConfiguration.html).
 */
export const NAME_LIMITS = {
  maxLength: 128,
  pattern: /^[a-zA-Z0-9-_]*$/,
} as const;

/**
 * Tags of every IVS Chat resource: at most 50, keys of 1 to 128 characters,
 * values of at most 256 (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_TagResource.html).
 */
export const TAG_LIMITS = {
  maxTags: 50,
  keyMaxLength: 128,
  valueMaxLength: 256,
} as const;

/** An integer within `[min, max]`. */
export function checkIntegerRange(property: string, value: number, min: number, max: number): string | undefined {
  if (!Number.isInteger(value) || value < min || value > max) {
    return `\`${property}\` must be an integer between ${min} and ${max}, got: ${value}`;
  }
  return undefined;
}

/** A room or logging-configuration name: 0–128 characters of `[a-zA-Z0-9-_]`. */
export function checkName(property: string, value: string): string | undefined {
  if (value.length > NAME_LIMITS.maxLength) {
    return `\`${property}\` must be at most ${NAME_LIMITS.maxLength} characters, got ${value.length}: ${showValue(value)}`;
  }
  if (!NAME_LIMITS.pattern.test(value)) {
    return `\`${property}\` must match ${NAME_LIMITS.pattern} (letters, digits, '-' and '_'), got: ${showValue(value)}`;
  }
  return undefined;
}

/** What tags a resource takes beyond `TAG_LIMITS`, and how its messages name it. */
export interface TagRules {
  /** The resource, as a message names it: `a chat room`. */
  readonly resource: string;
  /** The shortest value: 0 for the API, 1 where CloudFormation's schema is stricter. */
  readonly valueMinLength: 0 | 1;
  /** Why values have that minimum, when it is not the API's rule. */
  readonly valueMinLengthReason?: string;
  /**
   * The tags reach the API through the AWS SDK for JavaScript, which drops a
   * key named `__proto__` from requests.
   */
  readonly sentBySdk: boolean;
  /** Keys and values for which this is true (tokens at synth) are counted but not measured. */
  readonly isToken?: (value: string) => boolean;
}

/** Tags: one message per broken rule. Lengths count code points, as AWS counts them (an emoji is one). */
export function checkTags(tags: Record<string, string>, rules: TagRules): string[] {
  const problems: string[] = [];
  const isToken = rules.isToken ?? (() => false);
  const keys = Object.keys(tags);
  if (keys.length > TAG_LIMITS.maxTags) {
    problems.push(`${rules.resource} can have at most ${TAG_LIMITS.maxTags} tags, got: ${keys.length}`);
  }
  for (const key of keys) {
    if (rules.sentBySdk && key === '__proto__') {
      problems.push(`tag key "__proto__" cannot be used: the AWS SDK drops it from requests, so it would never reach ${rules.resource}`);
    }
    const keyLength = Array.from(key).length;
    if (!isToken(key) && (keyLength < 1 || keyLength > TAG_LIMITS.keyMaxLength)) {
      problems.push(`tag keys must be 1 to ${TAG_LIMITS.keyMaxLength} characters, got ${keyLength}: ${showValue(key)}`);
    }
    const value = tags[key];
    const valueLength = Array.from(value).length;
    if (!isToken(value) && (valueLength < rules.valueMinLength || valueLength > TAG_LIMITS.valueMaxLength)) {
      const rule = rules.valueMinLength === 0
        ? `at most ${TAG_LIMITS.valueMaxLength} characters`
        : `${rules.valueMinLength} to ${TAG_LIMITS.valueMaxLength} characters`;
      const reason = rules.valueMinLengthReason ? ` (${rules.valueMinLengthReason})` : '';
      problems.push(`the value of tag ${showValue(key)} must be ${rule}${reason}, got: ${valueLength}`);
    }
  }
  return problems;
}
