/**
 * The emulator's in-memory model of IVS Chat: rooms, logging configurations, issued tokens and
 * emitted events, with every operation's validation and semantics. Knows nothing about HTTP.
 */
import { randomBytes } from 'crypto';
import { conflict, notFound, quotaExceeded, ResourceType, ServiceError, validationError } from './errors';
import type { RequestContext } from './iam';
import {
  ChatTokenCapability,
  DestinationConfiguration,
  EmittedEvent,
  EmulatorLoggingConfiguration,
  EmulatorMessageReviewHandler,
  EmulatorRoom,
  IssuedToken,
  LOGGING_CONFIGURATION_QUOTA,
  OperationName,
} from './types';
import { JsonObject, RequestReader, StringRule, utf8Bytes } from './validation';

/** An operation's input after HTTP binding: the JSON body plus the label and query members. */
export interface OperationInput {
  readonly body: JsonObject;
  /** `{resourceArn}` of the `/tags/{resourceArn}` routes, URL-decoded. */
  readonly resourceArn?: string;
  /** `tagKeys` query parameters of UntagResource; undefined when none were sent. */
  readonly tagKeys?: string[];
  /**
   * Called once the request is valid and before it touches any resource, with the IAM actions it
   * authorizes; throws (AccessDeniedException) to refuse it. Absent: the caller is not restricted.
   */
  readonly authorize?: (checks: readonly AuthorizationCheck[]) => void;
}

/**
 * One IAM action a request authorizes, on the resource the Service Authorization Reference
 * names for it, with the condition keys the request supplies.
 */
export interface AuthorizationCheck {
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
}

export interface OperationOutput {
  readonly status: number;
  readonly body?: object;
  /** The resource the call touched, for the call log. */
  readonly resourceArn?: string;
}

/** What the messaging endpoint needs to hear about from the control plane. */
export interface StateListener {
  /** SendEvent, DeleteMessage or DisconnectUser succeeded: broadcast it. */
  eventEmitted?(event: EmittedEvent): void;
  /** DeleteRoom succeeded: its connections end. */
  roomDeleted?(roomArn: string): void;
}

export interface StateConfig {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly now: () => Date;
}

// The model's identifier patterns name the `aws` partition; the emulator's own partition takes its
// place (so an emulator in aws-cn accepts arn:aws-cn:… and nothing else), and an ARN of another
// partition is a ValidationException, as the model's pattern makes it on the service.
// The patterns are anchored: the API reference shows them so
// (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_GetRoom.html).
function rulesFor(partition: string) {
  const p = partition.replace(/[^a-z-]/g, '');
  const roomArn = new RegExp(`^arn:${p}:ivschat:[a-z0-9-]+:[0-9]+:room/[a-zA-Z0-9-]+$`);
  const loggingArn = new RegExp(`^arn:${p}:ivschat:[a-z0-9-]+:[0-9]+:logging-configuration/[a-zA-Z0-9-]+$`);
  return {
    roomArn,
    lambdaArn: new RegExp(`^$|^arn:${p}:lambda:[a-z0-9-]+:[0-9]{12}:function:.+`),
    rules: {
      roomIdentifier: { required: true, min: 1, max: 128, pattern: roomArn },
      loggingConfigurationIdentifier: { required: true, min: 1, max: 128, pattern: loggingArn },
      // The model's ResourceArn pattern has `[a-z-]/` (one character) where the resource type goes,
      // which no room or logging-configuration ARN satisfies; the service takes both.
      resourceArn: { required: true, min: 1, max: 128, pattern: new RegExp(`^arn:${p}:ivschat:[a-z0-9-]+:[0-9]+:(room|logging-configuration)/[a-zA-Z0-9-]+$`) },
      lambdaArn: { min: 0, max: 170, pattern: new RegExp(`^$|^arn:${p}:lambda:[a-z0-9-]+:[0-9]{12}:function:.+`) },
      ...COMMON_RULES,
    } satisfies Record<string, StringRule>,
  };
}

const LAMBDA_FUNCTION_ARN = /^arn:([a-z-]+):lambda:([a-z0-9-]+):([0-9]{12}):function:[a-zA-Z0-9-_]{1,64}(:[a-zA-Z0-9-_$]{1,128})?$/;

