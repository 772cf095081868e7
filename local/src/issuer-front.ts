/**
 * The token issuers of the deployed stacks, served on the local server's port as an API Gateway
 * HTTP API with a JWT authorizer would serve them: the same request (POST with a JSON body, or
 * GET with `?roomIdentifier=`) and the same answers, from the issuer's own bundled function. The
 * authorizer is the development identity: the claims of an unsigned token (see
 * `dev-identity.ts`); without an `Authorization` header the function gets no claims, as behind a
 * route without an authorizer.
 */
import { createHash } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { text } from 'stream/consumers';
import { parseAuthorization } from './dev-identity';
import type { OfflineStack } from './harness';
import { payloadV2Event } from './harness/http-event';

/** The path under which the issuers are served. */
export const ISSUER_PATH_PREFIX = '/local/issuers/';

/** The environment variable in which the ChatTokenIssuer construct gives its function its settings. */
const ISSUER_SETTINGS_VARIABLE = 'CHAT_TOKEN_ISSUER_SETTINGS';

/** One token issuer of a deployed stack. */
export interface LocalIssuer {
  readonly stack: OfflineStack;
  /** Its construct path below the stack (`Tokens`), or its function's logical id without path metadata. */
  readonly path: string;
  readonly functionArn: string;
  /** The path it is served at, below the server's endpoint. */
  readonly urlPath: string;
  /** Origins the issuer allows besides loopback ones. */
  readonly allowedOrigins: readonly string[];
}

/** Every function of `stack` that is a ChatTokenIssuer's, found by the settings its construct gives it. */
export function issuersOf(stack: OfflineStack, functionPaths: ReadonlyMap<string, string>): LocalIssuer[] {
  return stack.functions()
    .filter((fn) => fn.environment[ISSUER_SETTINGS_VARIABLE] !== undefined)
    .map((fn) => {
      const path = (functionPaths.get(fn.logicalId) ?? fn.logicalId).replace(/\/Function$/, '');
      let allowedOrigins: string[] = [];
      try {
        const settings = JSON.parse(fn.environment[ISSUER_SETTINGS_VARIABLE]);
        if (Array.isArray(settings.allowedOrigins)) allowedOrigins = settings.allowedOrigins.map(String);
      } catch {
        // The function itself answers that its settings are broken.
      }
      const urlPath = `${ISSUER_PATH_PREFIX}${encodeURIComponent(stack.stackName)}/${path.split('/').map(encodeURIComponent).join('/')}`;
      return { stack, path, functionArn: fn.functionArn, urlPath, allowedOrigins };
    });
}

/** What an HTTP API sends a browser from a loopback page: the local server serves pages on this machine. */
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * Serves `issuers`: a request handler for the paths under `ISSUER_PATH_PREFIX`. `log` gets one
 * line per request the function failed.
 */
export function issuerFront(issuers: readonly LocalIssuer[], region: string, log: (line: string) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    serve(issuers, region, req, res).catch((error: unknown) => {
      log(`token issuer: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
    });
  };
}

async function serve(issuers: readonly LocalIssuer[], region: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const issuer = issuers.find((i) => url.pathname === i.urlPath || url.pathname === `${i.urlPath}/`);
  if (!issuer) {
    const known = issuers.map((i) => i.urlPath).join(', ') || 'none';
    return send(res, 404, { message: `no token issuer at ${url.pathname}; the token issuers are at: ${known}` });
  }
  const origin = req.headers.origin;
  const cors: Record<string, string> = origin && (LOOPBACK_ORIGIN.test(origin) || issuer.allowedOrigins.includes(origin) || issuer.allowedOrigins.includes('*'))
    ? { 'access-control-allow-origin': origin, 'vary': 'Origin' }
    : {};
  if (req.method === 'OPTIONS') {
    return send(res, 204, undefined, {
      ...cors,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-max-age': '300',
    });
  }
  const body = await text(req);
  const authorization = parseAuthorization(req.headers.authorization);
  // An HTTP API's JWT authorizer answers 401 before the function runs.
  if (authorization.kind === 'refused') return send(res, 401, { message: authorization.message }, cors);
  const event = httpApiEvent(req, url, body, issuer, region, authorization.kind === 'claims' ? authorization.claims : undefined);
  const response = await issuer.stack.invokeFunction(issuer.functionArn, event) as
    { statusCode?: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean } | undefined;
  if (typeof response?.statusCode !== 'number') throw new Error(`${issuer.path} answered without a statusCode`);
  const payload = response.body === undefined ? '' : response.isBase64Encoded ? Buffer.from(response.body, 'base64') : response.body;
  res.writeHead(response.statusCode, { ...response.headers, ...cors }).end(payload);
}

/** The event an HTTP API with a JWT authorizer gives the function for this request. */
function httpApiEvent(
  req: IncomingMessage, url: URL, body: string, issuer: LocalIssuer, region: string, claims: Record<string, string> | undefined,
): Record<string, unknown> {
  const apiId = createHash('sha256').update(issuer.functionArn).digest('hex').slice(0, 10);
  return payloadV2Event(req, url, url.pathname, body, {
    apiId,
    domainName: `${apiId}.execute-api.${region}.amazonaws.com`,
    accountId: issuer.functionArn.split(':')[4],
    ...(claims && { authorizer: { jwt: { claims, scopes: null } } }),
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }).end(payload);
}
