/**
 * Lambda's front door for the functions of offline stacks, on a loopback port: the Invoke API
 * (`POST /2015-03-31/functions/<name>/invocations`) and each function URL of the templates
 * (`/url/<id>/…`), authorized as Lambda authorizes them.
 *
 * Invoke: the caller's identity policies or the function's resource policy must allow
 * `lambda:InvokeFunction` on the function. Function URLs (Lambda developer guide, "Control access
 * to Lambda function URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html): since
 * October 2025 a call needs both `lambda:InvokeFunctionUrl` (condition key
 * `lambda:FunctionUrlAuthType`) and `lambda:InvokeFunction` (condition key
 * `lambda:InvokedViaFunctionUrl` = true). With auth type `NONE` the caller is anonymous, so both
 * must be granted to `*` in the resource policy; with `AWS_IAM` the request must be SigV4-signed
 * and the signer's identity policies or the resource policy must allow both. Callers whose access
 * key nobody registered are not restricted (administrator credentials).
 */
import { createHash } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { text } from 'stream/consumers';
import type { OfflineStack } from './deployer';
import { payloadV2Event } from './http-event';
import { accessKeyIdOf, IamRegistry, RequestContext, RequestPrincipal } from '../emulator';

/** What Lambda answers a function URL call it refuses. */
const URL_FORBIDDEN = { Message: 'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html' };

interface ServedUrl {
  readonly id: string;
  readonly stack: OfflineStack;
  readonly functionArn: string;
  readonly authType: 'AWS_IAM' | 'NONE';
}

export class LambdaFront {
  /** Starts a front for these stacks on 127.0.0.1; `iam` is the emulator's. */
  public static async start(stacks: readonly OfflineStack[], iam?: IamRegistry, region = 'us-east-1'): Promise<LambdaFront> {
    const front = new LambdaFront(stacks, iam, region);
    await new Promise<void>((resolve) => front.server.listen(0, '127.0.0.1', resolve));
    return front;
  }

  private readonly server: Server;

