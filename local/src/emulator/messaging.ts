/**
 * The messaging face of the emulator: the WebSocket endpoint that chat clients (such as the
 * `amazon-ivs-chat-messaging` SDK) connect to with a token from CreateChatToken, the requests
 * they send (SEND_MESSAGE, DELETE_MESSAGE, DISCONNECT_USER), the frames they receive (MESSAGE,
 * EVENT, ERROR), and the invocation of a room's message review handler. Shares the control
 * plane's HTTP server (upgrade requests) and its in-memory state. Knows nothing about CDK: who
 * runs a review handler is the pluggable `FunctionInvoker`.
 */
import { IncomingMessage, STATUS_CODES } from 'http';
import { performance } from 'perf_hooks';
import { Duplex } from 'stream';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import type { IamRegistry } from './authorization';
import { deleteMessageAttributes, IvsChatState, mostRecent, newId } from './state';
import {
  ChatSession,
  ChatTokenCapability,
  DeliveredMessage,
  EmittedEvent,
  EmulatorRoom,
  FunctionInvoker,
  IssuedToken,
  MessagingRequest,
  RefusedConnection,
  ReviewRecord,
} from './types';
import { codePointLength, utf8Bytes } from './validation';

/** The service's review-handler timeout (IVS Chat service quotas: 200 ms, not adjustable). */
export const REVIEW_TIMEOUT_MS = 200;

/**
 * `ErrorCode`s of ERROR frames, as the Chat Messaging API reference lists them (and the
 * client SDK's `chatErrorCodes` repeats).
 */
export const MESSAGING_ERROR_CODES = {
  badRequest: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  notAcceptable: 406,
  payloadTooLarge: 413,
  tooManyRequests: 429,
  internalServerError: 500,
} as const;

const MAX_ATTRIBUTE_BYTES = 1024;
const MAX_FRAME_BYTES = 64 * 1024;
const MESSAGE_ID = /^[a-zA-Z0-9]{12}$/;
const RATE_WINDOW_MS = 1000;
/** setTimeout's largest delay; longer sessions are re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface MessagingConfig {
  readonly now: () => Date;
  readonly invokeFunction?: FunctionInvoker;
  readonly reviewTimeoutMs?: number;
  /** Lambda's side of a review-handler invocation: the function's resource policy, when registered. */
  readonly iam?: IamRegistry;
  readonly accountId?: string;
}

interface Session {
  readonly id: string;
  readonly ws: WebSocket;
  readonly token: IssuedToken;
  readonly ip: string;
  readonly openTime: string;
  readonly expiresAt: number;
  /** Frames of one connection are handled in order, each after the previous one's review. */
  queue: Promise<void>;
  timer?: NodeJS.Timeout;
  closeReason?: string;
}

/** An ERROR frame about to be sent: the request failed with this code. */
class RequestError extends Error {
  constructor(readonly code: number, message: string, readonly id: string = newId()) {
    super(message);
  }
}

type Json = Record<string, unknown>;

export class MessagingEndpoint {
  private readonly wss: WebSocketServer;
  private readonly sessionsById = new Map<string, Session>();
  private readonly usedTokens = new Set<string>();
  private readonly admitted = new Map<string, number[]>();
  private readonly reviewTimers = new Set<NodeJS.Timeout>();
  private invoker: FunctionInvoker | undefined;
  private refused: RefusedConnection[] = [];
  private requests: MessagingRequest[] = [];
  private reviewLog: ReviewRecord[] = [];
  private delivered: DeliveredMessage[] = [];

