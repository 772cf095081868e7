import { createHash, randomUUID } from 'crypto';
import { isDeepStrictEqual } from 'util';
import { AssemblyStack, customResourceFunctions, functionAsset, readStack, TemplateResource } from './assembly';
import { functionResourcePolicy, functionUrls, identityPolicies, roleOfFunction, TemplateFunctionUrl } from './iam-template';
import { referencedIds, resolve, ResolveContext } from './intrinsics';
import { NATIVE_RESOURCES, NativeResourceDriver } from './native-resources';
import { loadModule, processBasics, withInvocation } from './runtime';
import { evaluate, IamRegistry, PolicyDocument, RequestPrincipal, statementsOf } from '../emulator';

/** Where the offline deploy sends API calls, and the account it pretends to be. */
export interface OfflineDeployOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition?: string;
  /**
   * The emulator's IAM (`emulator.iam`; passing the emulator itself as the options does it). With
   * it, every function of the stack calls AWS as its own role, whose identity policies from the
   * template are registered there; the functions' resource policies are registered too, so the
   * emulator invokes review handlers only as their `AWS::Lambda::Permission`s allow; the
   * provider framework's role must be allowed to invoke the custom-resource handler; and a
   * function's log lines reach its log group only as its role allows. Without it, functions
   * call with credentials nobody registered, which the emulator does not restrict.
   */
  readonly iam?: IamRegistry;
  /**
   * A cold start: the first invocation of each execution environment (a function with a given
   * environment, until `warmUp`) waits this long before the handler runs, as Lambda's init does.
   * @default 0
   */
  readonly coldStartMs?: number;
  /**
   * A function is `Pending` until its first invocation: the provider framework's first invoke of
   * a custom-resource handler fails, and the framework waits for it with `lambda:GetFunction`
   * before invoking again (aws-cdk-lib's `outbound.js` does this after any failed invoke).
   * @default false
   */
  readonly pendingFunctions?: boolean;
  /**
   * Whether the deploying role may write resource policies (`s3:PutBucketPolicy`,
   * `logs:PutResourcePolicy`). When it may (an administrator's role), CloudWatch Logs adds what a
   * logging configuration's destination lacks for `delivery.logs.amazonaws.com` when the
   * configuration is created; when it may not, the destination's policy in the template must
   * already allow the delivery, or creating the configuration fails
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-S3.html,
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html).
   * @default true
   */
  readonly deployerWritesResourcePolicies?: boolean;
}

/** The deployer's own credentials (CloudFormation with an administrator's role): nobody registers them. */
const DEPLOYER_CREDENTIALS = { accessKeyId: 'AKIDOFFLINEDEPLOY', secretAccessKey: 'offline' };

/** A resource event, as CloudFormation would list it. */
export interface ResourceEvent {
  readonly logicalId: string;
  readonly status: string;
  readonly physicalId?: string;
  readonly reason?: string;
}

/** The outcome of one stack operation. */
export interface StackOperationResult {
  readonly stackStatus: string;
  readonly events: ResourceEvent[];
}

/** How a driven resource is created, updated and deleted. */
type Driver =
  /** A custom resource: the provider framework function and the user handler it invokes. */
  | { readonly kind: 'custom'; readonly framework: string; readonly handler: string }
  /** A resource type CloudFormation itself creates, which the harness drives through the emulator. */
  | { readonly kind: 'native'; readonly type: string };

/** A driven resource as deployed. */
interface DeployedResource {
  readonly properties: Record<string, unknown>;
  readonly physicalId: string;
  readonly data: Record<string, string>;
  readonly driver: Driver;
  readonly deletionPolicy?: string;
}

/** A Lambda function of the deployed stack, as the harness runs it. */
export interface OfflineFunction {
  readonly logicalId: string;
  /** The stand-in ARN: `arn:<partition>:lambda:<region>:<account>:function:<stack>-<logicalId>`. */
  readonly functionArn: string;
  /** The module file of its asset in the cloud assembly, and the export its `Handler` names. */
  readonly file: string;
  readonly exportName: string;
  /** `Environment.Variables`, resolved against the deployed resources. */
  readonly environment: Record<string, string>;
  /** `Timeout` in seconds (Lambda's default 3). */
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  /** The logical id of its role in the template, if the role is there. */
  readonly roleLogicalId?: string;
  /** The log group it writes to: `LoggingConfig.LogGroup`, else `/aws/lambda/<name>`. */
  readonly logGroupName: string;
  /** `Runtime` (e.g. `nodejs24.x`); the harness runs every function on this process's Node.js. */
  readonly runtime: string;
  /** Why the harness cannot run it (it has no asset of the form the harness runs), when it cannot. */
  readonly unavailable?: string;
}

/** Static credentials a role's sessions sign with. */
export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** A line a function logged, and whether it reached its log group. */
export interface LogDelivery {
  readonly functionLogicalId: string;
  readonly logGroupName: string;
  readonly lines: readonly string[];
  /** Why the lines were dropped (the AccessDenied message), when they were. */
  readonly dropped?: string;
}

/** Invokes a function by ARN with an event; what the emulator takes to run review handlers. */
export type OfflineFunctionInvoker = (functionArn: string, event: Record<string, unknown>) => Promise<unknown>;

type LambdaHandler = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;

interface Container {
  readonly handler: LambdaHandler;
  /** The first invocation pays the cold start. */
  warm: boolean;
  /** Its `AWS_LAMBDA_FUNCTION_NAME`. */
  readonly functionName: string;
}

/** What a custom-resource handler answers the provider framework. */
type CustomResourceResponse = { PhysicalResourceId?: string; Data?: Record<string, string> };

