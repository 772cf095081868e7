import { Agent as HttpAgent, request as httpRequest, IncomingMessage, OutgoingHttpHeaders } from 'http';
import { Agent as HttpsAgent, request as httpsRequest } from 'https';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Capability } from '../../src/private/shared/token-rules';

/** CreateChatToken's request members. */
export interface CreateChatTokenInput {
  readonly roomIdentifier: string;
  readonly userId: string;
  readonly capabilities?: readonly Capability[];
  readonly sessionDurationInMinutes?: number;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** CreateChatToken's answer, times as `Date`s as the SDK gives them. */
export interface CreateChatTokenOutput {
  readonly token?: string;
  readonly tokenExpirationTime?: Date;
  readonly sessionExpirationTime?: Date;
}

/**
 * An error answer of the API, shaped as the SDK shapes its exceptions: `name`
 * is the error type (`ThrottlingException`, `ValidationException`…), the
 * modeled members (`fieldList`, `limit`…) are on the error, and `$metadata`
 * carries the HTTP status.
 */
export class IvschatApiError extends Error {
  readonly $metadata: { readonly httpStatusCode: number; readonly requestId?: string };
  readonly $fault: 'client' | 'server';
  [member: string]: unknown;

  constructor(name: string, message: string, status: number, requestId: string | undefined, members: Record<string, unknown>) {
    super(message);
    Object.assign(this, members);
    this.name = name;
    this.$metadata = { httpStatusCode: status, requestId };
    this.$fault = status >= 500 ? 'server' : 'client';
  }
}

const CONNECT_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;

interface Endpoint {
  readonly url: URL;
  readonly signer: SignatureV4;
  readonly agent: HttpAgent;
}

const endpoints = new Map<string, Endpoint>();

/**
 * One signed `POST /CreateChatToken`, as `@aws-sdk/client-ivschat` sends it
 * (restJson1, SigV4 with the SDK's own signer), without loading the SDK: the
 * issuer's cold start is mostly the SDK's module graph. One attempt: the
 * caller decides about retrying.
 */
export async function createChatToken(
  input: CreateChatTokenInput, region: string, env: NodeJS.ProcessEnv = process.env,
): Promise<CreateChatTokenOutput> {
  const endpoint = endpointFor(region, env);
  const body = JSON.stringify(input);
  const signed = await endpoint.signer.sign(new HttpRequest({
    method: 'POST',
    protocol: endpoint.url.protocol,
    hostname: endpoint.url.hostname,
    port: endpoint.url.port ? Number(endpoint.url.port) : undefined,
    path: `${endpoint.url.pathname.replace(/\/$/, '')}/CreateChatToken`,
    headers: {
      'host': endpoint.url.host,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'cdk-ivs-chat-token-issuer',
    },
    body,
  }));
  const { status, headers, text } = await send(endpoint, signed as HttpRequest, body);
  const json = parseJson(text);
  if (status >= 200 && status < 300) {
    return {
      token: typeof json.token === 'string' ? json.token : undefined,
      tokenExpirationTime: date(json.tokenExpirationTime),
      sessionExpirationTime: date(json.sessionExpirationTime),
    };
  }
  throw apiError(status, headers, json);
}

function endpointFor(region: string, env: NodeJS.ProcessEnv): Endpoint {
  const url = endpointUrl(region, env);
  let endpoint = endpoints.get(`${region} ${url}`);
  if (!endpoint) {
    const parsed = new URL(url);
    endpoint = {
      url: parsed,
      signer: new SignatureV4({ service: 'ivschat', region, credentials: () => credentials(env), sha256: Hash.bind(null, 'sha256') }),
      agent: parsed.protocol === 'http:' ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true }),
    };
    endpoints.set(`${region} ${url}`, endpoint);
  }
  return endpoint;
}

/**
 * The partitions of the SDK's endpoint rules (`@aws-sdk/util-endpoints`, `partitions.json`):
 * the region pattern, the DNS suffix, the dual-stack suffix. All support FIPS and dual stack.
 * `client.test.ts` checks every region the SDK knows against the SDK's own resolver.
 */
