import { resolve, ResolveContext } from '../../local/src/harness/intrinsics';

/** Where the stand-in ARNs live. */
export interface StandInEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** One IAM policy statement of a template, as IAM would hold it once deployed. */
export interface PolicyStatement {
  /** `<template> <logical id> (<kind>)`. */
  readonly where: string;
  readonly statement: Record<string, any>;
}

type StandIn = (env: StandInEnvironment, logicalId: string) => Record<string, string>;

/**
 * What `Ref` and `Fn::GetAtt` return for each resource type that policies
 * refer to, in the ARN format the Service Authorization Reference gives for
 * it, so that an ARN the template builds can be checked against the resource
 * types an action takes. A type or attribute missing here fails the check:
 * add it rather than guess.
 */
const STAND_INS: Record<string, StandIn> = {
  'AWS::IAM::Role': (e, id) => ({ Ref: id, Arn: `arn:${e.partition}:iam::${e.account}:role/${id}` }),
  'AWS::Lambda::Function': (e, id) => ({ Ref: id, Arn: `arn:${e.partition}:lambda:${e.region}:${e.account}:function:${id}` }),
  'AWS::Logs::LogGroup': (e, id) => ({ Ref: id, Arn: `arn:${e.partition}:logs:${e.region}:${e.account}:log-group:${id}:*` }),
  'AWS::S3::Bucket': (e, id) => ({ Ref: id.toLowerCase(), Arn: `arn:${e.partition}:s3:::${id.toLowerCase()}` }),
  'AWS::KinesisFirehose::DeliveryStream': (e, id) => ({ Ref: id, Arn: `arn:${e.partition}:firehose:${e.region}:${e.account}:deliverystream/${id}` }),
  'AWS::IVSChat::LoggingConfiguration': (e, id) => {
    const arn = `arn:${e.partition}:ivschat:${e.region}:${e.account}:logging-configuration/${ivsId(id)}`;
    return { Ref: arn, Arn: arn, Id: ivsId(id) };
  },
  'Custom::IvsChatRoom': (e, id) => {
    const arn = `arn:${e.partition}:ivschat:${e.region}:${e.account}:room/${ivsId(id)}`;
    return { Ref: arn, Arn: arn, Id: ivsId(id) };
  },
};

/** A 12-character IVS Chat id made from a logical id. */
function ivsId(logicalId: string): string {
  return `${logicalId}000000000000`.replace(/[^a-zA-Z0-9]/g, '').slice(0, 12);
}

/** Lambda's own condition keys for the fields of an `AWS::Lambda::Permission`. */
const PERMISSION_CONDITIONS: Record<string, [string, string]> = {
  SourceAccount: ['StringEquals', 'AWS:SourceAccount'],
  SourceArn: ['ArnLike', 'AWS:SourceArn'],
  PrincipalOrgID: ['StringEquals', 'aws:PrincipalOrgID'],
  EventSourceToken: ['StringEquals', 'lambda:EventSourceToken'],
  FunctionUrlAuthType: ['StringEquals', 'lambda:FunctionUrlAuthType'],
  InvokedViaFunctionUrl: ['Bool', 'lambda:InvokedViaFunctionUrl'],
};

/**
 * Every IAM statement of a template: identity policies (inline, managed and
 * `AWS::IAM::Policy`), role trust policies, bucket and log resource policies,
 * and each Lambda permission as the statement Lambda adds to the function's
 * resource policy. Intrinsics are resolved against stand-ins for the stack's
 * resources in `env`.
 */
export function policyStatements(name: string, template: Record<string, any>, env: StandInEnvironment): PolicyStatement[] {
  const resources: Record<string, any> = template.Resources;
  const attribute = (logicalId: string, attr: string): string => {
    const type = resources[logicalId]?.Type;
    const value = STAND_INS[type]?.(env, logicalId)[attr];
    if (value === undefined) {
      throw new Error(`${name}: no stand-in for ${attr} of ${logicalId} (${type}); add one to STAND_INS`);
    }
    return value;
  };
  const context: ResolveContext = {
    partition: env.partition,
    region: env.region,
    accountId: env.account,
    stackName: name,
    ref: (logicalId) => attribute(logicalId, 'Ref'),
    getAtt: attribute,
  };

  const found: PolicyStatement[] = [];
  const add = (logicalId: string, kind: string, document: any) => {
    const resolved = typeof document === 'string' || document?.['Fn::Join'] ? JSON.parse(resolve(document, context)) : resolve(document, context);
    for (const statement of [resolved.Statement].flat()) {
      found.push({ where: `${name} ${logicalId} (${kind})`, statement });
    }
  };

  for (const [logicalId, resource] of Object.entries<any>(resources)) {
    const p = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        add(logicalId, 'identity policy', p.PolicyDocument);
        break;
      case 'AWS::IAM::Role':
        add(logicalId, 'trust policy', p.AssumeRolePolicyDocument);
        (p.Policies ?? []).forEach((policy: any) => add(logicalId, 'identity policy', policy.PolicyDocument));
        break;
      case 'AWS::S3::BucketPolicy':
        add(logicalId, 'bucket policy', p.PolicyDocument);
        break;
      case 'AWS::Logs::ResourcePolicy':
        add(logicalId, 'log resource policy', p.PolicyDocument);
        break;
      case 'AWS::Lambda::Permission':
        found.push({ where: `${name} ${logicalId} (Lambda permission)`, statement: permissionStatement(p, context) });
        break;
    }
  }
  return found;
}

/** The statement Lambda adds to a function's resource policy for an `AWS::Lambda::Permission`. */
function permissionStatement(properties: Record<string, any>, context: ResolveContext): Record<string, any> {
  const p = resolve(properties, context);
  const functionArn = String(p.FunctionName).startsWith('arn:')
    ? p.FunctionName
    : `arn:${context.partition}:lambda:${context.region}:${context.accountId}:function:${p.FunctionName}`;
  const principal = p.Principal === '*' ? '*'
    : /^\d{12}$/.test(p.Principal) ? { AWS: `arn:${context.partition}:iam::${p.Principal}:root` }
      : String(p.Principal).startsWith('arn:') ? { AWS: p.Principal } : { Service: p.Principal };
  const condition: Record<string, Record<string, unknown>> = {};
  for (const [field, [operator, key]] of Object.entries(PERMISSION_CONDITIONS)) {
    if (p[field] !== undefined) {
      condition[operator] = { ...condition[operator], [key]: typeof p[field] === 'boolean' ? String(p[field]) : p[field] };
    }
  }
  return {
    Effect: 'Allow',
    Principal: principal,
    Action: p.Action,
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 && { Condition: condition }),
  };
}
