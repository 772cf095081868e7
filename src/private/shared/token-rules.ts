/**
 * The IVS Chat API's rules for a chat token, as pure checks with uniform messages.
 *
 * The `ChatTokenIssuer` construct runs them at synth; the token-issuer handler
 * runs them on every request.
 */
import { checkIntegerRange } from './common-rules';
import { showValue } from './show-value';
import type { ThrottlingSettings } from './token-contract';

/**
 * Limits of CreateChatToken (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_CreateChatToken.html):
 * session minutes, user-id characters, attributes (UTF-8 bytes of every key and
 * value together); and the issuer's own: the largest request body it reads (a
 * valid one is far smaller).
 */
export const TOKEN_LIMITS = {
  sessionMinutes: { min: 1, max: 180 },
  userIdMaxLength: 128,
  attributesMaxBytes: 1024,
  bodyMaxBytes: 8 * 1024,
} as const;

/** Every capability CreateChatToken accepts; none means view only. */
export const CAPABILITIES = ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'] as const;

/** One of `CAPABILITIES`. */
export type Capability = typeof CAPABILITIES[number];

/** The attribute that carries the display name read from a claim. */
export const DISPLAY_NAME_ATTRIBUTE = 'displayName';

/** Whether `value` is a capability CreateChatToken accepts. */
export function isCapability(value: unknown): value is Capability {
  return (CAPABILITIES as readonly unknown[]).includes(value);
}

/** Capabilities: each one of `CAPABILITIES`. */
export function checkCapabilities(property: string, values: readonly unknown[]): string | undefined {
  const bad = values.filter((v) => !isCapability(v));
  if (bad.length > 0) {
    return `\`${property}\` may hold only ${CAPABILITIES.join(', ')}, got: ${bad.map(showValue).join(', ')}`;
  }
  return undefined;
}

/** A session length: whole minutes within 1–180. */
export function checkSessionMinutes(property: string, minutes: number): string | undefined {
  const { min, max } = TOKEN_LIMITS.sessionMinutes;
  if (!Number.isInteger(minutes) || minutes < min || minutes > max) {
    return `\`${property}\` must be a whole number of minutes between ${min} and ${max}, got: ${minutes} minutes`;
  }
  return undefined;
}

/** A number within `[min, max]`, whole or not. */
interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/**
 * What each of the issuer's `ThrottlingSettings` may be: integers within their
 * ranges, but the oversubscription, a number.
 */
export const THROTTLING_LIMITS: Readonly<Record<keyof ThrottlingSettings, NumberRange>> = {
  shareWindowMs: { min: 1_000, max: 60_000, integer: true },
  minEvidence: { min: 1, max: 1_000, integer: true },
  oversubscription: { min: 0.1, max: 10, integer: false },
  maxRetryAfterSeconds: { min: 1, max: 300, integer: true },
  uninformedRetryAfterSeconds: { min: 1, max: 60, integer: true },
};

/** Throttling settings: each within `THROTTLING_LIMITS`; one message per setting that is not. */
export function checkThrottling(property: string, settings: Readonly<Record<keyof ThrottlingSettings, unknown>>): string[] {
  return (Object.keys(THROTTLING_LIMITS) as (keyof ThrottlingSettings)[]).flatMap((key) => {
    const { min, max, integer } = THROTTLING_LIMITS[key];
    const value = settings[key];
    const name = `${property}.${key}`;
    if (typeof value !== 'number') {
      return [`\`${name}\` must be a number, got: ${showValue(value)}`];
    }
    const problem = integer
      ? checkIntegerRange(name, value, min, max)
      : (Number.isFinite(value) && value >= min && value <= max ? undefined : `\`${name}\` must be a number between ${min} and ${max}, got: ${value}`);
    return problem === undefined ? [] : [problem];
  });
}

/** The size IVS Chat counts for attributes: UTF-8 bytes of keys and values. */
export function attributesBytes(attributes: Record<string, string>): number {
  let total = 0;
  for (const key of Object.keys(attributes)) {
    total += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(attributes[key], 'utf8');
  }
  return total;
}

/** A user id: 1–128 characters. */
export function checkUserId(property: string, userId: string): string | undefined {
  // Counted in code points; a string of at most 128 UTF-16 units has at most 128 of them.
  const length = userId.length <= TOKEN_LIMITS.userIdMaxLength ? userId.length : [...userId].length;
  if (length < 1 || length > TOKEN_LIMITS.userIdMaxLength) {
    return `\`${property}\` must be 1 to ${TOKEN_LIMITS.userIdMaxLength} characters, got ${length}`;
  }
  return undefined;
}

/** Capabilities in the API's order, without repeats. */
export function orderCapabilities(values: Iterable<Capability>): Capability[] {
  const set = new Set(values);
  return CAPABILITIES.filter((c) => set.has(c));
}
