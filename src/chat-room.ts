import {
  Annotations, ArnFormat, IResource, ITaggable, Names, RemovalPolicy,
  Resource, Stack, TagManager, Token, Tokenization,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { IChatLoggingConfiguration } from './chat-logging-configuration';
import { ivschatResourceId } from './private/arns';
import { defaultName, validateName } from './private/names';
import { ChatRoomCustomResource } from './private/room-custom-resource';
import { ChatRoomProvider } from './private/room-provider';
import { checkIntegerRange, checkTags } from './private/shared/common-rules';
import {
  checkFallbackResult, checkLoggingConfigurationIdentifiers, checkNewRoomName, checkReviewHandlerUri, ROOM_LIMITS, ROOM_TAG_RULES,
} from './private/shared/room-rules';
import { showValue } from './private/shared/show-value';
import { validate } from './private/validation';

/**
 * What IVS Chat does with a message when the review handler fails, answers
 * something invalid, or takes longer than 200 ms.
 */
export enum FallbackResult {
  /** Deliver the message. */
  ALLOW = 'ALLOW',
  /** Drop the message. */
  DENY = 'DENY',
}

/**
 * A Lambda function that reviews every message sent to a room.
 */
export interface MessageReviewHandler {
  /**
   * The function IVS Chat invokes for each message. It must be in the room's
   * account and region; the room grants `ivschat.amazonaws.com` permission to
   * invoke it, conditioned on the account and the room's ARN. When the function
   * is in another stack, the condition is every room of the account and region
   * (the room's ARN would make a dependency cycle): any such room can then have
   * it invoked.
   */
  readonly handler: lambda.IFunction;

  /**
   * What to do with a message when the handler fails or times out.
   *
   * @default FallbackResult.ALLOW
   */
  readonly fallbackResult?: FallbackResult;
}

/**
 * An Amazon IVS Chat room.
 */
export interface IChatRoom extends IResource {
  /**
   * The ARN of the room, e.g. `arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl`.
   *
   * @attribute
   */
  readonly chatRoomArn: string;

  /**
   * The 12-character id of the room.
   *
   * @attribute
   */
  readonly chatRoomId: string;

  /**
   * Grants the given IVS Chat actions on this room, and only on this room.
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grants `ivschat:CreateChatToken` on this room: what a token-vending backend needs.
   */
  grantCreateChatToken(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `ivschat:SendEvent` on this room.
   */
  grantSendEvent(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `ivschat:DeleteMessage` and `ivschat:DisconnectUser` on this room.
   */
  grantModerate(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `ivschat:GetRoom` and `ivschat:ListTagsForResource` on this room.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/**
 * What a chat room and an imported chat room have in common: attributes and grants.
 */
export abstract class ChatRoomBase extends Resource implements IChatRoom {
  public abstract readonly chatRoomArn: string;
  public abstract readonly chatRoomId: string;

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.chatRoomArn],
    });
  }

  public grantCreateChatToken(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'ivschat:CreateChatToken');
  }

  public grantSendEvent(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'ivschat:SendEvent');
  }

  public grantModerate(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'ivschat:DeleteMessage', 'ivschat:DisconnectUser');
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'ivschat:GetRoom', 'ivschat:ListTagsForResource');
  }
}

/**
 * Properties of a `ChatRoom`.
 */
export interface ChatRoomProps {
  /**
   * The room's name: 1 to 128 characters of letters, digits, `-` and `_`.
   * IVS Chat does not require names to be unique, and allows unnamed rooms;
   * this construct does not, because CreateRoom has no idempotency token: when
   * its answer is lost, the provider finds the room it made by name.
   *
   * @default - a name unique to this construct, derived from its path
   */
  readonly chatRoomName?: string;

  /**
   * The longest message the room accepts, in Unicode code points: 1 to 500.
   *
   * @default 500
   */
  readonly maximumMessageLength?: number;

  /**
   * How many messages per second the room accepts from all its clients: 1 to 100.
   * (CloudFormation's `AWS::IVSChat::Room` stops at 10; this construct uses the API.)
   *
   * @default 10
   */
  readonly maximumMessageRatePerSecond?: number;

  /**
   * A Lambda function that reviews every message before it is delivered.
   *
   * @default - messages are delivered without review
   */
  readonly messageReviewHandler?: MessageReviewHandler;

  /**
   * Logging configurations that record every message and event of the room:
   * at most 3, in the room's account and region. More can be added with
   * `addLoggingConfiguration`.
   *
   * @default - the room is not logged
   */
  readonly loggingConfigurations?: IChatLoggingConfiguration[];

