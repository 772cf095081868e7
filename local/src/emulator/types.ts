/**
 * Public types of the loopback IVS Chat control-plane emulator.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import type { AuthorizationRecord, IamRegistry } from './authorization';

/** Every control-plane operation the emulator answers. */
export type OperationName =
  | 'CreateRoom'
  | 'GetRoom'
  | 'UpdateRoom'
  | 'DeleteRoom'
  | 'ListRooms'
  | 'CreateChatToken'
  | 'SendEvent'
  | 'DeleteMessage'
  | 'DisconnectUser'
  | 'TagResource'
  | 'UntagResource'
  | 'ListTagsForResource'
  | 'CreateLoggingConfiguration'
  | 'GetLoggingConfiguration'
  | 'UpdateLoggingConfiguration'
  | 'DeleteLoggingConfiguration'
  | 'ListLoggingConfigurations';

/**
 * API rate quotas in transactions per second, per account and region (IVS Chat service quotas;
 * these cannot be raised on the real service).
 */
export const DEFAULT_QUOTAS: Record<OperationName, number> = {
  CreateRoom: 5,
  GetRoom: 5,
  UpdateRoom: 5,
  DeleteRoom: 5,
  ListRooms: 5,
  CreateChatToken: 200,
  SendEvent: 100,
  DeleteMessage: 100,
  DisconnectUser: 100,
  TagResource: 10,
  UntagResource: 10,
  ListTagsForResource: 10,
  CreateLoggingConfiguration: 3,
  GetLoggingConfiguration: 3,
  UpdateLoggingConfiguration: 3,
  DeleteLoggingConfiguration: 3,
  ListLoggingConfigurations: 3,
};

/** All operation names, in a stable order. */
export const OPERATION_NAMES = Object.keys(DEFAULT_QUOTAS) as OperationName[];

/** Logging configurations per account and region (adjustable on the real service). */
export const LOGGING_CONFIGURATION_QUOTA = 10;

export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free port. @default 0 */
  readonly port?: number;
  /**
   * Address to listen on. The endpoints name it, except that an any-address (`0.0.0.0`, `::`)
   * is named as 127.0.0.1.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Other services on the same port: a request whose path starts with a mount's `pathPrefix`
   * goes to its handler instead of the IVS Chat API (no call log, quota or fault applies to it).
   * `cdk-ivs-chat-local` serves the token issuers of an app this way.
   * @default none
   */
  readonly mounts?: readonly EmulatorMount[];
  /** @default '123456789012' */
  readonly accountId?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** ARN partition. @default 'aws' */
  readonly partition?: string;
  /**
   * `true` applies {@link DEFAULT_QUOTAS}, `false` disables rate limiting, an object overrides
   * the quota of the operations it names (the others keep the default).
   * @default true
   */
  readonly rateLimits?: boolean | Partial<Record<OperationName, number>>;
  /** Injected faults. @default none */
  readonly faults?: FaultOptions;
  /** Clock for resource timestamps, token expiry and the call log. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Simulates an account pending verification: the operations that list PendingVerification in
   * the model (creates, updates, deletes, tokens, events) answer 403 PendingVerification.
   * @default false
   */
  readonly pendingVerification?: boolean;
  /**
   * Invokes a room's message review handler: the function ARN and the review event in, the
   * function's response out. The emulator knows nothing about where functions live; a test or
   * the offline deploy supplies this (e.g. by mapping stand-in ARNs to bundled assets).
   * Without one, a room with a handler falls back to its `fallbackResult`, as on an invoke error.
   * @default none
   */
  readonly invokeFunction?: FunctionInvoker;
  /**
   * How long the emulator waits for the review handler. The service's limit is 200 ms and not
   * adjustable; change it only to test the timeout itself.
   * @default 200
   */
  readonly reviewTimeoutMs?: number;
}

