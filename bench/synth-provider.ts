/**
 * What the room provider costs at synth, and what a lighter one would: N `CfnRoom`s, N
 * `ChatRoom`s with the provider as shipped (aws-cdk-lib's provider framework: the room handler
 * and the framework's own function, a role and a log group each), and N `ChatRoom`s whose
 * provider is a prototype on aws-cdk-lib core's `CustomResourceProviderBase` (one function that
 * answers CloudFormation itself, the way aws-cdk-lib deploys its own handlers), in two variants,
 * all in one run:
 *
 * - `core`: the function and its role as `CustomResourceProviderBase` makes them
 *   (AWSLambdaBasicExecutionRole, the default log group). The least a core provider costs.
 * - `core, made safe`: what that design needs to keep the shipped provider's guarantees: its own
 *   log group and a role that may write only there (the shipped least privilege); on every room a
 *   `ServiceTimeout` of 360 s (the function's 300 s and a margin), so that a function that dies
 *   without answering holds the stack for six minutes rather than CloudFormation's default hour;
 *   and an `AWS::Lambda::EventInvokeConfig` that does not retry a failed invocation (Lambda
 *   retries asynchronous invocations twice by default, which would run a timed-out create up to
 *   three times) and sends it to the function itself, with a policy that allows that, so that the
 *   function can answer FAILED for an invocation that crashed or timed out, as the framework does.
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/synth-provider.ts [repeats=21]
 *
 * The prototypes are here to be measured, not shipped: their handler code does not exist (no
 * answer to CloudFormation of our own, no handling of the failure record) and they carry no
 * cdk-nag reasons, so their figures are lower bounds for that design.
 */
import * as os from 'os';
import * as path from 'path';
import { CfnResource, CustomResourceProviderBase, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { median } from './stats';
import { SynthFigure, synthFigure } from './synth-figure';
import { ChatRoom } from '../src';
import { ChatRoomProvider } from '../src/private/room-provider';
import { FUNCTION_RUNTIME } from '../src/private/runtime';

type Flavour = 'CfnRoom' | 'framework' | 'core' | 'core, made safe';
const FLAVOURS: Flavour[] = ['CfnRoom', 'framework', 'core', 'core, made safe'];
/** The room handler's timeout (src/private/room-provider.ts), and the ServiceTimeout above it. */
const HANDLER_TIMEOUT = Duration.minutes(5);
const SERVICE_TIMEOUT_S = 360;

/** The room handler deployed as aws-cdk-lib deploys its own handlers: one function, one role. */
class CoreRoomProvider extends CustomResourceProviderBase {
  static of(scope: Construct, safe: boolean): CoreRoomProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild('IvsChatRoomCoreProvider') as CoreRoomProvider | undefined)
      ?? new CoreRoomProvider(stack, 'IvsChatRoomCoreProvider', safe);
  }

  private constructor(scope: Construct, id: string, safe: boolean) {
    super(scope, id, {
      codeDirectory: path.join(__dirname, '..', 'assets', 'lambda', 'room-provider', 'index'),
      runtimeName: FUNCTION_RUNTIME.name,
      memorySize: Size.mebibytes(256),
      timeout: HANDLER_TIMEOUT,
      description: 'cdk-ivs-chat: creates, updates and deletes Amazon IVS Chat rooms',
      policyStatements: [{
        Effect: 'Allow',
        Action: ['ivschat:CreateRoom', 'ivschat:ListRooms', 'ivschat:UpdateRoom', 'ivschat:DeleteRoom', 'ivschat:TagResource', 'ivschat:UntagResource'],
        Resource: Stack.of(scope).formatArn({ service: 'ivschat', resource: 'room', resourceName: '*' }),
      }],
    });
    if (!safe) return;
    const role = this.node.findChild('Role') as CfnResource;
    const handler = this.node.findChild('Handler') as CfnResource;
    const logGroup = new logs.CfnLogGroup(this, 'Logs', { retentionInDays: 30 });
    this.addToRolePolicy({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: logGroup.attrArn });
    role.addPropertyDeletionOverride('ManagedPolicyArns');
    handler.addPropertyOverride('LoggingConfig', { LogGroup: logGroup.ref });
    // The function may invoke itself with a failure record; a policy of its own, since the
    // function depends on its role and the statement names the function.
    const selfInvoke = new CfnResource(this, 'SelfInvokePolicy', {
      type: 'AWS::IAM::Policy',
      properties: {
        PolicyName: 'self-invoke',
        Roles: [role.ref],
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: handler.getAtt('Arn') }] },
      },
    });
    const invokeConfig = new CfnResource(this, 'InvokeConfig', {
      type: 'AWS::Lambda::EventInvokeConfig',
      properties: {
        FunctionName: handler.ref,
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: handler.getAtt('Arn') } },
      },
    });
    invokeConfig.addDependency(selfInvoke);
  }
}