  /**
   * What happens to the room when it leaves the stack: `DESTROY` deletes it,
   * `RETAIN` keeps it in the account.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An Amazon IVS Chat room, managed through the IVS Chat API by a
 * custom-resource provider that every room of the stack shares.
 *
 * Unlike `AWS::IVSChat::Room`, it allows up to 100 messages per second and empty tag values.
 *
 * @example
 * declare const reviewer: lambda.IFunction;
 * declare const api: lambda.IFunction;
 *
 * const room = new ChatRoom(this, 'Room', {
 *   maximumMessageLength: 200,
 *   maximumMessageRatePerSecond: 50,
 *   messageReviewHandler: { handler: reviewer, fallbackResult: FallbackResult.DENY },
 * });
 * room.grantCreateChatToken(api);
 * Tags.of(room).add('team', 'live');
 *
 * declare const chatLogs: ChatLoggingConfiguration;
 * room.addLoggingConfiguration(chatLogs);
 */
export class ChatRoom extends ChatRoomBase implements ITaggable {
  /**
   * Imports a room by ARN. The imported room creates nothing and still grants.
   *
   * @param chatRoomArn the ARN, `arn:<partition>:ivschat:<region>:<account>:room/<id>`
   */
  public static fromChatRoomArn(scope: Construct, id: string, chatRoomArn: string): IChatRoom {
    const chatRoomId = ivschatResourceId({ scope, id, kind: 'ChatRoom', property: 'chatRoomArn' }, chatRoomArn, 'room');

    class Import extends ChatRoomBase {
      public readonly chatRoomArn = chatRoomArn;
      public readonly chatRoomId = chatRoomId;
    }
    return new Import(scope, id, { environmentFromArn: chatRoomArn });
  }

  public readonly chatRoomArn: string;
  public readonly chatRoomId: string;

  /**
   * The room's name.
   */
  public readonly chatRoomName: string;

  /**
   * The room's tags, set with `Tags.of(room)`; the provider applies them with
   * TagResource and UntagResource.
   */
  public readonly tags: TagManager;

  private readonly loggingConfigurations: IChatLoggingConfiguration[] = [];

  constructor(scope: Construct, id: string, props: ChatRoomProps = {}) {
    super(scope, id);

    this.chatRoomName = props.chatRoomName ?? defaultName(this);
    const maximumMessageLength = props.maximumMessageLength ?? ROOM_LIMITS.maximumMessageLength.default;
    const maximumMessageRatePerSecond = props.maximumMessageRatePerSecond ?? ROOM_LIMITS.maximumMessageRatePerSecond.default;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;

    validate(this, 'ChatRoom', [
      validateName('chatRoomName', this.chatRoomName),
      Token.isUnresolved(this.chatRoomName) ? undefined : checkNewRoomName('chatRoomName', this.chatRoomName),
      this.validateMaximumMessageLength(maximumMessageLength),
      this.validateMaximumMessageRatePerSecond(maximumMessageRatePerSecond),
      this.validateRemovalPolicy(removalPolicy),
      props.messageReviewHandler === undefined ? undefined : this.validateReviewHandler(props.messageReviewHandler),
    ]);

    const resource = new ChatRoomCustomResource(this, 'Resource', {
      ServiceToken: ChatRoomProvider.of(this).serviceToken,
      Name: this.chatRoomName,
      MaximumMessageLength: Tokenization.stringifyNumber(maximumMessageLength),
      MaximumMessageRatePerSecond: Tokenization.stringifyNumber(maximumMessageRatePerSecond),
      MessageReviewHandler: props.messageReviewHandler && {
        Uri: props.messageReviewHandler.handler.functionArn,
        FallbackResult: props.messageReviewHandler.fallbackResult ?? FallbackResult.ALLOW,
      },
    }, () => this.loggingConfigurationArns());
    resource.applyRemovalPolicy(removalPolicy);
    this.tags = resource.cdkTagManager;
    this.node.addValidation({ validate: () => this.validateTags() });
    this.node.addValidation({ validate: () => this.validateLoggingConfigurations() });

    this.chatRoomArn = resource.getAtt('Arn').toString();
    this.chatRoomId = resource.getAtt('Id').toString();

    if (props.messageReviewHandler) {
      this.allowReviewHandlerInvocation(props.messageReviewHandler.handler);
    }
    for (const config of props.loggingConfigurations ?? []) {
      this.addLoggingConfiguration(config);
    }
  }

  /**
   * Records every message and event of the room with this logging configuration
   * too. A room takes at most 3; the configuration must be in the room's account
   * and region.
   */
  public addLoggingConfiguration(config: IChatLoggingConfiguration) {
    validate(this, 'ChatRoom', [this.validateSameEnvironment('loggingConfigurations', 'a logging configuration', config)]);
    this.loggingConfigurations.push(config);
  }

