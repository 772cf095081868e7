import { mulberry32 } from '../../local/src/emulator';
import type { ChatRoomResourceProperties } from '../../src/private/shared/room-contract';

/**
 * Seeded lifecycles for the room-provider soak: what a template asks for at
 * each step of a room's life, and the room IVS Chat should then hold.
 * Pure data from one PRNG, so a seed always gives the same lifecycles.
 */

/** Where the rooms live: review-handler ARNs must be in the same account and region. */
export interface SoakAccount {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** Why an update step was drawn, so the suite can show it covers each kind. */
export type UpdateKind = 'identical' | 'tags-only' | 'fields-only' | 'fields-and-tags';

/** One room's life: Create with `create`, then one Update per entry of `updates`, then Delete. */
export interface Lifecycle {
  readonly index: number;
  readonly create: ChatRoomResourceProperties;
  readonly updates: readonly { readonly kind: UpdateKind; readonly properties: ChatRoomResourceProperties }[];
}

/** The fields of an emulator room the template decides. */
export interface ExpectedRoom {
  readonly name: string;
  readonly maximumMessageLength: number;
  readonly maximumMessageRatePerSecond: number;
  readonly messageReviewHandler?: { readonly uri: string; readonly fallbackResult: string };
  readonly tags: Record<string, string>;
}

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
/** Characters AWS allows in tag keys and values (letters, digits, spaces and `_.:/=+-@`), plus a few non-ASCII letters. */
const TAG_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _.:/=+-@éüß日本';
const FUNCTION_NAMES = ['reviewer', 'moderator', 'profanity-filter', 'spam_guard'];

const MAX_TAGS = 50;

class Draw {
  constructor(readonly random: () => number) {}

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  text(alphabet: string, length: number): string {
    const chars = [...alphabet];
    return Array.from({ length }, () => this.pick(chars)).join('');
  }

