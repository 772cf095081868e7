import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { TOKEN_ISSUER_DEFAULTS, TOKEN_ISSUER_SETTINGS_VARIABLE, TokenIssuerSettings } from '../../src/private/shared/token-contract';

/** Events as API Gateway and Lambda deliver them to the token issuer, trimmed to what matters plus realistic noise. */

export const ROOM_ARN = 'arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl';
export const OTHER_ROOM_ARN = 'arn:aws:ivschat:us-east-1:123456789012:room/ZyXwVuTsRqPo';

export type Claims = Record<string, string | number | boolean | string[]>;

interface HttpOptions {
  readonly body?: unknown;
  /** Send `body` as is instead of JSON-encoding it. */
  readonly rawBody?: string;
  readonly base64?: boolean;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
}

function encode(options: HttpOptions): { body: string | null; isBase64Encoded: boolean } {
  const text = options.rawBody ?? (options.body === undefined ? null : JSON.stringify(options.body));
  if (text === null) return { body: null, isBase64Encoded: false };
  return options.base64 ? { body: Buffer.from(text).toString('base64'), isBase64Encoded: true } : { body: text, isBase64Encoded: false };
}

/** API Gateway REST API, Lambda proxy integration (payload 1.0). */
export function restEvent(
  authorizer: APIGatewayProxyEvent['requestContext']['authorizer'],
  options: HttpOptions = {},
  identity: Partial<APIGatewayProxyEvent['requestContext']['identity']> = {},
): APIGatewayProxyEvent {
  const { body, isBase64Encoded } = encode(options);
  return {
    resource: '/token',
    path: '/token',
    httpMethod: options.method ?? 'POST',
    headers: { 'Content-Type': 'application/json', 'Host': 'abc.execute-api.us-east-1.amazonaws.com', ...options.headers },
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      authorizer,
      protocol: 'HTTP/1.1',
      httpMethod: options.method ?? 'POST',
      path: '/prod/token',
      stage: 'prod',
      requestId: 'req-1',
      requestTimeEpoch: 1_700_000_000_000,
      resourceId: 'res',
      resourcePath: '/token',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '198.51.100.7',
        user: null,
        userAgent: 'test',
        userArn: null,
        ...identity,
      },
    },
  };
}

/** A REST API with a Cognito user-pool authorizer: every claim is a string. */
export function restCognitoEvent(claims: Claims, options: HttpOptions = {}): APIGatewayProxyEvent {
  return restEvent({ claims }, options);
}

/** A REST API with AWS_IAM authorization, signed by an IAM user or role. */
export function restIamEvent(options: HttpOptions = {}): APIGatewayProxyEvent {
  return restEvent(null, options, {
    accessKey: 'AKIAEXAMPLE',
    accountId: '123456789012',
    caller: 'AROAEXAMPLE:backend',
    userArn: 'arn:aws:sts::123456789012:assumed-role/backend/session',
    user: 'AROAEXAMPLE:backend',
  });
}

type V2Authorizer = Record<string, unknown> | undefined;

/** HTTP API (payload 2.0) or function URL: same shape. */
export function httpEvent(authorizer: V2Authorizer, options: HttpOptions = {}): APIGatewayProxyEventV2 {
  const { body, isBase64Encoded } = encode(options);
  const method = options.method ?? 'POST';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'host': 'abc.lambda-url.us-east-1.on.aws', ...options.headers },
    queryStringParameters: options.query,
    ...(body !== null && { body }),
    isBase64Encoded,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      domainName: 'abc.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abc',
      http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'test' },
      requestId: 'req-2',
      routeKey: '$default',
      stage: '$default',
      time: '14/Nov/2023:22:13:20 +0000',
      timeEpoch: 1_700_000_000_000,
      ...(authorizer && { authorizer }),
    },
  } as APIGatewayProxyEventV2;
}

/** HTTP API with a JWT authorizer: string claims, groups as `[a b]`. */
export function httpJwtEvent(claims: Claims, options: HttpOptions = {}): APIGatewayProxyEventV2 {
  return httpEvent({ jwt: { claims, scopes: null } }, options);
}

/**
 * Function URL (or HTTP API) with AWS_IAM auth, signed by an IAM principal:
 * by default a session of the backend role.
 */
export function urlIamEvent(
  options: HttpOptions = {},
  cognitoIdentity: unknown = null,
  userArn: string | null = 'arn:aws:sts::123456789012:assumed-role/backend/session',
): APIGatewayProxyEventV2 {
  return httpEvent({
    iam: {
      accessKey: 'AKIAEXAMPLE',
      accountId: '123456789012',
      callerId: 'AROAEXAMPLE:backend',
      cognitoIdentity,
      principalOrgId: null,
      userArn,
      userId: 'AROAEXAMPLE:backend',
    },
  }, options);
}

/** The role whose sessions sign `urlIamEvent` and `restIamEvent`. */
export const BACKEND_ROLE_ARN = 'arn:aws:iam::123456789012:role/backend';

/**
 * Settings as the construct writes them (its defaults, one room, a moderators
 * group) after `grantInvoke(backend)` and `grantInvokeUrl(backend)`, with overrides.
 */
export function issuerSettings(overrides: Partial<Record<keyof TokenIssuerSettings, unknown>> = {}): Record<string, unknown> {
  return {
    ...TOKEN_ISSUER_DEFAULTS,
    roomArns: [ROOM_ARN],
    groupCapabilities: { moderators: ['DISCONNECT_USER', 'DELETE_MESSAGE'] },
    trustedBackends: [BACKEND_ROLE_ARN],
    directInvocations: true,
    ...overrides,
  };
}

/** The environment the construct writes: its one variable, holding the settings with overrides. */
export function issuerEnv(overrides: Parameters<typeof issuerSettings>[0] = {}): Record<string, string> {
  return { [TOKEN_ISSUER_SETTINGS_VARIABLE]: JSON.stringify(issuerSettings(overrides)) };
}

/** Sets the issuer's environment (the variable the construct writes) for the current test. */
export function useIssuerEnv(overrides: Parameters<typeof issuerSettings>[0] = {}): void {
  Object.assign(process.env, issuerEnv(overrides));
}
