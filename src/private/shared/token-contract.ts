/**
 * How the `ChatTokenIssuer` construct configures its handler, and what the
 * handler answers, shared by both so that a renamed variable or field breaks the
 * compiler rather than a deployment. Types and constants only.
 *
 * Lists and maps travel as JSON, written at synth with `Stack.toJsonString` so
 * that room ARNs which are tokens resolve at deploy time.
 */

/**
 * The environment variables the handler reads its configuration from. (Documented
 * on a type, because esbuild keeps comments inside object literals in the bundle.)
 */
export interface TokenIssuerEnv {
  /** JSON array of the room ARNs the issuer serves. */
  readonly roomArns: 'CHAT_ROOM_ARNS';
  /** JSON array of the capabilities every signed-in user gets. */
  readonly capabilities: 'CHAT_CAPABILITIES';
  /** JSON object: group name → capabilities added for members of that group. */
  readonly groupCapabilities: 'CHAT_GROUP_CAPABILITIES';
  /** Session length in whole minutes, 1–180, as a decimal string. */
  readonly sessionMinutes: 'CHAT_SESSION_MINUTES';
  /** The authorizer claim that holds the user id. */
  readonly userIdClaim: 'CHAT_USER_ID_CLAIM';
  /** The authorizer claim that holds the user's groups. */
  readonly groupsClaim: 'CHAT_GROUPS_CLAIM';
  /** The authorizer claim copied into the `displayName` attribute; empty for none. */
  readonly displayNameClaim: 'CHAT_DISPLAY_NAME_CLAIM';
  /** `true` when requests without identity get view-only tokens. */
  readonly anonymousViewers: 'CHAT_ANONYMOUS_VIEWERS';
  /** JSON array of the attribute keys clients may set. */
  readonly allowedAttributes: 'CHAT_ALLOWED_ATTRIBUTES';
  /** JSON array of origins echoed in `Access-Control-Allow-Origin` on REST API (v1) responses. */
  readonly allowedOrigins: 'CHAT_ALLOWED_ORIGINS';
}

/** The names of the environment variables; see `TokenIssuerEnv`. */
export const TOKEN_ISSUER_ENV: TokenIssuerEnv = {
  roomArns: 'CHAT_ROOM_ARNS',
  capabilities: 'CHAT_CAPABILITIES',
  groupCapabilities: 'CHAT_GROUP_CAPABILITIES',
  sessionMinutes: 'CHAT_SESSION_MINUTES',
  userIdClaim: 'CHAT_USER_ID_CLAIM',
  groupsClaim: 'CHAT_GROUPS_CLAIM',
  displayNameClaim: 'CHAT_DISPLAY_NAME_CLAIM',
  anonymousViewers: 'CHAT_ANONYMOUS_VIEWERS',
  allowedAttributes: 'CHAT_ALLOWED_ATTRIBUTES',
  allowedOrigins: 'CHAT_ALLOWED_ORIGINS',
};

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
