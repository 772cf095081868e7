/**
 * The IAM a deployed template sets up, read the way AWS would apply it: each role's identity
 * policies (`AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` attached to it, its inline
 * `Policies`, the managed policies it names), each function's resource policy (its
 * `AWS::Lambda::Permission`s) and function URLs (`AWS::Lambda::Url`). Values are resolved by
 * the caller (intrinsics depend on what is deployed).
 */
import type { PolicyDocument, PolicyStatement } from '../emulator';
import type { AssemblyStack, TemplateResource } from './assembly';

/** Resolves intrinsic functions in a template value. */
export type Resolver = (value: unknown) => any;

/** A policy document and where it came from. */
export interface SourcedPolicy {
  /** The logical id of the resource that holds it (a policy, or the role for inline policies). */
  readonly source: string;
  readonly document: PolicyDocument;
}

/**
 * AWS managed policies a template may attach, with their documents as AWS publishes them
 * (AWS Managed Policy Reference,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html).
 * One not listed here grants nothing: a role that depends on it fails closed, and says so.
 */
const AWS_MANAGED_POLICIES: Record<string, PolicyDocument> = {
  AWSLambdaBasicExecutionRole: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
};

function refersTo(value: unknown, logicalId: string): boolean {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v.Ref === logicalId || (Array.isArray(v['Fn::GetAtt']) && (v['Fn::GetAtt'] as unknown[])[0] === logicalId);
}

/** The logical id a `Ref` or `Fn::GetAtt` names, if that is what the value is. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

function resourcesOfType(stack: AssemblyStack, type: string): [string, TemplateResource][] {
  return Object.entries(stack.resources).filter(([, r]) => r.Type === type);
}

/**
 * Every identity policy of the role `roleLogicalId`, resolved. Unknown AWS managed policies are
 * reported through `unknownManagedPolicies`.
 */
export function identityPolicies(
  stack: AssemblyStack, roleLogicalId: string, resolve: Resolver, unknownManagedPolicies: string[] = [],
): SourcedPolicy[] {
  const role = stack.resources[roleLogicalId];
  const found: SourcedPolicy[] = [];
  for (const [id, policy] of [...resourcesOfType(stack, 'AWS::IAM::Policy'), ...resourcesOfType(stack, 'AWS::IAM::ManagedPolicy')]) {
    const roles = (policy.Properties?.Roles ?? []) as unknown[];
    if (roles.some((r) => refersTo(r, roleLogicalId))) found.push({ source: id, document: resolve(policy.Properties?.PolicyDocument) });
  }
  for (const inline of (role?.Properties?.Policies ?? []) as { PolicyDocument: unknown }[]) {
    found.push({ source: roleLogicalId, document: resolve(inline.PolicyDocument) });
  }
  for (const arn of (role?.Properties?.ManagedPolicyArns ?? []) as unknown[]) {
    const inTemplate = referencedLogicalId(arn);
    if (inTemplate && stack.resources[inTemplate]?.Type === 'AWS::IAM::ManagedPolicy') {
      const already = found.some((p) => p.source === inTemplate);
      if (!already) found.push({ source: inTemplate, document: resolve(stack.resources[inTemplate].Properties?.PolicyDocument) });
      continue;
    }
    const resolved = String(resolve(arn));
    const name = /^arn:[^:]+:iam::aws:policy\/(?:service-role\/)?(.+)$/.exec(resolved)?.[1];
    const document = name ? AWS_MANAGED_POLICIES[name] : undefined;
    if (document) found.push({ source: resolved, document });
    else unknownManagedPolicies.push(resolved);
  }
  return found;
}

/** The logical id of the role a function runs as, when the role is in the template. */
export function roleOfFunction(stack: AssemblyStack, functionLogicalId: string): string | undefined {
  const role = stack.resources[functionLogicalId]?.Properties?.Role;
  const id = referencedLogicalId(role);
  return id && stack.resources[id]?.Type === 'AWS::IAM::Role' ? id : undefined;
}

/**
 * A function's resource policy, as Lambda builds it from `AWS::Lambda::Permission`s
 * (AddPermission: `SourceArn` becomes `ArnLike AWS:SourceArn`, `SourceAccount`
 * `StringEquals AWS:SourceAccount`, `FunctionUrlAuthType` `StringEquals lambda:FunctionUrlAuthType`,
 * `InvokedViaFunctionUrl` `Bool lambda:InvokedViaFunctionUrl`;
 * https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html). Undefined without any.
 */
export function functionResourcePolicy(
  stack: AssemblyStack, functionLogicalId: string, functionArn: string, resolve: Resolver, partition = 'aws',
): PolicyDocument | undefined {
  const statements: PolicyStatement[] = [];
  for (const [id, permission] of resourcesOfType(stack, 'AWS::Lambda::Permission')) {
    const p = permission.Properties ?? {};
    const target = refersTo(p.FunctionName, functionLogicalId) ? functionArn : String(resolve(p.FunctionName));
    if (target !== functionArn && target !== functionArn.slice(functionArn.lastIndexOf(':') + 1)) continue;
    const principal = String(resolve(p.Principal));
    const condition: Record<string, Record<string, unknown>> = {};
    const add = (operator: string, key: string, value: unknown) => {
      condition[operator] = { ...condition[operator], [key]: value };
    };
    if (p.SourceArn !== undefined) add('ArnLike', 'AWS:SourceArn', resolve(p.SourceArn));
    if (p.SourceAccount !== undefined) add('StringEquals', 'AWS:SourceAccount', resolve(p.SourceAccount));
    if (p.FunctionUrlAuthType !== undefined) add('StringEquals', 'lambda:FunctionUrlAuthType', resolve(p.FunctionUrlAuthType));
    if (p.InvokedViaFunctionUrl !== undefined) add('Bool', 'lambda:InvokedViaFunctionUrl', String(resolve(p.InvokedViaFunctionUrl)));
    if (p.PrincipalOrgID !== undefined) add('StringEquals', 'aws:PrincipalOrgID', resolve(p.PrincipalOrgID));
    statements.push({
      Sid: id,
      Effect: 'Allow',
      Principal: principalOf(principal, partition),
      Action: String(resolve(p.Action)),
      Resource: functionArn,
      ...(Object.keys(condition).length > 0 && { Condition: condition }),
    });
  }
  return statements.length > 0 ? { Version: '2012-10-17', Statement: statements } : undefined;
}

/** A permission's `Principal`: `*`, an account id, an ARN, or a service. */
function principalOf(principal: string, partition: string): unknown {
  if (principal === '*') return '*';
  if (/^[0-9]{12}$/.test(principal)) return { AWS: `arn:${partition}:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

/** A function URL of the template. */
export interface TemplateFunctionUrl {
  readonly logicalId: string;
  readonly functionLogicalId: string;
  readonly authType: 'AWS_IAM' | 'NONE';
  readonly qualifier?: string;
}

export function functionUrls(stack: AssemblyStack, resolve: Resolver): TemplateFunctionUrl[] {
  return resourcesOfType(stack, 'AWS::Lambda::Url').flatMap(([logicalId, url]) => {
    const functionLogicalId = referencedLogicalId(url.Properties?.TargetFunctionArn);
    if (!functionLogicalId) return [];
    const qualifier = url.Properties?.Qualifier === undefined ? undefined : String(resolve(url.Properties.Qualifier));
    return [{ logicalId, functionLogicalId, authType: String(resolve(url.Properties?.AuthType)) as 'AWS_IAM' | 'NONE', ...(qualifier && { qualifier }) }];
  });
}