  private constructor(private readonly stacks: readonly OfflineStack[], private readonly iam: IamRegistry | undefined, readonly region: string) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => send(res, 500, { Message: `harness error: ${String(error)}` }));
    });
  }

  /** `http://127.0.0.1:<port>`: the Lambda API endpoint (`endpoint` of a Lambda client). */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The URL of the function URL that serves `functionArn` (ending in `/`). */
  urlOf(functionArn: string): string {
    const url = this.urls().find((u) => u.functionArn === functionArn);
    if (!url) throw new Error(`no function URL serves ${functionArn}`);
    return `${this.endpoint}/url/${url.id}/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private urls(): ServedUrl[] {
    return this.stacks.flatMap((stack) => {
      try {
        return stack.functionUrls().map((u) => ({
          id: createHash('sha256').update(u.functionArn).digest('hex').slice(0, 32),
          stack,
          functionArn: u.functionArn,
          authType: u.authType,
        }));
      } catch {
        return [];
      }
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await text(req);
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    if (invoke && req.method === 'POST') return this.invoke(req, res, decodeURIComponent(invoke[1]), body);
    const served = /^\/url\/([0-9a-f]{32})(\/.*)?$/.exec(url.pathname);
    const target = served && this.urls().find((u) => u.id === served[1]);
    if (target) return this.callUrl(req, res, target, served![2] ?? '/', url, body);
    send(res, 404, { Message: `No route for ${req.method} ${url.pathname}` }, 'ResourceNotFoundException');
  }

  /** The Invoke API: `lambda:InvokeFunction` for the caller, then the function's answer (or its error). */
  private async invoke(req: IncomingMessage, res: ServerResponse, name: string, body: string): Promise<void> {
    const found = this.find(name);
    if (!found) return send(res, 404, { Message: `Function not found: ${name}` }, 'ResourceNotFoundException');
    const key = accessKeyIdOf(req.headers.authorization);
    if (!key) return send(res, 403, { Message: 'Missing Authentication Token' }, 'MissingAuthenticationTokenException');
    const principal = this.iam?.principalOf(key);
    const denied = principal && this.refusal(principal, 'lambda:InvokeFunction', found.functionArn, {});
    if (denied) return send(res, 403, { Message: denied }, 'AccessDeniedException');
    if (req.headers['x-amz-invocation-type'] === 'DryRun') return send(res, 204, undefined);
    try {
      const result = await found.stack.invokeFunction(found.functionArn, body ? JSON.parse(body) : {});
      send(res, 200, result ?? null);
    } catch (error) {
      const e = error as Error;
      res.setHeader('X-Amz-Function-Error', 'Unhandled');
      send(res, 200, { errorType: e.name ?? 'Error', errorMessage: e.message });
    }
  }

  /** A function URL call: both actions for the caller (anonymous for NONE), then the function with a payload 2.0 event. */
  private async callUrl(req: IncomingMessage, res: ServerResponse, target: ServedUrl, rawPath: string, url: URL, body: string): Promise<void> {
    const key = accessKeyIdOf(req.headers.authorization);
    let principal: RequestPrincipal | undefined;
    if (target.authType === 'AWS_IAM') {
      if (!key) return send(res, 403, URL_FORBIDDEN);
      principal = this.iam?.principalOf(key);
    } else {
      principal = this.iam ? { kind: 'anonymous' } : undefined;
    }
    if (principal) {
      const urlContext = { 'lambda:FunctionUrlAuthType': target.authType, 'lambda:FunctionArn': target.functionArn };
      const denied = this.refusal(principal, 'lambda:InvokeFunctionUrl', target.functionArn, urlContext)
        ?? this.refusal(principal, 'lambda:InvokeFunction', target.functionArn, { 'lambda:InvokedViaFunctionUrl': true });
      if (denied) return send(res, 403, URL_FORBIDDEN);
    }
    const event = urlEvent(req, target, rawPath, url, body, this.region, target.authType === 'AWS_IAM' ? { key: key!, principal } : undefined);
    let result: unknown;
    try {
      result = await target.stack.invokeFunction(target.functionArn, event);
    } catch {
      return send(res, 502, { Message: 'Internal Server Error' });
    }
    const response = result as { statusCode?: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean } | undefined;
    if (response && typeof response === 'object' && typeof response.statusCode === 'number') {
      const payload = response.body === undefined ? '' : response.isBase64Encoded ? Buffer.from(response.body, 'base64') : response.body;
      res.writeHead(response.statusCode, response.headers ?? {}).end(payload);
      return;
    }
    send(res, 200, result ?? null);
  }

  private refusal(principal: RequestPrincipal, action: string, functionArn: string, context: RequestContext): string | undefined {
    const result = this.iam!.authorize('lambda', { principal, action, resource: functionArn, context });
    return result.allowed ? undefined : result.message;
  }

  private find(name: string): { stack: OfflineStack; functionArn: string } | undefined {
    // A name, or an ARN with or without a qualifier.
    const unqualified = name.startsWith('arn:') ? name.split(':').slice(0, 7).join(':') : undefined;
    for (const stack of this.stacks) {
      let functions: { functionArn: string }[] = [];
      try {
        functions = stack.functions();
      } catch {
        continue; // Not deployed.
      }
      const match = functions.find((f) => f.functionArn === unqualified || f.functionArn.endsWith(`:function:${name}`));
      if (match) return { stack, functionArn: match.functionArn };
    }
    return undefined;
  }
}

/** The payload 2.0 event Lambda gives a function for a URL call. */
function urlEvent(
  req: IncomingMessage, target: ServedUrl, rawPath: string, url: URL, body: string, region: string,
  signer: { key: string; principal?: RequestPrincipal } | undefined,
): Record<string, unknown> {
  const accountId = target.functionArn.split(':')[4];
  const principal = signer?.principal;
  const iam = signer && {
    accessKey: signer.key,
    accountId,
    callerId: principal?.kind === 'role' ? `AROAOFFLINE:${principal.sessionArn.split('/').pop()}` : signer.key,
    cognitoIdentity: null,
    principalOrgId: null,
    userArn: principal?.kind === 'role' ? principal.sessionArn : `arn:aws:iam::${accountId}:user/offline`,
    userId: principal?.kind === 'role' ? `AROAOFFLINE:${principal.sessionArn.split('/').pop()}` : signer.key,
  };
  return payloadV2Event(req, url, rawPath, body, {
    apiId: target.id,
    domainName: `${target.id}.lambda-url.${region}.on.aws`,
    accountId: 'anonymous',
    ...(iam && { authorizer: { iam } }),
  });
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  if (errorType) res.setHeader('x-amzn-ErrorType', errorType);
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }).end(payload);
}