const COMMON_RULES = {
  name: { min: 0, max: 128, pattern: /^[a-zA-Z0-9-_]*$/ },
  fallbackResult: { enum: ['ALLOW', 'DENY'] },
  tagKey: { min: 1, max: 128 },
  tagValue: { min: 0, max: 256 },
  userId: { required: true, min: 1, max: 128 },
  reason: { min: 1, max: 256 },
  eventName: { required: true, min: 1, max: 100 },
  messageId: { required: true, min: 12, max: 12, pattern: /^[a-zA-Z0-9]+$/ },
  capability: { enum: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'] },
  nextToken: { min: 0, max: 1024 },
  logGroupName: { required: true, min: 1, max: 512, pattern: /^[\.\-_/#A-Za-z0-9]+$/ },
  deliveryStreamName: { required: true, min: 1, max: 64, pattern: /^[a-zA-Z0-9_.-]+$/ },
  bucketName: { required: true, min: 3, max: 63, pattern: /^[a-z0-9-.]+$/ },
} satisfies Record<string, StringRule>;

const MAX_TAGS = 50;
const MAX_ATTRIBUTE_BYTES = 1024;
const MAX_LOGGING_CONFIGURATIONS_PER_ROOM = 3;
const DEFAULT_MAX_RESULTS = 50;
const TOKEN_LIFETIME_MS = 60_000;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A stored resource plus the sequence number of its last update, which orders equal updateTimes. */
interface Stored<T> {
  resource: T;
  sequence: number;
}

interface ListCursor {
  readonly updateTime: number;
  readonly sequence: number;
}

/** 12 characters [a-zA-Z0-9], like the service's room, logging-configuration and event ids. */
export function newId(): string {
  const bytes = randomBytes(12);
  return Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

export class IvsChatState {
  private readonly roomsById = new Map<string, Stored<EmulatorRoom>>();
  private readonly loggingById = new Map<string, Stored<EmulatorLoggingConfiguration>>();
  private issued: IssuedToken[] = [];
  private emitted: EmittedEvent[] = [];
  private sequence = 0;
  private readonly listeners: StateListener[] = [];
  private readonly patterns: ReturnType<typeof rulesFor>;

  constructor(private readonly config: StateConfig) {
    this.patterns = rulesFor(config.partition);
  }

  private get rules() {
    return this.patterns.rules;
  }

  execute(operation: OperationName, input: OperationInput): OperationOutput {
    switch (operation) {
      case 'CreateRoom': return this.createRoom(input);
      case 'GetRoom': return this.getRoom(input);
      case 'UpdateRoom': return this.updateRoom(input);
      case 'DeleteRoom': return this.deleteRoom(input);
      case 'ListRooms': return this.listRooms(input);
      case 'CreateChatToken': return this.createChatToken(input);
      case 'SendEvent': return this.sendEvent(input);
      case 'DeleteMessage': return this.deleteMessage(input);
      case 'DisconnectUser': return this.disconnectUser(input);
      case 'TagResource': return this.tagResource(input);
      case 'UntagResource': return this.untagResource(input);
      case 'ListTagsForResource': return this.listTagsForResource(input);
      case 'CreateLoggingConfiguration': return this.createLoggingConfiguration(input);
      case 'GetLoggingConfiguration': return this.getLoggingConfiguration(input);
      case 'UpdateLoggingConfiguration': return this.updateLoggingConfiguration(input);
      case 'DeleteLoggingConfiguration': return this.deleteLoggingConfiguration(input);
      case 'ListLoggingConfigurations': return this.listLoggingConfigurations(input);
    }
  }

  rooms(): EmulatorRoom[] {
    return sortForListing([...this.roomsById.values()]).map((s) => structuredClone(s.resource));
  }

  room(arnOrId: string): EmulatorRoom | undefined {
    const stored = this.roomsById.get(arnOrId) ?? [...this.roomsById.values()].find((s) => s.resource.arn === arnOrId);
    return stored && structuredClone(stored.resource);
  }

  loggingConfigurations(): EmulatorLoggingConfiguration[] {
    return sortForListing([...this.loggingById.values()]).map((s) => structuredClone(s.resource));
  }

  loggingConfiguration(arnOrId: string): EmulatorLoggingConfiguration | undefined {
    const stored = this.loggingById.get(arnOrId) ?? [...this.loggingById.values()].find((s) => s.resource.arn === arnOrId);
    return stored && structuredClone(stored.resource);
  }

  tokens(): readonly IssuedToken[] {
    return this.issued;
  }

  /** The token record for a token string CreateChatToken returned, if any. */
  token(value: string): IssuedToken | undefined {
    return this.issued.find((t) => t.token === value);
  }

  /** Subscribes to emitted events and room deletions; returns the unsubscribe function. */
  subscribe(listener: StateListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  events(): readonly EmittedEvent[] {
    return this.emitted;
  }

  reset(): void {
    this.roomsById.clear();
    this.loggingById.clear();
    this.issued = [];
    this.emitted = [];
    this.sequence = 0;
  }

  // ---- Rooms ----

  private createRoom({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const name = r.string('name', this.rules.name);
    const maximumMessageRatePerSecond = r.integer('maximumMessageRatePerSecond', { min: 1, max: 100 });
    const maximumMessageLength = r.integer('maximumMessageLength', { min: 1, max: 500 });
    const handler = this.readMessageReviewHandler(r);
    const tags = this.readTags(r, 'tags', false);
    const loggingIds = this.readLoggingConfigurationIdentifiers(r);
    r.throwIfInvalid();
    authorize?.(this.createChecks('CreateRoom', this.arn('room', '*'), tags));
    this.requireUsableLoggingConfigurations(loggingIds ?? []);

    const id = newId();
    const time = this.timestamp();
    const room: EmulatorRoom = {
      arn: this.arn('room', id),
      id,
      name: name ?? '',
      createTime: time,
      updateTime: time,
      maximumMessageLength: maximumMessageLength ?? 500,
      maximumMessageRatePerSecond: maximumMessageRatePerSecond ?? 10,
      loggingConfigurationIdentifiers: loggingIds ?? [],
      tags: tags ?? {},
    };
    room.messageReviewHandler = handlerOf(handler);
    if (!room.messageReviewHandler) delete room.messageReviewHandler;
    this.roomsById.set(id, { resource: room, sequence: ++this.sequence });
    return { status: 200, body: roomView(room), resourceArn: room.arn };
  }

  private getRoom({ body, authorize }: OperationInput): OperationOutput {
    const stored = this.findRoom(body, 'identifier', 'GetRoom', authorize);
    return { status: 200, body: roomView(stored.resource), resourceArn: stored.resource.arn };
  }

  private updateRoom({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const identifier = r.string('identifier', this.rules.roomIdentifier);
    const name = r.string('name', this.rules.name);
    const maximumMessageRatePerSecond = r.integer('maximumMessageRatePerSecond', { min: 1, max: 100 });
    const maximumMessageLength = r.integer('maximumMessageLength', { min: 1, max: 500 });
    const handler = this.readMessageReviewHandler(r);
    const loggingIds = this.readLoggingConfigurationIdentifiers(r);
    r.throwIfInvalid();
    authorize?.([this.check('UpdateRoom', identifier!)]);
    const stored = this.lookupRoom(identifier!);
    if (loggingIds) this.requireUsableLoggingConfigurations(loggingIds);

    const room = stored.resource;
    if (name !== undefined) room.name = name;
    if (maximumMessageRatePerSecond !== undefined) room.maximumMessageRatePerSecond = maximumMessageRatePerSecond;
    if (maximumMessageLength !== undefined) room.maximumMessageLength = maximumMessageLength;
    // The member replaces the handler as a whole: UpdateRoom's messageReviewHandler is a
    // MessageReviewHandler structure whose fallbackResult defaults to ALLOW
    // (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_UpdateRoom.html,
    // https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_MessageReviewHandler.html);
    // nothing documents a merge with the current one. An empty or absent uri removes it.
    if (handler) room.messageReviewHandler = handlerOf(handler);
    if (!room.messageReviewHandler) delete room.messageReviewHandler;
    if (loggingIds) room.loggingConfigurationIdentifiers = loggingIds;
    room.updateTime = this.timestamp();
    stored.sequence = ++this.sequence;
    return { status: 200, body: roomView(room), resourceArn: room.arn };
  }

  private deleteRoom({ body, authorize }: OperationInput): OperationOutput {
    const stored = this.findRoom(body, 'identifier', 'DeleteRoom', authorize);
    this.roomsById.delete(stored.resource.id);
    for (const listener of this.listeners) listener.roomDeleted?.(stored.resource.arn);
    return { status: 204, resourceArn: stored.resource.arn };
  }

  private listRooms({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const name = r.string('name', this.rules.name);
    const nextToken = r.string('nextToken', this.rules.nextToken);
    const maxResults = r.integer('maxResults', { min: 1, max: 50 });
    const handlerUri = r.string('messageReviewHandlerUri', this.rules.lambdaArn);
    const loggingId = r.string('loggingConfigurationIdentifier', { ...this.rules.loggingConfigurationIdentifier, required: false });
    r.throwIfInvalid();
    authorize?.([this.check('ListRooms', this.arn('room', '*'))]);
    const cursor = decodeCursor(nextToken);
    if (loggingId !== undefined) this.lookupLoggingConfiguration(loggingId);

    const matching = [...this.roomsById.values()].filter(({ resource: room }) =>
      (name === undefined || room.name === name)
      && (handlerUri === undefined || room.messageReviewHandler?.uri === handlerUri)
      && (loggingId === undefined || room.loggingConfigurationIdentifiers.includes(loggingId)));
    const page = paginate(matching, cursor, maxResults ?? DEFAULT_MAX_RESULTS);
    return {
      status: 200,
      body: { rooms: page.items.map((room) => roomSummaryView(room)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) },
    };
  }

  // ---- Messaging operations ----

  private createChatToken({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const roomIdentifier = r.string('roomIdentifier', this.rules.roomIdentifier);
    const userId = r.string('userId', this.rules.userId);
    const capabilities = r.stringList('capabilities', { item: this.rules.capability });
    const sessionDurationInMinutes = r.integer('sessionDurationInMinutes', { min: 1, max: 180 });
    const attributes = this.readAttributes(r);
    r.throwIfInvalid();
    authorize?.([this.check('CreateChatToken', roomIdentifier!)]);
    const room = this.lookupRoom(roomIdentifier!).resource;

    const now = this.config.now();
    const duration = sessionDurationInMinutes ?? 60;
    const token: IssuedToken = {
      token: `AQICAH${randomBytes(96).toString('base64url')}`,
      roomArn: room.arn,
      userId: userId!,
      capabilities: [...new Set(capabilities ?? [])] as ChatTokenCapability[],
      attributes: attributes ?? {},
      sessionDurationInMinutes: duration,
      tokenExpirationTime: new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString(),
      sessionExpirationTime: new Date(now.getTime() + duration * 60_000).toISOString(),
      issueTime: now.toISOString(),
    };
    this.issued.push(token);
    return {
      status: 200,
      body: { token: token.token, tokenExpirationTime: token.tokenExpirationTime, sessionExpirationTime: token.sessionExpirationTime },
      resourceArn: room.arn,
    };
  }

  private sendEvent({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const roomIdentifier = r.string('roomIdentifier', this.rules.roomIdentifier);
    const eventName = r.string('eventName', this.rules.eventName);
    const attributes = this.readAttributes(r);
    r.throwIfInvalid();
    authorize?.([this.check('SendEvent', roomIdentifier!)]);
    const room = this.lookupRoom(roomIdentifier!).resource;
    const id = newId();
    this.emit({ operation: 'SendEvent', id, roomArn: room.arn, eventName: eventName!, attributes: attributes ?? {}, sendTime: this.timestamp() });
    return { status: 200, body: { id }, resourceArn: room.arn };
  }

  private deleteMessage({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const roomIdentifier = r.string('roomIdentifier', this.rules.roomIdentifier);
    const messageId = r.string('id', this.rules.messageId);
    const reason = r.string('reason', this.rules.reason);
    r.throwIfInvalid();
    authorize?.([this.check('DeleteMessage', roomIdentifier!)]);
    const room = this.lookupRoom(roomIdentifier!).resource;
    const id = newId();
    this.emit({
      operation: 'DeleteMessage',
      id,
      roomArn: room.arn,
      eventName: 'aws:DELETE_MESSAGE',
      attributes: deleteMessageAttributes(messageId!, reason),
      sendTime: this.timestamp(),
      messageId,
      reason,
    });
    return { status: 200, body: { id }, resourceArn: room.arn };
  }

  private disconnectUser({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const roomIdentifier = r.string('roomIdentifier', this.rules.roomIdentifier);
    const userId = r.string('userId', this.rules.userId);
    const reason = r.string('reason', this.rules.reason);
    r.throwIfInvalid();
    authorize?.([this.check('DisconnectUser', roomIdentifier!)]);
    const room = this.lookupRoom(roomIdentifier!).resource;
    this.emit({
      operation: 'DisconnectUser',
      id: newId(),
      roomArn: room.arn,
      eventName: 'aws:DISCONNECT_USER',
      attributes: { UserId: userId!, ...(reason !== undefined ? { Reason: reason } : {}) },
      sendTime: this.timestamp(),
      userId,
      reason,
    });
    return { status: 200, body: {}, resourceArn: room.arn };
  }

  private emit(event: EmittedEvent): void {
    this.emitted.push(event);
    for (const listener of this.listeners) listener.eventEmitted?.(structuredClone(event));
  }

  // ---- Tags ----

  private tagResource(input: OperationInput): OperationOutput {
    const r = new RequestReader({ ...input.body, resourceArn: input.resourceArn ?? null });
    const arn = r.string('resourceArn', this.rules.resourceArn);
    const tags = this.readTags(r, 'tags', true);
    r.throwIfInvalid();
    input.authorize?.([this.check('TagResource', arn!, requestTagContext(tags!))]);
    const resource = this.lookupTaggable(arn!);
    const merged = { ...resource.tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS) {
      throw validationError([{ name: 'tags', message: `Member must have length less than or equal to ${MAX_TAGS}: the resource would have ${Object.keys(merged).length} tags` }]);
    }
    resource.tags = merged;
    return { status: 200, body: {}, resourceArn: arn };
  }

  private untagResource(input: OperationInput): OperationOutput {
    const r = new RequestReader({ resourceArn: input.resourceArn ?? null, tagKeys: input.tagKeys ?? null });
    const arn = r.string('resourceArn', this.rules.resourceArn);
    const tagKeys = r.stringList('tagKeys', { required: true, maxEntries: MAX_TAGS, item: this.rules.tagKey });
    r.throwIfInvalid();
    input.authorize?.([this.check('UntagResource', arn!, { 'aws:TagKeys': tagKeys! })]);
    const resource = this.lookupTaggable(arn!);
    for (const key of tagKeys!) delete resource.tags[key];
    return { status: 200, body: {}, resourceArn: arn };
  }

  private listTagsForResource(input: OperationInput): OperationOutput {
    const r = new RequestReader({ resourceArn: input.resourceArn ?? null });
    const arn = r.string('resourceArn', this.rules.resourceArn);
    r.throwIfInvalid();
    input.authorize?.([this.check('ListTagsForResource', arn!)]);
    const resource = this.lookupTaggable(arn!);
    return { status: 200, body: { tags: { ...resource.tags } }, resourceArn: arn };
  }

  // ---- Logging configurations ----

  private createLoggingConfiguration({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const name = r.string('name', this.rules.name);
    const destination = this.readDestination(r, true);
    const tags = this.readTags(r, 'tags', false);
    r.throwIfInvalid();
    authorize?.(this.createChecks('CreateLoggingConfiguration', this.arn('logging-configuration', '*'), tags));
    if (this.loggingById.size >= LOGGING_CONFIGURATION_QUOTA) {
      throw quotaExceeded(this.config.accountId, 'LOGGING_CONFIGURATION', LOGGING_CONFIGURATION_QUOTA,
        `Logging configuration quota exceeded: an account may have at most ${LOGGING_CONFIGURATION_QUOTA} logging configurations per region`);
    }
    const id = newId();
    const time = this.timestamp();
    // The API answers ACTIVE (CreateLoggingConfigurationState has no other value), so the
    // emulator skips the CREATING state entirely.
    const configuration: EmulatorLoggingConfiguration = {
      arn: this.arn('logging-configuration', id),
      id,
      name: name ?? '',
      createTime: time,
      updateTime: time,
      destinationConfiguration: destination!,
      state: 'ACTIVE',
      tags: tags ?? {},
    };
    this.loggingById.set(id, { resource: configuration, sequence: ++this.sequence });
    return { status: 200, body: structuredClone(configuration), resourceArn: configuration.arn };
  }

  private getLoggingConfiguration({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const identifier = r.string('identifier', this.rules.loggingConfigurationIdentifier);
    r.throwIfInvalid();
    authorize?.([this.check('GetLoggingConfiguration', identifier!)]);
    const configuration = this.lookupLoggingConfiguration(identifier!).resource;
    return { status: 200, body: structuredClone(configuration), resourceArn: configuration.arn };
  }

  private updateLoggingConfiguration({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const identifier = r.string('identifier', this.rules.loggingConfigurationIdentifier);
    const name = r.string('name', this.rules.name);
    const destination = this.readDestination(r, false);
    r.throwIfInvalid();
    authorize?.([this.check('UpdateLoggingConfiguration', identifier!)]);
    const stored = this.lookupLoggingConfiguration(identifier!);
    const configuration = stored.resource;
    if (name !== undefined) configuration.name = name;
    if (destination) configuration.destinationConfiguration = destination;
    configuration.updateTime = this.timestamp();
    stored.sequence = ++this.sequence;
    return { status: 200, body: structuredClone(configuration), resourceArn: configuration.arn };
  }

  private deleteLoggingConfiguration({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const identifier = r.string('identifier', this.rules.loggingConfigurationIdentifier);
    r.throwIfInvalid();
    authorize?.([this.check('DeleteLoggingConfiguration', identifier!)]);
    const configuration = this.lookupLoggingConfiguration(identifier!).resource;
    const user = [...this.roomsById.values()].find((s) => s.resource.loggingConfigurationIdentifiers.includes(configuration.arn));
    if (user) {
      throw conflict(configuration.id, 'LOGGING_CONFIGURATION',
        `Logging configuration ${configuration.arn} is attached to room ${user.resource.arn}; detach it before deleting it`);
    }
    this.loggingById.delete(configuration.id);
    return { status: 204, resourceArn: configuration.arn };
  }

  private listLoggingConfigurations({ body, authorize }: OperationInput): OperationOutput {
    const r = new RequestReader(body);
    const nextToken = r.string('nextToken', this.rules.nextToken);
    const maxResults = r.integer('maxResults', { min: 1, max: 50 });
    r.throwIfInvalid();
    authorize?.([this.check('ListLoggingConfigurations', this.arn('logging-configuration', '*'))]);
    const page = paginate([...this.loggingById.values()], decodeCursor(nextToken), maxResults ?? DEFAULT_MAX_RESULTS);
    return {
      status: 200,
      body: { loggingConfigurations: page.items.map((c) => structuredClone(c)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) },
    };
  }

  // ---- Reading shared members ----

  private readMessageReviewHandler(r: RequestReader): Partial<EmulatorMessageReviewHandler> | undefined {
    const handler = r.structure('messageReviewHandler');
    if (!handler) return undefined;
    const uri = handler.string('uri', this.rules.lambdaArn);
    const fallbackResult = handler.string('fallbackResult', this.rules.fallbackResult) as EmulatorMessageReviewHandler['fallbackResult'] | undefined;
    if (uri && this.patterns.lambdaArn.test(uri) && !this.isLocalFunctionArn(uri)) {
      handler.fail('uri', `Member must be the ARN of a Lambda function in the room's account and region (arn:${this.config.partition}:lambda:${this.config.region}:${this.config.accountId}:function:<name>[:qualifier])`);
    }
    return { uri, fallbackResult };
  }

  private isLocalFunctionArn(uri: string): boolean {
    const match = LAMBDA_FUNCTION_ARN.exec(uri);
    return !!match && match[1] === this.config.partition && match[2] === this.config.region && match[3] === this.config.accountId;
  }

  private readTags(r: RequestReader, member: string, required: boolean): Record<string, string> | undefined {
    const tags = r.stringMap(member, { required, maxEntries: MAX_TAGS, key: this.rules.tagKey, value: this.rules.tagValue });
    for (const key of Object.keys(tags ?? {})) {
      // AWS tagging reserves the aws: prefix for tags AWS itself applies.
      if (key.toLowerCase().startsWith('aws:')) r.fail(`${member}.key`, `Tag keys must not start with the reserved prefix 'aws:' (got '${key}')`);
    }
    return tags;
  }

  private readAttributes(r: RequestReader): Record<string, string> | undefined {
    const attributes = r.stringMap('attributes');
    if (attributes) {
      const size = Object.entries(attributes).reduce((sum, [k, v]) => sum + utf8Bytes(k) + utf8Bytes(v), 0);
      if (size > MAX_ATTRIBUTE_BYTES) {
        r.fail('attributes', `Member must have a total size (UTF-8 bytes of keys and values) less than or equal to ${MAX_ATTRIBUTE_BYTES}, got ${size}`);
      }
    }
    return attributes;
  }

  private readLoggingConfigurationIdentifiers(r: RequestReader): string[] | undefined {
    return r.stringList('loggingConfigurationIdentifiers', {
      maxEntries: MAX_LOGGING_CONFIGURATIONS_PER_ROOM,
      item: this.rules.loggingConfigurationIdentifier,
    });
  }

  private readDestination(r: RequestReader, required: boolean): DestinationConfiguration | undefined {
    const destination = r.structure('destinationConfiguration', required);
    if (!destination) return undefined;
    const result: DestinationConfiguration = {};
    const cloudWatchLogs = destination.structure('cloudWatchLogs');
    if (cloudWatchLogs) result.cloudWatchLogs = { logGroupName: cloudWatchLogs.string('logGroupName', this.rules.logGroupName) ?? '' };
    const firehose = destination.structure('firehose');
    if (firehose) result.firehose = { deliveryStreamName: firehose.string('deliveryStreamName', this.rules.deliveryStreamName) ?? '' };
    const s3 = destination.structure('s3');
    if (s3) result.s3 = { bucketName: s3.string('bucketName', this.rules.bucketName) ?? '' };
    if (Object.keys(result).length !== 1) {
      r.fail('destinationConfiguration', 'Member must set exactly one of cloudWatchLogs, firehose, s3');
    }
    return result;
  }

  // ---- Lookups ----

  private findRoom(body: JsonObject, member: string, action: string, authorize: OperationInput['authorize']): Stored<EmulatorRoom> {
    const r = new RequestReader(body);
    const identifier = r.string(member, this.rules.roomIdentifier);
    r.throwIfInvalid();
    authorize?.([this.check(action, identifier!)]);
    return this.lookupRoom(identifier!);
  }

  // ---- Authorization ----

  /**
   * `ivschat:<action>` on `resource`, with `aws:ResourceTag/*` of the resource when it exists
   * (Service Authorization Reference for IVS Chat,
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonivschat.html).
   */
  private check(action: string, resource: string, context: RequestContext = {}): AuthorizationCheck {
    const id = arnId(resource);
    const existing = this.roomsById.get(id)?.resource ?? this.loggingById.get(id)?.resource;
    const tags = existing && existing.arn === resource ? existing.tags : {};
    const resourceTags = Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
    return { action: `ivschat:${action}`, resource, context: { ...resourceTags, ...context } };
  }

  /**
   * A create authorizes on the type's `*` ARN (the id does not exist yet) with the request's
   * tags; with tags it authorizes ivschat:TagResource as well, as tag-on-create does (the
   * reference's operations table lists TagResource for CreateRoom and
   * CreateLoggingConfiguration).
   */
  private createChecks(action: string, resource: string, tags: Record<string, string> | undefined): AuthorizationCheck[] {
    const context = requestTagContext(tags ?? {});
    const checks = [this.check(action, resource, context)];
    if (tags && Object.keys(tags).length > 0) checks.push(this.check('TagResource', resource, context));
    return checks;
  }

  private lookupRoom(arn: string): Stored<EmulatorRoom> {
    const stored = this.roomsById.get(arnId(arn));
    if (!stored || stored.resource.arn !== arn) throw notFound(arnId(arn), 'ROOM');
    return stored;
  }

  private lookupLoggingConfiguration(arn: string): Stored<EmulatorLoggingConfiguration> {
    const stored = this.loggingById.get(arnId(arn));
    if (!stored || stored.resource.arn !== arn) throw notFound(arnId(arn), 'LOGGING_CONFIGURATION');
    return stored;
  }

  private lookupTaggable(arn: string): { tags: Record<string, string> } {
    const type: ResourceType = this.patterns.roomArn.test(arn) ? 'ROOM' : 'LOGGING_CONFIGURATION';
    return type === 'ROOM' ? this.lookupRoom(arn).resource : this.lookupLoggingConfiguration(arn).resource;
  }

  /** Every referenced logging configuration must exist and be ACTIVE. */
  private requireUsableLoggingConfigurations(arns: readonly string[]): void {
    for (const arn of arns) {
      const configuration = this.lookupLoggingConfiguration(arn).resource;
      if (configuration.state !== 'ACTIVE') {
        throw conflict(arnId(arn), 'LOGGING_CONFIGURATION', `Logging configuration ${arn} is ${configuration.state}, not ACTIVE`);
      }
    }
  }

  private arn(type: 'room' | 'logging-configuration', id: string): string {
    const { partition, region, accountId } = this.config;
    return `arn:${partition}:ivschat:${region}:${accountId}:${type}/${id}`;
  }

  private timestamp(): string {
    return this.config.now().toISOString();
  }
}

function arnId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * The handler a MessageReviewHandler structure describes: none for an empty or absent `uri`,
 * else the uri with `fallbackResult` defaulting to ALLOW.
 */
function handlerOf(handler: Partial<EmulatorMessageReviewHandler> | undefined): EmulatorMessageReviewHandler | undefined {
  if (!handler?.uri) return undefined;
  return { uri: handler.uri, fallbackResult: handler.fallbackResult ?? 'ALLOW' };
}

/**
 * The `aws:DELETE_MESSAGE` event's attributes: `MessageId`, and `MessageID`, which the Chat
 * Messaging API reference lists as deprecated and still sent
 * (https://docs.aws.amazon.com/ivs/latest/chatmsgapireference/actions-deletemessage-publish.html).
 */
export function deleteMessageAttributes(messageId: string, reason: string | undefined): Record<string, string> {
  return { MessageId: messageId, MessageID: messageId, ...(reason !== undefined ? { Reason: reason } : {}) };
}

function requestTagContext(tags: Record<string, string>): RequestContext {
  const keys = Object.keys(tags);
  if (keys.length === 0) return {};
  return { ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])), 'aws:TagKeys': keys };
}

function roomView(room: EmulatorRoom): object {
  return structuredClone(room);
}

function roomSummaryView(room: EmulatorRoom): object {
  const { arn, id, name, messageReviewHandler, createTime, updateTime, tags, loggingConfigurationIdentifiers } = room;
  return structuredClone({ arn, id, name, messageReviewHandler, createTime, updateTime, tags, loggingConfigurationIdentifiers });
}

/** Newest update first; among equal updateTimes, the later update (or creation) first. */
function sortForListing<T extends { updateTime: string }>(items: Stored<T>[]): Stored<T>[] {
  return [...items].sort((a, b) => compareKeys(keyOf(b), keyOf(a)));
}

function keyOf<T extends { updateTime: string }>(stored: Stored<T>): ListCursor {
  return { updateTime: Date.parse(stored.resource.updateTime), sequence: stored.sequence };
}

function compareKeys(a: ListCursor, b: ListCursor): number {
  return a.updateTime - b.updateTime || a.sequence - b.sequence;
}

/**
 * Keyset pagination: the token names the last item returned, so a page boundary survives
 * inserts and deletes (an item updated between pages moves to the front, as on the service).
 */
function paginate<T extends { updateTime: string }>(items: Stored<T>[], cursor: ListCursor | undefined, maxResults: number) {
  const sorted = sortForListing(items).filter((s) => !cursor || compareKeys(keyOf(s), cursor) < 0);
  const page = sorted.slice(0, maxResults);
  const last = page[page.length - 1];
  const nextToken = sorted.length > maxResults && last ? encodeCursor(keyOf(last)) : undefined;
  return { items: page.map((s) => s.resource), nextToken };
}

function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, u: cursor.updateTime, s: cursor.sequence })).toString('base64url');
}

function decodeCursor(token: string | undefined): ListCursor | undefined {
  if (token === undefined || token === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed === 'object' && parsed !== null
    && 'v' in parsed && parsed.v === 1
    && 'u' in parsed && typeof parsed.u === 'number'
    && 's' in parsed && typeof parsed.s === 'number'
  ) {
    return { updateTime: parsed.u, sequence: parsed.s };
  }
  throw invalidToken();
}

function invalidToken(): ServiceError {
  return validationError([{ name: 'nextToken', message: 'Member must be a token returned by a previous call' }]);
}

/** The most recent `last` entries of a log kept oldest first (all of them when `last` is not given), in a new array. */
export function mostRecent<T>(log: readonly T[], last?: number): T[] {
  return log.slice(last === undefined ? 0 : Math.max(0, log.length - Math.max(0, Math.floor(last))));
}
