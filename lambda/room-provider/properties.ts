import { checkIntegerRange, checkName, checkTags } from '../../src/private/shared/common-rules';
import type { ChatRoomResourceProperties } from '../../src/private/shared/room-contract';
import {
  checkFallbackResult, checkLoggingConfigurationIdentifiers, checkNewRoomName, checkReviewHandlerUri, ROOM_LIMITS, ROOM_TAG_RULES,
} from '../../src/private/shared/room-rules';
import { showValue } from '../../src/private/shared/show-value';

/** A room as the template describes it, with types restored. */
export interface RoomSpec {
  readonly name: string;
  readonly maximumMessageLength: number;
  readonly maximumMessageRatePerSecond: number;
  readonly messageReviewHandler?: { readonly uri: string; readonly fallbackResult: string };
  /** Logging-configuration ARNs; empty when the room has none. */
  readonly loggingConfigurationIdentifiers: string[];
  readonly tags: Record<string, string>;
}

const MAX_PROBLEMS_SHOWN = 8;

/** A deploy-time property error: its message becomes CloudFormation's failure reason. */
export class InvalidPropertiesError extends Error {
  constructor(public readonly problems: string[]) {
    // CloudFormation takes at most 4 KB of response: name the first problems, count the rest.
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
    super(`Invalid chat room properties: ${shown.join('; ')}${more}`);
    this.name = 'InvalidPropertiesError';
  }
}

type RawProperties = Partial<Record<keyof ChatRoomResourceProperties, unknown>>;

/**
 * Reads the properties CloudFormation sent (numbers arrive as strings) without
 * judging them: old properties are only diffed against, and during a rollback
 * they are the very values that failed.
 */
export function readRoomSpec(raw: Partial<ChatRoomResourceProperties> | undefined): RoomSpec {
  // Typed by the contract, but written by a template: trust no field's type.
  const props = (raw ?? {}) as RawProperties;
  const review = props.MessageReviewHandler as Partial<Record<string, unknown>> | undefined;
  return {
    name: String(props.Name ?? ''),
    maximumMessageLength: toNumber(props.MaximumMessageLength, ROOM_LIMITS.maximumMessageLength.default),
    maximumMessageRatePerSecond: toNumber(props.MaximumMessageRatePerSecond, ROOM_LIMITS.maximumMessageRatePerSecond.default),
    messageReviewHandler: review && review.Uri
      ? { uri: String(review.Uri), fallbackResult: String(review.FallbackResult ?? 'ALLOW') }
      : undefined,
    loggingConfigurationIdentifiers: readStringList(props.LoggingConfigurationIdentifiers),
    tags: readTags(props.Tags),
  };
}

/**
 * Reads the new properties and checks every API rule on the resolved values,
 * and the library's own rules for a room to create.
 *
 * @param deployed on Update, the properties of the room as deployed
 * (`OldResourceProperties`); absent on Create
 */
export function parseRoomSpec(
  raw: Partial<ChatRoomResourceProperties> | undefined, deployed?: Partial<ChatRoomResourceProperties>,
): RoomSpec {
  const spec = readRoomSpec(raw);
  const { maximumMessageLength: length, maximumMessageRatePerSecond: rate } = ROOM_LIMITS;
  const problems = [
    checkName('chatRoomName', spec.name),
    // Only a create looks rooms up by name. An update may keep or go back to
    // an empty name: a rollback of a rename away from one looks the same.
    deployed === undefined ? checkNewRoomName('chatRoomName', spec.name) : undefined,
    checkIntegerRange('maximumMessageLength', spec.maximumMessageLength, length.min, length.max),
    checkIntegerRange('maximumMessageRatePerSecond', spec.maximumMessageRatePerSecond, rate.min, rate.max),
    ...checkNewReviewHandler(raw, deployed, spec),
    ...checkLoggingConfigurationIdentifiers('loggingConfigurations', spec.loggingConfigurationIdentifiers),
    checkTagsShape((raw as RawProperties | undefined)?.Tags),
    ...checkTags(spec.tags, ROOM_TAG_RULES),
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) {
    throw new InvalidPropertiesError(problems);
  }
  return spec;
}

/**
 * `MessageReviewHandler`: absent, or `{ Uri, FallbackResult? }` with a
 * function ARN as `Uri`. Earlier versions read other shapes (a string, an
 * empty `Uri`, a misspelt key) as "no handler", or stringified them, and made
 * the room without the review its template seemed to ask for; now they are
 * refused. Only a room deployed with such a value keeps being read as before
 * (`readRoomSpec`), so that its updates and their rollbacks go on. Replacing a
 * well-formed handler with a malformed one is refused, though the rollback of
 * an update that fixed such a room looks the same, and then fails.
 */
function checkNewReviewHandler(
  raw: Partial<ChatRoomResourceProperties> | undefined, deployed: Partial<ChatRoomResourceProperties> | undefined, spec: RoomSpec,
): (string | undefined)[] {
  const malformed = reviewHandlerShapeProblems(raw?.MessageReviewHandler);
  if (malformed.length > 0 && !(deployed && reviewHandlerShapeProblems(deployed.MessageReviewHandler).length > 0)) {
    return malformed;
  }
  const handler = spec.messageReviewHandler;
  return handler
    ? [
      checkReviewHandlerUri('messageReviewHandler.handler', handler.uri),
      checkFallbackResult('messageReviewHandler.fallbackResult', handler.fallbackResult),
    ]
    : [];
}

/** What makes a `MessageReviewHandler` value other than absent or `{ Uri: <non-empty string>, FallbackResult?: <string> }`. */
function reviewHandlerShapeProblems(value: unknown): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [`\`messageReviewHandler\` must be an object with the keys Uri (the function ARN) and FallbackResult, got: ${showValue(value)}`];
  }
  const unknownKeys = Object.keys(value).filter((key) => key !== 'Uri' && key !== 'FallbackResult');
  if (unknownKeys.length > 0) {
    return [`\`messageReviewHandler\` must have only the keys Uri and FallbackResult, got: ${unknownKeys.map(showValue).join(', ')}`];
  }
  const { Uri: uri, FallbackResult: fallbackResult } = value as Partial<Record<string, unknown>>;
  return [
    typeof uri === 'string' && uri !== '' ? undefined : checkReviewHandlerUri('messageReviewHandler.handler', uri),
    fallbackResult === undefined || typeof fallbackResult === 'string'
      ? undefined
      : checkFallbackResult('messageReviewHandler.fallbackResult', fallbackResult),
  ].filter((problem): problem is string => problem !== undefined);
}

function toNumber(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') {
    return fallback;
  }
  return typeof value === 'number' ? value : Number(value);
}

/** The same strings, in any order: logging configurations are a set to IVS Chat. */
export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((item) => set.has(item));
}

function readStringList(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.map(String);
  }
  return value === undefined || value === null || value === '' ? [] : [String(value)];
}

/** Tags as the construct writes them: a map (the list form of other resources is refused by `checkTagsShape`). */
function readTags(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {};
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v ?? '')]));
}

/** Tags must be a map of strings. */
function checkTagsShape(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return `\`tags\` must be a map of strings, got: ${showValue(value)}`;
  }
  return undefined;
}
