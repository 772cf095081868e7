/**
 * What is done with each (mutated) stack offline, and what is checked: the example app through
 * the demo itself (`runDemo`: deploy, chat, moderate, update, delete), and the stack with every
 * construct and option through everything its grants and functions promise. Both run with the
 * emulator's IAM, functions that start `Pending`, a deploying role that may not write resource
 * policies, and no rate limits (the checks are about permissions, not throughput). Each returns the checks that failed: none for a sound stack.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  CreateChatTokenCommand, DeleteMessageCommand, DisconnectUserCommand, GetRoomCommand, IvschatClient, ListTagsForResourceCommand,
  ResourceNotFoundException, SendEventCommand,
} from '@aws-sdk/client-ivschat';
import { App, Tags } from 'aws-cdk-lib';
import { WebSocket } from 'ws';
import { mutateAssembly } from './mutants';
import { runDemo } from '../../examples/demo';
import { ChatDemoStack } from '../../examples/stack';
import { startEmulator } from '../../local/src/emulator';
import { OfflineStack } from '../../local/src/harness';
import { LambdaFront } from '../../local/src/harness/lambda-front';
import { signedFetch } from '../harness/signed-fetch';
import { AllConstructsStack } from '../security/all-constructs';

/** A stack to mutate: how to build its versions and how to exercise them. */
export interface Exercise {
  readonly name: string;
  readonly stackName: string;
  /** Synthesizes the stack's versions into `dir`; returns the assembly directories, first version first. */
  build(dir: string): string[];
  /** Deploys and uses the versions; resolves to the checks that failed. */
  run(versions: string[]): Promise<string[]>;
}

/** The example app (examples/stack.ts), versions 1 and 2, exercised by the demo. */
export const EXAMPLE_APP: Exercise = {
  name: 'example app',
  stackName: 'IvsChatDemo',
  build(dir) {
    return [1, 2].map((version) => {
      const outdir = path.join(dir, `example-v${version}`);
      const app = new App({ outdir });
      // As examples/app.ts builds it.
      const stack = new ChatDemoStack(app, 'IvsChatDemo', { version });
      Tags.of(stack).add('project', 'cdk-ivs-chat-demo');
      app.synth();
      return outdir;
    });
  },
  async run([v1, v2]) {
    const harness = { pendingFunctions: true, deployerWritesResourcePolicies: false };
    const result = await runDemo(v1, v2, { log: () => undefined, emulator: { rateLimits: false }, harness });
    return result.failures;
  },
};

/**
 * test/security/all-constructs.ts: version 1 as synthesized; version 2 changes the stage room
 * (a longer message limit, tag `team` removed, its logging configurations detached), so the
 * provider updates and untags.
 */
export const ALL_CONSTRUCTS: Exercise = {
  name: 'every construct and option',
  stackName: 'AllConstructs',
  build(dir) {
    const v1 = path.join(dir, 'all-v1');
    const app = new App({ outdir: v1 });
    new AllConstructsStack(app, 'AllConstructs');
    app.synth();
    const v2 = mutateAssembly(v1, 'AllConstructs', path.join(dir, 'all-v2'), (template) => {
      const stage = Object.values<any>(template.Resources).find((r) => r.Type === 'Custom::IvsChatRoom' && r.Properties.Name === 'stage');
      stage.Properties.MaximumMessageLength = '300';
      delete stage.Properties.Tags.team;
      // Detached, so the configurations can go with the stack while the room stays (it is retained).
      stage.Properties.LoggingConfigurationIdentifiers = [];
      return template;
    });
    return [v1, v2];
  },
  run: exerciseAllConstructs,
};

