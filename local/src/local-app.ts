/**
 * A cdk-ivs-chat app on this machine: every stack of a synthesized cloud assembly deployed through
 * its own bundled handlers to a local IVS Chat (the emulator), its review handlers run from their
 * assets, its token issuers served with the development identity.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { EmulatorRoom, IvsChatEmulatorServer, startEmulator } from './emulator';
import { AssemblyStack, OfflineFunction, OfflineStack, readAssembly, ResourceEvent } from './harness';
import { ISSUER_PATH_PREFIX, issuerFront, issuersOf, LocalIssuer } from './issuer-front';
import { PAGE_PATH, pageMount } from './page';

/** A failure the person running the command can act on: printed as one line, without a stack trace. */
export class LocalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalError';
  }
}

/** How `startLocal` runs. */
export interface LocalOptions {
  /** The cloud assembly directory (`cdk synth`'s output). */
  readonly assemblyDir: string;
  /** @default 8642 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Where log lines go (review handlers that cannot run, failed requests). @default stderr */
  readonly log?: (line: string) => void;
}

/** The port `cdk-ivs-chat-local` listens on unless told otherwise. */
export const DEFAULT_PORT = 8642;

/** A room as deployed, with the function that reviews its messages, if any. */
export interface LocalRoom {
  readonly logicalId: string;
  /** Its construct path below the stack (`Lobby`), or its logical id without path metadata. */
  readonly path: string;
  readonly room: EmulatorRoom;
  /** The review handler: its construct path, runtime, and whether it runs here. */
  readonly reviewer?: { readonly path: string; readonly runtime: string; readonly runsLocally: boolean };
}

/** One deployed stack. */
export interface LocalStack {
  readonly stackName: string;
  readonly stack: OfflineStack;
  readonly rooms: readonly LocalRoom[];
  readonly issuers: readonly (LocalIssuer & { readonly url: string })[];
}

/** What runs, until `stop`. */
export interface LocalApp {
  readonly emulator: IvsChatEmulatorServer;
  /** The control-plane endpoint (`AWS_ENDPOINT_URL_IVSCHAT`). */
  readonly endpoint: string;
  /** The messaging WebSocket endpoint (`regionOrUrl` of `amazon-ivs-chat-messaging`). */
  readonly messagingEndpoint: string;
  /** The web page of rooms, users, messages, events and review decisions. */
  readonly pageUrl: string;
  /** The stacks as deployed now (`update` changes them). */
  readonly stacks: readonly LocalStack[];
  /** Stacks of the assembly without a cdk-ivs-chat resource, left out. */
  readonly skipped: readonly string[];
  /**
   * Applies the assembly as it is now, as CloudFormation would apply a new template to each stack:
   * the rooms' provider updates them in place (connections stay) and diffs their tags, new stacks
   * are created, stacks gone from the assembly (or left without a cdk-ivs-chat resource) are
   * deleted. A stack whose update fails is rolled back and keeps running as it was. Rejects with a
   * `LocalError` when the assembly cannot be read; changes nothing then.
   */
  update(): Promise<LocalUpdate>;
  stop(): Promise<void>;
}

/** A room as an update left it, with what it was before. */
export interface LocalRoomChange {
  readonly change: 'created' | 'updated' | 'deleted';
  /** Its construct path below the stack, or its logical id. */
  readonly path: string;
  /** The room after the change (before it, for a deleted room). */
  readonly room: EmulatorRoom;
  /** The room before an update. */
  readonly previous?: EmulatorRoom;
}

/** What an update did to one stack. */
export interface LocalStackUpdate {
  readonly stackName: string;
  /** CloudFormation's status for the operation: CREATE_COMPLETE, UPDATE_COMPLETE, NO_CHANGES, DELETE_COMPLETE, or a failure's. */
  readonly status: string;
  /** Whether the operation failed (the stack is as it was, or not created). */
  readonly failed: boolean;
  /** Why it failed: the failing resource and the reason its handler gave. */
  readonly reason?: string;
  readonly rooms: readonly LocalRoomChange[];
  /** Token issuers added (construct path and URL), and removed (construct paths). */
  readonly issuersAdded: readonly { readonly path: string; readonly url: string }[];
  readonly issuersRemoved: readonly string[];
}

/** What `LocalApp.update` did. */
export interface LocalUpdate {
  readonly stacks: readonly LocalStackUpdate[];
}

const ROOM_TYPE = 'Custom::IvsChatRoom';
const ISSUER_SETTINGS_VARIABLE = 'CHAT_TOKEN_ISSUER_SETTINGS';

