import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { suppressSyncFunctionFindings } from './nag';
import { FUNCTION_RUNTIME } from './runtime';
import { checkIntegerRange } from './shared/common-rules';

/** The handlers the library ships: the folders of `lambda/` with an `index.ts`. */
export type BundledHandler = 'room-provider' | 'token-issuer' | 'message-review';

/** The memory a Lambda function may have, in MiB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). */
const MEMORY_SIZE = { min: 128, max: 10240, default: 256 } as const;

/** Properties of a `BundledFunction`. */
export interface BundledFunctionProps {
  /** Which of the library's handlers the function runs. */
  readonly handler: BundledHandler;

  /** What the function does, shown in the Lambda console. */
  readonly description: string;

  /** How long one invocation may run. */
  readonly timeout: Duration;

  /** Who invokes the function, synchronously, and receives its errors: the reason given to cdk-nag. */
  readonly invokedBy: string;

  /**
   * The ids of the function's role and log group. They are the function's
   * siblings, not its children, and each construct keeps the ids it has always
   * used: logical ids are part of users' templates.
   */
  readonly roleId: string;
  readonly logGroupId: string;

  /** @default - no description */
  readonly roleDescription?: string;

  /** @default 256 */
  readonly memorySize?: number;

  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;

  /** @default - none */
  readonly environment?: Record<string, string>;

  /**
   * Files the asset carries next to `index.js`, by name, such as a
   * configuration too large for the environment.
   *
   * @default - the asset is the bundle alone
   */
  readonly files?: Record<string, string>;
}

/**
 * A function that runs one of the library's handlers: its bundle, built when
 * the library is built (`assets/lambda/<handler>/index/index.js`), on the
 * library's runtime and on ARM; a role of its own that may write to its own
 * log group and nothing else until the owner grants more, instead of
 * AWSLambdaBasicExecutionRole's logs on every group of the account; that log
 * group, destroyed with the stack; and the reasons cdk-nag's Serverless pack
 * gets for a synchronously invoked function without a dead-letter queue or
 * tracing. The room provider, the token issuer and the message reviewer all
 * make their function this way.
 */
export class BundledFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    const logGroup = functionLogGroup(scope, props.logGroupId, props.logRetention);
    const role = functionRole(scope, props.roleId, logGroup, props.roleDescription);
    const asset = assetDirectory(props.handler, props.files);
    super(scope, id, {
      description: props.description,
      code: lambda.Code.fromAsset(asset.directory),
      handler: 'index.handler',
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? MEMORY_SIZE.default,
      timeout: props.timeout,
      environment: props.environment,
      role,
      logGroup,
    });
    suppressSyncFunctionFindings(this, props.invokedBy);
    // Staging has copied the folder into the cloud assembly. With staging
    // disabled (as the SAM CLI asks), the template points at the folder itself,
    // which must then outlive the synth.
    if (asset.temporary && !this.node.tryGetContext(cxapi.DISABLE_ASSET_STAGING_CONTEXT)) {
      fs.rmSync(asset.directory, { recursive: true, force: true });
    }
  }
}

/** The log group of one of the library's functions: a month unless told otherwise, destroyed with the stack. */
export function functionLogGroup(scope: Construct, id: string, retention?: logs.RetentionDays): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    retention: retention ?? logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/** A role Lambda may assume that can write to `logGroup`, and nothing else yet. */
export function functionRole(scope: Construct, id: string, logGroup: logs.ILogGroup, description?: string): iam.Role {
  const role = new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
  logGroup.grantWrite(role);
  return role;
}

/** `memorySize` of a bundled function: whole MiB within Lambda's range, unless it is a token. */
export function validateMemorySize(value: number | undefined): string | undefined {
  return value === undefined || Token.isUnresolved(value)
    ? undefined
    : checkIntegerRange('memorySize', value, MEMORY_SIZE.min, MEMORY_SIZE.max);
}

/** Where the build leaves a handler's bundle. */
function bundleDirectory(handler: BundledHandler): string {
  const dir = path.join(__dirname, '..', '..', 'assets', 'lambda', handler, 'index');
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error(`cdk-ivs-chat: the ${handler} bundle is missing at ${dir}; run \`npx projen bundle\` (or the full build) first`);
  }
  return dir;
}

/**
 * The bundle's directory, or with `files` a fresh folder holding the bundle and
 * those files. Synth copies one file and writes the others: no bundling, no
 * Docker, no network. The folder is made by `mkdtemp`: a name no one can guess,
 * readable and writable only by this user, so nothing another user of the host
 * placed in the temp directory can end up in the asset. A fixed, reused folder
 * (as earlier versions had) could be created first by anyone.
 */
function assetDirectory(handler: BundledHandler, files: Record<string, string> | undefined): { directory: string; temporary: boolean } {
  const bundleDir = bundleDirectory(handler);
  if (!files) {
    return { directory: bundleDir, temporary: false };
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-ivs-chat-${handler}-`));
  for (const [name, contents] of Object.entries(files)) {
    fs.writeFileSync(path.join(directory, name), contents, { flag: 'wx' });
  }
  fs.copyFileSync(path.join(bundleDir, 'index.js'), path.join(directory, 'index.js'), fs.constants.COPYFILE_EXCL);
  return { directory, temporary: true };
}