  constructor(private readonly state: IvsChatState, private readonly config: MessagingConfig) {
    this.invoker = config.invokeFunction;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      // The client offers the token as its only subprotocol; the server must select it, or a
      // browser (and `ws`) fails the handshake.
      handleProtocols: (protocols) => protocols.values().next().value ?? false,
    });
    state.subscribe({
      eventEmitted: (event) => this.broadcastControlPlaneEvent(event),
      roomDeleted: (roomArn) => {
        for (const session of this.openSessions(roomArn)) this.close(session, 1000, 'Room deleted', 'room-deleted');
      },
    });
  }

  setInvoker(invoker: FunctionInvoker | undefined): void {
    this.invoker = invoker;
  }

  /** The `upgrade` listener of the HTTP server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const value = offered[0];
    const now = this.config.now();
    const token = value ? this.state.token(value) : undefined;
    const refuse = (status: number, message: string) => {
      this.refused.push({ status, message, time: now.toISOString(), userId: token?.userId, roomArn: token?.roomArn });
      rejectHandshake(socket, status, message);
    };
    if (!value) return refuse(401, 'Missing chat token: send it as the WebSocket subprotocol (Sec-WebSocket-Protocol)');
    if (!token) return refuse(401, 'Invalid chat token');
    if (this.usedTokens.has(value)) return refuse(401, 'Chat token already used: a token opens one connection');
    if (now.getTime() >= Date.parse(token.tokenExpirationTime)) {
      return refuse(401, `Chat token expired at ${token.tokenExpirationTime}`);
    }
    if (!this.state.room(token.roomArn)) return refuse(404, `Room ${token.roomArn} not found`);
    this.usedTokens.add(value);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, token, req.socket.remoteAddress ?? '127.0.0.1'));
  }

  sessions(): ChatSession[] {
    return [...this.sessionsById.values()].map((s) => ({
      id: s.id,
      roomArn: s.token.roomArn,
      userId: s.token.userId,
      capabilities: [...s.token.capabilities],
      attributes: { ...s.token.attributes },
      openTime: s.openTime,
      sessionExpirationTime: s.token.sessionExpirationTime,
      state: s.closeReason === undefined ? 'OPEN' : 'CLOSED',
      ...(s.closeReason !== undefined && { closeReason: s.closeReason }),
    }));
  }

  refusedConnections(last?: number): RefusedConnection[] {
    return structuredClone(mostRecent(this.refused, last));
  }

  messagingRequests(): MessagingRequest[] {
    return structuredClone(this.requests);
  }

  reviews(last?: number): ReviewRecord[] {
    return structuredClone(mostRecent(this.reviewLog, last));
  }

  messages(last?: number): DeliveredMessage[] {
    return structuredClone(mostRecent(this.delivered, last));
  }

  expireSessions(): number {
    const now = this.config.now().getTime();
    const due = [...this.sessionsById.values()].filter((s) => s.closeReason === undefined && now >= s.expiresAt);
    for (const session of due) this.expire(session);
    return due.length;
  }

  /** Closes every connection (code 1001) and forgets everything. */
  reset(): void {
    for (const session of this.sessionsById.values()) {
      if (session.closeReason === undefined) this.close(session, 1001, 'Emulator reset', 'emulator-reset');
    }
    this.sessionsById.clear();
    this.usedTokens.clear();
    this.admitted.clear();
    this.refused = [];
    this.requests = [];
    this.reviewLog = [];
    this.delivered = [];
  }

  stop(): void {
    for (const timer of this.reviewTimers) clearTimeout(timer);
    this.reviewTimers.clear();
    for (const session of this.sessionsById.values()) {
      if (session.closeReason === undefined) {
        clearTimeout(session.timer);
        session.closeReason = 'emulator-stopped';
        session.ws.terminate();
      }
    }
    this.wss.close();
  }

  // ---- Connections ----

  private open(ws: WebSocket, token: IssuedToken, ip: string): void {
    const session: Session = {
      id: newId(),
      ws,
      token,
      ip: ip.replace(/^::ffff:/, ''),
      openTime: this.config.now().toISOString(),
      expiresAt: Date.parse(token.sessionExpirationTime),
      queue: Promise.resolve(),
    };
    this.sessionsById.set(session.id, session);
    this.armExpiry(session);
    ws.on('message', (data, isBinary) => {
      session.queue = session.queue.then(() => this.onFrame(session, data, isBinary)).catch((err: unknown) => {
        process.stderr.write(`ivschat emulator: unexpected messaging error: ${err instanceof Error ? err.stack : String(err)}\n`);
        this.sendFrame(session, errorFrame(new RequestError(500, 'Internal error in the emulator')));
      });
    });
    ws.on('close', () => {
      clearTimeout(session.timer);
      session.closeReason ??= 'client';
    });
    ws.on('error', () => undefined);
  }

  /** The timer is measured against the emulator clock when armed; `expireSessions()` covers moved clocks. */
  private armExpiry(session: Session): void {
    const delay = Math.max(0, session.expiresAt - this.config.now().getTime());
    session.timer = setTimeout(() => {
      if (session.closeReason !== undefined) return;
      if (this.config.now().getTime() >= session.expiresAt) this.expire(session);
      else this.armExpiry(session);
    }, Math.min(delay, MAX_TIMER_MS));
    session.timer.unref();
  }

  /**
   * Ends a session at its `sessionExpirationTime`: an ERROR 401 ("the connection has expired"),
   * which the client SDK answers by fetching a new token and reconnecting, then a normal close.
   */
  private expire(session: Session, requestId?: string): void {
    this.sendFrame(session, errorFrame(new RequestError(401, 'Session expired: the connection\'s session duration has passed'), requestId));
    this.close(session, 1000, 'Session expired', 'session-expired');
  }

  private close(session: Session, code: number, reason: string, why: string): void {
    if (session.closeReason !== undefined) return;
    session.closeReason = why;
    clearTimeout(session.timer);
    session.ws.close(code, reason);
  }

  private openSessions(roomArn: string): Session[] {
    return [...this.sessionsById.values()].filter((s) => s.closeReason === undefined && s.token.roomArn === roomArn);
  }

  // ---- Requests ----

  private async onFrame(session: Session, data: RawData, isBinary: boolean): Promise<void> {
    if (session.closeReason !== undefined) return;
    const frame = parseFrame(data, isBinary);
    const requestId = typeof frame?.RequestId === 'string' ? frame.RequestId : undefined;
    const action = typeof frame?.Action === 'string' ? frame.Action : undefined;
    const record = (status: number, errorMessage?: string) => this.requests.push({
      sessionId: session.id,
      roomArn: session.token.roomArn,
      userId: session.token.userId,
      ...(action !== undefined && { action }),
      ...(requestId !== undefined && { requestId }),
      status,
      ...(errorMessage !== undefined && { errorMessage }),
      time: this.config.now().toISOString(),
    });

    if (this.config.now().getTime() >= session.expiresAt) {
      record(401, 'Session expired');
      this.expire(session, requestId);
      return;
    }
    try {
      if (!frame) throw new RequestError(400, 'Invalid request: a frame must be a JSON object');
      if (frame.RequestId !== undefined && typeof frame.RequestId !== 'string') throw new RequestError(400, 'RequestId must be a string');
      const room = this.state.room(session.token.roomArn);
      if (!room) throw new RequestError(404, `Room ${session.token.roomArn} not found`);
      switch (action) {
        case 'SEND_MESSAGE':
          await this.sendMessage(session, room, frame, requestId);
          break;
        case 'DELETE_MESSAGE':
          this.deleteMessage(session, room, frame, requestId);
          break;
        case 'DISCONNECT_USER':
          this.disconnectUser(session, room, frame, requestId);
          break;
        default:
          throw new RequestError(400, `Invalid Action ${JSON.stringify(frame.Action ?? null)}: expected SEND_MESSAGE, DELETE_MESSAGE or DISCONNECT_USER`);
      }
      record(200);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      record(err.code, err.message);
      this.sendFrame(session, errorFrame(err, requestId));
    }
  }

  private async sendMessage(session: Session, room: EmulatorRoom, frame: Json, requestId: string | undefined): Promise<void> {
    requireCapability(session, 'SEND_MESSAGE');
    const content = frame.Content;
    if (typeof content !== 'string') throw new RequestError(400, 'Content is required and must be a string');
    const length = [...content].length;
    if (length === 0) throw new RequestError(400, 'Content must not be empty');
    if (length > room.maximumMessageLength) {
      throw new RequestError(400, `Messages must be at most ${room.maximumMessageLength} chars (this room's maximumMessageLength), got ${length}`);
    }
    const attributes = readAttributes(frame.Attributes);
    if (!this.admit(room)) {
      throw new RequestError(429, `Rate limit exceeded: room accepts at most ${room.maximumMessageRatePerSecond} messages per second`);
    }

    const messageId = newId();
    const reviewed = await this.review(session, room, messageId, content, attributes);
    if (reviewed.result === 'DENY') throw new RequestError(406, reviewed.reason ?? 'Message rejected by the room\'s message review handler', messageId);
    if (session.closeReason !== undefined) return;
    if (!this.state.room(room.arn)) throw new RequestError(404, `Room ${room.arn} not found`, messageId);

    const sendTime = this.config.now().toISOString();
    const senderAttributes = session.token.attributes;
    const message = {
      Type: 'MESSAGE',
      Id: messageId,
      ...(requestId !== undefined && { RequestId: requestId }),
      ...(reviewed.attributes !== undefined && { Attributes: reviewed.attributes }),
      Content: reviewed.content,
      SendTime: sendTime,
      Sender: { UserId: session.token.userId, ...(Object.keys(senderAttributes).length > 0 && { Attributes: senderAttributes }) },
    };
    const recipients = this.broadcast(room.arn, message);
    this.delivered.push({
      id: messageId,
      roomArn: room.arn,
      userId: session.token.userId,
      ...(requestId !== undefined && { requestId }),
      content: reviewed.content,
      ...(reviewed.attributes !== undefined && { attributes: reviewed.attributes }),
      sendTime,
      recipients,
    });
  }

  private deleteMessage(session: Session, room: EmulatorRoom, frame: Json, requestId: string | undefined): void {
    requireCapability(session, 'DELETE_MESSAGE');
    const id = frame.Id;
    if (typeof id !== 'string' || !MESSAGE_ID.test(id)) throw new RequestError(400, 'Id must be the 12-character [a-zA-Z0-9] Id of a message');
    const reason = readReason(frame.Reason);
    this.broadcast(room.arn, eventFrame(newId(), 'aws:DELETE_MESSAGE', deleteMessageAttributes(id, reason), this.config.now().toISOString(), requestId));
  }

  private disconnectUser(session: Session, room: EmulatorRoom, frame: Json, requestId: string | undefined): void {
    requireCapability(session, 'DISCONNECT_USER');
    const userId = frame.UserId;
    // Lengths in code points, as the model counts UserID (1–128) and Reason (1–256).
    if (typeof userId !== 'string' || codePointLength(userId) < 1 || codePointLength(userId) > 128) {
      throw new RequestError(400, 'UserId must be a string of 1 to 128 characters');
    }
    const reason = readReason(frame.Reason);
    this.broadcast(room.arn, eventFrame(newId(), 'aws:DISCONNECT_USER', { UserId: userId, ...(reason !== undefined && { Reason: reason }) },
      this.config.now().toISOString(), requestId));
    this.disconnect(room.arn, userId);
  }

  /** Every connection of the user in the room, after the event went out (ws sends in order). */
  private disconnect(roomArn: string, userId: string): void {
    for (const session of this.openSessions(roomArn).filter((s) => s.token.userId === userId)) {
      this.close(session, 1000, 'Disconnected by a moderator', 'disconnected');
    }
  }

  private broadcastControlPlaneEvent(event: EmittedEvent): void {
    this.broadcast(event.roomArn, eventFrame(event.id, event.eventName, event.attributes, event.sendTime));
    if (event.operation === 'DisconnectUser' && event.userId !== undefined) this.disconnect(event.roomArn, event.userId);
  }

  /** The room's message rate: at most N SEND_MESSAGE admitted in any 1000 ms, across all its connections. */
  private admit(room: EmulatorRoom): boolean {
    const now = performance.now();
    const window = (this.admitted.get(room.arn) ?? []).filter((t) => t > now - RATE_WINDOW_MS);
    const ok = window.length < room.maximumMessageRatePerSecond;
    if (ok) window.push(now);
    this.admitted.set(room.arn, window);
    return ok;
  }

  // ---- Review ----

  /**
   * Runs the room's review handler with the documented event and a deadline; a timeout, an
   * error or an invalid response gives the room's fallbackResult with the original message.
   */
  private async review(session: Session, room: EmulatorRoom, messageId: string, content: string, attributes: Record<string, string> | undefined):
  Promise<{ result: 'ALLOW' | 'DENY'; content: string; attributes?: Record<string, string>; reason?: string }> {
    const handler = room.messageReviewHandler;
    if (!handler) return { result: 'ALLOW', content, attributes };
    const event = {
      Content: content,
      MessageId: messageId,
      RoomArn: room.arn,
      Attributes: attributes ?? {},
      Sender: { UserId: session.token.userId, Attributes: { ...session.token.attributes }, Ip: session.ip },
    };
    const base = { messageId, roomArn: room.arn, userId: session.token.userId, uri: handler.uri, content };
    const started = performance.now();
    const denied = this.invokeDenied(handler.uri, room.arn);
    const outcome = denied ? { kind: 'invoke-denied' as const, detail: denied } : await this.invokeWithDeadline(handler.uri, event);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const verdict = outcome.kind === 'response' ? validateReviewResponse(outcome.value, room) : undefined;
    if (verdict?.ok) {
      const reason = verdict.result === 'DENY' ? verdict.attributes?.Reason : undefined;
      this.reviewLog.push({
        ...base,
        result: verdict.result,
        decidedBy: 'handler',
        durationMs,
        ...(reason !== undefined && { reason }),
        ...(verdict.attributes && { attributes: { ...verdict.attributes } }),
      });
      // A DENY's Attributes.Reason goes into the sender's 406 ErrorMessage (user guide, "Chat
      // message review handler", https://docs.aws.amazon.com/ivs/latest/ChatUserGuide/chat-message-review-handler.html).
      return verdict.result === 'ALLOW'
        ? { result: 'ALLOW', content: verdict.content!, attributes: verdict.attributes ?? attributes }
        : { result: 'DENY', content, reason };
    }
    const fallbackReason = outcome.kind === 'response' ? 'invalid-response' : outcome.kind;
    const detail = outcome.kind === 'error' || outcome.kind === 'invoke-denied' ? outcome.detail : verdict && !verdict.ok ? verdict.problem : undefined;
    this.reviewLog.push({
      ...base,
      result: handler.fallbackResult,
      decidedBy: 'fallback',
      fallbackReason,
      ...(detail !== undefined && { detail }),
      durationMs,
    });
    return { result: handler.fallbackResult, content, attributes };
  }

  /**
   * Lambda's side: a function the emulator knows a resource policy for (the offline deploy
   * registers every function of a deployed stack) is invoked only when that policy lets
   * `ivschat.amazonaws.com` call `lambda:InvokeFunction` from this room
   * (`AWS:SourceArn`, `AWS:SourceAccount`; user guide, "Resource-Based Policy for Amazon IVS Chat",
   * https://docs.aws.amazon.com/ivs/latest/ChatUserGuide/security-iam.html). Returns the denial, if any.
   */
  private invokeDenied(uri: string, roomArn: string): string | undefined {
    const iam = this.config.iam;
    if (!iam || !iam.isRegisteredResource(uri.replace(/^(arn:[^:]+:lambda:[^:]+:[^:]+:function:[^:]+):.*$/, '$1'))) return undefined;
    const result = iam.authorize('lambda', {
      principal: { kind: 'service', service: 'ivschat.amazonaws.com' },
      action: 'lambda:InvokeFunction',
      resource: uri,
      context: { 'aws:SourceArn': roomArn, 'aws:SourceAccount': this.config.accountId ?? roomArn.split(':')[4] },
    });
    return result.allowed ? undefined : `AccessDeniedException: ${result.message}`;
  }

  private async invokeWithDeadline(uri: string, event: Json): Promise<
    { kind: 'response'; value: unknown } | { kind: 'error'; detail: string } | { kind: 'timeout' } | { kind: 'no-invoker' }
  > {
    const invoker = this.invoker;
    if (!invoker) return { kind: 'no-invoker' };
    const timeoutMs = this.config.reviewTimeoutMs ?? REVIEW_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
      this.reviewTimers.add(timer);
    });
    // Lambda hands the function a JSON copy of the event, and the caller a JSON copy of the answer.
    const invocation = Promise.resolve()
      .then(() => invoker(uri, JSON.parse(JSON.stringify(event)) as Json))
      .then(
        (value) => ({ kind: 'response' as const, value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) as unknown }),
        (err: unknown) => ({ kind: 'error' as const, detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }),
      );
    try {
      return await Promise.race([invocation, deadline]);
    } finally {
      clearTimeout(timer);
      this.reviewTimers.delete(timer!);
    }
  }

  // ---- Frames ----

  private broadcast(roomArn: string, frame: object): number {
    const sessions = this.openSessions(roomArn);
    for (const session of sessions) this.sendFrame(session, frame);
    return sessions.length;
  }

  private sendFrame(session: Session, frame: object): void {
    if (session.ws.readyState === WebSocket.OPEN) session.ws.send(JSON.stringify(frame));
  }
}

