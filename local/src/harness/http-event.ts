import { createHash } from 'crypto';
import type { IncomingMessage } from 'http';

/** What the front a request came through (a function URL, an HTTP API) adds to its event. */
export interface HttpFront {
  readonly apiId: string;
  readonly domainName: string;
  /** `requestContext.accountId`: `anonymous` for a function URL, the API's account for an HTTP API. */
  readonly accountId: string;
  /** `requestContext.authorizer`, when the front has one. */
  readonly authorizer?: Record<string, unknown>;
}

/**
 * The payload 2.0 event a function URL or an HTTP API gives its function for `req`
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 */
export function payloadV2Event(req: IncomingMessage, url: URL, rawPath: string, body: string, front: HttpFront): Record<string, unknown> {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v ?? '']));
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: url.search.slice(1),
    headers: { ...headers, host: front.domainName },
    ...(url.search && { queryStringParameters: Object.fromEntries(url.searchParams) }),
    ...(body && { body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: front.accountId,
      apiId: front.apiId,
      domainName: front.domainName,
      domainPrefix: front.apiId,
      http: { method: req.method ?? 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: createHash('sha256').update(`${now}${Math.random()}`).digest('hex').slice(0, 36),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      ...(front.authorizer && { authorizer: front.authorizer }),
    },
  };
}
