import * as fs from 'fs';
import * as path from 'path';

/** One resource of a CloudFormation template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly Metadata?: Record<string, any>;
}

/** A stack of a synthesized cloud assembly. */
export interface AssemblyStack {
  readonly stackName: string;
  readonly assemblyDir: string;
  /** The template's file name in the assembly. */
  readonly templateFile: string;
  readonly resources: Record<string, TemplateResource>;
}

/** Reads every CloudFormation stack of the cloud assembly in `assemblyDir`. */
export function readAssembly(assemblyDir: string): AssemblyStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf-8'));
  return Object.entries<any>(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([artifactId, artifact]) => {
      const template = JSON.parse(fs.readFileSync(path.join(assemblyDir, artifact.properties.templateFile), 'utf-8'));
      return {
        stackName: artifact.properties.stackName ?? artifactId,
        assemblyDir,
        templateFile: artifact.properties.templateFile,
        resources: template.Resources ?? {},
      };
    });
}

/** Reads the one stack called `stackName`. */
export function readStack(assemblyDir: string, stackName: string): AssemblyStack {
  const stack = readAssembly(assemblyDir).find((s) => s.stackName === stackName);
  if (!stack) {
    throw new Error(`no stack ${stackName} in ${assemblyDir}`);
  }
  return stack;
}

/**
 * The file CloudFormation would run for the custom resource `logicalId`: its
 * ServiceToken names the provider framework function, whose environment names
 * the user handler function, whose asset is a directory of the assembly.
 */
export function handlerAssetFile(stack: AssemblyStack, logicalId: string): string {
  try {
    return functionAsset(stack, customResourceFunctions(stack, logicalId).handler).file;
  } catch {
    throw new Error(`cannot find the handler asset of ${logicalId} in ${stack.stackName}`);
  }
}

/**
 * The two functions behind a custom resource of aws-cdk-lib's provider framework: the framework
 * function its ServiceToken names, and the user handler that function invokes.
 */
export function customResourceFunctions(stack: AssemblyStack, logicalId: string): { readonly framework: string; readonly handler: string } {
  const framework = getAttTarget(stack.resources[logicalId]?.Properties?.ServiceToken, logicalId);
  const userHandler = stack.resources[framework]?.Properties?.Environment?.Variables?.USER_ON_EVENT_FUNCTION_ARN;
  return { framework, handler: getAttTarget(userHandler, logicalId) };
}

/** Where a bundled Lambda function's code is: the module file of its asset, and the export its `Handler` names. */
export interface FunctionAsset {
  readonly file: string;
  readonly exportName: string;
}

/**
 * The code of the `AWS::Lambda::Function` `logicalId`: its asset directory in the assembly and
 * the module and export of its `Handler` (`index.handler` → `<asset>/index.js`, `handler`).
 */
export function functionAsset(stack: AssemblyStack, logicalId: string): FunctionAsset {
  const fn = stack.resources[logicalId];
  if (fn?.Type !== 'AWS::Lambda::Function') {
    throw new Error(`${logicalId} is not an AWS::Lambda::Function of ${stack.stackName}`);
  }
  const assetPath = fn.Metadata?.['aws:asset:path'] ?? assetPathFromManifest(stack, fn.Properties?.Code?.S3Key);
  const handler = String(fn.Properties?.Handler ?? '');
  const dot = handler.lastIndexOf('.');
  if (!assetPath || dot <= 0) {
    throw new Error(`cannot find the code of ${logicalId} in ${stack.stackName}: the harness runs functions with an asset and a Handler of the form module.export`);
  }
  const file = path.resolve(stack.assemblyDir, assetPath, `${handler.slice(0, dot)}.js`);
  return { file: fs.existsSync(file) ? fs.realpathSync(file) : file, exportName: handler.slice(dot + 1) };
}

/**
 * Without asset metadata (the cdk CLI turns it on, a bare `App` does not), the
 * function's S3 key is `<asset hash>.zip` and the assets manifest says where
 * the staged directory of that hash is.
 */
function assetPathFromManifest(stack: AssemblyStack, s3Key: unknown): string | undefined {
  const hash = typeof s3Key === 'string' ? s3Key.replace(/\.zip$/, '') : undefined;
  if (!hash) {
    return undefined;
  }
  for (const file of fs.readdirSync(stack.assemblyDir).filter((f) => f.endsWith('.assets.json'))) {
    const manifest = JSON.parse(fs.readFileSync(path.join(stack.assemblyDir, file), 'utf-8'));
    const source = manifest.files?.[hash]?.source;
    if (source?.path) {
      return source.path;
    }
  }
  return undefined;
}

function getAttTarget(value: unknown, owner: string): string {
  const target = (value as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  if (!target) {
    throw new Error(`${owner}: expected a Fn::GetAtt, got ${JSON.stringify(value)}`);
  }
  return target;
}