  /** A length in [min, max], biased to the bounds and to short values, as templates tend to be. */
  length(min: number, max: number): number {
    const r = this.random();
    if (r < 0.1) return min;
    if (r < 0.2) return max;
    if (r < 0.7) return this.int(min, Math.min(max, min + 16));
    return this.int(min, max);
  }
}

/** The same seed and count always give the same lifecycles. */
export function generateLifecycles(seed: number, count: number, account: SoakAccount): Lifecycle[] {
  const draw = new Draw(mulberry32(seed));
  return Array.from({ length: count }, (_, index) => {
    const create = randomProperties(draw, account);
    const updates: { kind: UpdateKind; properties: ChatRoomResourceProperties }[] = [];
    let current = create;
    for (let n = draw.int(2, 5); n > 0; n--) {
      const kind = draw.pick<UpdateKind>(['identical', 'tags-only', 'fields-only', 'fields-and-tags']);
      current = nextProperties(draw, account, current, kind);
      updates.push({ kind, properties: current });
    }
    return { index, create, updates };
  });
}

/** The room the provider must leave behind for these properties. */
export function expectedRoom(properties: ChatRoomResourceProperties): ExpectedRoom {
  const handler = properties.MessageReviewHandler;
  return {
    name: properties.Name,
    maximumMessageLength: Number(properties.MaximumMessageLength),
    maximumMessageRatePerSecond: Number(properties.MaximumMessageRatePerSecond),
    ...(handler && { messageReviewHandler: { uri: handler.Uri, fallbackResult: handler.FallbackResult } }),
    tags: { ...properties.Tags },
  };
}

function randomProperties(draw: Draw, account: SoakAccount): ChatRoomResourceProperties {
  return withTags({
    // A room is created with a name; updates may still empty it.
    Name: draw.text(NAME_CHARS, draw.length(1, 128)),
    MaximumMessageLength: String(draw.length(1, 500)),
    MaximumMessageRatePerSecond: String(draw.length(1, 100)),
    ...(draw.chance(0.6) && { MessageReviewHandler: randomHandler(draw, account) }),
  }, draw, randomTags(draw));
}

function nextProperties(draw: Draw, account: SoakAccount, previous: ChatRoomResourceProperties, kind: UpdateKind): ChatRoomResourceProperties {
  // An identical step may still swap an absent tag map for an empty one: the same template to the provider.
  const fields = kind === 'identical' || kind === 'tags-only' ? fieldsOf(previous) : changedFields(draw, account, previous);
  const tags = kind === 'identical' || kind === 'fields-only' ? { ...previous.Tags } : changedTags(draw, previous.Tags ?? {});
  return withTags(fields, draw, tags);
}

function fieldsOf(p: ChatRoomResourceProperties): ChatRoomResourceProperties {
  const { Tags: _tags, ...fields } = structuredClone(p);
  return fields;
}

/** At least one of name, length, rate and review handler differs from `previous`. */
function changedFields(draw: Draw, account: SoakAccount, previous: ChatRoomResourceProperties): ChatRoomResourceProperties {
  const next: { -readonly [K in keyof ChatRoomResourceProperties]: ChatRoomResourceProperties[K] } = fieldsOf(previous);
  const which = ['Name', 'MaximumMessageLength', 'MaximumMessageRatePerSecond', 'MessageReviewHandler'] as const;
  const chosen = which.filter(() => draw.chance(0.4));
  if (chosen.length === 0) chosen.push(draw.pick(which));
  for (const field of chosen) {
    switch (field) {
      case 'Name':
        next.Name = differentFrom(previous.Name, () => randomName(draw));
        break;
      case 'MaximumMessageLength':
        next.MaximumMessageLength = differentFrom(previous.MaximumMessageLength, () => String(draw.length(1, 500)));
        break;
      case 'MaximumMessageRatePerSecond':
        next.MaximumMessageRatePerSecond = differentFrom(previous.MaximumMessageRatePerSecond, () => String(draw.length(1, 100)));
        break;
      case 'MessageReviewHandler':
        next.MessageReviewHandler = changedHandler(draw, account, previous.MessageReviewHandler);
        if (!next.MessageReviewHandler) delete next.MessageReviewHandler;
        break;
    }
  }
  return next;
}

/** Added, removed, or the URI or the fallback changed. */
function changedHandler(draw: Draw, account: SoakAccount, previous: ChatRoomResourceProperties['MessageReviewHandler']) {
  if (!previous) return randomHandler(draw, account);
  switch (draw.int(0, 2)) {
    case 0: return undefined;
    case 1: return { ...previous, FallbackResult: previous.FallbackResult === 'ALLOW' ? 'DENY' : 'ALLOW' };
    default: return { ...previous, Uri: differentFrom(previous.Uri, () => randomHandler(draw, account).Uri) };
  }
}

function randomName(draw: Draw): string {
  return draw.chance(0.05) ? '' : draw.text(NAME_CHARS, draw.length(1, 128));
}

function randomHandler(draw: Draw, account: SoakAccount) {
  const qualifier = draw.pick(['', '', ':live', ':7', ':$LATEST']);
  return {
    Uri: `arn:${account.partition}:lambda:${account.region}:${account.accountId}:function:${draw.pick(FUNCTION_NAMES)}${qualifier}`,
    FallbackResult: draw.pick(['ALLOW', 'DENY']),
  };
}

function randomTags(draw: Draw): Record<string, string> {
  const r = draw.random();
  const count = r < 0.15 ? 0 : r < 0.25 ? MAX_TAGS : draw.int(1, r < 0.8 ? 8 : MAX_TAGS);
  const tags: Record<string, string> = {};
  while (Object.keys(tags).length < count) {
    tags[randomTagKey(draw)] = randomTagValue(draw);
  }
  return tags;
}

/** Some removed, some changed, some added, never more than 50; sometimes all dropped or all new. */
function changedTags(draw: Draw, previous: Record<string, string>): Record<string, string> {
  const r = draw.random();
  if (r < 0.05) return {};
  if (r < 0.1) return randomTags(draw);
  const next: Record<string, string> = {};
  for (const [key, value] of Object.entries(previous)) {
    if (draw.chance(0.2)) continue;
    next[key] = draw.chance(0.2) ? differentFrom(value, () => randomTagValue(draw)) : value;
  }
  const room = MAX_TAGS - Object.keys(next).length;
  for (let added = draw.int(0, Math.min(room, draw.chance(0.1) ? room : 5)); added > 0; added--) {
    // A fresh key, unless it collides with a kept one (then it changes that tag, also fine).
    next[randomTagKey(draw)] = randomTagValue(draw);
  }
  if (sameTags(next, previous)) {
    // The step was meant to touch tags: change or add one for certain.
    const key = Object.keys(next)[0];
    if (key !== undefined) next[key] = differentFrom(next[key], () => randomTagValue(draw));
    else next[randomTagKey(draw)] = randomTagValue(draw);
  }
  return next;
}

function randomTagKey(draw: Draw): string {
  // The `aws:` prefix is reserved by AWS tagging; such a template would be rejected, not soaked.
  return differentFrom('', () => draw.text(TAG_CHARS, draw.length(1, 128)), (key) => !/^aws:/i.test(key));
}

function randomTagValue(draw: Draw): string {
  return draw.text(TAG_CHARS, draw.length(0, 256));
}

/** Tags are absent, or an empty map, when there are none: CloudFormation sends either. */
function withTags(fields: ChatRoomResourceProperties, draw: Draw, tags: Record<string, string>): ChatRoomResourceProperties {
  if (Object.keys(tags).length > 0) return { ...fields, Tags: tags };
  return draw.chance(0.5) ? { ...fields, Tags: {} } : fields;
}

function differentFrom<T>(previous: T, make: () => T, ok: (value: T) => boolean = () => true): T {
  for (;;) {
    const value = make();
    if (value !== previous && ok(value)) return value;
  }
}

function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && a[key] === b[key]);
}

/**
 * Whether an update would push the room over the 50-tag limit if the provider tagged
 * before it untagged (old tags plus new and changed ones over 50). The provider untags
 * first; the soak counts these steps to prove it exercises them.
 */
export function tagsOverflowMidUpdate(previous: ChatRoomResourceProperties, next: ChatRoomResourceProperties): boolean {
  const before = previous.Tags ?? {};
  const changed = Object.entries(next.Tags ?? {}).filter(([key, value]) => before[key] !== value).map(([key]) => key);
  return changed.length > 0 && new Set([...Object.keys(before), ...changed]).size > MAX_TAGS;
}
