import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { BundledFunction, functionLogGroup, functionRole } from './bundled-function';
import { addNagSuppressions, TRACING_OFF } from './nag';
import { FUNCTION_RUNTIME } from './runtime';

/** The mapping in which older aws-cdk-lib versions look up a region's newest Node.js runtime. */
const RUNTIME_MAP_ID = 'LatestNodeRuntimeMap';

/**
 * The API calls the handler makes, and nothing else. ListRooms notes the rooms
 * that already bear a name before a create, to find the room a CreateRoom
 * whose answer was lost may have made. TagResource also covers CreateRoom with
 * tags, which IVS Chat authorizes as ivschat:TagResource as well (the Service
 * Authorization Reference's operations table,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoninteractivevideoservicechat.html).
 */
const HANDLER_ACTIONS = [
  'ivschat:CreateRoom',
  'ivschat:ListRooms',
  'ivschat:UpdateRoom',
  'ivschat:DeleteRoom',
  'ivschat:TagResource',
  'ivschat:UntagResource',
];

/**
 * The stack-wide custom-resource provider behind every `ChatRoom`: one handler
 * function, one framework function, their roles and log groups, however many
 * rooms the stack has.
 */
export class ChatRoomProvider extends Construct {
  /** The provider of `scope`'s stack, created on first use. */
  public static of(scope: Construct): ChatRoomProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(ChatRoomProvider.ID);
    return existing instanceof ChatRoomProvider ? existing : new ChatRoomProvider(stack, ChatRoomProvider.ID);
  }

  private static readonly ID = 'IvsChatRoomProvider';

  /** The service token rooms point their custom resources at. */
  public readonly serviceToken: string;

  private constructor(scope: Stack, id: string) {
    super(scope, id);

    const handler = new BundledFunction(this, 'Handler', {
      handler: 'room-provider',
      description: 'cdk-ivs-chat: creates, updates and deletes Amazon IVS Chat rooms',
      // Long enough to ride out the 5 TPS room quota while CloudFormation
      // creates a hundred rooms at once; the handler stops retrying before this.
      timeout: Duration.minutes(5),
      invokedBy: 'the provider framework',
      roleId: 'HandlerRole',
      logGroupId: 'HandlerLogs',
    });
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: HANDLER_ACTIONS,
      resources: [scope.formatArn({
        service: 'ivschat',
        resource: 'room',
        resourceName: '*',
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      })],
    }));
    addNagSuppressions(handler.role!.node.findChild('DefaultPolicy'), [{
      id: 'AwsSolutions-IAM5',
      reason: 'Room ids are chosen by IVS Chat when the provider creates a room, so the provider may manage any room of its own stack\'s partition, region and account, with only the six actions it calls.',
      appliesTo: [{ regex: '/^Resource::arn:.+:ivschat:.+:room\\/\\*$/g' }],
    }]);

    const frameworkLogs = functionLogGroup(this, 'FrameworkLogs');
    const frameworkRole = functionRole(this, 'FrameworkRole', frameworkLogs);
    const runtimeMapBefore = scope.node.tryFindChild(RUNTIME_MAP_ID);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });
    addNagSuppressions(frameworkRole.node.findChild('DefaultPolicy'), [{
      id: 'AwsSolutions-IAM5',
      reason: 'The aws-cdk-lib provider framework invokes the room handler by ARN and by any of its versions (<arn>:*); it may invoke nothing else.',
      appliesTo: [{ regex: '/^Resource::<IvsChatRoomProviderHandler[0-9A-F]+\\.Arn>:\\*$/g' }],
    }]);
    const framework = provider.node.findChild('framework-onEvent');
    // aws-cdk-lib picks the framework's runtime from a per-region mapping of
    // the newest Node.js it knew when it was released: nodejs20.x and
    // nodejs18.x before 2.2xx, runtimes Lambda no longer creates functions on.
    // The framework's code is plain Node.js with the SDK the runtime provides,
    // so it runs on the library's runtime, named here in every region.
    (framework.node.defaultChild as lambda.CfnFunction).runtime = FUNCTION_RUNTIME.name;
    // In an environment-agnostic stack that choice was a mapping of regions to
    // runtimes, which nothing uses now: drop it unless something of the stack
    // made it before the framework did (a later user creates it anew).
    if (!runtimeMapBefore) {
      scope.node.tryRemoveChild(RUNTIME_MAP_ID);
    }
    addNagSuppressions(framework, [
      TRACING_OFF,
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'CloudFormation invokes the framework asynchronously, and the framework reports every outcome, failures included, to CloudFormation itself; a dead-letter queue would only hold stack operations nobody can answer any more.',
      },
      {
        id: 'Serverless-LambdaDefaultMemorySize',
        reason: 'The provider framework function is aws-cdk-lib\'s own; it only forwards events to the room handler, which sets its memory.',
      },
    ]);
    this.serviceToken = provider.serviceToken;
  }
}