/** Deploys the assembly's stacks to a local IVS Chat and serves them; rejects with a `LocalError` it can explain. */
export async function startLocal(options: LocalOptions): Promise<LocalApp> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const assemblyDir = path.resolve(options.assemblyDir);
  const all = readAssemblyOrExplain(assemblyDir, options.assemblyDir);
  const chatStacks = all.filter(hasChatResources);
  if (chatStacks.length === 0) {
    const names = all.map((s) => s.stackName).join(', ') || 'none';
    throw new LocalError(`no cdk-ivs-chat resource in ${options.assemblyDir}: none of its stacks (${names}) has a ChatRoom (${ROOM_TYPE}) or a ChatTokenIssuer`);
  }
  const env = environmentOf(assemblyDir);
  const port = options.port ?? DEFAULT_PORT;
  const host = options.host ?? '127.0.0.1';

  const issuers: LocalIssuer[] = [];
  const stacks: LocalStack[] = [];
  let emulator: IvsChatEmulatorServer;
  try {
    emulator = await startEmulator({
      port,
      host,
      ...env,
      mounts: [
        { pathPrefix: ISSUER_PATH_PREFIX, handler: issuerFront(issuers, env.region ?? 'us-east-1', log) },
        pageMount(() => ({
          emulator,
          stacks: () => stacks.map((s) => ({ name: s.stackName, issuers: s.issuers.map((i) => ({ path: i.path, url: i.url })) })),
        })),
      ],
    }) as IvsChatEmulatorServer;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new LocalError(`port ${port} on ${host} is in use: stop what uses it, or pass --port with another port (--port 0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new LocalError(`cannot listen on ${host}: it is not an address of this machine (--host)`);
    if (code === 'EACCES') throw new LocalError(`not allowed to listen on port ${port} of ${host}: pass --port with a port above 1023`);
    throw error;
  }

  const deployed: OfflineStack[] = [];
  /** The template each stack runs, for its construct paths. */
  const templates = new Map<string, AssemblyStack>();
  const deployOptions = {
    endpoint: emulator.endpoint, region: emulator.region, accountId: emulator.accountId, partition: emulator.partition, iam: emulator.iam,
  };
  /** Creates or updates one stack to `template`; the stack as deployed (or as it was, after a rollback) replaces its entry. */
  const apply = async (template: AssemblyStack): Promise<Applied> => {
    const before = stacks.find((s) => s.stackName === template.stackName);
    const stack = before?.stack ?? new OfflineStack(template.stackName, deployOptions);
    let events: ResourceEvent[];
    let status: string;
    try {
      ({ stackStatus: status, events } = await stack.deploy(assemblyDir));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { status: before ? 'UPDATE_FAILED' : 'CREATE_FAILED', failed: true, thrown: true, reason, before, after: before };
    }
    const failed = !['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'NO_CHANGES'].includes(status);
    const reason = failed ? failureOf(template, events) : undefined;
    if (failed && !before) return { status, failed, reason };
    // After a rollback the stack runs its previous template.
    if (!failed) templates.set(template.stackName, template);
    const after = describe(templates.get(template.stackName)!, stack);
    replaceStack(template.stackName, after);
    return { status, failed, reason, before, after };
  };
  const describe = (template: AssemblyStack, stack: OfflineStack): LocalStack => {
    const paths = constructPaths(template);
    const stackIssuers = issuersOf(stack, paths);
    return {
      stackName: template.stackName,
      stack,
      rooms: roomsOf(template, stack, emulator, paths),
      issuers: stackIssuers.map((issuer) => ({ ...issuer, url: `${emulator.endpoint}${issuer.urlPath}` })),
    };
  };
  /** Puts `next` in place of the stack called `stackName` (or removes it), with its issuers and functions. */
  const replaceStack = (stackName: string, next: LocalStack | undefined) => {
    const index = stacks.findIndex((s) => s.stackName === stackName);
    const previous = index >= 0 ? stacks[index] : undefined;
    if (previous) {
      remove(deployed, previous.stack);
      for (const issuer of issuers.filter((i) => i.stack === previous.stack)) remove(issuers, issuer);
    }
    if (next) {
      if (index >= 0) stacks[index] = next;
      else stacks.push(next);
      deployed.push(next.stack);
      issuers.push(...next.issuers);
    } else if (index >= 0) {
      stacks.splice(index, 1);
      templates.delete(stackName);
    }
  };

  try {
    for (const template of chatStacks) {
      const { failed, thrown, status, reason } = await apply(template);
      if (failed) throw new LocalError(`cannot deploy stack ${template.stackName}${thrown ? '' : ` (${status})`}: ${reason}`);
    }
  } catch (error) {
    await emulator.stop();
    throw error;
  }

  const invoke = OfflineStack.invokerFor(deployed);
  const told = new Set<string>();
  emulator.setFunctionInvoker(async (functionArn, event) => {
    const fn = functionByArn(deployed, functionArn);
    const why = fn && notRunnable(fn);
    if (why) {
      if (!told.has(functionArn)) {
        told.add(functionArn);
        log(`review handler ${fn.logicalId} ${why}, which cdk-ivs-chat-local does not run: each room's fallback result decides its messages`);
      }
      throw new Error(`${fn.logicalId} does not run locally`);
    }
    return invoke(functionArn, event);
  });
  // A review handler has 200 ms: load the Node.js ones now rather than on the first message.
  const warmUp = () => {
    const reviewers = new Set(emulator.rooms().flatMap((r) => (r.messageReviewHandler ? [r.messageReviewHandler.uri] : [])));
    for (const stack of deployed) {
      const arns = stack.functions().filter((f) => !notRunnable(f)).map((f) => f.functionArn);
      stack.warmUp(arns.filter((arn) => reviewers.has(arn)));
    }
  };
  warmUp();

  let skipped = all.filter((s) => !chatStacks.includes(s)).map((s) => s.stackName);
  const update = async (): Promise<LocalUpdate> => {
    const assembly = readAssemblyOrExplain(assemblyDir, options.assemblyDir);
    const wanted = assembly.filter(hasChatResources);
    const results: LocalStackUpdate[] = [];
    for (const gone of stacks.filter((s) => !wanted.some((t) => t.stackName === s.stackName))) {
      const { stackStatus, events } = await gone.stack.destroy();
      const failed = stackStatus !== 'DELETE_COMPLETE';
      const reason = failed ? failureOf(templates.get(gone.stackName)!, events) : undefined;
      if (!failed) replaceStack(gone.stackName, undefined);
      results.push({
        stackName: gone.stackName,
        status: stackStatus,
        failed,
        ...(reason && { reason }),
        rooms: failed ? [] : gone.rooms.map((r) => ({ change: 'deleted' as const, path: r.path, room: r.room })),
        issuersAdded: [],
        issuersRemoved: failed ? [] : gone.issuers.map((i) => i.path),
      });
    }
    for (const template of wanted) {
      const { status, failed, reason, before, after } = await apply(template);
      results.push({ stackName: template.stackName, status, failed, ...(reason && { reason }), ...changesOf(before, after) });
    }
    skipped = assembly.filter((s) => !wanted.includes(s)).map((s) => s.stackName);
    warmUp();
    return { stacks: results };
  };

  return {
    emulator,
    endpoint: emulator.endpoint,
    messagingEndpoint: emulator.messagingEndpoint,
    pageUrl: `${emulator.endpoint}${PAGE_PATH}`,
    get stacks() { return stacks; },
    get skipped() { return skipped; },
    update,
    stop: () => emulator.stop(),
  };
}

