/**
 * The HTTP face of the emulator: restJson1 routing, the SigV4 presence check, real rate limits,
 * injected faults, error serialization and the call log.
 */
import { randomUUID } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo, Socket } from 'net';
import { accessKeyIdOf, AuthorizationRecord, IamRegistry } from './authorization';
import { accessDenied, internalError, pendingVerification, serializationError, ServiceError, throttled, unknownOperation } from './errors';
import { FaultDecision, FaultInjector } from './faults';
import { MessagingEndpoint } from './messaging';
import { RateLimiter } from './rate-limiter';
import { AuthorizationCheck, IvsChatState, mostRecent, OperationInput, OperationOutput } from './state';
import {
  CallRecord,
  ChatSession,
  CountFilter,
  DeliveredMessage,
  EmittedEvent,
  EmulatorLoggingConfiguration,
  EmulatorMount,
  EmulatorOptions,
  EmulatorRoom,
  FaultKind,
  FaultOptions,
  FunctionInvoker,
  IssuedToken,
  IvsChatEmulator,
  MessagingRequest,
  OperationName,
  RefusedConnection,
  ReviewRecord,
} from './types';
import { isJsonObject, Json, JsonObject } from './validation';

const POST_ROUTES: Readonly<Record<string, OperationName>> = {
  '/CreateRoom': 'CreateRoom',
  '/GetRoom': 'GetRoom',
  '/UpdateRoom': 'UpdateRoom',
  '/DeleteRoom': 'DeleteRoom',
  '/ListRooms': 'ListRooms',
  '/CreateChatToken': 'CreateChatToken',
  '/SendEvent': 'SendEvent',
  '/DeleteMessage': 'DeleteMessage',
  '/DisconnectUser': 'DisconnectUser',
  '/CreateLoggingConfiguration': 'CreateLoggingConfiguration',
  '/GetLoggingConfiguration': 'GetLoggingConfiguration',
  '/UpdateLoggingConfiguration': 'UpdateLoggingConfiguration',
  '/DeleteLoggingConfiguration': 'DeleteLoggingConfiguration',
  '/ListLoggingConfigurations': 'ListLoggingConfigurations',
};

const TAG_ROUTES: Readonly<Record<string, OperationName>> = {
  GET: 'ListTagsForResource',
  POST: 'TagResource',
  DELETE: 'UntagResource',
};

const LOGGING_OPERATIONS: readonly OperationName[] = [
  'CreateLoggingConfiguration', 'GetLoggingConfiguration', 'UpdateLoggingConfiguration', 'DeleteLoggingConfiguration', 'ListLoggingConfigurations',
];

/** The operations whose model lists PendingVerification: those that create, change or broadcast. */
const PENDING_VERIFICATION_OPERATIONS: readonly OperationName[] = [
  'CreateChatToken', 'CreateRoom', 'UpdateRoom', 'DeleteRoom', 'SendEvent', 'DeleteMessage', 'DisconnectUser',
  'CreateLoggingConfiguration', 'UpdateLoggingConfiguration', 'DeleteLoggingConfiguration',
];

const MAX_BODY_BYTES = 1024 * 1024;

interface Route {
  readonly operation: OperationName;
  readonly resourceArnLabel?: string;
}

type ParsedBody = { readonly ok: true; readonly body: JsonObject } | { readonly ok: false; readonly error: ServiceError };