type Outcome = { ok: true; physicalId: string; data: Record<string, string> } | { ok: false; reason: string };

/** The physical id the provider framework reports for a create that failed; its Delete is skipped. */
const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
/** Custom resource types the harness drives through their handler. */
const CUSTOM_TYPE = /^(Custom::|AWS::CloudFormation::CustomResource$)/;

function isDriven(resource: TemplateResource | undefined): boolean {
  return !!resource && (CUSTOM_TYPE.test(resource.Type) || NATIVE_RESOURCES[resource.Type] !== undefined);
}

/**
 * Deploys the custom resources of one stack of a synthesized cloud assembly
 * the way CloudFormation and the aws-cdk-lib provider framework would: it runs
 * the bundled handler asset from the assembly (the file that would be
 * uploaded) with Create, Update and Delete events, in dependency order,
 * independent resources concurrently, and rolls back on failure. The IVS Chat
 * resources CloudFormation creates itself (`AWS::IVSChat::LoggingConfiguration`)
 * go to the emulator with the deployer's credentials. Other resources are
 * stand-ins whose Ref and GetAtt resolve to well-formed values. With the
 * emulator's IAM, functions call AWS as their own roles (see `OfflineDeployOptions.iam`).
 */
export class OfflineStack {
  /** One invoker for the functions of several deployed stacks, picked by the stack name in the stand-in ARN. */
  public static invokerFor(stacks: readonly OfflineStack[]): OfflineFunctionInvoker {
    return async (functionArn, event) => {
      const owner = stacks.find((s) => functionArn.includes(`:function:${s.stackName}-`));
      if (!owner) throw Object.assign(new Error(`Function not found: ${functionArn}`), { name: 'ResourceNotFoundException' });
      return owner.invokeFunction(functionArn, event);
    };
  }

  private deployed = new Map<string, DeployedResource>();
  /** The stack as last deployed. */
  private template: AssemblyStack | undefined;
  /** The template functions run from: the one being deployed during an operation. */
  private active: AssemblyStack | undefined;
  private requestCount = 0;
  /** Loaded function modules by file and environment: a changed environment is a new execution environment, as on Lambda. */
  private readonly containers = new Map<string, Container>();
  /** Functions invoked at least once (a `Pending` function is Active after its first invocation). */
  private readonly activeFunctions = new Set<string>();
  private readonly logs: LogDelivery[] = [];
  private readonly createdStreams = new Set<string>();
  private registered: { roles: string[]; resources: string[] } = { roles: [], resources: [] };
  /** What the registration was computed from: the template and the version of the deployed resources. */
  private registeredFrom: { stack?: AssemblyStack; version: number } = { version: -1 };
  private deployedVersion = 0;
  private readonly unknownManagedPolicies = new Set<string>();

  constructor(public readonly stackName: string, private readonly options: OfflineDeployOptions) {}

  /** The driven resources now deployed, by logical id. */
  public resources(): ReadonlyMap<string, { physicalId: string; data: Record<string, string>; properties: Record<string, unknown> }> {
    return new Map([...this.deployed].map(([id, r]) => [id, { physicalId: r.physicalId, data: r.data, properties: r.properties }]));
  }

  /**
   * The Lambda functions of the deployed stack, with their environment resolved as
   * CloudFormation would have: references to custom resources give their real values (the
   * emulator's room ARNs), other resources their stand-ins.
   */
  public functions(): OfflineFunction[] {
    const stack = this.requireTemplate();
    return Object.entries(stack.resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([logicalId, r]) => this.describeFunction(stack, logicalId, r));
  }

  /**
   * The stand-in ARN of a function named by its construct path below the stack (`Tokens/Function`),
   * its `aws:cdk:path`, or its logical id.
   */
  public functionArn(pathOrLogicalId: string): string {
    return this.standInFunctionArn(this.logicalIdOf('AWS::Lambda::Function', pathOrLogicalId));
  }

  /**
   * Credentials of a role of the stack (by construct path or logical id), registered with the
   * emulator's IAM: a test acting as that role (a backend granted by `grant*`) signs with them.
   */
  public credentialsOf(pathOrLogicalId: string): RoleCredentials {
    const roleLogicalId = this.logicalIdOf('AWS::IAM::Role', pathOrLogicalId);
    this.syncIam();
    return this.roleCredentials(roleLogicalId);
  }

  /** The stand-in ARN of a role of the stack. */
  public roleArn(pathOrLogicalId: string): string {
    return this.standInRoleArn(this.logicalIdOf('AWS::IAM::Role', pathOrLogicalId));
  }

  /** The function URLs of the stack: the function each serves and its auth type. */
  public functionUrls(): (TemplateFunctionUrl & { readonly functionArn: string })[] {
    const stack = this.requireTemplate();
    return functionUrls(stack, (v) => this.resolveValue(stack, v))
      .map((url) => ({ ...url, functionArn: this.standInFunctionArn(url.functionLogicalId) }));
  }

  /** What the functions logged, per invocation, and whether it reached their log group. */
  public logDeliveries(): LogDelivery[] {
    return structuredClone(this.logs);
  }

