/**
 * How the `ChatTokenIssuer` construct configures its handler, and what the
 * handler answers, shared by both so that a renamed setting or field breaks the
 * compiler rather than a deployment. Types and constants only.
 */
import type { Capability } from './token-rules';

/**
 * The one environment variable the handler reads its settings from:
 * `TokenIssuerSettings` as JSON. The construct writes it with
 * `Stack.toJsonString`, so that room ARNs which are tokens resolve at deploy
 * time. (The environment rather than a file in the asset: room ARNs are known
 * only then.)
 */
export const TOKEN_ISSUER_SETTINGS_VARIABLE = 'CHAT_TOKEN_ISSUER_SETTINGS';

/** What the issuer serves and to whom. */
export interface TokenIssuerSettings {
  /** The room ARNs the issuer serves, at least one. */
  readonly roomArns: readonly string[];
  /** What every signed-in user may do, in the API's order. */
  readonly capabilities: readonly Capability[];
  /** Group name: the capabilities its members get on top of `capabilities`. */
  readonly groupCapabilities: Readonly<Record<string, readonly Capability[]>>;
  /** The session length, in whole minutes within 1–180. */
  readonly sessionMinutes: number;
  /** The authorizer claim that holds the user id. */
  readonly userIdClaim: string;
  /** The authorizer claim that lists the user's groups. */
  readonly groupsClaim: string;
  /** The authorizer claim copied into the `displayName` attribute; absent for none. */
  readonly displayNameClaim?: string;
  /** Whether requests without identity get view-only tokens. */
  readonly anonymousViewers: boolean;
  /** The attribute keys callers may set. */
  readonly allowedAttributes: readonly string[];
  /** Origins answered with `Access-Control-Allow-Origin` on REST API (v1) responses; `*` for any. */
  readonly allowedOrigins: readonly string[];
  /** How throttled callers are told to come back. */
  readonly throttling: ThrottlingSettings;
  /**
   * The IAM principals whose signed requests (a function URL, or API Gateway
   * with IAM authorization) may name the user and the user's groups, by ARN:
   * a role (any session of it), a user, a role session, or an account's root
   * (every principal of that account). Anyone else who signs is refused.
   */
  readonly trustedBackends: readonly string[];
  /**
   * Whether direct invocations (an event without API Gateway's or a function
   * URL's envelope) are served. They carry no caller identity, so whoever may
   * invoke the function names the user: the construct turns this on only in
   * `grantInvoke`.
   */
  readonly directInvocations: boolean;
}

/**
 * How the issuer answers when CreateChatToken is throttled: `429` at once, with
 * a `Retry-After` that places the caller in a queue the function instance
 * keeps at the rate it has been obtaining tokens (the handler's
 * `retry-after.ts` explains the design).
 */
export interface ThrottlingSettings {
  /** Tokens obtained within this many milliseconds measure the instance's share of the quota. */
  readonly shareWindowMs: number;
  /** Fewer tokens than this in the window: the share is not known well enough to queue on. */
  readonly minEvidence: number;
  /** Callers brought back per second, relative to the tokens obtained per second. */
  readonly oversubscription: number;
  /** The longest `Retry-After` ever sent, in whole seconds. */
  readonly maxRetryAfterSeconds: number;
  /** Without enough evidence: a `Retry-After` of 1 to this many seconds. */
  readonly uninformedRetryAfterSeconds: number;
}

/**
 * The settings a `ChatTokenIssuer` has unless its props say otherwise, and
 * that the handler assumes for a setting the variable leaves out.
 */
export const TOKEN_ISSUER_DEFAULTS = {
  capabilities: ['SEND_MESSAGE'],
  groupCapabilities: {},
  sessionMinutes: 60,
  userIdClaim: 'sub',
  groupsClaim: 'cognito:groups',
  anonymousViewers: false,
  allowedAttributes: [],
  allowedOrigins: [],
  throttling: {
    shareWindowMs: 3_000,
    minEvidence: 5,
    // A little more than the quota: some of those brought back find another instance's viewers
    // ahead of them, and an idle second of quota is lost for good.
    oversubscription: 1.4,
    // An instance that gets few tokens (one of many, or one Lambda rarely picks) overestimates its
    // queue; past 30 s its viewers ask again rather than wait for nothing (bench/join-storm-model.ts:
    // the worst last token of the storms modelled went from 1.8 to 1.4 times the floor with 60).
    maxRetryAfterSeconds: 30,
    uninformedRetryAfterSeconds: 3,
  },
  trustedBackends: [],
  directInvocations: false,
} as const satisfies Omit<TokenIssuerSettings, 'roomArns' | 'displayNameClaim'>;


/**
 * What a browser's cross-origin call to the issuer needs: the methods, the
 * headers it sends (SigV4's for `AWS_IAM`, a bearer token, JSON) and how long
 * it may cache a preflight answer. A function URL gets them as its CORS
 * settings; on a REST API the handler answers preflights with them.
 */
export const TOKEN_ISSUER_CORS = {
  allowedMethods: ['GET', 'POST'],
  allowedHeaders: ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'],
  maxAgeSeconds: 600,
} as const;

/** The body of a successful answer: what a `tokenProvider` of `amazon-ivs-chat-messaging` turns into a `ChatToken`. */
export interface ChatTokenResponse {
  /** The token, for one WebSocket connection within about a minute. */
  readonly token: string;
  /** ISO 8601: the token cannot open a connection after this. */
  readonly tokenExpirationTime: string;
  /** ISO 8601: the connection is closed after this. */
  readonly sessionExpirationTime: string;
}

/** The body of every 4xx and 5xx answer. */
export interface ChatTokenErrorResponse {
  /** What was wrong, naming the field or rule. Never a stack trace. */
  readonly message: string;
}