function requireCapability(session: Session, capability: ChatTokenCapability): void {
  if (!session.token.capabilities.includes(capability)) {
    throw new RequestError(403, `The connection's capabilities do not permit ${capability}: its token was created without that capability`);
  }
}

function readAttributes(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new RequestError(400, 'Attributes must be an object of string values');
  }
  const attributes = value as Record<string, string>;
  const size = Object.entries(attributes).reduce((sum, [k, v]) => sum + utf8Bytes(k) + utf8Bytes(v), 0);
  if (size > MAX_ATTRIBUTE_BYTES) throw new RequestError(413, `Attributes must be at most ${MAX_ATTRIBUTE_BYTES} bytes in total (keys and values, UTF-8), got ${size}`);
  return attributes;
}

function readReason(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || codePointLength(value) < 1 || codePointLength(value) > 256) {
    throw new RequestError(400, 'Reason must be a string of 1 to 256 characters');
  }
  return value;
}

function parseFrame(data: RawData, isBinary: boolean): Json | undefined {
  if (isBinary) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
  } catch {
    return undefined;
  }
}

/** `{ Type: 'ERROR', Id, RequestId?, ErrorCode, ErrorMessage }`, what the client's `parseChatError` reads. */
function errorFrame(error: RequestError, requestId?: string): object {
  return { Type: 'ERROR', Id: error.id, ...(requestId !== undefined && { RequestId: requestId }), ErrorCode: error.code, ErrorMessage: error.message };
}