  /**
   * Invokes a function of the stack as Lambda would: its bundled asset loaded with Node's own
   * module system, its resolved environment plus the Lambda basics (region, the endpoint
   * override to the emulator, its role's credentials) as its `process.env`, a context whose
   * remaining time counts down from the function's timeout, and JSON copies of the event and the
   * answer. Rejects like a failed invocation: with the function's error, or `Task timed out`.
   * This is the call itself; who may make it is for the caller (the emulator for review
   * handlers, the Lambda front for callers with credentials) to decide.
   */
  public async invokeFunction(functionArn: string, event: unknown): Promise<unknown> {
    const fn = this.functionByArn(functionArn);
    this.syncIam();
    const env = this.environmentOf(fn);
    const container = this.container(fn, env);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const requestId = randomUUID();
    const context = {
      functionName: this.functionName(fn.logicalId),
      functionVersion: '$LATEST',
      invokedFunctionArn: functionArn,
      memoryLimitInMB: String(fn.memorySize),
      awsRequestId: requestId,
      logGroupName: fn.logGroupName,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    const started = Date.now();
    const outcome = await withInvocation(env, async () => {
      if (!container.warm) {
        container.warm = true;
        if (this.options.coldStartMs) await new Promise((r) => setTimeout(r, this.options.coldStartMs));
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`)), fn.timeoutSeconds * 1000);
      });
      try {
        return jsonCopy(await Promise.race([container.handler(jsonCopy(event), context), timeout]));
      } finally {
        clearTimeout(timer);
      }
    });
    this.activeFunctions.add(fn.logicalId);
    const failure = 'error' in outcome ? outcome.error as Error : undefined;
    this.deliverLogs(fn, env, [
      `START RequestId: ${requestId} Version: $LATEST`,
      ...outcome.log,
      ...(failure ? [`ERROR ${failure.name ?? 'Error'}: ${failure.message}`] : []),
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId} Duration: ${Date.now() - started} ms`,
    ]);
    if (failure) throw failure;
    return 'result' in outcome ? outcome.result : undefined;
  }

  /** `invokeFunction` as a standalone function, for `startEmulator({ invokeFunction })` or `setFunctionInvoker`. */
  public functionInvoker(): OfflineFunctionInvoker {
    return (functionArn, event) => this.invokeFunction(functionArn, event);
  }

  /**
   * Ends the execution environments of the function named `functionName` (as Lambda does when
   * its code throws outside an invocation): its next invocation loads its module again.
   * Returns whether this stack has such a function.
   */
  public restartFunction(functionName: string): boolean {
    const fn = this.functions().find((f) => this.functionName(f.logicalId) === functionName);
    if (!fn) return false;
    for (const [key, container] of this.containers) {
      if (container.functionName === functionName) this.containers.delete(key);
    }
    return true;
  }

  /**
   * Loads the modules of these functions now (ARNs of other stacks are ignored), as provisioned
   * concurrency would: a review handler has 200 ms, and loading its bundle on the first message
   * should not be what spends them. Warmed functions pay no cold start.
   */
  public warmUp(functionArns: readonly string[]): void {
    const mine = functionArns.filter((arn) => arn.includes(`:function:${this.stackName}-`));
    for (const arn of mine) {
      const fn = this.functionByArn(arn);
      this.container(fn, this.environmentOf(fn)).warm = true;
    }
  }

  /** Creates the stack, or updates it to the template in `assemblyDir`. */
  public async deploy(assemblyDir: string): Promise<StackOperationResult> {
    const next = readStack(assemblyDir, this.stackName);
    const creating = this.template === undefined;
    const previous = this.template;
    const before = new Map(this.deployed);
    const events: ResourceEvent[] = [];
    this.active = next;
    this.syncIam();

    const desired = drivenIds(next);
    const toCreate = desired.filter((id) => !before.has(id));
    const toUpdate = desired.filter((id) => before.has(id));
    const toDelete = [...before.keys()].filter((id) => !desired.includes(id));

    // What this operation asked of each resource it touched, for the rollback.
    const attempted = new Map<string, Record<string, unknown>>();
    const ok = await this.inDependencyOrder(next, [...toCreate, ...toUpdate], async (logicalId) => {
      const properties = this.resolveProperties(next, logicalId);
      const old = before.get(logicalId);
      if (old && isDeepStrictEqual(old.properties, properties)) {
        return true;
      }
      attempted.set(logicalId, properties);
      const driver = driverOf(next, logicalId);
      const deletionPolicy = next.resources[logicalId].DeletionPolicy;
      if (!old) {
        return this.create(logicalId, properties, driver, deletionPolicy, events);
      }
      return this.update(logicalId, old.physicalId, old.properties, properties, driver, deletionPolicy, events);
    });

    if (ok) {
      this.template = next;
      for (const logicalId of reverseDependencyOrder(previous ?? next, toDelete)) {
        await this.delete(logicalId, events);
      }
      this.syncIam();
      const changed = events.length > 0;
      return { stackStatus: creating ? 'CREATE_COMPLETE' : changed ? 'UPDATE_COMPLETE' : 'NO_CHANGES', events };
    }

    // Roll back what this operation did, newest first. Like CloudFormation,
    // the resource whose update failed is updated back too: its update may
    // have half-applied, and its "old" properties are the ones that failed.
    let rolledBack = true;
    for (const [logicalId, tried] of [...attempted].reverse()) {
      const old = before.get(logicalId);
      if (!old) {
        rolledBack = await this.delete(logicalId, events, this.deployed.get(logicalId)?.physicalId ?? CREATE_FAILED_MARKER) && rolledBack;
      } else {
        const { physicalId, properties, driver, deletionPolicy } = old;
        rolledBack = await this.update(logicalId, physicalId, tried, properties, driver, deletionPolicy, events, true) && rolledBack;
      }
    }
    this.active = previous;
    if (creating) {
      this.template = undefined;
      this.unregisterIam();
      return { stackStatus: rolledBack ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED', events };
    }
    this.syncIam();
    return { stackStatus: rolledBack ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_FAILED', events };
  }

  /** Deletes the stack: every driven resource, dependents first; `Retain` resources are skipped. */
  public async destroy(): Promise<StackOperationResult> {
    const events: ResourceEvent[] = [];
    if (!this.template) {
      return { stackStatus: 'DELETE_COMPLETE', events };
    }
    this.active = this.template;
    let ok = true;
    for (const logicalId of reverseDependencyOrder(this.template, [...this.deployed.keys()])) {
      ok = await this.delete(logicalId, events) && ok;
    }
    if (ok) {
      this.template = undefined;
      this.active = undefined;
      this.unregisterIam();
    }
    return { stackStatus: ok ? 'DELETE_COMPLETE' : 'DELETE_FAILED', events };
  }

  private async create(
    logicalId: string, properties: Record<string, unknown>, driver: Driver, deletionPolicy: string | undefined, events: ResourceEvent[],
  ): Promise<boolean> {
    const outcome = await this.drive(driver, { RequestType: 'Create', LogicalResourceId: logicalId, ResourceProperties: properties });
    if (!outcome.ok) {
      events.push({ logicalId, status: 'CREATE_FAILED', reason: outcome.reason });
      return false;
    }
    this.setDeployed(logicalId, { properties, physicalId: outcome.physicalId, data: outcome.data, driver, deletionPolicy });
    events.push({ logicalId, status: 'CREATE_COMPLETE', physicalId: outcome.physicalId });
    return true;
  }

  private async update(
    logicalId: string, physicalId: string, oldProperties: Record<string, unknown>, properties: Record<string, unknown>,
    driver: Driver, deletionPolicy: string | undefined, events: ResourceEvent[], rollback = false,
  ): Promise<boolean> {
    const outcome = await this.drive(driver, {
      RequestType: 'Update',
      LogicalResourceId: logicalId,
      PhysicalResourceId: physicalId,
      ResourceProperties: properties,
      OldResourceProperties: oldProperties,
    });
    const prefix = rollback ? 'UPDATE_ROLLBACK_' : 'UPDATE_';
    if (!outcome.ok) {
      events.push({ logicalId, status: `${prefix}FAILED`, physicalId, reason: outcome.reason });
      return false;
    }
    if (outcome.physicalId !== physicalId) {
      throw new Error(`${logicalId}: the handler replaced the resource (${physicalId} → ${outcome.physicalId}); the harness does not model replacement`);
    }
    this.setDeployed(logicalId, { properties, physicalId: outcome.physicalId, data: outcome.data, driver, deletionPolicy });
    events.push({ logicalId, status: `${prefix}COMPLETE`, physicalId: outcome.physicalId });
    return true;
  }

  private async delete(logicalId: string, events: ResourceEvent[], physicalId?: string): Promise<boolean> {
    const resource = this.deployed.get(logicalId);
    const id = physicalId ?? resource?.physicalId ?? CREATE_FAILED_MARKER;
    if (resource?.deletionPolicy === 'Retain') {
      this.setDeployed(logicalId, undefined);
      events.push({ logicalId, status: 'DELETE_SKIPPED', physicalId: id });
      return true;
    }
    const stack = this.active ?? this.template;
    const driver = resource?.driver ?? (stack && isDriven(stack.resources[logicalId]) ? driverOf(stack, logicalId) : undefined);
    const outcome: Outcome = driver
      ? await this.drive(driver, { RequestType: 'Delete', LogicalResourceId: logicalId, PhysicalResourceId: id, ResourceProperties: resource?.properties ?? {} })
      : { ok: true, physicalId: id, data: {} };
    if (!outcome.ok) {
      events.push({ logicalId, status: 'DELETE_FAILED', physicalId: id, reason: outcome.reason });
      return false;
    }
    this.setDeployed(logicalId, undefined);
    events.push({ logicalId, status: 'DELETE_COMPLETE', physicalId: id });
    return true;
  }

  private setDeployed(logicalId: string, resource: DeployedResource | undefined): void {
    if (resource) this.deployed.set(logicalId, resource);
    else this.deployed.delete(logicalId);
    this.deployedVersion++;
    this.syncIam();
  }

  private async drive(driver: Driver, event: Record<string, unknown>): Promise<Outcome> {
    if (event.RequestType === 'Delete' && event.PhysicalResourceId === CREATE_FAILED_MARKER) {
      return { ok: true, physicalId: CREATE_FAILED_MARKER, data: {} };
    }
    return driver.kind === 'custom' ? this.invokeCustomResource(driver, event) : this.driveNative(NATIVE_RESOURCES[driver.type], event);
  }

  /** CloudFormation creating one of its own resource types, with the deployer's (unrestricted) credentials. */
  private async driveNative(native: NativeResourceDriver, event: Record<string, unknown>): Promise<Outcome> {
    const properties = event.ResourceProperties as Record<string, any>;
    if (event.RequestType !== 'Delete' && properties.DestinationConfiguration) {
      const refused = this.logDeliveryRefusal(properties.DestinationConfiguration);
      if (refused) return { ok: false, reason: refused };
    }
    const connection = { endpoint: this.options.endpoint, region: this.options.region, credentials: DEPLOYER_CREDENTIALS };
    try {
      const result = await native(connection, event as unknown as Parameters<NativeResourceDriver>[1]);
      return { ok: true, physicalId: result.physicalId, data: result.data };
    } catch (error) {
      return { ok: false, reason: `${(error as Error).name}: ${(error as Error).message}` };
    }
  }

  /**
   * What the provider framework does around the user handler: it invokes it with its own role
   * (`lambda:InvokeFunction`; when the handler is still `Pending`, it waits with
   * `lambda:GetFunction` and invokes again), and reports the handler's answer or error.
   */
  private async invokeCustomResource(driver: Extract<Driver, { kind: 'custom' }>, event: Record<string, unknown>): Promise<Outcome> {
    const requestId = `offline-${++this.requestCount}`;
    const fullEvent = {
      ...event,
      ServiceToken: this.standInFunctionArn(driver.framework),
      ResponseURL: 'http://127.0.0.1/offline-response',
      StackId: `arn:${this.partition}:cloudformation:${this.options.region}:${this.options.accountId}:stack/${this.stackName}/offline`,
      RequestId: requestId,
      ResourceType: 'Custom::Offline',
    };
    const handlerArn = this.standInFunctionArn(driver.handler);
    const denied = this.frameworkMayNot('lambda:InvokeFunction', driver, handlerArn)
      ?? (this.options.pendingFunctions && !this.activeFunctions.has(driver.handler)
        ? this.frameworkMayNot('lambda:GetFunction', driver, handlerArn) ?? this.frameworkMayNot('lambda:InvokeFunction', driver, handlerArn)
        : undefined);
    const outcome = await (async (): Promise<Outcome> => {
      if (denied) return { ok: false, reason: denied };
      try {
        const response = await this.invokeFunction(handlerArn, fullEvent) as CustomResourceResponse | undefined;
        const physicalId = response?.PhysicalResourceId ?? (event.RequestType === 'Create' ? requestId : String(event.PhysicalResourceId));
        return { ok: true, physicalId, data: response?.Data ?? {} };
      } catch (error) {
        return { ok: false, reason: (error as Error).message ?? String(error) };
      }
    })();
    // The framework function ran too, and Lambda wrote its log lines with the framework's role.
    const framework = this.describeFunction(this.requireTemplate(), driver.framework, this.requireTemplate().resources[driver.framework]);
    this.deliverLogs(framework, this.environmentOf(framework), [
      `START RequestId: ${requestId} Version: $LATEST`,
      `${event.RequestType} ${String(event.LogicalResourceId)}: ${outcome.ok ? 'SUCCESS' : `FAILED: ${outcome.reason}`}`,
      `END RequestId: ${requestId}`,
    ]);
    return outcome;
  }

  /** The framework role's authorization for a call on the handler; the AccessDenied reason if refused. */
  private frameworkMayNot(action: string, driver: Extract<Driver, { kind: 'custom' }>, handlerArn: string): string | undefined {
    const iam = this.options.iam;
    if (!iam) return undefined;
    const stack = this.requireTemplate();
    const principal = this.principalOfFunction(stack, driver.framework);
    const result = iam.authorize('lambda', { principal, action, resource: handlerArn, context: {} });
    return result.allowed ? undefined : `AccessDeniedException: ${result.message}`;
  }

  // ---- IAM ----

  /**
   * Whether a logging configuration's destination lets `delivery.logs.amazonaws.com` deliver, as
   * the CloudWatch Logs pages state the needed permissions (S3: s3:PutObject under
   * `AWSLogs/<account>/` with `s3:x-amz-acl` = bucket-owner-full-control, s3:GetBucketAcl and
   * s3:ListBucket on the bucket; CloudWatch Logs: logs:CreateLogStream and logs:PutLogEvents on
   * the group's streams), with `aws:SourceAccount` and an `aws:SourceArn` of the account's log
   * deliveries. Only asked when the deploying role may not write the missing policy itself.
   */
  private logDeliveryRefusal(destination: Record<string, any>): string | undefined {
    if (this.options.deployerWritesResourcePolicies !== false) return undefined;
    const stack = this.requireTemplate();
    const { region, accountId } = this.options;
    const p = this.partition;
    const principal = { kind: 'service' as const, service: 'delivery.logs.amazonaws.com' };
    const source = { 'aws:SourceAccount': accountId, 'aws:SourceArn': `arn:${p}:logs:${region}:${accountId}:delivery-source:ivschat` };
    const resolveDocument = (value: unknown) => {
      const resolved = this.resolveValue(stack, value);
      return typeof resolved === 'string' ? JSON.parse(resolved) : resolved;
    };
    let checks: [string, string, Record<string, string>][] = [];
    let document: PolicyDocument | undefined;
    let owner = '';
    let missing = '';
    if (destination.S3) {
      const bucket = String(destination.S3.BucketName);
      owner = `arn:${p}:s3:::${bucket}`;
      missing = 's3:PutBucketPolicy';
      const policy = Object.values(stack.resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && this.resolveValue(stack, r.Properties?.Bucket) === bucket);
      document = policy && resolveDocument(policy.Properties?.PolicyDocument);
      checks = [
        ['s3:PutObject', `${owner}/AWSLogs/${accountId}/IVSChatLogs/1.0/${region}/log.gz`, { ...source, 's3:x-amz-acl': 'bucket-owner-full-control' }],
        ['s3:GetBucketAcl', owner, source],
        ['s3:ListBucket', owner, source],
      ];
    } else if (destination.CloudWatchLogs) {
      owner = `arn:${p}:logs:${region}:${accountId}:log-group:${destination.CloudWatchLogs.LogGroupName}`;
      missing = 'logs:PutResourcePolicy';
      // CloudWatch Logs resource policies belong to the account: every one of them applies.
      const statements = Object.values(stack.resources).filter((r) => r.Type === 'AWS::Logs::ResourcePolicy')
        .flatMap((r) => statementsOf(resolveDocument(r.Properties?.PolicyDocument)));
      document = statements.length > 0 ? { Statement: statements } : undefined;
      checks = [['logs:CreateLogStream', `${owner}:log-stream:ivschat`, source], ['logs:PutLogEvents', `${owner}:log-stream:ivschat`, source]];
    }
    for (const [action, resource, context] of checks) {
      const decision = document ? evaluate({ principal, action, resource, context }, [], { arn: owner, document }).decision : 'ImplicitDeny';
      if (decision !== 'Allow') {
        return `CloudWatch Logs cannot set up delivery to ${owner}: its resource policy does not allow delivery.logs.amazonaws.com ${action} `
          + `on ${resource}, and the deploying role may not add it (${missing})`;
      }
    }
    return undefined;
  }

  /**
   * Registers, with the emulator's IAM, every role of the stack (its identity policies resolved
   * against what is deployed now) and every function's resource policy; forgets what an earlier
   * version of the stack had and this one does not.
   */
  private syncIam(): void {
    const iam = this.options.iam;
    const stack = this.active ?? this.template;
    if (!iam || !stack) return;
    if (this.registeredFrom.stack === stack && this.registeredFrom.version === this.deployedVersion) return;
    this.registeredFrom = { stack, version: this.deployedVersion };
    const resolver = (v: unknown) => this.resolveValue(stack, v);
    const roles: string[] = [];
    for (const [roleId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::IAM::Role') continue;
      const unknown: string[] = [];
      const policies = identityPolicies(stack, roleId, resolver, unknown).map((p) => p.document);
      for (const arn of unknown.filter((a) => !this.unknownManagedPolicies.has(a))) {
        this.unknownManagedPolicies.add(arn);
        process.stderr.write(`offline deploy: ${this.stackName}/${roleId} attaches ${arn}, whose document the harness does not know: it grants nothing here\n`);
      }
      const credentials = this.roleCredentials(roleId);
      iam.registerRole({ accessKeyId: credentials.accessKeyId, roleArn: this.standInRoleArn(roleId), sessionName: 'test', policies });
      roles.push(credentials.accessKeyId);
      // Each function that runs as the role has its own session, named after the function, as on Lambda.
      for (const [fnId, fn] of Object.entries(stack.resources)) {
        if (fn.Type !== 'AWS::Lambda::Function' || roleOfFunction(stack, fnId) !== roleId) continue;
        const session = this.roleCredentials(roleId, fnId);
        iam.registerRole({ accessKeyId: session.accessKeyId, roleArn: this.standInRoleArn(roleId), sessionName: this.functionName(fnId), policies });
        roles.push(session.accessKeyId);
      }
    }
    const resources: string[] = [];
    for (const [fnId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const arn = this.standInFunctionArn(fnId);
      iam.setResourcePolicy(arn, functionResourcePolicy(stack, fnId, arn, resolver, this.partition));
      resources.push(arn);
    }
    for (const key of this.registered.roles.filter((k) => !roles.includes(k))) iam.unregisterRole(key);
    for (const arn of this.registered.resources.filter((a) => !resources.includes(a))) iam.removeResource(arn);
    this.registered = { roles, resources };
  }

  private unregisterIam(): void {
    const iam = this.options.iam;
    if (!iam) return;
    this.registered.roles.forEach((key) => iam.unregisterRole(key));
    this.registered.resources.forEach((arn) => iam.removeResource(arn));
    this.registered = { roles: [], resources: [] };
    this.registeredFrom = { version: -1 };
  }

  /**
   * A role's credentials: an access-key id derived from the account, stack and role, so the same
   * role always signs with the same key.
   */
  private roleCredentials(roleLogicalId: string, functionLogicalId?: string): RoleCredentials {
    const session = functionLogicalId ?? 'test';
    const digest = createHash('sha256').update(`${this.options.accountId}/${this.stackName}/${roleLogicalId}/${session}`).digest();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const suffix = Array.from(digest.subarray(0, 16), (b) => alphabet[b % 32]).join('');
    return { accessKeyId: `ASIA${suffix}`, secretAccessKey: 'offline', sessionToken: `offline-session-${roleLogicalId}-${session}` };
  }

  /**
   * The principal a function runs as: a session of its role named after the function, as
   * Lambda's are. A role outside the template (imported) has no policies here: everything it
   * does is refused, rather than allowed unchecked.
   */
  private principalOfFunction(stack: AssemblyStack, functionLogicalId: string): RequestPrincipal {
    const roleId = roleOfFunction(stack, functionLogicalId);
    const roleArn = roleId ? this.standInRoleArn(roleId) : String(this.resolveValue(stack, stack.resources[functionLogicalId]?.Properties?.Role));
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    return {
      kind: 'role',
      roleArn,
      accountId: this.options.accountId,
      sessionArn: `arn:${this.partition}:sts::${this.options.accountId}:assumed-role/${roleName}/${this.functionName(functionLogicalId)}`,
    };
  }

  /**
   * Lambda writes a function's output to its log stream with the function's role:
   * `logs:CreateLogStream` (once per stream) and `logs:PutLogEvents` on the stream's ARN
   * (Service Authorization Reference for CloudWatch Logs,
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
   * When the role may not, the lines are lost, as on Lambda.
   */
  private deliverLogs(fn: OfflineFunction, env: Record<string, string>, lines: string[]): void {
    const iam = this.options.iam;
    const streamArn = `arn:${this.partition}:logs:${this.options.region}:${this.options.accountId}:log-group:${fn.logGroupName}:log-stream:${env.AWS_LAMBDA_LOG_STREAM_NAME}`;
    let dropped: string | undefined;
    if (iam) {
      const principal = this.principalOfFunction(this.requireTemplate(), fn.logicalId);
      const steps = this.createdStreams.has(streamArn) ? ['logs:PutLogEvents'] : ['logs:CreateLogStream', 'logs:PutLogEvents'];
      for (const action of steps) {
        const result = iam.authorize('logs', { principal, action, resource: streamArn, context: {} });
        if (!result.allowed) {
          dropped = `AccessDeniedException: ${result.message}`;
          break;
        }
        if (action === 'logs:CreateLogStream') this.createdStreams.add(streamArn);
      }
    }
    this.logs.push({ functionLogicalId: fn.logicalId, logGroupName: fn.logGroupName, lines, ...(dropped !== undefined && { dropped }) });
  }

  // ---- Functions ----

  private describeFunction(stack: AssemblyStack, logicalId: string, r: TemplateResource): OfflineFunction {
    // A function without an asset (inline code, a container image) is listed but cannot be invoked.
    let code: { file: string; exportName: string; unavailable?: string };
    try {
      code = functionAsset(stack, logicalId);
    } catch (error) {
      code = { file: '', exportName: '', unavailable: (error as Error).message };
    }
    const { file, exportName } = code;
    const props = r.Properties ?? {};
    const logGroup = props.LoggingConfig?.LogGroup;
    const roleLogicalId = roleOfFunction(stack, logicalId);
    return {
      logicalId,
      functionArn: this.standInFunctionArn(logicalId),
      file,
      exportName,
      environment: stringifyScalars(this.resolveValue(stack, props.Environment?.Variables ?? {})) as Record<string, string>,
      timeoutSeconds: Number(this.resolveValue(stack, props.Timeout ?? 3)),
      memorySize: Number(this.resolveValue(stack, props.MemorySize ?? 128)),
      ...(roleLogicalId && { roleLogicalId }),
      logGroupName: logGroup === undefined ? `/aws/lambda/${this.functionName(logicalId)}` : String(this.resolveValue(stack, logGroup)),
      runtime: String(this.resolveValue(stack, props.Runtime ?? 'nodejs')),
      ...(code.unavailable !== undefined && { unavailable: code.unavailable }),
    };
  }

  /** What Lambda puts in a function's environment, with the endpoint override to the emulator, then the function's own variables. */
  private environmentOf(fn: OfflineFunction): Record<string, string> {
    const credentials = fn.roleLogicalId
      ? this.roleCredentials(fn.roleLogicalId, fn.logicalId)
      : { accessKeyId: 'ASIAIMPORTEDROLE0000', secretAccessKey: 'offline', sessionToken: 'imported-role' };
    return {
      ...processBasics(),
      AWS_REGION: this.options.region,
      AWS_DEFAULT_REGION: this.options.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: this.functionName(fn.logicalId),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: `offline/[$LATEST]${fn.logicalId}`,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_ENDPOINT_URL_IVSCHAT: this.options.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...fn.environment,
    };
  }

  private container(fn: OfflineFunction, env: Record<string, string>): Container {
    const key = `${fn.file}\0${JSON.stringify(env)}`;
    let container = this.containers.get(key);
    if (!container) {
      if (fn.unavailable !== undefined) throw new Error(fn.unavailable);
      // The module's top level runs in its environment, as Lambda's init does.
      const mod = loadWithin(env, fn.file);
      const handler = mod[fn.exportName] as LambdaHandler;
      if (typeof handler !== 'function') {
        throw new Error(`${fn.file} exports no function ${fn.exportName}`);
      }
      container = { handler, warm: false, functionName: this.functionName(fn.logicalId) };
      this.containers.set(key, container);
    }
    return container;
  }

  private functionByArn(functionArn: string): OfflineFunction {
    const name = /^arn:[^:]+:lambda:[^:]+:[^:]+:function:([^:]+)(:[^:]+)?$/.exec(functionArn)?.[1];
    const fn = name?.startsWith(`${this.stackName}-`) ? this.functions().find((f) => f.logicalId === name.slice(this.stackName.length + 1)) : undefined;
    if (!fn) {
      throw Object.assign(new Error(`Function not found: ${functionArn}`), { name: 'ResourceNotFoundException' });
    }
    return fn;
  }

  /** A resource of `type` named by its construct path below the stack, its `aws:cdk:path`, or its logical id. */
  private logicalIdOf(type: string, pathOrLogicalId: string): string {
    const stack = this.requireTemplate();
    const relative = pathOrLogicalId.replace(/\/Resource$/, '');
    const uniqueIdPrefix = relative.split('/').join('').replace(/[^A-Za-z0-9]/g, '');
    const matches = Object.entries(stack.resources).filter(([logicalId, r]) => {
      if (r.Type !== type) return false;
      const cdkPath = String(r.Metadata?.['aws:cdk:path'] ?? '');
      return logicalId === pathOrLogicalId
        || cdkPath === pathOrLogicalId
        || cdkPath === `${this.stackName}/${relative}/Resource`
        // Without path metadata (a bare App), the logical id is the path's ids and an 8-character hash.
        || new RegExp(`^${uniqueIdPrefix}[0-9A-F]{8}$`).test(logicalId);
    });
    if (matches.length !== 1) {
      const what = type === 'AWS::Lambda::Function' ? 'Lambda function' : type;
      throw new Error(`${matches.length === 0 ? 'no' : 'more than one'} ${what} of ${this.stackName} matches ${pathOrLogicalId}`);
    }
    return matches[0][0];
  }

  private get partition(): string {
    return this.options.partition ?? 'aws';
  }

  private requireTemplate(): AssemblyStack {
    const stack = this.active ?? this.template;
    if (!stack) throw new Error(`${this.stackName} is not deployed`);
    return stack;
  }

  private functionName(logicalId: string): string {
    return `${this.stackName}-${logicalId}`;
  }

  private standInFunctionArn(logicalId: string): string {
    return `arn:${this.partition}:lambda:${this.options.region}:${this.options.accountId}:function:${this.functionName(logicalId)}`;
  }

  private standInRoleArn(logicalId: string): string {
    return `arn:${this.partition}:iam::${this.options.accountId}:role/${this.stackName}-${logicalId}`;
  }

  /** Resolves a resource's properties as CloudFormation hands them to a custom resource: scalars as strings. */
  private resolveProperties(stack: AssemblyStack, logicalId: string): Record<string, unknown> {
    const properties = this.resolveValue(stack, stack.resources[logicalId].Properties ?? {}, logicalId);
    return CUSTOM_TYPE.test(stack.resources[logicalId].Type) ? stringifyScalars(properties) : properties;
  }

  /** Resolves intrinsics against the deployed driven resources and stand-ins for everything else. */
  private resolveValue(stack: AssemblyStack, input: unknown, logicalId = 'template'): any {
    const { region, accountId } = this.options;
    const partition = this.partition;
    const name = (id: string) => `${this.stackName}-${id}`;
    // S3 bucket names are lower case.
    const standInName = (id: string) => (stack.resources[id]?.Type === 'AWS::S3::Bucket' ? name(id).toLowerCase() : name(id));
    const context: ResolveContext = {
      partition,
      region,
      accountId,
      stackName: this.stackName,
      ref: (id) => this.deployed.get(id)?.physicalId ?? standInName(id),
      getAtt: (id, attribute) => {
        const deployed = this.deployed.get(id);
        if (deployed) {
          const value = deployed.data[attribute];
          if (value === undefined) throw new Error(`${logicalId}: ${id} has no attribute ${attribute}`);
          return value;
        }
        switch (stack.resources[id]?.Type) {
          case 'AWS::Lambda::Function': return this.standInFunctionArn(id);
          case 'AWS::IAM::Role': return this.standInRoleArn(id);
          case 'AWS::Logs::LogGroup': return `arn:${partition}:logs:${region}:${accountId}:log-group:${name(id)}:*`;
          case 'AWS::S3::Bucket': return `arn:${partition}:s3:::${standInName(id)}`;
          default: return `${name(id)}.${attribute}`;
        }
      },
    };
    return resolve(input, context);
  }

  /** Runs `work` for each of `ids` once the driven resources it depends on are done; stops launching after a failure. */
  private async inDependencyOrder(stack: AssemblyStack, ids: string[], work: (logicalId: string) => Promise<boolean>): Promise<boolean> {
    const deps = new Map(ids.map((id) => [id, drivenDependencies(stack, id).filter((d) => ids.includes(d))]));
    const done = new Set<string>();
    let failed = false;
    while (done.size < ids.length && !failed) {
      const ready = ids.filter((id) => !done.has(id) && deps.get(id)!.every((d) => done.has(d)));
      if (ready.length === 0) {
        throw new Error(`dependency cycle among ${ids.filter((id) => !done.has(id)).join(', ')}`);
      }
      const results = await Promise.all(ready.map(async (id) => [id, await work(id)] as const));
      for (const [id, ok] of results) {
        done.add(id);
        failed ||= !ok;
      }
    }
    return !failed;
  }
}

function driverOf(stack: AssemblyStack, logicalId: string): Driver {
  const type = stack.resources[logicalId].Type;
  if (NATIVE_RESOURCES[type]) return { kind: 'native', type };
  return { kind: 'custom', ...customResourceFunctions(stack, logicalId) };
}

/** Loads a module with its execution environment's `process.env` (its top level may read it). */
function loadWithin(env: Record<string, string>, file: string): Record<string, unknown> {
  let loaded: Record<string, unknown> | undefined;
  let failure: unknown;
  // Module loading is synchronous: the invocation's environment holds for all of it.
  void withInvocation(env, async () => {
    try {
      loaded = loadModule(file);
    } catch (error) {
      failure = error;
    }
  });
  if (failure !== undefined) throw failure;
  return loaded!;
}

function drivenIds(stack: AssemblyStack): string[] {
  return Object.entries(stack.resources).filter(([, r]) => isDriven(r)).map(([id]) => id);
}

/** The driven resources `logicalId` depends on, through any chain of references. */
function drivenDependencies(stack: AssemblyStack, logicalId: string): string[] {
  const found = new Set<string>();
  const seen = new Set<string>([logicalId]);
  const queue = [logicalId];
  while (queue.length > 0) {
    const resource: TemplateResource | undefined = stack.resources[queue.shift()!];
    const refs = referencedIds(resource?.Properties ?? {});
    for (const dep of [resource?.DependsOn ?? []].flat()) refs.add(dep);
    for (const dep of refs) {
      if (seen.has(dep) || !stack.resources[dep]) continue;
      seen.add(dep);
      if (isDriven(stack.resources[dep])) found.add(dep);
      else queue.push(dep);
    }
  }
  return [...found];
}

function reverseDependencyOrder(stack: AssemblyStack, ids: string[]): string[] {
  const order: string[] = [];
  const visit = (id: string) => {
    if (order.includes(id)) return;
    for (const dep of drivenDependencies(stack, id).filter((d) => ids.includes(d))) visit(dep);
    order.push(id);
  };
  ids.forEach(visit);
  return order.reverse();
}

function stringifyScalars(value: any): any {
  if (Array.isArray(value)) return value.map(stringifyScalars);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyScalars(v)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function jsonCopy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

