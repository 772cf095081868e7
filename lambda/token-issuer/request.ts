import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { IssuerError } from './errors';
import { IDENTITY_POOL_SESSION, TOKEN_LIMITS } from '../../src/private/shared/token-rules';

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

/**
 * Which authorizer vouched for the claims, which decides how a list claim
 * (the groups) is written: a REST API's Cognito user-pool authorizer joins it
 * as `a,b`; an HTTP API's JWT authorizer writes `[a b]`; a Lambda authorizer
 * passes what it returned.
 */
export type ClaimsSource = 'cognito' | 'jwt' | 'lambda';

/** Who is asking, as far as the event proves it. */
export type Caller =
  /** An authorizer (Cognito, JWT or Lambda) vouched for these claims. */
  | { readonly kind: 'claims'; readonly source: ClaimsSource; readonly claims: Readonly<Record<string, unknown>> }
  /**
   * A direct invocation: the event carries no caller identity at all, so only
   * who may invoke the function tells who asks.
   */
  | { readonly kind: 'direct' }
  /** IAM-signed, not with Cognito identity-pool credentials: a backend if the issuer trusts this ARN. */
  | { readonly kind: 'iam'; readonly arn?: string }
  /**
   * IAM credentials of a Cognito identity pool: the identity, not the request,
   * names the user. `identityId` is absent when the event names none.
   */
  | { readonly kind: 'identity-pool'; readonly identityId?: string; readonly authenticated: boolean }
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
      throw new IssuerError(400, `a direct invocation must pass a JSON object such as { "roomIdentifier": "...", "userId": "..." }, got: ${kindOf(event)}`);
    }
    return { method: 'POST', caller: { kind: 'direct' }, fields: event };
  }

  const e = event as Json;
  const context = e.requestContext as Json;
  const method = String(transport === 'http' ? (context.http as Json | undefined)?.method ?? '' : e.httpMethod ?? '').toUpperCase();
  const caller = transport === 'http' ? callerV2(context) : callerV1(context, e.version === '1.0');
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

/**
 * Payload 1.0: a REST API (Cognito user-pool or Lambda authorizer, or IAM),
 * or an HTTP API that sends format 1.0 (`version: '1.0'`, its JWT
 * authorizer's claims in `authorizer.claims`). Shapes: "Set up Lambda proxy
 * integrations in API Gateway" and "Create AWS Lambda proxy integrations for
 * HTTP APIs" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 */
function callerV1(context: Json, httpApi: boolean): Caller {
  const authorizer = context.authorizer;
  if (isObject(authorizer)) {
    if (isObject(authorizer.claims)) {
      return { kind: 'claims', source: httpApi ? 'jwt' : 'cognito', claims: authorizer.claims };
    }
    if (isObject(authorizer.lambda)) {
      return { kind: 'claims', source: 'lambda', claims: authorizer.lambda };
    }
    // A REST API's Lambda authorizer: its context values, plus its principalId.
    const { integrationLatency: _, claims: _claims, scopes: _scopes, ...rest } = authorizer;
    const claims = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null && value !== undefined));
    if (Object.keys(claims).length > 0) {
      return { kind: 'claims', source: 'lambda', claims };
    }
  }
  const identity = context.identity;
  if (!isObject(identity)) {
    return { kind: 'none' };
  }
  // Any Cognito field means identity-pool credentials, never a backend.
  const cognito = [
    identity.cognitoIdentityId, identity.cognitoIdentityPoolId, identity.cognitoAuthenticationType, identity.cognitoAuthenticationProvider,
  ];
  if (cognito.some((value) => value !== null && value !== undefined)) {
    return {
      kind: 'identity-pool',
      identityId: nonEmptyString(identity.cognitoIdentityId),
      authenticated: identity.cognitoAuthenticationType === 'authenticated',
    };
  }
  if (identity.userArn !== null && identity.userArn !== undefined) {
    return signedBy(identity.userArn);
  }
  return { kind: 'none' };
}

/**
 * Payload 2.0: an HTTP API (JWT, Lambda or IAM authorizer) or a function URL
 * (IAM). AWS's examples show `authorizer.iam.cognitoIdentity` as
 * `{ amr, identityId, identityPoolId }` for an HTTP API
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html)
 * and as null, or absent, for an IAM user calling a function URL
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads);
 * what a function URL writes for identity-pool credentials is not documented.
 * So any `cognitoIdentity` that is not null makes the caller an identity-pool
 * user, identified by its `identityId` or refused; a null one leaves the
 * caller to be judged by its ARN.
 */
function callerV2(context: Json): Caller {
  const authorizer = context.authorizer;
  if (!isObject(authorizer)) {
    return { kind: 'none' };
  }
  const jwt = authorizer.jwt;
  if (isObject(jwt) && isObject(jwt.claims)) {
    return { kind: 'claims', source: 'jwt', claims: jwt.claims };
  }
  if (isObject(authorizer.lambda)) {
    return { kind: 'claims', source: 'lambda', claims: authorizer.lambda };
  }
  const iam = authorizer.iam;
  if (isObject(iam)) {
    const cognito = iam.cognitoIdentity;
    if (cognito !== null && cognito !== undefined) {
      // A missing or malformed `amr` proves nothing: a guest.
      const amr = isObject(cognito) && Array.isArray(cognito.amr) ? cognito.amr : [];
      return {
        kind: 'identity-pool',
        identityId: isObject(cognito) ? nonEmptyString(cognito.identityId) : undefined,
        authenticated: amr.includes('authenticated') && !amr.includes('unauthenticated'),
      };
    }
    return signedBy(iam.userArn);
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
  } catch {
    // A fixed answer: the parser's message quotes the body back.
    throw new IssuerError(400, 'the body must be a JSON object, got: text that is not JSON');
  }
  if (!isObject(parsed)) {
    throw new IssuerError(400, `the body must be a JSON object, got: ${kindOf(parsed)}`);
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

/**
 * An IAM-signed request without Cognito fields: a backend if the issuer trusts
 * its ARN, unless the ARN is a session that Cognito identity pools hand out,
 * whose identity the event does not name.
 */
function signedBy(userArn: unknown): Caller {
  const arn = nonEmptyString(userArn);
  return arn !== undefined && IDENTITY_POOL_SESSION.test(arn)
    ? { kind: 'identity-pool', identityId: undefined, authenticated: false }
    : { kind: 'iam', arn };
}

/** What a value is, without showing it: the answer to a body of the wrong kind quotes nothing back. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