async function exerciseAllConstructs([v1, v2]: string[]): Promise<string[]> {
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  const emu = await startEmulator({ rateLimits: false });
  const options = {
    endpoint: emu.endpoint, region: emu.region, accountId: emu.accountId, iam: emu.iam, pendingFunctions: true, deployerWritesResourcePolicies: false,
  };
  const stack = new OfflineStack('AllConstructs', options);
  let front: LambdaFront | undefined;
  try {
    const created = await stack.deploy(v1);
    check(created.stackStatus === 'CREATE_COMPLETE', `create: ${created.stackStatus} ${reasons(created.events)}`);
    if (created.stackStatus !== 'CREATE_COMPLETE') return failures;
    const stage = emu.rooms().find((r) => r.name === 'stage')!;
    const lobby = emu.rooms().find((r) => r.name !== 'stage')!;
    check(stage.loggingConfigurationIdentifiers.length === 2 && lobby.loggingConfigurationIdentifiers.length === 1, 'the rooms name their logging configurations');
    check(stage.tags.team === 'live', 'the stage room is tagged');
    const imported = `arn:aws:ivschat:${emu.region}:${emu.accountId}:room/AbCdEfGhIjKl`;
    emu.setFunctionInvoker(stack.functionInvoker());
    stack.warmUp([stage.messageReviewHandler!.uri]);
    front = await LambdaFront.start([stack], emu.iam, emu.region);
    const backend = stack.credentialsOf('Backend');

    // The token issuer through its AWS_IAM function URL, signed as the backend (grantInvokeUrl, grantInvoke).
    const url = front.urlOf(stack.functionArn('Tokens/Function'));
    const token = async (roomIdentifier: string) => signedFetch(url, { body: JSON.stringify({ roomIdentifier, userId: 'viewer' }), credentials: backend });
    const stageToken = await token(stage.arn);
    check(stageToken.status === 200, `a token for the stage room through the URL: ${stageToken.status} ${stageToken.body}`);
    check((await token(lobby.arn)).status === 200, 'a token for the lobby through the URL');
    const importedToken = await token(imported);
    check(importedToken.status === 404, `a token for the imported room is asked of IVS Chat, which does not know it: ${importedToken.status} ${importedToken.body}`);
    const direct = await signedFetch(`${front.endpoint}/2015-03-31/functions/${encodeURIComponent(stack.functionArn('Tokens/Function'))}/invocations`, {
      body: JSON.stringify({ roomIdentifier: stage.arn, userId: 'direct' }), credentials: backend,
    });
    check(direct.status === 200 && !direct.headers['x-amz-function-error'], `the backend invokes the issuer directly: ${direct.status} ${direct.body}`);

    // Another account, granted by grantInvokeUrl(AccountPrincipal): its role (whose own account lets it call any
    // function URL) calls the URL; the function's resource policy must allow that account both actions.
    const partner = { accessKeyId: 'ASIAPARTNERACCOUNT01', secretAccessKey: 'offline', sessionToken: 'partner' };
    emu.iam.registerRole({
      accessKeyId: partner.accessKeyId,
      roleArn: 'arn:aws:iam::210987654321:role/Partner',
      policies: [{ Statement: [{ Effect: 'Allow', Action: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'], Resource: '*' }] }],
    });
    const partnerToken = await signedFetch(url, { body: JSON.stringify({ roomIdentifier: lobby.arn, userId: 'partner-user' }), credentials: partner });
    check(partnerToken.status === 200, `the partner account's role gets a token through the URL: ${partnerToken.status} ${partnerToken.body}`);

    // Anonymous viewers through the public URL (auth type NONE).
    const anonymous = await signedFetch(front.urlOf(stack.functionArn('PublicTokens/Function')), { body: JSON.stringify({ roomIdentifier: lobby.arn }) });
    check(anonymous.status === 200 && emu.tokens().at(-1)?.capabilities.length === 0,
      `an anonymous viewer gets a view-only token through the public URL: ${anonymous.status} ${anonymous.body}`);

    // A message in the stage room goes through the reviewer (its permission, its role's logs).
    if (stageToken.status === 200) {
      const reviewed = await sendMessage(emu.messagingEndpoint, JSON.parse(stageToken.body).token, 'a big spoiler');
      check(reviewed.Type === 'MESSAGE' && !String(reviewed.Content).includes('spoiler'), `the stage reviewer masks the message: ${JSON.stringify(reviewed)}`);
      check(emu.reviews().at(-1)?.decidedBy === 'handler', `the reviewer decided: ${JSON.stringify(emu.reviews().at(-1))}`);
    }

    // What the grants promise the backend, on the control plane.
    const client = new IvschatClient({ endpoint: emu.endpoint, region: emu.region, credentials: backend, maxAttempts: 1 });
    try {
      const calls: [string, () => Promise<unknown>, 'ok' | 'not-found'][] = [
        ['GetRoom', () => client.send(new GetRoomCommand({ identifier: stage.arn })), 'ok'],
        ['ListTagsForResource', () => client.send(new ListTagsForResourceCommand({ resourceArn: stage.arn })), 'ok'],
        ['CreateChatToken', () => client.send(new CreateChatTokenCommand({ roomIdentifier: stage.arn, userId: 'u' })), 'ok'],
        ['SendEvent', () => client.send(new SendEventCommand({ roomIdentifier: stage.arn, eventName: 'app:poll' })), 'ok'],
        ['DeleteMessage', () => client.send(new DeleteMessageCommand({ roomIdentifier: stage.arn, id: 'AbCdEfGhIjKl' })), 'ok'],
        ['DisconnectUser', () => client.send(new DisconnectUserCommand({ roomIdentifier: stage.arn, userId: 'troll' })), 'ok'],
        ['DeleteMessage (imported room)', () => client.send(new DeleteMessageCommand({ roomIdentifier: imported, id: 'AbCdEfGhIjKl' })), 'not-found'],
        ['DisconnectUser (imported room)', () => client.send(new DisconnectUserCommand({ roomIdentifier: imported, userId: 'troll' })), 'not-found'],
      ];
      for (const [what, call, expected] of calls) {
        const outcome = await call().then(() => 'ok', (e: Error) => (e instanceof ResourceNotFoundException ? 'not-found' : e.name));
        check(outcome === expected, `the backend's ${what}: ${outcome}`);
      }
    } finally {
      client.destroy();
    }

    const updated = await stack.deploy(v2);
    check(updated.stackStatus === 'UPDATE_COMPLETE', `update: ${updated.stackStatus} ${reasons(updated.events)}`);
    const stageAfter = emu.room(stage.arn);
    check(stageAfter?.maximumMessageLength === 300 && stageAfter.tags.team === undefined && stageAfter.loggingConfigurationIdentifiers.length === 0,
      `the stage room was updated and untagged: ${JSON.stringify(stageAfter)}`);

    const deleted = await stack.destroy();
    check(deleted.stackStatus === 'DELETE_COMPLETE', `delete: ${deleted.stackStatus} ${reasons(deleted.events)}`);
    check(emu.rooms().map((r) => r.name).join() === 'stage', `only the retained stage room is left: ${emu.rooms().map((r) => r.name).join()}`);

    const dropped = stack.logDeliveries().filter((d) => d.dropped);
    check(dropped.length === 0, `every function's log lines reached its log group: ${dropped.map((d) => `${d.functionLogicalId}: ${d.dropped}`).slice(0, 2).join('; ')}`);
  } catch (error) {
    failures.push(`the exercise stopped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await front?.stop();
    await emu.stop();
  }
  for (const denial of emu.denials()) failures.push(`IAM refused: ${denial.message}`);
  return failures;
}

function reasons(events: { status: string; reason?: string }[]): string {
  return events.filter((e) => e.reason).map((e) => e.reason).join('; ');
}

/** Connects with a chat token, sends one message, and resolves to the frame that answers it. */
async function sendMessage(endpoint: string, token: string, content: string): Promise<Record<string, unknown>> {
  const ws = new WebSocket(endpoint, token);
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to the message')), 3_000);
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.RequestId === 'm') {
          clearTimeout(timer);
          resolve(frame);
        }
      });
      ws.send(JSON.stringify({ Action: 'SEND_MESSAGE', RequestId: 'm', Content: content }));
    });
  } finally {
    ws.terminate();
  }
}

/** A scratch directory for one run. */
export function scratch(base: string, name: string): string {
  const dir = path.join(base, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
