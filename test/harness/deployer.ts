import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as Module from 'module';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { AssemblyStack, functionAsset, handlerAssetFile, readStack, TemplateResource } from './assembly';
import { referencedIds, resolve, ResolveContext } from './intrinsics';

/** Where the offline deploy sends API calls, and the account it pretends to be. */
export interface OfflineDeployOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition?: string;
}

/** Static credentials: the emulator checks that requests are signed, not by whom. */
const OFFLINE_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDOFFLINEDEPLOY', AWS_SECRET_ACCESS_KEY: 'offline' };

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

/** A custom resource as deployed. */
interface DeployedResource {
  readonly properties: Record<string, unknown>;
  readonly physicalId: string;
  readonly data: Record<string, string>;
  readonly handlerFile: string;
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
}

/** Invokes a function by ARN with an event; what the emulator takes to run review handlers. */
export type OfflineFunctionInvoker = (functionArn: string, event: Record<string, unknown>) => Promise<unknown>;

type LambdaHandler = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;

type OnEvent = (event: Record<string, unknown>) => Promise<{ PhysicalResourceId?: string; Data?: Record<string, string> } | undefined>;

/** The physical id the provider framework reports for a create that failed; its Delete is skipped. */
const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
/** Custom resource types the harness drives through their handler; every other resource is a stand-in. */
const DRIVEN_TYPE = /^(Custom::|AWS::CloudFormation::CustomResource$)/;
const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Deploys the custom resources of one stack of a synthesized cloud assembly
 * the way CloudFormation and the aws-cdk-lib provider framework would: it runs
 * the bundled handler asset from the assembly (the file that would be
 * uploaded) with Create, Update and Delete events, in dependency order,
 * independent resources concurrently, and rolls back on failure. Other
 * resources are stand-ins whose Ref and GetAtt resolve to well-formed values.
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
  private template: AssemblyStack | undefined;
  private requestCount = 0;
  /** Loaded function modules by file and environment: a changed environment is a new execution environment, as on Lambda. */
  private readonly containers = new Map<string, LambdaHandler>();

  constructor(public readonly stackName: string, private readonly options: OfflineDeployOptions) {}

  /** The custom resources now deployed, by logical id. */
  public resources(): ReadonlyMap<string, { physicalId: string; data: Record<string, string>; properties: Record<string, unknown> }> {
    return new Map(this.deployed);
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
      .map(([logicalId, r]) => {
        const { file, exportName } = functionAsset(stack, logicalId);
        const props = r.Properties ?? {};
        return {
          logicalId,
          functionArn: this.standInFunctionArn(logicalId),
          file,
          exportName,
          environment: stringifyScalars(this.resolveValue(stack, props.Environment?.Variables ?? {})) as Record<string, string>,
          timeoutSeconds: Number(this.resolveValue(stack, props.Timeout ?? 3)),
          memorySize: Number(this.resolveValue(stack, props.MemorySize ?? 128)),
        };
      });
  }

  /**
   * The stand-in ARN of a function named by its construct path below the stack (`Tokens/Function`),
   * its `aws:cdk:path`, or its logical id.
   */
  public functionArn(pathOrLogicalId: string): string {
    const stack = this.requireTemplate();
    const relative = pathOrLogicalId.replace(/\/Resource$/, '');
    const uniqueIdPrefix = relative.split('/').join('').replace(/[^A-Za-z0-9]/g, '');
    const matches = Object.entries(stack.resources).filter(([logicalId, r]) => {
      if (r.Type !== 'AWS::Lambda::Function') return false;
      const cdkPath = String(r.Metadata?.['aws:cdk:path'] ?? '');
      return logicalId === pathOrLogicalId
        || cdkPath === pathOrLogicalId
        || cdkPath === `${this.stackName}/${relative}/Resource`
        // Without path metadata (a bare App), the logical id is the path's ids and an 8-character hash.
        || new RegExp(`^${uniqueIdPrefix}[0-9A-F]{8}$`).test(logicalId);
    });
    if (matches.length !== 1) {
      throw new Error(`${matches.length === 0 ? 'no' : 'more than one'} Lambda function of ${this.stackName} matches ${pathOrLogicalId}`);
    }
    return this.standInFunctionArn(matches[0][0]);
  }

  /**
   * Invokes a function of the stack as Lambda would: its bundled asset loaded with Node's own
   * module system, its resolved environment plus the Lambda basics (region, the endpoint
   * override to the emulator, static credentials) on the process, a context whose remaining
   * time counts down from the function's timeout, and JSON copies of the event and the answer.
   * Rejects like a failed invocation: with the function's error, or `Task timed out`.
   */
  public async invokeFunction(functionArn: string, event: unknown): Promise<unknown> {
    const fn = this.functionByArn(functionArn);
    applyEnvironment({
      ...this.lambdaBaseEnvironment(),
      AWS_LAMBDA_FUNCTION_NAME: `${this.stackName}-${fn.logicalId}`,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      ...fn.environment,
    }, Object.keys(fn.environment));
    const handler = this.container(fn);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = {
      functionName: `${this.stackName}-${fn.logicalId}`,
      functionVersion: '$LATEST',
      invokedFunctionArn: functionArn,
      memoryLimitInMB: String(fn.memorySize),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${this.stackName}-${fn.logicalId}`,
      logStreamName: 'offline',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`)), fn.timeoutSeconds * 1000);
    });
    try {
      const result = await Promise.race([handler(jsonCopy(event), context), timeout]);
      return jsonCopy(result);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `invokeFunction` as a standalone function, for `startEmulator({ invokeFunction })` or `setFunctionInvoker`. */
  public functionInvoker(): OfflineFunctionInvoker {
    return (functionArn, event) => this.invokeFunction(functionArn, event);
  }

  /**
   * Loads the modules of these functions now (ARNs of other stacks are ignored), as provisioned
   * concurrency would: a review handler has 200 ms, and loading its bundle on the first message
   * should not be what spends them.
   */
  public warmUp(functionArns: readonly string[]): void {
    const mine = functionArns.filter((arn) => arn.includes(`:function:${this.stackName}-`));
    for (const arn of mine) {
      const fn = this.functionByArn(arn);
      applyEnvironment({ ...this.lambdaBaseEnvironment(), ...fn.environment }, Object.keys(fn.environment));
      this.container(fn);
    }
  }

  /** Creates the stack, or updates it to the template in `assemblyDir`. */
  public async deploy(assemblyDir: string): Promise<StackOperationResult> {
    const next = readStack(assemblyDir, this.stackName);
    const creating = this.template === undefined;
    const previous = this.template;
    const before = new Map(this.deployed);
    const events: ResourceEvent[] = [];

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
      const handlerFile = handlerAssetFile(next, logicalId);
      const deletionPolicy = next.resources[logicalId].DeletionPolicy;
      if (!old) {
        return this.create(logicalId, properties, handlerFile, deletionPolicy, events);
      }
      return this.update(logicalId, old.physicalId, old.properties, properties, handlerFile, deletionPolicy, events);
    });

    if (ok) {
      this.template = next;
      for (const logicalId of reverseDependencyOrder(previous ?? next, toDelete)) {
        await this.delete(logicalId, events);
      }
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
        const { physicalId, properties, handlerFile, deletionPolicy } = old;
        rolledBack = await this.update(logicalId, physicalId, tried, properties, handlerFile, deletionPolicy, events, true) && rolledBack;
      }
    }
    if (creating) {
      this.template = undefined;
      return { stackStatus: rolledBack ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED', events };
    }
    return { stackStatus: rolledBack ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_FAILED', events };
  }

  /** Deletes the stack: every custom resource, dependents first; `Retain` resources are skipped. */
  public async destroy(): Promise<StackOperationResult> {
    const events: ResourceEvent[] = [];
    if (!this.template) {
      return { stackStatus: 'DELETE_COMPLETE', events };
    }
    let ok = true;
    for (const logicalId of reverseDependencyOrder(this.template, [...this.deployed.keys()])) {
      ok = await this.delete(logicalId, events) && ok;
    }
    if (ok) {
      this.template = undefined;
    }
    return { stackStatus: ok ? 'DELETE_COMPLETE' : 'DELETE_FAILED', events };
  }

  private async create(
    logicalId: string, properties: Record<string, unknown>, handlerFile: string, deletionPolicy: string | undefined, events: ResourceEvent[],
  ): Promise<boolean> {
    const outcome = await this.invoke(handlerFile, {
      RequestType: 'Create', LogicalResourceId: logicalId, ResourceProperties: properties,
    });
    if (!outcome.ok) {
      events.push({ logicalId, status: 'CREATE_FAILED', reason: outcome.reason });
      return false;
    }
    this.deployed.set(logicalId, { properties, physicalId: outcome.physicalId, data: outcome.data, handlerFile, deletionPolicy });
    events.push({ logicalId, status: 'CREATE_COMPLETE', physicalId: outcome.physicalId });
    return true;
  }

  private async update(
    logicalId: string, physicalId: string, oldProperties: Record<string, unknown>, properties: Record<string, unknown>,
    handlerFile: string, deletionPolicy: string | undefined, events: ResourceEvent[], rollback = false,
  ): Promise<boolean> {
    const outcome = await this.invoke(handlerFile, {
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
    this.deployed.set(logicalId, { properties, physicalId: outcome.physicalId, data: outcome.data, handlerFile, deletionPolicy });
    events.push({ logicalId, status: `${prefix}COMPLETE`, physicalId: outcome.physicalId });
    return true;
  }

  private async delete(logicalId: string, events: ResourceEvent[], physicalId?: string): Promise<boolean> {
    const resource = this.deployed.get(logicalId);
    const id = physicalId ?? resource?.physicalId ?? CREATE_FAILED_MARKER;
    if (resource?.deletionPolicy === 'Retain') {
      this.deployed.delete(logicalId);
      events.push({ logicalId, status: 'DELETE_SKIPPED', physicalId: id });
      return true;
    }
    const handlerFile = resource?.handlerFile ?? (this.template && handlerAssetFile(this.template, logicalId));
    const outcome = handlerFile
      ? await this.invoke(handlerFile, { RequestType: 'Delete', LogicalResourceId: logicalId, PhysicalResourceId: id, ResourceProperties: resource?.properties ?? {} })
      : { ok: true as const, physicalId: id, data: {} };
    if (!outcome.ok) {
      events.push({ logicalId, status: 'DELETE_FAILED', physicalId: id, reason: outcome.reason });
      return false;
    }
    this.deployed.delete(logicalId);
    events.push({ logicalId, status: 'DELETE_COMPLETE', physicalId: id });
    return true;
  }

  /** What the provider framework does around the user handler. */
  private async invoke(handlerFile: string, event: Record<string, unknown>): Promise<
    { ok: true; physicalId: string; data: Record<string, string> } | { ok: false; reason: string }
  > {
    const requestId = `offline-${++this.requestCount}`;
    if (event.RequestType === 'Delete' && event.PhysicalResourceId === CREATE_FAILED_MARKER) {
      return { ok: true, physicalId: CREATE_FAILED_MARKER, data: {} };
    }
    const fullEvent = {
      ...event,
      ServiceToken: 'offline',
      ResponseURL: 'http://127.0.0.1/offline-response',
      StackId: `arn:${this.partition}:cloudformation:${this.options.region}:${this.options.accountId}:stack/${this.stackName}/offline`,
      RequestId: requestId,
      ResourceType: 'Custom::Offline',
    };
    // The room handler has no variables of its own: the base environment, and
    // none of the variables of the last function the harness ran.
    applyEnvironment(this.lambdaBaseEnvironment(), []);
    try {
      const response = await loadHandler(handlerFile)(fullEvent);
      const physicalId = response?.PhysicalResourceId ?? (event.RequestType === 'Create' ? requestId : String(event.PhysicalResourceId));
      return { ok: true, physicalId, data: response?.Data ?? {} };
    } catch (error) {
      return { ok: false, reason: (error as Error).message ?? String(error) };
    }
  }

  private get partition(): string {
    return this.options.partition ?? 'aws';
  }

  private requireTemplate(): AssemblyStack {
    if (!this.template) throw new Error(`${this.stackName} is not deployed`);
    return this.template;
  }

  private standInFunctionArn(logicalId: string): string {
    return `arn:${this.partition}:lambda:${this.options.region}:${this.options.accountId}:function:${this.stackName}-${logicalId}`;
  }

  private functionByArn(functionArn: string): OfflineFunction {
    const name = /^arn:[^:]+:lambda:[^:]+:[^:]+:function:([^:]+)(:[^:]+)?$/.exec(functionArn)?.[1];
    const fn = name?.startsWith(`${this.stackName}-`) ? this.functions().find((f) => f.logicalId === name.slice(this.stackName.length + 1)) : undefined;
    if (!fn) {
      throw Object.assign(new Error(`Function not found: ${functionArn}`), { name: 'ResourceNotFoundException' });
    }
    return fn;
  }

  /** What Lambda puts in every function's environment, with the endpoint override to the emulator. */
  private lambdaBaseEnvironment(): Record<string, string> {
    return {
      AWS_REGION: this.options.region,
      AWS_DEFAULT_REGION: this.options.region,
      AWS_ENDPOINT_URL_IVSCHAT: this.options.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...OFFLINE_CREDENTIALS,
    };
  }

  private container(fn: OfflineFunction): LambdaHandler {
    const key = `${fn.file}\0${JSON.stringify(fn.environment)}`;
    let handler = this.containers.get(key);
    if (!handler) {
      handler = loadModule(fn.file)[fn.exportName] as LambdaHandler;
      if (typeof handler !== 'function') {
        throw new Error(`${fn.file} exports no function ${fn.exportName}`);
      }
      this.containers.set(key, handler);
    }
    return handler;
  }

  /** Resolves a resource's properties as CloudFormation hands them to a custom resource: scalars as strings. */
  private resolveProperties(stack: AssemblyStack, logicalId: string): Record<string, unknown> {
    return stringifyScalars(this.resolveValue(stack, stack.resources[logicalId].Properties ?? {}, logicalId));
  }

  /** Resolves intrinsics against the deployed custom resources and stand-ins for everything else. */
  private resolveValue(stack: AssemblyStack, input: unknown, logicalId = 'template'): any {
    const { region, accountId } = this.options;
    const partition = this.partition;
    const name = (id: string) => `${this.stackName}-${id}`;
    const context: ResolveContext = {
      partition,
      region,
      accountId,
      stackName: this.stackName,
      ref: (id) => this.deployed.get(id)?.physicalId ?? name(id),
      getAtt: (id, attribute) => {
        const deployed = this.deployed.get(id);
        if (deployed) {
          const value = deployed.data[attribute];
          if (value === undefined) throw new Error(`${logicalId}: ${id} has no attribute ${attribute}`);
          return value;
        }
        switch (stack.resources[id]?.Type) {
          case 'AWS::Lambda::Function': return this.standInFunctionArn(id);
          case 'AWS::IAM::Role': return `arn:${partition}:iam::${accountId}:role/${name(id)}`;
          case 'AWS::Logs::LogGroup': return `arn:${partition}:logs:${region}:${accountId}:log-group:${name(id)}:*`;
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

function drivenIds(stack: AssemblyStack): string[] {
  return Object.entries(stack.resources).filter(([, r]) => DRIVEN_TYPE.test(r.Type)).map(([id]) => id);
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
      if (DRIVEN_TYPE.test(stack.resources[dep].Type)) found.add(dep);
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

/** The function-specific variables the last `applyEnvironment` set, removed before the next function's. */
let appliedKeys: string[] = [];

/** Sets a function's environment on Node's own `process.env`, dropping the previous function's own variables. */
function applyEnvironment(environment: Record<string, string>, functionKeys: string[]): void {
  const env = nodeProcess().env;
  for (const key of appliedKeys) delete env[key];
  Object.assign(env, environment);
  appliedKeys = functionKeys;
}

function jsonCopy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

const loaded = new Map<string, OnEvent>();

/**
 * Node's own `process`, which handlers loaded by `loadHandler` see. A test
 * runner may give test code a copy whose `env` does not reach them.
 */
function nodeProcess(): NodeJS.Process {
  realProcess ??= compile('process-of-node.js', 'module.exports = process;') as NodeJS.Process;
  return realProcess;
}

let realProcess: NodeJS.Process | undefined;

function compile(file: string, source: string, paths: string[] = []): any {
  const mod = new Module.Module(file);
  mod.filename = file;
  mod.paths = paths;
  (mod as any)._compile(source, file);
  return mod.exports;
}

/**
 * Loads a bundled handler with Node's own module system (not a test runner's),
 * as Lambda would, resolving its external `@aws-sdk/*` imports from this repository.
 */
function loadHandler(file: string): OnEvent {
  let handler = loaded.get(file);
  if (!handler) {
    handler = loadModule(file).handler as OnEvent;
    if (typeof handler !== 'function') {
      throw new Error(`${file} exports no handler function`);
    }
    loaded.set(file, handler);
  }
  return handler;
}

/** A fresh instance of a bundled module, its bare imports resolved from next to it, then from this repository. */
function loadModule(file: string): Record<string, unknown> {
  const paths = [...(Module as any)._nodeModulePaths(path.dirname(file)), ...(Module as any)._nodeModulePaths(REPO_ROOT)];
  return compile(file, fs.readFileSync(file, 'utf-8'), paths);
}