const PARTITIONS: readonly (readonly [RegExp, string, string])[] = [
  [/^cn-\w+-\d+$/, 'amazonaws.com.cn', 'api.amazonwebservices.com.cn'],
  [/^eusc-(de)-\w+-\d+$/, 'amazonaws.eu', 'api.amazonwebservices.eu'],
  [/^us-iso-\w+-\d+$/, 'c2s.ic.gov', 'api.aws.ic.gov'],
  [/^us-isob-\w+-\d+$/, 'sc2s.sgov.gov', 'api.aws.scloud'],
  [/^eu-isoe-\w+-\d+$/, 'cloud.adc-e.uk', 'api.cloud-aws.adc-e.uk'],
  [/^us-isof-\w+-\d+$/, 'csp.hci.ic.gov', 'api.aws.hci.ic.gov'],
];

/**
 * The endpoint as the SDK finds it: `AWS_ENDPOINT_URL_IVSCHAT`, then `AWS_ENDPOINT_URL` (unless
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`), else the service's regional endpoint, FIPS and dual-stack
 * when `AWS_USE_FIPS_ENDPOINT` / `AWS_USE_DUALSTACK_ENDPOINT` say so.
 */
export function endpointUrl(region: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true' ? undefined : env.AWS_ENDPOINT_URL_IVSCHAT || env.AWS_ENDPOINT_URL;
  if (configured) {
    return configured;
  }
  const [dnsSuffix, dualStackSuffix] = PARTITIONS.find(([pattern]) => pattern.test(region))?.slice(1) ?? ['amazonaws.com', 'api.aws'];
  const fips = env.AWS_USE_FIPS_ENDPOINT === 'true';
  const dualStack = env.AWS_USE_DUALSTACK_ENDPOINT === 'true';
  return `https://${fips ? 'ivschat-fips' : 'ivschat'}.${region}.${dualStack ? dualStackSuffix : dnsSuffix}`;
}

/** What SigV4 signs with. */
interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

let chain: (() => Promise<Credentials>) | undefined;

/**
 * The standard credential chain's first link, the environment (where Lambda
 * puts the role's credentials), read on every call; anything else (a profile,
 * a container or instance role) through the SDK's own chain, loaded only then.
 */
async function credentials(env: NodeJS.ProcessEnv): Promise<Credentials> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken, AWS_PROFILE: profile } = env;
  if (accessKeyId && secretAccessKey && !profile) {
    return { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined };
  }
  if (!chain) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { defaultProvider } = require('@aws-sdk/credential-provider-node') as { defaultProvider: () => () => Promise<Credentials> };
    chain = defaultProvider();
  }
  return chain();
}

function send(endpoint: Endpoint, signed: HttpRequest, body: string): Promise<{ status: number; headers: IncomingMessage['headers']; text: string }> {
  return new Promise((resolve, reject) => {
    const request = (endpoint.url.protocol === 'http:' ? httpRequest : httpsRequest)({
      method: signed.method,
      hostname: signed.hostname,
      port: signed.port,
      path: signed.path,
      headers: signed.headers as OutgoingHttpHeaders,
      agent: endpoint.agent,
      timeout: REQUEST_TIMEOUT_MS,
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    const connectTimer = setTimeout(() => request.destroy(timeoutError('connection', CONNECT_TIMEOUT_MS)), CONNECT_TIMEOUT_MS);
    request.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once('connect', () => clearTimeout(connectTimer));
    });
    request.on('timeout', () => request.destroy(timeoutError('request', REQUEST_TIMEOUT_MS)));
    request.on('error', (error) => {
      clearTimeout(connectTimer);
      reject(error);
    });
    request.end(body);
  });
}

function timeoutError(phase: string, ms: number): Error {
  return Object.assign(new Error(`${phase} timed out after ${ms} ms`), { name: 'TimeoutError' });
}

/** restJson1: the error type is in `x-amzn-ErrorType` (`Type:uri`), or the body's `__type`/`code` (`ns#Type`). */
function apiError(status: number, headers: IncomingMessage['headers'], json: Record<string, unknown>): IvschatApiError {
  const raw = [headers['x-amzn-errortype'], json.__type, json.code].find((v): v is string => typeof v === 'string' && v !== '') ?? `Http${status}`;
  const name = raw.split(':')[0].split('#').pop()!;
  const message = typeof json.message === 'string' ? json.message : typeof json.Message === 'string' ? json.Message : `HTTP ${status}`;
  const { message: _m, Message: _M, __type: _t, ...members } = json;
  const requestId = headers['x-amzn-requestid'];
  return new IvschatApiError(name, message, status, Array.isArray(requestId) ? requestId[0] : requestId, members);
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

function date(value: unknown): Date | undefined {
  return typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
}