/** Starts an emulator (on 127.0.0.1 unless `options.host` says otherwise) and resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<IvsChatEmulator> {
  const emulator = new IvsChatEmulatorServer(options);
  await emulator.listen(options.port ?? 0, options.host);
  return emulator;
}

export class IvsChatEmulatorServer implements IvsChatEmulator {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  /** The underlying server, for extensions (e.g. a WebSocket endpoint on the same port). */
  readonly httpServer: Server;
  /** The in-memory model, for extensions that need more than the read-only views. */
  readonly state: IvsChatState;
  readonly iam: IamRegistry;

  private readonly now: () => Date;
  private readonly limiter: RateLimiter;
  private readonly faults: FaultInjector;
  private readonly messaging: MessagingEndpoint;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private callLog: CallRecord[] = [];
  private port = 0;
  private host = '127.0.0.1';
  private readonly mounts: readonly EmulatorMount[];
  private pendingVerification: boolean;

  constructor(options: EmulatorOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.partition = options.partition ?? 'aws';
    this.now = options.now ?? (() => new Date());
    this.state = new IvsChatState({ accountId: this.accountId, region: this.region, partition: this.partition, now: this.now });
    this.iam = new IamRegistry(this.now);
    this.pendingVerification = options.pendingVerification ?? false;
    this.limiter = new RateLimiter(options.rateLimits);
    this.faults = new FaultInjector(options.faults);
    this.mounts = options.mounts ?? [];
    this.httpServer = createServer((req, res) => {
      const mount = this.mounts.find((m) => (req.url ?? '/').startsWith(m.pathPrefix));
      if (mount) return mount.handler(req, res);
      this.handle(req, res).catch((err: unknown) => this.crash(res, err));
    });
    this.messaging = new MessagingEndpoint(this.state, {
      now: this.now,
      invokeFunction: options.invokeFunction,
      reviewTimeoutMs: options.reviewTimeoutMs,
      iam: this.iam,
      accountId: this.accountId,
    });
    this.httpServer.on('upgrade', (req, socket, head) => this.messaging.handleUpgrade(req, socket, head));
    this.httpServer.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get endpoint(): string {
    return `http://${this.hostAndPort}`;
  }

  get messagingEndpoint(): string {
    return `ws://${this.hostAndPort}`;
  }

  private get hostAndPort(): string {
    const host = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host;
    return `${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  get calls(): readonly CallRecord[] {
    return this.callLog;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<void> {
    this.host = host;
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(port, host, () => {
        this.httpServer.off('error', reject);
        resolve();
      });
    });
    this.port = (this.httpServer.address() as AddressInfo).port;
  }

  count(operation?: OperationName, filter: CountFilter = {}): number {
    return this.callLog.filter((call) =>
      (operation === undefined || call.operation === operation)
      && (filter.status === undefined || call.status === filter.status)
      && (!filter.successOnly || (call.status >= 200 && call.status < 300))).length;
  }

  rooms(): EmulatorRoom[] {
    return this.state.rooms();
  }

  room(arnOrId: string): EmulatorRoom | undefined {
    return this.state.room(arnOrId);
  }

  loggingConfigurations(): EmulatorLoggingConfiguration[] {
    return this.state.loggingConfigurations();
  }

  loggingConfiguration(arnOrId: string): EmulatorLoggingConfiguration | undefined {
    return this.state.loggingConfiguration(arnOrId);
  }

  tokens(): readonly IssuedToken[] {
    return [...this.state.tokens()];
  }

  events(last?: number): readonly EmittedEvent[] {
    return mostRecent(this.state.events(), last);
  }

  sessions(): ChatSession[] {
    return this.messaging.sessions();
  }

  refusedConnections(last?: number): RefusedConnection[] {
    return this.messaging.refusedConnections(last);
  }

  messagingRequests(): MessagingRequest[] {
    return this.messaging.messagingRequests();
  }

  reviews(last?: number): ReviewRecord[] {
    return this.messaging.reviews(last);
  }

  messages(last?: number): DeliveredMessage[] {
    return this.messaging.messages(last);
  }

  setFunctionInvoker(invoker: FunctionInvoker | undefined): void {
    this.messaging.setInvoker(invoker);
  }

  expireSessions(): number {
    return this.messaging.expireSessions();
  }

  clearCalls(): void {
    this.callLog = [];
  }

  reset(): void {
    this.messaging.reset();
    this.state.reset();
    this.iam.clearLog();
    this.callLog = [];
    this.limiter.reset();
    this.faults.reseed();
  }

  setFaults(faults: FaultOptions | undefined): void {
    this.faults.configure(faults);
  }

  setRateLimits(rateLimits: EmulatorOptions['rateLimits']): void {
    this.limiter.configure(rateLimits);
  }

  setPendingVerification(pending: boolean): void {
    this.pendingVerification = pending;
  }

  denials(): AuthorizationRecord[] {
    return this.iam.denials();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.messaging.stop();
    const closed = new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = this.now().getTime();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = resolveRoute(req.method ?? 'GET', url.pathname);
    const raw = await readBody(req);
    const parsed = parseBody(raw);
    const operation = route?.operation;
    const accessKeyId = accessKeyIdOf(req.headers.authorization);
    const record = (status: number, extra: Partial<CallRecord> = {}) => {
      const call: CallRecord = { operation: operation ?? 'Unknown', status, time, ...(accessKeyId !== undefined && { accessKeyId }), ...extra };
      this.callLog.push(JSON.parse(JSON.stringify(call)) as CallRecord);
    };

    const authorization = req.headers.authorization;
    if (typeof authorization !== 'string' || !authorization.startsWith('AWS4-HMAC-SHA256')) {
      const error = accessDenied('Missing or invalid Authorization header: requests must be signed with AWS Signature Version 4');
      record(error.status, { errorType: error.errorType });
      return this.sendError(res, error);
    }
    if (!route || operation === undefined) {
      const error = unknownOperation(req.method ?? '', url.pathname);
      record(error.status, { errorType: error.errorType });
      return this.sendError(res, error);
    }
    const requestedArn = route.resourceArnLabel ?? (parsed.ok ? identifierOf(parsed.body) : undefined);

    const fault = this.faults.decide(operation);
    if (fault.latencyMs > 0) await this.sleep(fault.latencyMs);
    const faultTag = (kind: FaultKind | undefined = fault.kind) => (kind ? { fault: kind } : fault.latencyMs > 0 ? { fault: 'latency' as const } : {});

    if (!this.limiter.tryAcquire(operation)) {
      const error = throttled(
        resourceIdOf(requestedArn) ?? this.accountId,
        LOGGING_OPERATIONS.includes(operation) ? 'LOGGING_CONFIGURATION' : 'ROOM',
        this.limiter.limitOf(operation) ?? 0,
        operation,
      );
      record(error.status, { errorType: error.errorType, resourceArn: requestedArn, ...faultTag(undefined) });
      return this.sendError(res, error);
    }

    const injected = this.injectedError(fault, operation, requestedArn);
    if (injected) {
      record(injected.status, { errorType: injected.errorType, resourceArn: requestedArn, ...faultTag() });
      return this.sendError(res, injected);
    }
    if (this.pendingVerification && PENDING_VERIFICATION_OPERATIONS.includes(operation)) {
      const error = pendingVerification();
      record(error.status, { errorType: error.errorType, resourceArn: requestedArn, ...faultTag() });
      return this.sendError(res, error);
    }
    if (fault.kind === 'drop-before') {
      record(0, { resourceArn: requestedArn, ...faultTag() });
      req.socket.destroy();
      return;
    }

    let output: OperationOutput | undefined;
    let failure: ServiceError | undefined;
    try {
      if (!parsed.ok) throw parsed.error;
      const input: OperationInput = {
        body: parsed.body,
        resourceArn: route.resourceArnLabel,
        tagKeys: url.searchParams.has('tagKeys') ? url.searchParams.getAll('tagKeys') : undefined,
        authorize: (checks) => this.authorize(accessKeyId, checks),
      };
      output = this.state.execute(operation, input);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      failure = err;
    }

    if (fault.kind === 'drop-after') {
      record(0, { resourceArn: output?.resourceArn ?? requestedArn, ...faultTag() });
      req.socket.destroy();
      return;
    }
    if (failure) {
      record(failure.status, { errorType: failure.errorType, resourceArn: requestedArn, ...faultTag() });
      return this.sendError(res, failure);
    }
    record(output!.status, { resourceArn: output!.resourceArn ?? requestedArn, ...faultTag() });
    send(res, output!.status, output!.body);
  }

  private injectedError(fault: FaultDecision, operation: OperationName, requestedArn: string | undefined): ServiceError | undefined {
    if (fault.kind === 'internal') return internalError();
    if (fault.kind === 'throttle') {
      const type = LOGGING_OPERATIONS.includes(operation) ? 'LOGGING_CONFIGURATION' : 'ROOM';
      return throttled(resourceIdOf(requestedArn) ?? this.accountId, type, this.limiter.limitOf(operation) ?? 0, operation);
    }
    return undefined;
  }

  /**
   * IAM for a registered access key: every action the request authorizes must be allowed, or it
   * is AccessDeniedException with AWS's message. Keys nobody registered are not restricted.
   */
  private authorize(accessKeyId: string | undefined, checks: readonly AuthorizationCheck[]): void {
    for (const check of checks) {
      const result = this.iam.authorizeKey('ivschat', accessKeyId, check.action, check.resource, check.context);
      if (result && !result.allowed) throw accessDenied(result.message);
    }
  }

  private sendError(res: ServerResponse, error: ServiceError): void {
    send(res, error.status, error.body(), error.errorType);
  }

  /** A bug in the emulator must not kill the test run: answer 500 and say why on stderr. */
  private crash(res: ServerResponse, err: unknown): void {
    process.stderr.write(`ivschat emulator: unexpected error: ${err instanceof Error ? err.stack : String(err)}\n`);
    this.callLog.push({ operation: 'Unknown', status: 500, errorType: 'InternalServerException', time: this.now().getTime() });
    if (!res.headersSent && !res.destroyed) {
      send(res, 500, { message: 'Internal error in the emulator' }, 'InternalServerException');
    }
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function resolveRoute(method: string, path: string): Route | undefined {
  if (method === 'POST' && POST_ROUTES[path]) return { operation: POST_ROUTES[path] };
  if (path.startsWith('/tags/') && TAG_ROUTES[method]) {
    const label = path.slice('/tags/'.length);
    let resourceArn: string;
    try {
      resourceArn = decodeURIComponent(label);
    } catch {
      resourceArn = label;
    }
    return { operation: TAG_ROUTES[method], resourceArnLabel: resourceArn };
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Keep draining so the client is not left writing into a closed socket, but stop storing.
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

/** An empty body is `{}` (the SDK sends `{}` but other clients may send nothing). */
function parseBody(raw: Buffer | undefined): ParsedBody {
  if (raw === undefined) return { ok: false, error: serializationError(`Request body larger than ${MAX_BODY_BYTES} bytes`) };
  const text = raw.toString('utf8').trim();
  if (text === '') return { ok: true, body: {} };
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    return { ok: false, error: serializationError('Request body is not valid JSON') };
  }
  if (!isJsonObject(value)) return { ok: false, error: serializationError('Request body must be a JSON object') };
  return { ok: true, body: value };
}

/** The bare id of an ARN (`room/AbC…` → `AbC…`), as the model's ResourceId pattern wants it in errors. */
function resourceIdOf(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const id = arn.slice(arn.lastIndexOf('/') + 1);
  return /^[a-zA-Z0-9]+$/.test(id) ? id : undefined;
}

function identifierOf(body: JsonObject): string | undefined {
  const value = body.identifier ?? body.roomIdentifier;
  return typeof value === 'string' ? value : undefined;
}

function send(res: ServerResponse, status: number, body: object | undefined, errorType?: string): void {
  const headers: Record<string, string | number> = { 'x-amzn-RequestId': randomUUID() };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(body));
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = payload.length;
  res.writeHead(status, headers).end(payload);
}