/** A service on the emulator's port, for the paths that start with `pathPrefix` (e.g. `/local/`). */
export interface EmulatorMount {
  readonly pathPrefix: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Invokes a Lambda function by ARN with a JSON event and resolves to its JSON response. */
export type FunctionInvoker = (functionArn: string, event: Record<string, unknown>) => Promise<unknown>;

export interface FaultOptions {
  /** Seed of the deterministic PRNG. */
  readonly seed: number;
  /** Probability (0..1) of a 500 InternalServerException without applying the operation. */
  readonly internalErrorRate?: number;
  /** Probability of a 429 ThrottlingException without applying the operation. */
  readonly throttleRate?: number;
  /**
   * Probability of destroying the socket with no response. Half of the drops (as the PRNG
   * decides) happen after the operation was applied: the "lost reply" case.
   */
  readonly dropRate?: number;
  /** Maximum added latency in ms, uniform in [0, latencyMs]. */
  readonly latencyMs?: number;
  /** Restrict faults to these operations. @default all */
  readonly operations?: OperationName[];
}

export type FaultKind = 'internal' | 'throttle' | 'drop-before' | 'drop-after' | 'latency';

export interface CallRecord {
  readonly operation: OperationName | 'Unknown';
  /** HTTP status sent; 0 when the socket was dropped without a response. */
  readonly status: number;
  /** Error type sent in `x-amzn-ErrorType`, for error responses. */
  readonly errorType?: string;
  readonly fault?: FaultKind;
  /** Arrival time, ms since the epoch, from the emulator clock. */
  readonly time: number;
  /** The room or logging-configuration ARN the request named (or created). */
  readonly resourceArn?: string;
  /** The access-key id the request was signed with. */
  readonly accessKeyId?: string;
}

export interface EmulatorMessageReviewHandler {
  uri: string;
  fallbackResult: 'ALLOW' | 'DENY';
}

export interface EmulatorRoom {
  arn: string;
  id: string;
  name: string;
  createTime: string;
  updateTime: string;
  maximumMessageLength: number;
  maximumMessageRatePerSecond: number;
  messageReviewHandler?: EmulatorMessageReviewHandler;
  loggingConfigurationIdentifiers: string[];
  tags: Record<string, string>;
}

export interface DestinationConfiguration {
  cloudWatchLogs?: { logGroupName: string };
  firehose?: { deliveryStreamName: string };
  s3?: { bucketName: string };
}

export type LoggingConfigurationState =
  | 'CREATING' | 'CREATE_FAILED' | 'DELETING' | 'DELETE_FAILED' | 'UPDATING' | 'UPDATE_FAILED' | 'ACTIVE';

export interface EmulatorLoggingConfiguration {
  arn: string;
  id: string;
  name: string;
  createTime: string;
  updateTime: string;
  destinationConfiguration: DestinationConfiguration;
  state: LoggingConfigurationState;
  tags: Record<string, string>;
}

export type ChatTokenCapability = 'SEND_MESSAGE' | 'DISCONNECT_USER' | 'DELETE_MESSAGE';

/** A token minted by CreateChatToken. */
export interface IssuedToken {
  readonly token: string;
  readonly roomArn: string;
  readonly userId: string;
  readonly capabilities: ChatTokenCapability[];
  readonly attributes: Record<string, string>;
  readonly sessionDurationInMinutes: number;
  /** ISO 8601; one minute after issue. */
  readonly tokenExpirationTime: string;
  /** ISO 8601; issue time plus the session duration. */
  readonly sessionExpirationTime: string;
  /** ISO 8601. */
  readonly issueTime: string;
}

/**
 * An event a control-plane call asked the room to broadcast. DeleteMessage and DisconnectUser are
 * recorded the way the messaging API delivers them: events `aws:DELETE_MESSAGE` (attributes
 * `MessageID`, `Reason`) and `aws:DISCONNECT_USER` (attributes `UserId`, `Reason`).
 */
export interface EmittedEvent {
  readonly operation: 'SendEvent' | 'DeleteMessage' | 'DisconnectUser';
  /** The id returned to the caller. */
  readonly id: string;
  readonly roomArn: string;
  readonly eventName: string;
  readonly attributes: Record<string, string>;
  /** ISO 8601. */
  readonly sendTime: string;
  /** DeleteMessage: the message to delete. */
  readonly messageId?: string;
  /** DisconnectUser: the user to disconnect. */
  readonly userId?: string;
  readonly reason?: string;
}

/** A WebSocket connection opened with a chat token. */
export interface ChatSession {
  /** Emulator-generated id of the connection. */
  readonly id: string;
  readonly roomArn: string;
  readonly userId: string;
  readonly capabilities: ChatTokenCapability[];
  /** The token's attributes: `Sender.Attributes` of this user's messages. */
  readonly attributes: Record<string, string>;
  /** ISO 8601, emulator clock. */
  readonly openTime: string;
  /** ISO 8601: the server ends the session then. */
  readonly sessionExpirationTime: string;
  readonly state: 'OPEN' | 'CLOSED';
  /** Why it closed: `client`, `session-expired`, `disconnected`, `room-deleted`, `emulator-reset`, `emulator-stopped`. */
  readonly closeReason?: string;
}

/** A WebSocket handshake the emulator answered with an HTTP error instead of 101. */
export interface RefusedConnection {
  readonly status: number;
  readonly message: string;
  /** ISO 8601, emulator clock. */
  readonly time: string;
  /** Set when the token was known. */
  readonly userId?: string;
  readonly roomArn?: string;
}

export type MessagingAction = 'SEND_MESSAGE' | 'DELETE_MESSAGE' | 'DISCONNECT_USER';

/** One request a client sent over a chat connection, and how it ended. */
export interface MessagingRequest {
  readonly sessionId: string;
  readonly roomArn: string;
  readonly userId: string;
  /** The frame's `Action`, as sent (may be missing or unknown). */
  readonly action?: string;
  readonly requestId?: string;
  /** 200 when the request succeeded, else the `ErrorCode` sent in the ERROR frame. */
  readonly status: number;
  readonly errorMessage?: string;
  /** ISO 8601, emulator clock. */
  readonly time: string;
}

/** One invocation (or skipped invocation) of a room's message review handler. */
export interface ReviewRecord {
  readonly messageId: string;
  readonly roomArn: string;
  readonly userId: string;
  readonly uri: string;
  /** The content the handler was given. */
  readonly content: string;
  /** What happened to the message. */
  readonly result: 'ALLOW' | 'DENY';
  /** `handler`: the handler's valid answer decided; `fallback`: the room's fallbackResult did. */
  readonly decidedBy: 'handler' | 'fallback';
  /**
   * `invoke-denied`: the function's resource policy (registered with `iam.setResourcePolicy`)
   * does not let ivschat.amazonaws.com invoke it for this room.
   */
  readonly fallbackReason?: 'timeout' | 'error' | 'invalid-response' | 'no-invoker' | 'invoke-denied';
  /** The error or the reason the response was invalid. */
  readonly detail?: string;
  /** A DENY's `Attributes.Reason`, from the handler: what the sender is told. */
  readonly reason?: string;
  /** The `Attributes` of the handler's valid answer, as it returned them. */
  readonly attributes?: Record<string, string>;
  /** Wall time until the answer (or the timeout), ms. */
  readonly durationMs: number;
}

/** A message delivered to a room's connections. */
export interface DeliveredMessage {
  readonly id: string;
  readonly roomArn: string;
  readonly userId: string;
  readonly requestId?: string;
  /** The content delivered (after review). */
  readonly content: string;
  readonly attributes?: Record<string, string>;
  /** ISO 8601. */
  readonly sendTime: string;
  /** How many connections it was sent to, the sender's included. */
  readonly recipients: number;
}

export interface CountFilter {
  readonly status?: number;
  /** Only 2xx responses. */
  readonly successOnly?: boolean;
}

export interface IvsChatEmulator {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  /** Every request, in arrival order. */
  readonly calls: readonly CallRecord[];
  /** `ws://127.0.0.1:<port>`: the messaging WebSocket endpoint (the `regionOrUrl` of a chat client). */
  readonly messagingEndpoint: string;
  /**
   * IAM: roles registered by access-key id (their requests are authorized against their
   * identity policies; unregistered keys are not restricted), resource policies of Lambda
   * functions (review handlers are invoked only as those allow), and every decision.
   */
  readonly iam: IamRegistry;
  count(operation?: OperationName, filter?: CountFilter): number;
  /** Deep copies of the current rooms. */
  rooms(): EmulatorRoom[];
  room(arnOrId: string): EmulatorRoom | undefined;
  loggingConfigurations(): EmulatorLoggingConfiguration[];
  loggingConfiguration(arnOrId: string): EmulatorLoggingConfiguration | undefined;
  tokens(): readonly IssuedToken[];
  /** Events sent to rooms, oldest first: the most recent `last` of them, or every one. */
  events(last?: number): readonly EmittedEvent[];
  /** Forgets the call log only. */
  clearCalls(): void;
  /** Forgets everything: state, calls, rate-limit windows. Faults are re-seeded. */
  reset(): void;
  /** Changes faults at runtime (re-seeds the PRNG); `undefined` disables them. */
  setFaults(faults: FaultOptions | undefined): void;
  setRateLimits(rateLimits: EmulatorOptions['rateLimits']): void;
  /** Turns the simulated pending account verification on or off. */
  setPendingVerification(pending: boolean): void;
  /** Every chat connection opened, open or closed, oldest first (copies). */
  sessions(): ChatSession[];
  /** Handshakes refused (bad, used or expired tokens; deleted rooms): the most recent `last`, or every one. */
  refusedConnections(last?: number): RefusedConnection[];
  /** Every request received over chat connections, in arrival order. */
  messagingRequests(): MessagingRequest[];
  /** Reviews of messages by rooms' handlers, oldest first: the most recent `last`, or every one. */
  reviews(last?: number): ReviewRecord[];
  /** Messages delivered to rooms, oldest first: the most recent `last`, or every one. */
  messages(last?: number): DeliveredMessage[];
  /** Replaces (or with `undefined` removes) the review-handler invoker. */
  setFunctionInvoker(invoker: FunctionInvoker | undefined): void;
  /**
   * Ends now every session whose `sessionExpirationTime` has passed on the emulator clock (a
   * timer does it too, but a test with an injected clock moves time without timers firing).
   * Returns how many it ended.
   */
  expireSessions(): number;
  /** Shorthand for `iam.denials()`: every refused authorization, oldest first. */
  denials(): AuthorizationRecord[];
  /** Closes the server and every open socket. */
  stop(): Promise<void>;
}
