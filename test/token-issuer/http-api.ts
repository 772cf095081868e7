import { createServer, IncomingMessage, Server } from 'http';
import type { AddressInfo } from 'net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler, HttpResponse } from '../../lambda/token-issuer';

/**
 * A loopback stand-in for an HTTP API with a JWT authorizer in front of the
 * issuer: it turns each request into a payload-2.0 event and the handler's
 * answer into the HTTP response. Its "JWT" is base64url JSON claims, unsigned:
 * the authorizer is not what is under test. No bearer token, no authorizer context.
 */
export interface LocalHttpApi {
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpApi(): Promise<LocalHttpApi> {
  const server: Server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const response = await handler(toEvent(req, body)) as HttpResponse;
      res.writeHead(response.statusCode, response.headers);
      res.end(response.body);
    }).catch((error) => {
      res.writeHead(599);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** A bearer token the local API reads as these claims. */
export function bearer(claims: Record<string, unknown>): string {
  return `Bearer ${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function toEvent(req: IncomingMessage, body: string): APIGatewayProxyEventV2 {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v ?? '']));
  const url = new URL(req.url ?? '/', 'http://local');
  const auth = headers.authorization?.match(/^Bearer (.+)$/)?.[1];
  const claims = auth ? JSON.parse(Buffer.from(auth, 'base64url').toString('utf8')) : undefined;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    ...(body && { body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: 'local',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      ...(claims && { authorizer: { jwt: { claims, scopes: null } } }),
    },
  } as APIGatewayProxyEventV2;
}
