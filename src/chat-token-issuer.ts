import * as crypto from 'crypto';
import { Annotations, Duration, Lazy, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { IChatRoom } from './chat-room';
import { BundledFunction, validateMemorySize } from './private/bundled-function';
import { showValue } from './private/shared/show-value';
import {
  TOKEN_ISSUER_CORS, TOKEN_ISSUER_DEFAULTS, TOKEN_ISSUER_SETTINGS_VARIABLE, TokenIssuerSettings,
} from './private/shared/token-contract';
import {
  checkCapabilities, checkSessionMinutes, checkTrustedBackend, DISPLAY_NAME_ATTRIBUTE, GROUP_SEPARATORS, orderCapabilities, TOKEN_LIMITS,
} from './private/shared/token-rules';
import { validate } from './private/validation';

/** The id aws-cdk-lib gives the `lambda:InvokeFunction` permission of a NONE URL, in the versions that add it. */
const PUBLIC_URL_INVOKE_ID = 'invoke-function';

/**
 * Claims a user can usually change about themselves (a Cognito user pool lets
 * an app client write them unless its `writeAttributes` leaves them out), so
 * that one user can take another's name.
 */
const MUTABLE_CLAIMS = ['email', 'preferred_username', 'name', 'nickname', 'given_name', 'family_name', 'phone_number'];

/** The two actions a call through a function URL needs. */
type UrlAction = 'lambda:InvokeFunctionUrl' | 'lambda:InvokeFunction';

/**
 * What the holder of a chat token may do in the room. A token without
 * capabilities can only receive messages and events.
 */
export enum ChatTokenCapability {
  /** Send messages. */
  SEND_MESSAGE = 'SEND_MESSAGE',
  /** Disconnect other users. */
  DISCONNECT_USER = 'DISCONNECT_USER',
  /** Delete any message. */
  DELETE_MESSAGE = 'DELETE_MESSAGE',
}

/**
 * Extra capabilities for the members of a group, such as moderators.
 */
export interface GroupCapabilities {
  /** The group's name as the groups claim lists it, e.g. a Cognito user-pool group. */
  readonly group: string;

  /** Capabilities the group's members get on top of the issuer's `capabilities`. */
  readonly capabilities: ChatTokenCapability[];
}

/**
 * Properties of a `ChatTokenIssuer`.
 */
export interface ChatTokenIssuerProps {
  /**
   * The rooms the issuer creates tokens for, at least one. Imported rooms
   * (`ChatRoom.fromChatRoomArn`) are fine. When there are several, each request
   * names its room by ARN or id.
   */
  readonly rooms: IChatRoom[];

  /**
   * What every signed-in user may do. Anonymous viewers never get any.
   *
   * @default [ChatTokenCapability.SEND_MESSAGE]
   */
  readonly capabilities?: ChatTokenCapability[];

  /**
   * Extra capabilities for users in the named groups, read from the groups claim
   * (or, for a trusted backend, from the request's `groups`).
   *
   * @default - no group gets more than `capabilities`
   */
  readonly groupCapabilities?: GroupCapabilities[];

  /**
   * How long a chat session lasts: whole minutes, 1 to 180. Callers may ask for
   * less, never more.
   *
   * @default Duration.minutes(60)
   */
  readonly sessionDuration?: Duration;

  /**
   * Whether requests without identity get a token: a generated user id
   * (`anonymous-<uuid>`) and no capabilities, so they can only watch.
   *
   * @default false
   */
  readonly anonymousViewers?: boolean;

  /**
   * The authorizer claim that holds the user id.
   *
   * @default 'sub'
   */
  readonly userIdClaim?: string;

  /**
   * The authorizer claim that lists the user's groups.
   *
   * @default 'cognito:groups'
   */
  readonly groupsClaim?: string;

  /**
   * An authorizer claim copied into the token's `displayName` attribute, e.g.
   * `preferred_username`, so that other viewers see it with each message.
   *
   * @default - no display name
   */
  readonly displayNameClaim?: string;

  /**
   * Attribute keys a caller may set in the request's `attributes`. All
   * attributes together stay within 1 KB.
   *
   * @default - callers set no attributes
   */
  readonly allowedAttributes?: string[];

  /**
   * Origins whose pages may read the issuer's answers through an API Gateway
   * REST API: the handler answers them with `Access-Control-Allow-Origin`
   * (`*` allows any). HTTP APIs and function URLs answer CORS from their own
   * settings; `addFunctionUrl` uses this list when given no `cors`.
   *
   * @default - no CORS headers
   */
  readonly allowedOrigins?: string[];

  /**
   * IAM principals whose signed requests (an API Gateway method with `AWS_IAM`
   * authorization, or an `AWS_IAM` function URL) may name the user and the
   * user's groups in the body. The handler compares each request's caller ARN
   * with these: a role trusts its sessions, an account principal every
   * principal of that account (`new iam.AccountPrincipal(...)` trusts a whole
   * account). `grantInvokeUrl` adds its grantee too, unless it is a role that
   * Cognito identity pools assume. Any other signer, and anyone signing with
   * Cognito identity-pool credentials, is never trusted to name a user.
   *
   * @default - only the grantees of `grantInvokeUrl`
   */
  readonly trustedBackends?: iam.IPrincipal[];

  /**
   * The most instances of the function that may run at once (Lambda reserved
   * concurrency). Requests beyond it are refused with 429 before they reach the
   * function. Set it when anyone can call the issuer (an `authType: NONE` URL
   * serving anonymous viewers), so that they cannot take all of the account's
   * 200 CreateChatToken calls a second, nor its Lambda concurrency. It caps
   * every caller of the function, signed in or not.
   *
   * @default - no cap: the function shares the account's unreserved concurrency
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * The function's memory, in MiB; Lambda gives CPU in proportion to it.
   *
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * How long the function's logs are kept. The function logs one line per
   * refused request (the status and the reason), never a token or a request body.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Options of `ChatTokenIssuer.addFunctionUrl`.
 */
export interface ChatTokenIssuerUrlOptions {
  /**
   * Who may call the URL. `AWS_IAM` requires SigV4-signed requests; a signer
   * names the user only if it is a trusted backend (`grantInvokeUrl`,
   * `trustedBackends`), a signer with Cognito identity-pool credentials is the
   * identity it signs as, and anyone else is refused. `NONE` serves anonymous
   * viewers only, and requires `anonymousViewers`.
   *
   * @default lambda.FunctionUrlAuthType.AWS_IAM
   */
  readonly authType?: lambda.FunctionUrlAuthType;

  /**
   * CORS settings of the URL. Methods and headers default to what a browser
   * needs to call the issuer (GET, POST; authorization, content-type and the
   * SigV4 headers).
   *
   * @default - `allowedOrigins` of the issuer, if any; otherwise no CORS
   */
  readonly cors?: lambda.FunctionUrlCorsOptions;
}

/**
 * A Lambda function that gives each viewer a chat token for one of the rooms
 * it serves. The user comes from the authorizer's claims or, for a trusted
 * backend, from the request; the capabilities and session length come from
 * this construct, never from the caller. Its role may call only
 * `ivschat:CreateChatToken`, only on these rooms.
 *
 * Put `issuer.function` behind API Gateway (a REST API with a Cognito
 * authorizer, or an HTTP API with a JWT authorizer), call `addFunctionUrl()`,
 * or let a backend invoke it directly after `grantInvoke()`.
 *
 * @example
 * declare const userPool: cognito.IUserPool;
 * const room = new ChatRoom(this, 'Room');
 * const issuer = new ChatTokenIssuer(this, 'Tokens', {
 *   rooms: [room],
 *   groupCapabilities: [{
 *     group: 'moderators',
 *     capabilities: [ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER],
 *   }],
 *   displayNameClaim: 'preferred_username',
 *   sessionDuration: Duration.minutes(120),
 * });
 * const api = new apigateway.LambdaRestApi(this, 'ChatApi', {
 *   handler: issuer.function,
 *   defaultMethodOptions: {
 *     authorizer: new apigateway.CognitoUserPoolsAuthorizer(this, 'Auth', { cognitoUserPools: [userPool] }),
 *   },
 * });
 */
export class ChatTokenIssuer extends Construct {
  /** The function that issues tokens. */
  public readonly function: lambda.IFunction;

  /** The function's log group. */
  public readonly logGroup: logs.ILogGroup;

  private url?: lambda.FunctionUrl;
  private readonly anonymousViewers: boolean;
  private readonly allowedOrigins: string[];
  private readonly reservedConcurrency?: number;
  /** ARNs (perhaps tokens) of the backends trusted to name users, each once. */
  private readonly trustedBackendArns: string[] = [];
  /** Whether a backend was granted direct invocations (`grantInvoke`). */
  private directInvocations = false;

  constructor(scope: Construct, id: string, props: ChatTokenIssuerProps) {
    super(scope, id);

    const defaults = TOKEN_ISSUER_DEFAULTS;
    const rooms = props.rooms ?? [];
    const capabilities = props.capabilities ?? defaults.capabilities;
    const groupCapabilities = props.groupCapabilities ?? [];
    const sessionDuration = props.sessionDuration ?? Duration.minutes(defaults.sessionMinutes);
    const userIdClaim = props.userIdClaim ?? defaults.userIdClaim;
    const groupsClaim = props.groupsClaim ?? defaults.groupsClaim;
    const allowedAttributes = props.allowedAttributes ?? defaults.allowedAttributes;
    this.anonymousViewers = props.anonymousViewers ?? defaults.anonymousViewers;
    this.allowedOrigins = props.allowedOrigins ?? [...defaults.allowedOrigins];

    validate(this, 'ChatTokenIssuer', [
      this.validateRooms(rooms),
      checkCapabilities('capabilities', capabilities),
      this.validateGroupCapabilities(groupCapabilities),
      this.validateSessionDuration(sessionDuration),
      this.validateClaim('userIdClaim', userIdClaim),
      this.validateClaim('groupsClaim', groupsClaim),
      props.displayNameClaim === undefined ? undefined : this.validateClaim('displayNameClaim', props.displayNameClaim),
      this.validateAllowedAttributes(allowedAttributes, props.displayNameClaim !== undefined),
      this.validateAllowedOrigins(this.allowedOrigins),
      validateMemorySize(props.memorySize),
      this.validateReservedConcurrency(props.reservedConcurrentExecutions),
    ]);
    this.reservedConcurrency = props.reservedConcurrentExecutions;
    this.warnAboutClaims(userIdClaim, props.displayNameClaim);
    this.warnAboutGroupNames(groupCapabilities);

    const roomArns = [...new Set(rooms.map((room) => room.chatRoomArn))];
    const settings: TokenIssuerSettings = {
      roomArns,
      capabilities: orderCapabilities(capabilities),
      groupCapabilities: Object.fromEntries(groupCapabilities.map((g) => [g.group, orderCapabilities(g.capabilities)])),
      sessionMinutes: sessionDuration.toMinutes({ integral: false }),
      userIdClaim,
      groupsClaim,
      displayNameClaim: props.displayNameClaim,
      anonymousViewers: this.anonymousViewers,
      allowedAttributes,
      allowedOrigins: this.allowedOrigins,
      throttling: defaults.throttling,
      // Grants come after the constructor: both are read when the template is written.
      trustedBackends: Lazy.list({ produce: () => [...this.trustedBackendArns] }),
      directInvocations: Lazy.any({ produce: () => this.directInvocations }) as unknown as boolean,
    };

    const fn = new BundledFunction(this, 'Function', {
      handler: 'token-issuer',
      description: 'cdk-ivs-chat: issues Amazon IVS Chat tokens',
      // One API call with a retry budget of 400 ms; anything longer is a fault.
      timeout: Duration.seconds(5),
      memorySize: props.memorySize,
      invokedBy: 'API Gateway, its function URL or a backend',
      roleId: 'ServiceRole',
      roleDescription: 'cdk-ivs-chat: creates chat tokens for the issuer\'s rooms',
      logGroupId: 'Logs',
      logRetention: props.logRetention,
      environment: { [TOKEN_ISSUER_SETTINGS_VARIABLE]: Stack.of(this).toJsonString(settings) },
    });
    // One statement naming every room, rather than one grant per room.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['ivschat:CreateChatToken'],
      resourceArns: roomArns,
    });

    if (props.reservedConcurrentExecutions !== undefined) {
      (fn.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = props.reservedConcurrentExecutions;
    }

    this.function = fn;
    this.logGroup = fn.logGroup;
    for (const backend of props.trustedBackends ?? []) {
      this.addTrustedBackend(backend);
    }
    this.node.addValidation({ validate: () => this.findNonProxyIntegrations() });
  }

  /**
   * Trusts a backend to name the user and the user's groups in the requests it
   * signs (an API Gateway method with `AWS_IAM` authorization, or an `AWS_IAM`
   * function URL); see `trustedBackends`. It grants no permission: the
   * backend still needs `grantInvokeUrl` or `execute-api:Invoke`.
   */
  public addTrustedBackend(principal: iam.IPrincipal): void {
    const arns = principalArns(principal);
    validate(this, 'ChatTokenIssuer', [
      arns.length === 0
        ? `\`trustedBackends\` must hold IAM principals with an ARN (a role, a user, an account), got: ${principal.toString()}`
        : undefined,
      ...arns.filter((arn) => !Token.isUnresolved(arn)).map((arn) => checkTrustedBackend('trustedBackends', arn)),
    ]);
    for (const arn of arns) {
      if (!this.trustedBackendArns.includes(arn)) this.trustedBackendArns.push(arn);
    }
  }

  /** The function URL, once `addFunctionUrl` has added it. */
  public get functionUrl(): lambda.FunctionUrl | undefined {
    return this.url;
  }

  /**
   * Adds a function URL, with `AWS_IAM` auth unless told otherwise. A function
   * has at most one URL.
   */
  public addFunctionUrl(options: ChatTokenIssuerUrlOptions = {}): lambda.FunctionUrl {
    const authType = options.authType ?? lambda.FunctionUrlAuthType.AWS_IAM;
    validate(this, 'ChatTokenIssuer', [
      this.url ? '`addFunctionUrl` may be called once: a function has at most one URL, and this one has it' : undefined,
      authType === lambda.FunctionUrlAuthType.NONE && !this.anonymousViewers
        ? '`addFunctionUrl` with authType NONE lets anyone call the URL without identity, so it can serve only anonymous viewers: '
          + 'set `anonymousViewers: true`, or keep AWS_IAM and put a Cognito or JWT authorizer in front through API Gateway'
        : undefined,
    ]);
    const cors = options.cors ?? (this.allowedOrigins.length > 0 ? { allowedOrigins: this.allowedOrigins } : undefined);
    this.url = this.function.addFunctionUrl({
      authType,
      cors: cors && {
        allowedMethods: TOKEN_ISSUER_CORS.allowedMethods.map((method) => lambda.HttpMethod[method]),
        allowedHeaders: [...TOKEN_ISSUER_CORS.allowedHeaders],
        maxAge: Duration.seconds(TOKEN_ISSUER_CORS.maxAgeSeconds),
        ...cors,
      },
    });
    // aws-cdk-lib lets anyone call a NONE URL with lambda:InvokeFunctionUrl;
    // since October 2025 Lambda also wants lambda:InvokeFunction through the
    // URL, which aws-cdk-lib adds (as `invoke-function`) only in recent versions.
    if (authType === lambda.FunctionUrlAuthType.NONE && !this.function.node.tryFindChild(PUBLIC_URL_INVOKE_ID)) {
      this.addUrlPermission(PUBLIC_URL_INVOKE_ID, new iam.AnyPrincipal(), 'lambda:InvokeFunction');
    }
    if (authType === lambda.FunctionUrlAuthType.NONE && this.reservedConcurrency === undefined) {
      Annotations.of(this).addWarningV2('cdk-ivs-chat:publicUrlUncapped',
        'a function URL with authType NONE lets anyone mint view-only tokens as fast as they like, sharing the account\'s '
        + '200 CreateChatToken calls a second with signed-in users: set `reservedConcurrentExecutions` to cap the function, '
        + 'or serve anonymous viewers through API Gateway with throttling or AWS WAF rate-based rules');
    }
    return this.url;
  }

  /**
   * Lets a backend invoke the function directly (`lambda:InvokeFunction`). A
   * direct caller names the user and the user's groups: grant it only to code
   * that has authenticated the user itself. The function serves direct
   * invocations only once this has been called: an invocation carries no
   * caller identity, so whoever may invoke the function is trusted.
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    this.directInvocations = true;
    // The issuer has no versions or aliases, so a principal of this account gets
    // the function ARN alone, without the `:*` that `lambda.Function.grantInvoke`
    // adds (and cdk-nag flags). Other principals need the resource policy it writes.
    const account = grantee.grantPrincipal.principalAccount;
    const comparison = account ? Token.compareStrings(Stack.of(this).account, account) : undefined;
    if (comparison === TokenComparison.SAME || comparison === TokenComparison.BOTH_UNRESOLVED) {
      const grant = iam.Grant.addToPrincipal({ grantee, actions: ['lambda:InvokeFunction'], resourceArns: [this.function.functionArn] });
      if (grant.success) return grant;
    }
    return this.function.grantInvoke(grantee);
  }

  /**
   * Lets a principal call the function URL when it uses `AWS_IAM` auth:
   * `lambda:InvokeFunctionUrl` (condition `lambda:FunctionUrlAuthType` =
   * `AWS_IAM`) and `lambda:InvokeFunction` (condition
   * `lambda:InvokedViaFunctionUrl` = `true`), both of which a function URL
   * needs since October 2025. The second does not let it invoke the function
   * directly. A principal of another account gets the same two statements in
   * the function's resource policy.
   *
   * The grantee also becomes a trusted backend (see `trustedBackends`), unless
   * it is a role whose trust policy names `cognito-identity.amazonaws.com`:
   * callers with identity-pool credentials are identified by their identity.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
   */
  public grantInvokeUrl(grantee: iam.IGrantable): iam.Grant {
    if (!isIdentityPoolRole(grantee.grantPrincipal) && principalArns(grantee.grantPrincipal).length > 0) {
      this.addTrustedBackend(grantee.grantPrincipal);
    }
    const viaUrl = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['lambda:InvokeFunctionUrl'],
      resourceArns: [this.function.functionArn],
      conditions: { StringEquals: { 'lambda:FunctionUrlAuthType': lambda.FunctionUrlAuthType.AWS_IAM } },
      resource: this.urlResourcePolicy(grantee, 'lambda:InvokeFunctionUrl'),
    });
    const invoke = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['lambda:InvokeFunction'],
      resourceArns: [this.function.functionArn],
      conditions: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
      resource: this.urlResourcePolicy(grantee, 'lambda:InvokeFunction'),
    });
    return viaUrl.combine(invoke);
  }

  /** The function's resource policy, as `Grant` adds to it for a principal of another account. */
  private urlResourcePolicy(grantee: iam.IGrantable, action: UrlAction): iam.IResourceWithPolicy {
    return {
      stack: this.function.stack,
      env: this.function.env,
      node: this.function.node,
      applyRemovalPolicy: (policy) => this.function.applyRemovalPolicy(policy),
      addToResourcePolicy: () => {
        const principal = crypto.createHash('sha256').update(grantee.grantPrincipal.toString()).digest('hex').slice(0, 16);
        const id = `${action === 'lambda:InvokeFunction' ? 'UrlInvoke' : 'UrlInvokeUrl'}${principal}`;
        const permission = this.function.node.tryFindChild(id)
          ?? this.addUrlPermission(id, grantee.grantPrincipal, action, lambda.FunctionUrlAuthType.AWS_IAM);
        return { statementAdded: true, policyDependable: permission };
      },
    };
  }

  /**
   * A statement of the function's resource policy for calls through its URL:
   * `lambda:InvokeFunctionUrl` for the URL's auth type, or
   * `lambda:InvokeFunction` conditioned on `lambda:InvokedViaFunctionUrl`,
   * written as a property override because aws-cdk-lib's `CfnPermission`
   * knows that property only in recent versions.
   */
  private addUrlPermission(id: string, principal: iam.IPrincipal, action: UrlAction, authType?: lambda.FunctionUrlAuthType): lambda.CfnPermission {
    this.function.addPermission(id, {
      principal,
      action,
      functionUrlAuthType: action === 'lambda:InvokeFunctionUrl' ? authType : undefined,
    });
    const permission = this.function.node.findChild(id) as lambda.CfnPermission;
    if (action === 'lambda:InvokeFunction') {
      permission.addPropertyOverride('InvokedViaFunctionUrl', true);
    }
    return permission;
  }

  /**
   * A REST API method that reaches the function without `AWS_PROXY` makes the
   * client's body (or a mapping template's output) the event, in which anyone
   * could write an authorizer's claims or pass for a direct invocation.
   */
  private findNonProxyIntegrations(): string[] {
    // The integration's URI names the function by its logical id: a `Fn::GetAtt` in the
    // function's stack, or the name of the export another stack imports it by.
    const cfnFunction = this.function.node.defaultChild as lambda.CfnFunction;
    const logicalId = Stack.of(cfnFunction).resolve(cfnFunction.logicalId) as string;
    return this.node.root.node.findAll()
      .filter((c: IConstruct): c is apigateway.CfnMethod => c instanceof apigateway.CfnMethod)
      .filter((method) => {
        const integration = Stack.of(method).resolve(method.integration) as { type?: unknown; uri?: unknown } | undefined;
        return integration !== undefined && integration.type !== 'AWS_PROXY' && integration.uri !== undefined
          && JSON.stringify(integration.uri).includes(logicalId);
      })
      .map((method) => `${method.node.path} integrates the issuer's function with type `
        + `${showValue((Stack.of(method).resolve(method.integration) as { type?: unknown }).type)}: the client's body would become the event, `
        + 'which can claim any identity; use a Lambda proxy integration (`new apigateway.LambdaIntegration(issuer.function)`, proxy left on)');
  }

  private validateReservedConcurrency(value: number | undefined): string | undefined {
    if (value === undefined || Token.isUnresolved(value)) return undefined;
    return Number.isInteger(value) && value >= 1 ? undefined
      : `\`reservedConcurrentExecutions\` must be a whole number of at least 1 (0 would stop the issuer), got: ${showValue(value)}`;
  }

  private warnAboutClaims(userIdClaim: string, displayNameClaim: string | undefined): void {
    for (const [property, claim] of [['userIdClaim', userIdClaim], ['displayNameClaim', displayNameClaim]] as const) {
      if (claim !== undefined && MUTABLE_CLAIMS.includes(claim)) {
        Annotations.of(this).addWarningV2(`cdk-ivs-chat:mutableClaim:${property}`,
          `\`${property}\` is ${showValue(claim)}, a claim users can usually change about themselves: one user could take another's `
          + (property === 'userIdClaim' ? 'chat identity (and their bans)' : 'name in the room')
          + '. Prefer an immutable claim (`sub`, `cognito:username`), or make sure users cannot write this attribute '
          + '(a Cognito app client\'s `writeAttributes`), and acknowledge this warning');
      }
    }
  }

  private warnAboutGroupNames(groups: GroupCapabilities[]): void {
    for (const g of groups) {
      if (!Token.isUnresolved(g.group) && GROUP_SEPARATORS.test(g.group)) {
        Annotations.of(this).addWarningV2('cdk-ivs-chat:groupNameSeparator',
          `\`groupCapabilities\` group ${showValue(g.group)} contains a space, comma, bracket or quote: authorizers write a list of `
          + 'groups as one string with such separators (`a,b` through a REST API\'s Cognito authorizer, `[a b]` through an HTTP API\'s '
          + 'JWT authorizer), so this name may never match, and a user in groups named after its parts may match it');
      }
    }
  }

  private validateRooms(rooms: IChatRoom[]): string | undefined {
    return rooms.length === 0 ? '`rooms` must name at least one chat room, got: []' : undefined;
  }

  private validateGroupCapabilities(groups: GroupCapabilities[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    groups.forEach((g, i) => {
      const where = `groupCapabilities[${i}]`;
      if (Token.isUnresolved(g.group)) {
        problems.push(`\`${where}.group\` must be a literal group name: the handler compares names at request time, got a token`);
      } else if (g.group.length === 0) {
        problems.push(`\`${where}.group\` must be a non-empty group name, got: ""`);
      } else if (seen.has(g.group)) {
        problems.push(`\`${where}.group\` must be unique: ${showValue(g.group)} appears twice; list all its capabilities once`);
      }
      seen.add(g.group);
      if (g.capabilities.length === 0) {
        problems.push(`\`${where}.capabilities\` must hold at least one capability for group ${showValue(g.group)}, got: []`);
      }
      const capabilities = checkCapabilities(`${where}.capabilities`, g.capabilities);
      if (capabilities) problems.push(capabilities);
    });
    return problems;
  }

  private validateSessionDuration(duration: Duration): string | undefined {
    if (duration.isUnresolved()) {
      return '`sessionDuration` must be a literal duration: the handler needs it as a number of minutes, got a token';
    }
    return checkSessionMinutes('sessionDuration', duration.toMinutes({ integral: false }));
  }

  private validateClaim(property: string, claim: string): string | undefined {
    return !Token.isUnresolved(claim) && claim.trim().length === 0 ? `\`${property}\` must name a claim, got: ${showValue(claim)}` : undefined;
  }

  private validateAllowedAttributes(keys: readonly string[], hasDisplayName: boolean): string[] {
    const problems: string[] = [];
    for (const key of keys) {
      if (Token.isUnresolved(key)) continue;
      if (key.length === 0 || Buffer.byteLength(key, 'utf8') >= TOKEN_LIMITS.attributesMaxBytes) {
        problems.push(`\`allowedAttributes\` keys must be 1 to ${TOKEN_LIMITS.attributesMaxBytes - 1} bytes, got: ${showValue(key)}`);
      }
      if (hasDisplayName && key === DISPLAY_NAME_ATTRIBUTE) {
        problems.push(`\`allowedAttributes\` must not list "${DISPLAY_NAME_ATTRIBUTE}" when \`displayNameClaim\` is set: the claim sets it, a caller must not`);
      }
    }
    return problems;
  }

  private validateAllowedOrigins(origins: string[]): string[] {
    return origins
      .filter((origin) => !Token.isUnresolved(origin) && origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin))
      .map((origin) => `\`allowedOrigins\` must hold '*' or origins such as https://example.com (scheme and host, no path), got: ${showValue(origin)}`);
  }
}

/** The ARNs an IAM principal signs requests as (possibly tokens); none for a service or a federated principal. */
function principalArns(principal: iam.IPrincipal): string[] {
  const aws = principal.policyFragment.principalJson.AWS ?? [];
  return (Array.isArray(aws) ? aws : [aws]).filter((arn): arn is string => typeof arn === 'string');
}

/** Whether the principal is a role that Cognito identity pools hand out credentials for. */
function isIdentityPoolRole(principal: iam.IPrincipal): boolean {
  if (!(principal instanceof iam.Role) || !principal.assumeRolePolicy) return false;
  return JSON.stringify(Stack.of(principal).resolve(principal.assumeRolePolicy.toJSON())).includes('cognito-identity.amazonaws.com');
}
