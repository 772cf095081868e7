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
  const serviceToken = stack.resources[logicalId]?.Properties?.ServiceToken;
  const framework = stack.resources[getAttTarget(serviceToken, logicalId)];
  const userHandler = framework?.Properties?.Environment?.Variables?.USER_ON_EVENT_FUNCTION_ARN;
  const handlerFunction = stack.resources[getAttTarget(userHandler, logicalId)];
  const assetPath = handlerFunction?.Metadata?.['aws:asset:path'] ?? assetPathFromManifest(stack, handlerFunction?.Properties?.Code?.S3Key);
  const [module] = String(handlerFunction?.Properties?.Handler ?? '').split('.');
  if (!assetPath || !module) {
    throw new Error(`cannot find the handler asset of ${logicalId} in ${stack.stackName}`);
  }
  return path.resolve(stack.assemblyDir, assetPath, `${module}.js`);
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