/** What applying a template to one stack did. */
interface Applied {
  readonly status: string;
  readonly failed: boolean;
  /** The deploy threw (rather than a resource failing). */
  readonly thrown?: boolean;
  readonly reason?: string;
  readonly before?: LocalStack;
  readonly after?: LocalStack;
}

/** The rooms and issuers that differ between two states of a stack. */
function changesOf(before: LocalStack | undefined, after: LocalStack | undefined): Pick<LocalStackUpdate, 'rooms' | 'issuersAdded' | 'issuersRemoved'> {
  const oldRooms = before?.rooms ?? [];
  const newRooms = after?.rooms ?? [];
  const rooms: LocalRoomChange[] = [];
  for (const r of newRooms) {
    const old = oldRooms.find((o) => o.logicalId === r.logicalId);
    if (!old) rooms.push({ change: 'created', path: r.path, room: r.room });
    else if (!isDeepStrictEqual(old.room, r.room)) rooms.push({ change: 'updated', path: r.path, room: r.room, previous: old.room });
  }
  for (const o of oldRooms) {
    if (!newRooms.some((r) => r.logicalId === o.logicalId)) rooms.push({ change: 'deleted', path: o.path, room: o.room });
  }
  const oldIssuers = (before?.issuers ?? []).map((i) => i.path);
  const newIssuers = (after?.issuers ?? []).map((i) => i.path);
  return {
    rooms,
    issuersAdded: (after?.issuers ?? []).filter((i) => !oldIssuers.includes(i.path)).map(({ path: p, url }) => ({ path: p, url })),
    issuersRemoved: oldIssuers.filter((p) => !newIssuers.includes(p)),
  };
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

function readAssemblyOrExplain(assemblyDir: string, shown: string): AssemblyStack[] {
  if (!fs.existsSync(assemblyDir)) {
    throw new LocalError(`no cloud assembly at ${shown}: run \`cdk synth\` first (or name its output directory)`);
  }
  if (!fs.existsSync(path.join(assemblyDir, 'manifest.json'))) {
    throw new LocalError(`${shown} is not a cloud assembly (it has no manifest.json): run \`cdk synth\`, and name the directory it writes (cdk.out unless --output says otherwise)`);
  }
  try {
    return readAssembly(assemblyDir);
  } catch (error) {
    throw new LocalError(`cannot read the cloud assembly at ${shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function hasChatResources(stack: AssemblyStack): boolean {
  return Object.values(stack.resources).some((r) => r.Type === ROOM_TYPE
    || (r.Type === 'AWS::Lambda::Function' && r.Properties?.Environment?.Variables?.[ISSUER_SETTINGS_VARIABLE] !== undefined));
}

/**
 * The account and region the stacks were synthesized for, when the assembly names them (an
 * environment-agnostic stack names neither, and the emulator's defaults apply).
 */
function environmentOf(assemblyDir: string): { region?: string; accountId?: string; partition?: string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf-8'));
  const environments = Object.values<any>(manifest.artifacts ?? {})
    .filter((a) => a.type === 'aws:cloudformation:stack' && typeof a.environment === 'string')
    .map((a) => /^aws:\/\/([^/]+)\/(.+)$/.exec(a.environment))
    .filter((m): m is RegExpExecArray => m !== null);
  const accountId = environments.map((m) => m[1]).find((a) => /^\d{12}$/.test(a));
  const region = environments.map((m) => m[2]).find((r) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
  const partition = region?.startsWith('cn-') ? 'aws-cn' : region?.startsWith('us-gov-') ? 'aws-us-gov' : undefined;
  return { ...(accountId && { accountId }), ...(region && { region }), ...(partition && { partition }) };
}

/** Construct paths below the stack by logical id (`Lobby`, `Tokens/Function`), from the path metadata `cdk synth` writes. */
function constructPaths(stack: AssemblyStack): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(stack.resources)) {
    const cdkPath = resource.Metadata?.['aws:cdk:path'];
    if (typeof cdkPath === 'string' && cdkPath.startsWith(`${stack.stackName}/`)) {
      paths.set(logicalId, cdkPath.slice(stack.stackName.length + 1).replace(/(\/(Resource|Default))+$/, ''));
    }
  }
  return paths;
}

/** Why a stack operation failed: its first failed resource and the reason its handler gave. */
function failureOf(stack: AssemblyStack, events: readonly ResourceEvent[]): string {
  const failure = events.find((e) => e.status.endsWith('_FAILED'));
  return failure ? `${describeResource(stack, failure.logicalId)} ${failure.status}: ${failure.reason ?? 'no reason given'}` : 'no resource failed';
}

function describeResource(stack: AssemblyStack, logicalId: string): string {
  const type = stack.resources[logicalId]?.Type ?? 'resource';
  const cdkPath = constructPaths(stack).get(logicalId);
  return `${cdkPath ?? logicalId} (${type}${cdkPath ? `, logical id ${logicalId}` : ''})`;
}

function roomsOf(template: AssemblyStack, stack: OfflineStack, emulator: IvsChatEmulatorServer, paths: Map<string, string>): LocalRoom[] {
  const functions = stack.functions();
  return [...stack.resources()]
    .filter(([logicalId]) => template.resources[logicalId]?.Type === ROOM_TYPE)
    .flatMap(([logicalId, resource]) => {
      const room = emulator.room(resource.physicalId);
      if (!room) return [];
      const handler = room.messageReviewHandler && functions.find((f) => f.functionArn === room.messageReviewHandler!.uri);
      const reviewer = handler && {
        path: (paths.get(handler.logicalId) ?? handler.logicalId).replace(/\/Function$/, ''),
        runtime: handler.runtime,
        runsLocally: !notRunnable(handler),
      };
      return [{ logicalId, path: paths.get(logicalId) ?? logicalId, room, ...(reviewer && { reviewer }) }];
    });
}

/** Why the function cannot run here (another runtime, no asset), if it cannot. */
function notRunnable(fn: OfflineFunction): string | undefined {
  if (!fn.runtime.startsWith('nodejs')) return `runs on ${fn.runtime}`;
  if (fn.unavailable !== undefined) return 'has no code asset (inline code or a container image)';
  return undefined;
}

function functionByArn(stacks: readonly OfflineStack[], functionArn: string): OfflineFunction | undefined {
  for (const stack of stacks) {
    if (!functionArn.includes(`:function:${stack.stackName}-`)) continue;
    return stack.functions().find((f) => f.functionArn === functionArn);
  }
  return undefined;
}
