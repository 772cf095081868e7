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

/**
 * A backend the issuer trusts to name users, as its ARN says
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns):
 * an account's root (`arn:<partition>:iam::<account>:root`, every principal of that account),
 * a role (`…:role/<path><name>`, any of its sessions), or exactly one user (`…:user/<path><name>`)
 * or role session (`arn:<partition>:sts::<account>:assumed-role/<name>/<session>`).
 */
export type TrustedBackend =
  | { readonly kind: 'account'; readonly partition: string; readonly account: string }
  | { readonly kind: 'role'; readonly partition: string; readonly account: string; readonly name: string }
  | { readonly kind: 'exact'; readonly arn: string };

/** IAM names and paths (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
const IAM_NAME = '[\\w+=,.@-]+';
const IAM_PATH = '(?:/[\\x21-\\x7e]*)?/';
const TRUSTED_ARN = new RegExp(
  `^arn:([a-z0-9-]+):(?:iam::(\\d{12}):(?:(root)|role${IAM_PATH}(${IAM_NAME})|user${IAM_PATH}${IAM_NAME})`
  + `|sts::\\d{12}:assumed-role/${IAM_NAME}/${IAM_NAME})$`,
);
/** What a caller's ARN looks like: `arn:<partition>:<iam|sts>::<account>:<resource>`. */
const CALLER_ARN = /^arn:([a-z0-9-]+):(iam|sts)::(\d{12}):(.+)$/;

/** The backend an ARN names, or `undefined` when it names none that a signed request can come from. */
export function parseTrustedBackend(arn: string): TrustedBackend | undefined {
  const m = TRUSTED_ARN.exec(arn);
  if (!m) return undefined;
  const [, partition, account, root, role] = m;
  if (root) return { kind: 'account', partition, account };
  if (role) return { kind: 'role', partition, account, name: role };
  return { kind: 'exact', arn };
}

/** A trusted backend's ARN: one of the forms `parseTrustedBackend` reads. */
export function checkTrustedBackend(property: string, arn: string): string | undefined {
  return parseTrustedBackend(arn) ? undefined
    : `\`${property}\` must hold ARNs of IAM roles, users, role sessions or account roots (arn:<partition>:iam::<account>:role/<name>, …:user/<name>, …:root), got: ${showValue(arn)}`;
}

/**
 * Whether the caller whose ARN a signed request carries is one of `trusted`.
 * A role's sessions have ARNs without the role's path
 * (`arn:<partition>:sts::<account>:assumed-role/<role name>/<session>`).
 */
export function isTrustedCaller(trusted: readonly TrustedBackend[], callerArn: string): boolean {
  const caller = CALLER_ARN.exec(callerArn);
  if (!caller) return false;
  const [, partition, service, account, resource] = caller;
  return trusted.some((backend) => {
    switch (backend.kind) {
      case 'account':
        return backend.partition === partition && backend.account === account;
      case 'role': {
        const session = resource.slice(`assumed-role/${backend.name}/`.length);
        return backend.partition === partition && backend.account === account && service === 'sts'
          && resource.startsWith(`assumed-role/${backend.name}/`) && session.length > 0 && !session.includes('/');
      }
      case 'exact':
        return backend.arn === callerArn;
    }
  });
}

/**
 * Characters that separate groups when an authorizer writes a list of them as
 * one string (`a,b`, `[a b]`, `["a","b"]`): a configured group name holding one
 * cannot be told apart from several groups.
 */
export const GROUP_SEPARATORS = /[\s,[\]"]/;

/**
 * The session name Cognito identity pools give the role sessions they hand
 * out (`arn:<partition>:sts::<account>:assumed-role/<role>/CognitoIdentityCredentials`,
 * as CloudTrail records them): such a caller is an identity-pool user, never a backend.
 */
export const IDENTITY_POOL_SESSION = /^arn:[a-z0-9-]+:sts::\d{12}:assumed-role\/[^/]+\/CognitoIdentityCredentials$/;
