import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { IssuerError } from './errors';
import { showValue } from '../../src/private/shared/show-value';
import { TOKEN_LIMITS } from '../../src/private/shared/token-rules';

/**
 * What a trusted backend sends when it invokes the function directly (with
 * `lambda:InvokeFunction`), or in the body of an IAM-signed request. It alone
 * may name the user and the user's groups.
 */
export interface DirectTokenRequest {
  /** Room ARN or id; optional when the issuer serves one room. */
  readonly roomIdentifier?: string;
  /** The user the token is for, 1–128 characters. */
  readonly userId: string;
  /** Groups whose configured capabilities the user gets on top of the default ones. */
  readonly groups?: string[];
  /** Copied into the `displayName` attribute. */
  readonly displayName?: string;
  /** Attributes; only the keys the issuer allows. */
  readonly attributes?: Record<string, string>;
  /** At most the issuer's session length. */
  readonly sessionDurationInMinutes?: number;
}

/** Every event the handler accepts. */
export type TokenIssuerEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2 | DirectTokenRequest;

/** How the request arrived: API Gateway REST (v1), HTTP API or function URL (v2), or a direct invocation. */
export type Transport = 'rest' | 'http' | 'direct';

/** Who is asking, as far as the event proves it. */
export type Caller =
  /** An authorizer (Cognito, JWT or Lambda) vouched for these claims. */
  | { readonly kind: 'claims'; readonly claims: Readonly<Record<string, unknown>> }
  /** IAM-signed or directly invoked: a backend that may name the user. */
  | { readonly kind: 'trusted' }
  /** IAM credentials of a Cognito identity pool: the identity, not the request, names the user. */
  | { readonly kind: 'identity-pool'; readonly identityId: string; readonly authenticated: boolean }
  /** Nobody vouched for the caller. */
  | { readonly kind: 'none' };

/** A request reduced to what the policy needs. */
export interface TokenRequest {
  /** Upper-case HTTP method; `POST` for direct invocations. */
  readonly method: string;
  readonly caller: Caller;
  /** The request's fields: the JSON body (or the direct event), plus `roomIdentifier` from the query string. */
  readonly fields: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;

/** Tells the event shapes apart without reading anything else. */
export function transportOf(event: unknown): Transport {
  const e = event as Json | null;
  if (e && typeof e === 'object' && e.requestContext && typeof e.requestContext === 'object') {
    return e.version === '2.0' ? 'http' : 'rest';
  }
  return 'direct';
}

/** The `Origin` header of an HTTP request, if any. */
export function originOf(event: unknown, transport: Transport): string | undefined {
  return transport === 'direct' ? undefined : header((event as Json).headers, 'origin');
}

/** Reads the event into a request; throws `IssuerError` for a malformed one. */
export function parseRequest(event: unknown, transport: Transport): TokenRequest {
  if (transport === 'direct') {
    if (!isObject(event)) {
      throw new IssuerError(400, `a direct invocation must pass a JSON object such as { "roomIdentifier": "...", "userId": "..." }, got: ${showValue(event)}`);
    }
    return { method: 'POST', caller: { kind: 'trusted' }, fields: event };
  }

  const e = event as Json;
  const context = e.requestContext as Json;
  const method = String(transport === 'http' ? (context.http as Json | undefined)?.method ?? '' : e.httpMethod ?? '').toUpperCase();
  const caller = transport === 'http' ? callerV2(context) : callerV1(context);
  if (method === 'OPTIONS') {
    return { method, caller, fields: {} };
  }
  if (method !== 'POST' && method !== 'GET') {
    throw new IssuerError(405, `method ${method || '(none)'} is not allowed: use POST with a JSON body, or GET`, { allow: 'GET, POST, OPTIONS' });
  }

  const fields = readBody(e.body, e.isBase64Encoded === true, header(e.headers, 'content-type'));
  const query = e.queryStringParameters as Json | null | undefined;
  if (query?.roomIdentifier !== undefined && fields.roomIdentifier === undefined) {
    fields.roomIdentifier = query.roomIdentifier;
  }
  return { method, caller, fields };
}

/** REST API (payload 1.0): Cognito user-pool or Lambda authorizer, or IAM. */
function callerV1(context: Json): Caller {
  const authorizer = context.authorizer;
  if (isObject(authorizer)) {
    if (isObject(authorizer.claims)) {
      return { kind: 'claims', claims: authorizer.claims };
    }
    // A Lambda authorizer: its context values, plus its principalId.
    const { integrationLatency: _, ...claims } = authorizer;
    if (Object.keys(claims).length > 0) {
      return { kind: 'claims', claims };
    }
  }
  const identity = context.identity as Json | null | undefined;
  if (identity?.cognitoIdentityId) {
    return {
      kind: 'identity-pool',
      identityId: String(identity.cognitoIdentityId),
      authenticated: identity.cognitoAuthenticationType === 'authenticated',
    };
  }
  return identity?.userArn ? { kind: 'trusted' } : { kind: 'none' };
}

/** HTTP API or function URL (payload 2.0): JWT or Lambda authorizer, or IAM. */
function callerV2(context: Json): Caller {
  const authorizer = context.authorizer as Json | undefined;
  if (!isObject(authorizer)) {
    return { kind: 'none' };
  }
  const jwt = authorizer.jwt as Json | undefined;
  if (isObject(jwt) && isObject(jwt.claims)) {
    return { kind: 'claims', claims: jwt.claims };
  }
  if (isObject(authorizer.lambda)) {
    return { kind: 'claims', claims: authorizer.lambda };
  }
  const iam = authorizer.iam as Json | undefined;
  if (isObject(iam)) {
    const cognito = iam.cognitoIdentity as Json | null | undefined;
    if (cognito?.identityId) {
      const amr = Array.isArray(cognito.amr) ? cognito.amr : [];
      return { kind: 'identity-pool', identityId: String(cognito.identityId), authenticated: !amr.includes('unauthenticated') };
    }
    return { kind: 'trusted' };
  }
  return { kind: 'none' };
}

/**
 * The body as a JSON object. `text/plain` is read as JSON too: it is what
 * `fetch` sends for a string body when the page sets no content type.
 */
function readBody(body: unknown, base64: boolean, contentType: string | undefined): Json {
  if (body === undefined || body === null || body === '') {
    return {};
  }
  if (typeof body !== 'string') {
    throw new IssuerError(400, 'the body must be a JSON object');
  }
  const max = TOKEN_LIMITS.bodyMaxBytes;
  const tooLarge = () => new IssuerError(413, `the body must be at most ${max} bytes`);
  if (body.length > (base64 ? Math.ceil(max / 3) * 4 : max)) {
    throw tooLarge();
  }
  if (contentType !== undefined && !/^\s*(application\/([\w.+-]+\+)?json|text\/plain)\s*(;|$)/i.test(contentType)) {
    throw new IssuerError(415, `the body must be JSON (content-type application/json), got content-type: ${contentType.slice(0, 100)}`);
  }
  const text = base64 ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(text, 'utf8') > max) {
    throw tooLarge();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new IssuerError(400, `the body must be a JSON object: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) {
    throw new IssuerError(400, `the body must be a JSON object, got: ${showValue(parsed)}`);
  }
  return parsed;
}

/** A header by name: REST APIs keep the client's case, HTTP APIs lower-case it. */
function header(headers: unknown, name: string): string | undefined {
  if (!isObject(headers)) return undefined;
  const exact = headers[name];
  if (typeof exact === 'string') return exact;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) {
      const value = headers[key];
      return typeof value === 'string' ? value : undefined;
    }
  }
  return undefined;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