  private loggingConfigurationArns(): string[] {
    return this.loggingConfigurations.map((config) => config.chatLoggingConfigurationArn);
  }

  /**
   * Lets IVS Chat invoke the review handler for this room only (confused-deputy
   * protection). A handler in another stack cannot name this room's ARN without a
   * dependency cycle, so it is scoped to the rooms of this account and region.
   */
  private allowReviewHandlerInvocation(handler: lambda.IFunction) {
    const stack = Stack.of(this);
    const sameStack = Stack.of(handler) === stack;
    const id = sameStack
      ? `IvsChatInvoke${Names.nodeUniqueId(this.node)}`
      : `IvsChatInvokeRoomsOf${Names.nodeUniqueId(stack.node)}`;
    if (handler.permissionsNode.tryFindChild(id)) {
      return;
    }
    handler.addPermission(id, {
      principal: new iam.ServicePrincipal('ivschat.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: stack.account,
      sourceArn: sameStack ? this.chatRoomArn : stack.formatArn({
        service: 'ivschat',
        resource: 'room',
        resourceName: '*',
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    });
    if (!handler.permissionsNode.tryFindChild(id)) {
      Annotations.of(this).addWarningV2('cdk-ivs-chat:reviewHandlerPermission',
        `The message review handler ${handler.node.path} is imported and cannot be given a permission here. ` +
        'Add a resource-based policy to it that allows principal ivschat.amazonaws.com to call lambda:InvokeFunction, ' +
        `with conditions AWS:SourceAccount = ${stack.account} and AWS:SourceArn = this room's ARN; ` +
        'without it every message gets the fallback result.');
    }
  }

  private validateMaximumMessageLength(value: number): string | undefined {
    const { min, max } = ROOM_LIMITS.maximumMessageLength;
    return Token.isUnresolved(value) ? undefined : checkIntegerRange('maximumMessageLength', value, min, max);
  }

  private validateMaximumMessageRatePerSecond(value: number): string | undefined {
    const { min, max } = ROOM_LIMITS.maximumMessageRatePerSecond;
    return Token.isUnresolved(value) ? undefined : checkIntegerRange('maximumMessageRatePerSecond', value, min, max);
  }

  private validateRemovalPolicy(policy: RemovalPolicy): string | undefined {
    return policy === RemovalPolicy.SNAPSHOT
      ? '`removalPolicy` must be DESTROY or RETAIN (a chat room has no snapshot), got: SNAPSHOT'
      : undefined;
  }

  /**
   * JavaScript callers, and escape hatches of the other languages, can pass
   * any value: refuse what would otherwise make a room without the review it
   * seems to ask for.
   */
  private validateReviewHandler(review: MessageReviewHandler): string[] {
    if (typeof review !== 'object' || review === null) {
      return [`\`messageReviewHandler\` must be a MessageReviewHandler ({ handler, fallbackResult }), got: ${showValue(review)}`];
    }
    const handler: unknown = review.handler;
    if (typeof handler !== 'object' || handler === null || typeof (handler as Partial<lambda.IFunction>).functionArn !== 'string') {
      return [`\`messageReviewHandler.handler\` must be a Lambda function (lambda.IFunction), got: ${showValue(handler)}`];
    }
    const fn = handler as lambda.IFunction;
    return [
      Token.isUnresolved(fn.functionArn) ? undefined : checkReviewHandlerUri('messageReviewHandler.handler.functionArn', fn.functionArn),
      review.fallbackResult === undefined ? undefined : checkFallbackResult('messageReviewHandler.fallbackResult', review.fallbackResult),
      ...this.validateSameEnvironment('messageReviewHandler.handler', 'a function', fn),
    ].filter((problem): problem is string => problem !== undefined);
  }

  /** IVS Chat uses review handlers and logging configurations of the room's own account and region only. */
  private validateSameEnvironment(property: string, kind: string, resource: IResource): string[] {
    const stack = Stack.of(this);
    const problems: string[] = [];
    for (const [what, theirs, ours] of [
      ['account', resource.env.account, stack.account],
      ['region', resource.env.region, stack.region],
    ] as const) {
      if (!Token.isUnresolved(theirs) && !Token.isUnresolved(ours) && theirs !== ours) {
        problems.push(`\`${property}\` must be in the room's ${what} (${ours}), got ${kind} in: ${theirs}`);
      }
    }
    return problems;
  }

  private validateTags(): string[] {
    return checkTags(this.tags.tagValues(), { ...ROOM_TAG_RULES, isToken: Token.isUnresolved });
  }

  private validateLoggingConfigurations(): string[] {
    return checkLoggingConfigurationIdentifiers('loggingConfigurations', this.loggingConfigurationArns());
  }
}
