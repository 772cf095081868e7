/**
 * What a user's app does, written against the offline deploy: fetch a chat token from the
 * token issuer (its bundled Lambda, invoked with an API Gateway HTTP API event carrying JWT
 * claims) and hand it to an `amazon-ivs-chat-messaging` ChatRoom, which connects to the
 * emulator's messaging endpoint. Shared by the end-to-end tests and `npm run demo`.
 */
import { ChatRoom } from 'amazon-ivs-chat-messaging';
import type {
  ChatError, ChatEvent, ChatLogger, ChatMessage, ChatToken, DeleteMessageEvent, DisconnectReason, DisconnectUserEvent,
} from 'amazon-ivs-chat-messaging';
import { WebSocket } from 'ws';
import type { OfflineStack } from '../../local/src/harness';

/** The SDK uses the global `WebSocket`, which Node 20 lacks: supply the `ws` package's. */
export function installWebSocket(): void {
  const scope = globalThis as { WebSocket?: unknown };
  scope.WebSocket ??= WebSocket;
}

/** JWT claims as an HTTP API JWT authorizer passes them: strings, groups as `[a b]`. */
export type Claims = Record<string, string>;

/** A user signed in with Cognito, as the token issuer sees them. */
export interface SignedInUser {
  readonly sub: string;
  readonly username: string;
  readonly groups?: string[];
}

export function claimsOf(user: SignedInUser): Claims {
  return {
    sub: user.sub,
    preferred_username: user.username,
    token_use: 'id',
    ...(user.groups && { 'cognito:groups': `[${user.groups.join(' ')}]` }),
  };
}

/** An API Gateway HTTP API (payload 2.0) POST, with a JWT authorizer's claims or none. */
export function httpApiEvent(body: Record<string, unknown>, claims?: Claims): Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: 'POST /chat-token',
    rawPath: '/chat-token',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'host': 'api.example.com' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'offline',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'POST', path: '/chat-token', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'e2e' },
      requestId: 'offline',
      routeKey: 'POST /chat-token',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(claims && { authorizer: { jwt: { claims, scopes: null } } }),
    },
  };
}

/** The issuer's 200 body, as a browser would receive it. */
export interface TokenResponse {
  readonly token: string;
  readonly tokenExpirationTime: string;
  readonly sessionExpirationTime: string;
}

/**
 * Calls the token issuer the way the app's backend route would reach it: the bundled function
 * of the deployed stack, with an HTTP API event. Resolves to the parsed 200 body; rejects with
 * the status and message of anything else.
 */
export async function fetchChatToken(stack: OfflineStack, issuerArn: string, roomArn: string, claims?: Claims): Promise<TokenResponse> {
  const response = await stack.invokeFunction(issuerArn, httpApiEvent({ roomIdentifier: roomArn }, claims)) as { statusCode: number; body: string };
  if (response.statusCode !== 200) {
    throw new Error(`token issuer answered ${response.statusCode}: ${response.body}`);
  }
  return JSON.parse(response.body) as TokenResponse;
}

/** What a browser app's `tokenProvider` returns: the ISO strings made `Date`s. */
export function toChatToken(response: TokenResponse): ChatToken {
  return {
    token: response.token,
    tokenExpirationTime: new Date(response.tokenExpirationTime),
    sessionExpirationTime: new Date(response.sessionExpirationTime),
  };
}

/** Keeps the SDK's log lines (it logs every ERROR frame it receives) instead of printing them. */
class QuietLogger implements ChatLogger {
  readonly lines: string[] = [];
  debug(): void {}
  info(): void {}
  error(message: string): void {
    this.lines.push(message);
  }
}

/**
 * One user's `ChatRoom`, with everything it received kept for inspection and waits that fail
 * with a message after a deadline rather than hanging.
 */
export class ChatUser {
  readonly room: ChatRoom;
  readonly messages: ChatMessage[] = [];
  readonly events: ChatEvent[] = [];
  readonly deletes: DeleteMessageEvent[] = [];
  readonly disconnects: DisconnectUserEvent[] = [];
  readonly disconnectReasons: DisconnectReason[] = [];
  readonly logger = new QuietLogger();
  private readonly changed = new Set<() => void>();
  private readonly refreshTimers = new Set<ReturnType<typeof setTimeout>>();

