/**
 * What the room provider costs at synth, and what a lighter one would: N `ChatRoom`s with the
 * provider as shipped (aws-cdk-lib's provider framework: the room handler, the framework's own
 * function, a role and a log group each), N `ChatRoom`s whose provider is a prototype built on
 * aws-cdk-lib core's `CustomResourceProviderBase` (one function and one role, the way
 * aws-cdk-lib's own handlers are deployed), the same prototype with its own log group and a role
 * that may write only there (the shipped provider's least privilege), and N `CfnRoom`s, in one run.
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/synth-provider.ts [repeats=21]
 *
 * The prototype is here to be measured, not shipped: its function answers CloudFormation itself
 * (aws-cdk-lib's `__entrypoint__` wrapper reports a thrown error as FAILED), so a crash or a
 * timeout of the function leaves the operation unanswered until the resource's `ServiceTimeout`
 * (3,600 s unless set), where the framework answers FAILED with the reason within the handler's
 * timeout. Without the log group it relies on the AWSLambdaBasicExecutionRole managed policy;
 * neither variant carries cdk-nag reasons or a `ServiceTimeout`, so both do less than a shippable
 * version would, which makes their figures lower bounds for that design.
 */
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, CfnResource, CustomResourceProviderBase, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ChatRoom } from '../src';
import { ChatRoomProvider } from '../src/private/room-provider';
import { FUNCTION_RUNTIME } from '../src/private/runtime';

type Flavour = 'CfnRoom' | 'framework' | 'core' | 'core + log group';
const FLAVOURS: Flavour[] = ['CfnRoom', 'framework', 'core', 'core + log group'];

/** The room handler deployed as aws-cdk-lib deploys its own handlers: one function, one role. */
class CoreRoomProvider extends CustomResourceProviderBase {
  static of(scope: Construct, withLogGroup: boolean): CoreRoomProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild('IvsChatRoomCoreProvider') as CoreRoomProvider | undefined)
      ?? new CoreRoomProvider(stack, 'IvsChatRoomCoreProvider', withLogGroup);
  }

  private constructor(scope: Construct, id: string, withLogGroup: boolean) {
    super(scope, id, {
      codeDirectory: path.join(__dirname, '..', 'assets', 'lambda', 'room-provider', 'index'),
      runtimeName: FUNCTION_RUNTIME.name,
      memorySize: Size.mebibytes(256),
      timeout: Duration.minutes(5),
      description: 'cdk-ivs-chat: creates, updates and deletes Amazon IVS Chat rooms',
      policyStatements: [{
        Effect: 'Allow',
        Action: ['ivschat:CreateRoom', 'ivschat:ListRooms', 'ivschat:UpdateRoom', 'ivschat:DeleteRoom', 'ivschat:TagResource', 'ivschat:UntagResource'],
        Resource: Stack.of(scope).formatArn({ service: 'ivschat', resource: 'room', resourceName: '*' }),
      }],
    });
    if (withLogGroup) {
      // What the shipped provider's least privilege would take: its own log group, written to by
      // this role only, instead of AWSLambdaBasicExecutionRole's logs on every group.
      const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
      this.addToRolePolicy({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: logGroup.logGroupArn });
      (this.node.findChild('Role') as CfnResource).addPropertyDeletionOverride('ManagedPolicyArns');
      (this.node.findChild('Handler') as CfnResource).addPropertyOverride('LoggingConfig', { LogGroup: logGroup.logGroupName });
    }
  }
}

const shippedProviderOf = ChatRoomProvider.of;

interface Figure { ms: number; bytesPerRoom: number; lambdas: number }

function synthOnce(flavour: Flavour, rooms: number): Figure {
  (ChatRoomProvider as unknown as { of: (scope: Construct) => { serviceToken: string } }).of = flavour.startsWith('core')
    ? (scope) => CoreRoomProvider.of(scope, flavour === 'core + log group')
    : shippedProviderOf;
  const started = performance.now();
  const app = new App();
  const stack = new Stack(app, 'Bench');
  for (let i = 0; i < rooms; i++) {
    if (flavour === 'CfnRoom') {
      new ivschat.CfnRoom(stack, `Room${i}`, { maximumMessageRatePerSecond: 10 });
    } else {
      new ChatRoom(stack, `Room${i}`, { maximumMessageRatePerSecond: 10 });
    }
  }
  const template = app.synth().getStackByName('Bench').template;
  const ms = performance.now() - started;
  const resources = Object.values<{ Type: string }>(template.Resources);
  return {
    ms,
    bytesPerRoom: JSON.stringify(template).length / rooms,
    lambdas: resources.filter((r) => r.Type === 'AWS::Lambda::Function').length,
  };
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
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return Object.fromEntries(FLAVOURS.map((f) => {
    const figures = runs.get(f)!;
    return [f, { ms: median(figures.map((x) => x.ms)), bytesPerRoom: figures[0].bytesPerRoom, lambdas: figures[0].lambdas }];
  })) as Record<Flavour, Figure>;
}

const repeats = Number(process.argv[2] ?? 21);
for (const flavour of FLAVOURS) synthOnce(flavour, 1);

console.log(`Synth wall time, median of ${repeats} runs (node ${process.version}, load average ${os.loadavg()[0].toFixed(1)})\n`);
console.log('ChatRoom with: framework = the provider framework (shipped); core = CustomResourceProviderBase (prototype);');
console.log('core + log group = the same with its own log group and no AWSLambdaBasicExecutionRole, as the shipped provider has.\n');
const header = ['rooms', 'CfnRoom ms', 'framework ms', 'ratio', 'core ms', 'ratio', 'core + log group ms', 'ratio', 'B/room framework', 'B/room core'];
console.log(`| ${header.join(' | ')} |`);
for (const rooms of [1, 10, 100, 300]) {
  const m = measure(rooms, repeats);
  const base = m.CfnRoom.ms;
  console.log(`| ${[
    rooms, base.toFixed(1),
    m.framework.ms.toFixed(1), (m.framework.ms / base).toFixed(2),
    m.core.ms.toFixed(1), (m.core.ms / base).toFixed(2),
    m['core + log group'].ms.toFixed(1), (m['core + log group'].ms / base).toFixed(2),
    m.framework.bytesPerRoom.toFixed(0), m['core + log group'].bytesPerRoom.toFixed(0),
  ].join(' | ')} |`);
}