const shippedProviderOf = ChatRoomProvider.of;

type Figure = SynthFigure;

function synthOnce(flavour: Flavour, rooms: number): Figure {
  (ChatRoomProvider as unknown as { of: (scope: Construct) => { serviceToken: string } }).of = flavour.startsWith('core')
    ? (scope) => CoreRoomProvider.of(scope, flavour === 'core, made safe')
    : shippedProviderOf;
  return synthFigure(rooms, (stack, id) => {
    if (flavour === 'CfnRoom') {
      new ivschat.CfnRoom(stack, id, { maximumMessageRatePerSecond: 10 });
      return;
    }
    const room = new ChatRoom(stack, id, { maximumMessageRatePerSecond: 10 });
    if (flavour === 'core, made safe') {
      (room.node.defaultChild as CfnResource).addPropertyOverride('ServiceTimeout', String(SERVICE_TIMEOUT_S));
    }
  });
}

function measure(rooms: number, repeats: number): Record<Flavour, Figure> {
  const runs = new Map<Flavour, Figure[]>(FLAVOURS.map((f) => [f, []]));
  for (let i = 0; i < repeats; i++) {
    // Rotate the order so that drift hits every flavour alike.
    for (let k = 0; k < FLAVOURS.length; k++) {
      const flavour = FLAVOURS[(i + k) % FLAVOURS.length];
      runs.get(flavour)!.push(synthOnce(flavour, rooms));
    }
  }
  return Object.fromEntries(FLAVOURS.map((f) => {
    const figures = runs.get(f)!;
    return [f, { ...figures[0], ms: median(figures.map((x) => x.ms)) }];
  })) as Record<Flavour, Figure>;
}

const repeats = Number(process.argv[2] ?? 21);
const roomCounts = (process.argv[3] ?? '1,10,100,300').split(',').map(Number);
for (const flavour of FLAVOURS) synthOnce(flavour, 1);

const loadBefore = os.loadavg()[0];
console.log(`Synth wall time, median of ${repeats} runs per row, the flavours rotated (Node ${process.version}, ${new Date().toISOString()})\n`);
const header = ['rooms', 'CfnRoom ms', ...FLAVOURS.slice(1).flatMap((f) => [`${f} ms`, 'ratio']), ...FLAVOURS.slice(1).map((f) => `B/room ${f}`)];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---:').join('|')}|`);
for (const rooms of roomCounts) {
  const m = measure(rooms, repeats);
  const base = m.CfnRoom.ms;
  console.log(`| ${[
    rooms, base.toFixed(1),
    ...FLAVOURS.slice(1).flatMap((f) => [m[f].ms.toFixed(1), (m[f].ms / base).toFixed(2)]),
    ...FLAVOURS.slice(1).map((f) => m[f].bytesPerRoom.toFixed(0)),
  ].join(' | ')} |`);
}
const one = measure(1, 1);
console.log(`\nResources besides the rooms: ${FLAVOURS.slice(1).map((f) => `${f} ${one[f].resources} (${one[f].lambdas} functions)`).join(', ')}`);
console.log(`load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after (2 cores)`);
