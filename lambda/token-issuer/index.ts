import { randomUUID } from 'crypto';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { createChatToken, CreateChatTokenOutput } from './client';
import { ConfigError, readSettings } from './config';
import { fromApiError, IssuerError } from './errors';
import { planToken, TokenPlan } from './policy';
import { originOf, parseRequest, TokenIssuerEvent, transportOf, Transport } from './request';
import { RetryAfterSchedule } from './retry-after';
import {
  ChatTokenErrorResponse, ChatTokenResponse, ThrottlingSettings, TOKEN_ISSUER_CORS, TokenIssuerSettings,
} from '../../src/private/shared/token-contract';
import { isRetryable, isThrottle, withRetries } from '../shared/retry';

export type { DirectTokenRequest, TokenIssuerEvent } from './request';
export type { ChatTokenResponse } from '../../src/private/shared/token-contract';

/** What an HTTP caller gets. */
export type HttpResponse = APIGatewayProxyResult & { headers: Record<string, string> };

/**
 * How long 5xx answers and broken connections are retried before the caller
 * gets 502: a person is waiting. Throttling is not retried here: the caller
 * gets 429 at once, with a `Retry-After` from the schedule.
 */
const RETRY_BUDGET_MS = 400;
/** Left for answering once retries stop. */
const RESPONSE_MARGIN_MS = 500;

/** This instance's view of the CreateChatToken quota (see `retry-after.ts`). */
const schedule = new RetryAfterSchedule();

/**
 * Issues one chat token.
 *
 * HTTP events (API Gateway REST or HTTP API, function URL) always get
 * `{ statusCode, headers, body }`: 200 with `ChatTokenResponse`, or a 4xx/5xx
 * with `{ message }`. A direct invocation gets `ChatTokenResponse` or fails with
 * an `IssuerError` whose name tells the status (`BadRequest`, `Forbidden`, `TooManyRequests`…).
 */
export async function handler(event: TokenIssuerEvent, context?: Context): Promise<HttpResponse | ChatTokenResponse> {
  const transport = transportOf(event);
  let config: TokenIssuerSettings | undefined;
  try {
    config = readSettings(process.env);
    const request = parseRequest(event, transport);
    if (request.method === 'OPTIONS') {
      return http(204, undefined, corsHeaders(config, event, transport, true));
    }
    const plan = planToken(config, request, () => `anonymous-${randomUUID()}`);
    const output = await createToken(plan, retryDeadline(context), config.throttling);
    const body = tokenResponse(output);
    return transport === 'direct' ? body : http(200, body, corsHeaders(config, event, transport, false));
  } catch (error) {
    const failure = asIssuerError(error);
    report(failure, error);
    if (transport === 'direct') {
      throw failure;
    }
    const payload: ChatTokenErrorResponse = { message: failure.message };
    return http(failure.statusCode, payload, { ...failure.headers, ...corsHeaders(config, event, transport, false) });
  }
}

async function createToken(plan: TokenPlan, deadline: number, throttling: ThrottlingSettings): Promise<CreateChatTokenOutput> {
  const input = {
    roomIdentifier: plan.roomArn,
    userId: plan.userId,
    capabilities: plan.capabilities,
    sessionDurationInMinutes: plan.sessionDurationInMinutes,
    attributes: plan.attributes,
  };
  const region = plan.roomArn.split(':')[3];
  try {
    const output = await withRetries(() => createChatToken(input, region), {
      deadline, baseDelayMs: 25, maxDelayMs: 150, retryable: (error) => isRetryable(error) && !isThrottle(error),
    });
    schedule.obtainedToken(Date.now(), throttling);
    return output;
  } catch (error) {
    const retryAfter = isThrottle(error) ? schedule.throttled(Date.now(), throttling) : undefined;
    throw fromApiError(error, plan.roomArn, isRetryable(error), retryAfter);
  }
}

function retryDeadline(context: Context | undefined): number {
  const remaining = context ? context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS : RETRY_BUDGET_MS;
  return Date.now() + Math.min(RETRY_BUDGET_MS, remaining);
}

function tokenResponse(output: CreateChatTokenOutput): ChatTokenResponse {
  const { token, tokenExpirationTime, sessionExpirationTime } = output;
  if (!token || !tokenExpirationTime || !sessionExpirationTime) {
    throw new IssuerError(502, 'IVS Chat answered without a token or its expiration times');
  }
  return {
    token,
    tokenExpirationTime: new Date(tokenExpirationTime).toISOString(),
    sessionExpirationTime: new Date(sessionExpirationTime).toISOString(),
  };
}

function http(statusCode: number, body: object | undefined, headers: Record<string, string>): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/**
 * CORS headers for REST APIs (v1) only: there a proxy integration must set
 * them itself. HTTP APIs and function URLs answer CORS from their own
 * configuration, and headers from the function as well would duplicate them.
 */
function corsHeaders(config: TokenIssuerSettings | undefined, event: unknown, transport: Transport, preflight: boolean): Record<string, string> {
  if (transport !== 'rest' || !config || config.allowedOrigins.length === 0) {
    return {};
  }
  const origin = originOf(event, transport);
  const any = config.allowedOrigins.includes('*');
  if (!any && (origin === undefined || !config.allowedOrigins.includes(origin))) {
    return { vary: 'origin' };
  }
  return {
    'access-control-allow-origin': any ? '*' : origin!,
    ...(!any && { vary: 'origin' }),
    ...(preflight && {
      'access-control-allow-methods': [...TOKEN_ISSUER_CORS.allowedMethods, 'OPTIONS'].join(', '),
      'access-control-allow-headers': TOKEN_ISSUER_CORS.allowedHeaders.join(', '),
      'access-control-max-age': String(TOKEN_ISSUER_CORS.maxAgeSeconds),
    }),
  };
}

function asIssuerError(error: unknown): IssuerError {
  if (error instanceof IssuerError) return error;
  if (error instanceof ConfigError) return new IssuerError(500, 'the chat token issuer is misconfigured; see its logs');
  return new IssuerError(500, 'the chat token issuer failed; see its logs');
}

/**
 * One log line per refused request: the status and the reason, never the token or the request body.
 * A throttled request is expected by the thousand when a stream goes live: its line has no stack.
 */
function report(failure: IssuerError, cause: unknown): void {
  const line: Record<string, unknown> = { level: failure.statusCode >= 500 ? 'ERROR' : 'WARN', status: failure.statusCode, message: failure.message };
  const e = (cause === failure ? failure.cause : cause) as Error | undefined;
  if (e) {
    line.error = { name: e.name, message: e.message, ...(failure.statusCode !== 429 && { stack: e.stack }) };
  }
  if (failure.statusCode === 429) {
    line.retryAfter = failure.headers['retry-after'];
  }
  console.log(JSON.stringify(line));
}
