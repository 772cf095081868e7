import * as fs from 'fs';
import * as path from 'path';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { addNagSuppressions, suppressSyncFunctionFindings, TRACING_OFF } from './nag';

/** Where the build leaves the esbuild bundle of `lambda/room-provider`. */
const HANDLER_ASSET_DIR = path.join(__dirname, '..', '..', 'assets', 'lambda', 'room-provider', 'index');

/**
 * The API calls the handler makes, and nothing else. ListRooms is used only
 * after a CreateRoom whose answer was lost, to find the room it may have made.
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

  /** The function that calls the IVS Chat API. */
  public readonly handler: lambda.Function;

  private readonly handlerRole: iam.Role;
  private allowsLoggingConfigurations = false;

  private constructor(scope: Stack, id: string) {
    super(scope, id);

    if (!fs.existsSync(path.join(HANDLER_ASSET_DIR, 'index.js'))) {
      throw new Error(`cdk-ivs-chat: the room-provider bundle is missing at ${HANDLER_ASSET_DIR}; run \`npx projen bundle\` (or the full build) first`);
    }

    const handlerLogs = this.logGroup('HandlerLogs');
    const handlerRole = this.roleWritingTo('HandlerRole', handlerLogs);
    this.handlerRole = handlerRole;
    handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: HANDLER_ACTIONS,
      resources: [scope.formatArn({
        service: 'ivschat',
        resource: 'room',
        resourceName: '*',
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      })],
    }));
    addNagSuppressions(handlerRole.node.findChild('DefaultPolicy'), [{
      id: 'AwsSolutions-IAM5',
      reason: 'Room ids are chosen by IVS Chat when the provider creates a room, so the provider may manage any room of its own stack\'s partition, region and account, with only the six actions it calls.',
      appliesTo: [{ regex: '/^Resource::arn:.+:ivschat:.+:room\\/\\*$/g' }],
    }]);

    this.handler = new lambda.Function(this, 'Handler', {
      description: 'cdk-ivs-chat: creates, updates and deletes Amazon IVS Chat rooms',
      code: lambda.Code.fromAsset(HANDLER_ASSET_DIR),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // Long enough to ride out the 5 TPS room quota while CloudFormation
      // creates a hundred rooms at once; the handler stops retrying before this.
      timeout: Duration.minutes(5),
      role: handlerRole,
      logGroup: handlerLogs,
    });

    const frameworkLogs = this.logGroup('FrameworkLogs');
    const frameworkRole = this.roleWritingTo('FrameworkRole', frameworkLogs);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });
    addNagSuppressions(frameworkRole.node.findChild('DefaultPolicy'), [{
      id: 'AwsSolutions-IAM5',
      reason: 'The aws-cdk-lib provider framework invokes the room handler by ARN and by any of its versions (<arn>:*); it may invoke nothing else.',
      appliesTo: [{ regex: '/^Resource::<IvsChatRoomProviderHandler[0-9A-F]+\\.Arn>:\\*$/g' }],
    }]);
    suppressSyncFunctionFindings(this.handler, 'the provider framework');
    const framework = provider.node.findChild('framework-onEvent');
    addNagSuppressions(framework, [
      TRACING_OFF,
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'CloudFormation invokes the framework asynchronously, and the framework reports every outcome, failures included, to CloudFormation itself; a dead-letter queue would only hold stack operations nobody can answer any more.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'aws-cdk-lib picks the provider framework\'s runtime (the latest Node.js it knows for the region, through a mapping cdk-nag cannot read); the room handler runs on Node.js 22.',
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason: 'aws-cdk-lib picks the provider framework\'s runtime through a per-region mapping of the latest Node.js, which cdk-nag cannot read.',
      },
      {
        id: 'Serverless-LambdaDefaultMemorySize',
        reason: 'The provider framework function is aws-cdk-lib\'s own; it only forwards events to the room handler, which sets its memory.',
      },
    ]);
    this.serviceToken = provider.serviceToken;
  }

  /**
   * Lets the handler attach logging configurations to rooms: CreateRoom and
   * UpdateRoom on the logging configurations of the stack's account and region,
   * added once, when a room of the stack first uses one.
   *
   * The Service Authorization Reference lists only `room` as the resource of
   * CreateRoom and UpdateRoom, so IAM may never ask for this; but if it authorizes
   * the configurations a request names (as some services do for referenced
   * resources), a deployment would fail without it, and it grants nothing beyond
   * naming the account's configurations on the room actions the handler already has.
   */
  public allowLoggingConfigurations() {
    if (this.allowsLoggingConfigurations) {
      return;
    }
    this.allowsLoggingConfigurations = true;
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ivschat:CreateRoom', 'ivschat:UpdateRoom'],
      resources: [Stack.of(this).formatArn({
        service: 'ivschat',
        resource: 'logging-configuration',
        resourceName: '*',
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      })],
    }));
    addNagSuppressions(this.handlerRole.node.findChild('DefaultPolicy'), [{
      id: 'AwsSolutions-IAM5',
      reason: 'A room may name any logging configuration of its own account and region (they can come from other stacks), '
        + 'so the handler may name them on CreateRoom and UpdateRoom, the two calls that attach them, and nothing else.',
      appliesTo: [{ regex: '/^Resource::arn:.+:ivschat:.+:logging-configuration\\/\\*$/g' }],
    }]);
  }

  private logGroup(id: string): logs.LogGroup {
    return new logs.LogGroup(this, id, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /**
   * A function role that may write to its own log group and nothing else yet,
   * instead of AWSLambdaBasicExecutionRole's logs on every group of the account.
   */
  private roleWritingTo(id: string, logGroup: logs.LogGroup): iam.Role {
    const role = new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    return role;
  }
}
