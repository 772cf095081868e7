import type { MessageMatcher } from './matcher';
import { REVIEW_LIMITS, ReviewReason } from '../../src/private/shared/review-contract';

/** The event IVS Chat sends the review handler for every message. */
export interface ReviewEvent {
  readonly Content: string;
  readonly MessageId: string;
  readonly RoomArn: string;
  readonly Attributes?: Record<string, string>;
  readonly Sender: { readonly UserId: string; readonly Attributes?: Record<string, string>; readonly Ip?: string };
}

/** What IVS Chat expects back. */
export interface ReviewResponse {
  readonly ReviewResult: 'ALLOW' | 'DENY';
  readonly Content: string;
  readonly Attributes: Record<string, string>;
}

/**
 * Content longer than this cannot come from a room (IVS Chat caps messages at
 * 500 code points, at most 1,000 UTF-16 units); the margin leaves room for a
 * higher cap one day while still bounding the work per invocation.
 */
export const MAX_CONTENT_UNITS = 4096;

/** How the handler reviews: the compiled matcher, or why there is none. */
export type ReviewerState =
  | { readonly matcher: MessageMatcher; readonly reasonAttribute: string }
  | { readonly error: string; readonly reasonAttribute: string };

/**
 * Reviews one event and always returns a well-formed response; it never throws.
 *
 * - A clean message: `ALLOW`, the content and the attributes as they came.
 * - A message that breaks a rule: `DENY` (content unchanged), or with `MASK`,
 *   `ALLOW` with the offending graphemes masked. Either way the reason attribute
 *   (when configured) lists the rules broken, e.g. `denied-term,links`.
 * - A malformed event (not an object, `Content` not a string, or `Content`
 *   longer than 4,096 UTF-16 units): `DENY`, with the content if it was a string
 *   (else `""`) and reason `malformed-event`. A review handler fails closed:
 *   an event IVS Chat did not send is not a message anyone should see.
 * - A reviewer that could not load its configuration, or an unexpected error:
 *   `DENY` with reason `reviewer-error`, logged.
 *
 * `Attributes` that are not an object count as `{}`; entries whose value is not
 * a string are dropped (IVS Chat only accepts strings). The reason attribute
 * belongs to the reviewer: a sender's own value for it is removed, so readers
 * can trust it. It is added only while all attributes stay within 1 KB.
 */
export function reviewEvent(state: ReviewerState, event: unknown): ReviewResponse {
  const raw = (typeof event === 'object' && event !== null ? event : {}) as Partial<Record<keyof ReviewEvent, unknown>>;
  const attributes = readAttributes(raw.Attributes, state.reasonAttribute);
  const content = raw.Content;
  if (typeof content !== 'string' || content.length > MAX_CONTENT_UNITS) {
    console.warn(JSON.stringify({
      message: 'Malformed review event: answering DENY',
      eventType: event === null ? 'null' : typeof event,
      keys: typeof event === 'object' && event !== null ? Object.keys(event).slice(0, 20) : [],
      contentType: typeof content,
      contentLength: typeof content === 'string' ? content.length : undefined,
    }));
    return deny(typeof content === 'string' ? content : '', attributes, ['malformed-event'], state.reasonAttribute);
  }
  if ('error' in state) {
    return deny(content, attributes, ['reviewer-error'], state.reasonAttribute);
  }
  try {
    const verdict = state.matcher.review(content);
    if (verdict.reasons.length === 0) {
      return { ReviewResult: 'ALLOW', Content: content, Attributes: attributes };
    }
    return {
      ReviewResult: verdict.result,
      Content: verdict.content,
      Attributes: withReason(attributes, verdict.reasons, state.reasonAttribute),
    };
  } catch (error) {
    console.error(JSON.stringify({
      message: 'Review failed: answering DENY',
      messageId: typeof raw.MessageId === 'string' ? raw.MessageId : undefined,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    }));
    return deny(content, attributes, ['reviewer-error'], state.reasonAttribute);
  }
}

function deny(content: string, attributes: Record<string, string>, reasons: ReviewReason[], reasonAttribute: string): ReviewResponse {
  return { ReviewResult: 'DENY', Content: content, Attributes: withReason(attributes, reasons, reasonAttribute) };
}

function readAttributes(value: unknown, reasonAttribute: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {};
  }
  const entries = Object.entries(value);
  if (entries.every(([key, v]) => typeof v === 'string' && key !== reasonAttribute)) {
    return value as Record<string, string>;
  }
  return Object.fromEntries(entries.filter(([key, v]) => typeof v === 'string' && key !== reasonAttribute));
}

function withReason(attributes: Record<string, string>, reasons: ReviewReason[], reasonAttribute: string): Record<string, string> {
  if (!reasonAttribute) {
    return attributes;
  }
  const value = reasons.join(',');
  let bytes = Buffer.byteLength(reasonAttribute) + Buffer.byteLength(value);
  for (const [k, v] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  return bytes <= REVIEW_LIMITS.attributesMaxBytes ? { ...attributes, [reasonAttribute]: value } : attributes;
}