  /** `tokenProvider` is called on every (re)connection, as the SDK does. */
  constructor(readonly name: string, endpoint: string, tokenProvider: () => Promise<ChatToken>, maxReconnectAttempts = 3) {
    installWebSocket();
    this.room = new ChatRoom({ regionOrUrl: endpoint, tokenProvider, maxReconnectAttempts, id: name });
    this.room.logger = this.logger;
    this.room.logLevel = 'error';
    const keep = <T>(into: T[]) => (item: T) => {
      into.push(item);
      this.changed.forEach((notify) => notify());
    };
    this.room.addListener('message', keep(this.messages));
    this.room.addListener('event', keep(this.events));
    this.room.addListener('messageDelete', keep(this.deletes));
    this.room.addListener('userDisconnect', keep(this.disconnects));
    this.room.addListener('disconnect', keep(this.disconnectReasons));
    this.room.addListener('connect', () => this.changed.forEach((notify) => notify()));
    this.trackRefreshTimers();
  }

  /**
   * The SDK schedules a connection refresh before each token expires, but when it reconnects
   * after an ERROR 401 (`ChatRoom.reconnect`, 1.1.1) it does not clear the previous schedule,
   * and `disconnect()` clears only the latest. Keep every one so `close()` can clear them: a
   * leaked timer would reconnect half a minute later and keep a test run alive.
   */
  private trackRefreshTimers(): void {
    const internals = this.room as unknown as {
      nextConnectionScheduleHandle: ReturnType<typeof setTimeout> | null;
      scheduleReconnect(expiry: Date): void;
    };
    const schedule = internals.scheduleReconnect.bind(this.room);
    internals.scheduleReconnect = (expiry: Date) => {
      schedule(expiry);
      if (internals.nextConnectionScheduleHandle) this.refreshTimers.add(internals.nextConnectionScheduleHandle);
    };
  }

  /** Connects and waits for the `connect` event (or a `disconnect`, which fails). */
  async connect(timeoutMs = 2_000): Promise<void> {
    const before = this.disconnectReasons.length;
    this.room.connect();
    await this.until(() => this.room.state === 'connected' || this.disconnectReasons.length > before, `${this.name} to connect`, timeoutMs);
    if (this.room.state !== 'connected') {
      throw new Error(`${this.name} could not connect: ${this.disconnectReasons[this.disconnectReasons.length - 1]}`);
    }
  }

  /** Waits for the room to report `disconnect` and returns its reason. */
  async disconnected(timeoutMs = 2_000): Promise<DisconnectReason> {
    await this.until(() => this.disconnectReasons.length > 0, `${this.name} to be disconnected`, timeoutMs);
    return this.disconnectReasons[this.disconnectReasons.length - 1];
  }

  /** Waits until `find` returns something; rejects after `timeoutMs` naming `what`. */
  async waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 2_000): Promise<T> {
    let found: T | undefined;
    await this.until(() => (found = find()) !== undefined, what, timeoutMs);
    return found!;
  }

  /** Disconnects if need be; safe to call twice. */
  close(): void {
    if (this.room.state !== 'disconnected') this.room.disconnect();
    this.refreshTimers.forEach((timer) => clearTimeout(timer));
    this.refreshTimers.clear();
  }

  private async until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (done()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const poll = setInterval(check, 20);
      const finish = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.changed.delete(check);
      };
      this.changed.add(check);
    });
  }
}

/** The `ChatError` a rejected request gives, or a failure if it did not reject within `timeoutMs`. */
export async function chatError(request: Promise<unknown>, timeoutMs = 2_000): Promise<ChatError> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the request was neither answered nor refused within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([request, timeout]);
  } catch (error) {
    if (typeof (error as ChatError).errorCode === 'number') return error as ChatError;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  throw new Error('the request succeeded');
}

/** Resolves a request's promise within `timeoutMs`, or fails saying what did not happen. */
export async function within<T>(request: Promise<T>, what: string, timeoutMs = 2_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
