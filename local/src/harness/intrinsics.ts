/** What intrinsic functions resolve against during an offline deploy. */
export interface ResolveContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  /** `Ref` of a resource (its physical id). */
  ref(logicalId: string): string;
  /** `Fn::GetAtt` of a resource. */
  getAtt(logicalId: string, attribute: string): string;
}

/**
 * Resolves the intrinsics a CDK template uses in resource properties: Ref
 * (pseudo parameters and resources), Fn::GetAtt, Fn::Join, Fn::Select,
 * Fn::Split and Fn::Sub without a variable map. Anything else is an error, so
 * a template the harness cannot read fails loudly rather than deploying wrong values.
 */
export function resolve(value: unknown, context: ResolveContext): any {
  if (Array.isArray(value)) {
    return value.map((item) => resolve(item, context));
  }
  if (!value || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value);
  if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
    const [fn, args] = entries[0];
    return intrinsic(fn, args, context);
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(item, context)]));
}

function intrinsic(fn: string, args: any, context: ResolveContext): any {
  switch (fn) {
    case 'Ref': return ref(args, context);
    case 'Fn::GetAtt': return context.getAtt(args[0], args[1]);
    case 'Fn::Join': return resolve(args[1], context).join(args[0]);
    case 'Fn::Select': return resolve(args[1], context)[Number(resolve(args[0], context))];
    case 'Fn::Split': return String(resolve(args[1], context)).split(args[0]);
    case 'Fn::Sub': return String(args).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      const [logicalId, attribute] = name.split('.');
      return attribute ? context.getAtt(logicalId, attribute) : ref(logicalId, context);
    });
    default: throw new Error(`the offline deploy cannot resolve ${fn}`);
  }
}

function ref(name: string, context: ResolveContext): string {
  switch (name) {
    case 'AWS::Partition': return context.partition;
    case 'AWS::Region': return context.region;
    case 'AWS::AccountId': return context.accountId;
    case 'AWS::StackName': return context.stackName;
    case 'AWS::URLSuffix': return 'amazonaws.com';
    default: return context.ref(name);
  }
}

/** The logical ids a value refers to (Ref, Fn::GetAtt, Fn::Sub). */
export function referencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((item) => referencedIds(item, into));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Ref' && typeof item === 'string' && !item.startsWith('AWS::')) {into.add(item);} else if (key === 'Fn::GetAtt') {into.add((item as string[])[0]);} else if (key === 'Fn::Sub' && typeof item === 'string') {
        for (const [, name] of item.matchAll(/\$\{([^}.]+)[^}]*\}/g)) {
          if (!name.startsWith('AWS::')) into.add(name);
        }
      } else {referencedIds(item, into);}
    }
  }
  return into;
}