/** `{ Type: 'EVENT', Id, RequestId?, EventName, Attributes, SendTime }`, what `parseChatEvent` reads. */
function eventFrame(id: string, eventName: string, attributes: Record<string, string>, sendTime: string, requestId?: string): object {
  return { Type: 'EVENT', Id: id, ...(requestId !== undefined && { RequestId: requestId }), EventName: eventName, Attributes: attributes, SendTime: sendTime };
}

type ReviewVerdict =
  | { ok: true; result: 'ALLOW' | 'DENY'; content?: string; attributes?: Record<string, string> }
  | { ok: false; problem: string };

/**
 * The user guide's response syntax `{ ReviewResult, Content?, Attributes? }`; a response that
 * does not follow it or breaks a field constraint is invalid, and the fallback applies.
 */
function validateReviewResponse(value: unknown, room: EmulatorRoom): ReviewVerdict {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'the response is not a JSON object' };
  const response = value as Json;
  if (response.ReviewResult !== 'ALLOW' && response.ReviewResult !== 'DENY') {
    return { ok: false, problem: `ReviewResult must be ALLOW or DENY, got ${JSON.stringify(response.ReviewResult ?? null)}` };
  }
  const content = response.Content;
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string') return { ok: false, problem: 'Content must be a string' };
    if ([...content].length > room.maximumMessageLength) {
      return { ok: false, problem: `Content is longer than the room's maximumMessageLength (${room.maximumMessageLength})` };
    }
  }
  // An ALLOW delivers the returned Content: without one (or with an empty one) there is no message.
  if (response.ReviewResult === 'ALLOW' && (typeof content !== 'string' || content.length === 0)) {
    return { ok: false, problem: 'Content is required, and must not be empty, when ReviewResult is ALLOW' };
  }
  let attributes: Record<string, string> | undefined;
  try {
    attributes = readAttributes(response.Attributes);
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
  return { ok: true, result: response.ReviewResult, content: typeof content === 'string' ? content : undefined, attributes };
}

function rejectHandshake(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ message });
  socket.end([
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n'));
}
