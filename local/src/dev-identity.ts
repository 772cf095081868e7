/**
 * The development identity of `cdk-ivs-chat-local`: an unsigned JWT (`alg: none`) whose claims
 * the local token issuers take as an API Gateway JWT authorizer would pass a verified token's
 * claims. Only the local server accepts it. On AWS, an authorizer verifies the signature and
 * refuses such a token, and the issuer itself reads claims only from the authorizer's context,
 * never from the `Authorization` header, so the same token names nobody there.
 */

/** Claims of a development token: strings, or lists (e.g. groups). */
export type DevelopmentClaims = Readonly<Record<string, string | readonly string[]>>;

/** Who a development token signs in, shaped like the claims of a Cognito user pool's ID token. */
export interface DevelopmentUser {
  /** The user: `sub`, `cognito:username` and, unless `displayName` says otherwise, `preferred_username`. */
  readonly userId: string;
  /** `cognito:groups`. @default none */
  readonly groups?: readonly string[];
  /** `preferred_username`. @default userId */
  readonly displayName?: string;
  /** More claims, for an issuer configured with other claim names. @default none */
  readonly claims?: DevelopmentClaims;
}

/** The claims a Cognito ID token would carry for `user`. */
export function developmentClaims(user: DevelopmentUser): DevelopmentClaims {
  return {
    'sub': user.userId,
    'cognito:username': user.userId,
    'preferred_username': user.displayName ?? user.userId,
    'token_use': 'id',
    ...(user.groups && user.groups.length > 0 && { 'cognito:groups': [...user.groups] }),
    ...user.claims,
  };
}

/** An unsigned JWT carrying `claims`, for `Authorization: Bearer <token>` to a local token issuer. */
export function developmentToken(claims: DevelopmentClaims): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

/** Why an `Authorization` header is not a development token, or its claims as an HTTP API JWT authorizer passes them. */
export type ParsedAuthorization =
  | { readonly kind: 'none' }
  | { readonly kind: 'claims'; readonly claims: Record<string, string> }
  | { readonly kind: 'refused'; readonly message: string };

/**
 * Reads `Authorization: Bearer <development token>`. Claims are passed on as an HTTP API JWT
 * authorizer passes them: strings as they are, lists as `[a b]`, other values as JSON
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html).
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const refused = (why: string): ParsedAuthorization => ({
    kind: 'refused',
    message: `the Authorization header must be "Bearer <development token>", an unsigned JWT (alg none): ${why}. `
      + 'Make one with: npx cdk-ivs-chat-local token <user> [--groups a,b]',
  });
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(header.trim());
  if (!match) return refused('got something else');
  const [, head, body, signature] = match;
  const decoded = (part: string) => {
    try {
      const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
    } catch {
      return undefined;
    }
  };
  const header_ = decoded(head);
  const payload = decoded(body);
  if (!header_ || !payload) return refused('its header and payload must be base64url JSON objects');
  if (header_.alg !== 'none' || signature !== '') {
    return refused(`got a token signed with ${String(header_.alg)}; the local server verifies no signature, so it takes only unsigned ones`);
  }
  const claims = Object.fromEntries(Object.entries(payload).map(([key, value]) => [key,
    typeof value === 'string' ? value : Array.isArray(value) ? `[${value.map(String).join(' ')}]` : JSON.stringify(value)]));
  return { kind: 'claims', claims };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
