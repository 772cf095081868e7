/**
 * IAM policy evaluation for one account, as the emulator (and the offline deploy's Lambda front)
 * needs it: identity policies of the roles the harness registers, resource policies of Lambda
 * functions, and the decision IAM would reach for one request.
 *
 * What it follows (IAM User Guide, "Policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * an explicit Deny in any applicable policy wins; otherwise an Allow in an identity policy or in
 * the resource policy allows (same account); otherwise the request is implicitly denied.
 * `Action`/`NotAction` match case-insensitively, `Resource`/`NotResource` case-sensitively, both
 * with `*` and `?` wildcards. Conditions: the string, ARN, Bool and Null operators, their
 * `IfExists` forms and the `ForAllValues:`/`ForAnyValue:` set qualifiers
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * A condition key or operator the evaluator does not know fails closed: an Allow statement with one
 * does not match, a Deny statement with one does; either way the request is refused, and the
 * unknown name is recorded with the decision.
 */

/** A policy statement as IAM reads it (strings or lists of strings). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny' | string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A policy document (`Statement` may be one statement or a list). */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatement | readonly PolicyStatement[];
}

/** Who makes a request. */
export type RequestPrincipal =
  /** A role session: `arn:<partition>:sts::<account>:assumed-role/<role>/<session>`. */
  | { readonly kind: 'role'; readonly roleArn: string; readonly sessionArn: string; readonly accountId: string }
  /** An AWS service acting on the account's behalf (e.g. `ivschat.amazonaws.com`). */
  | { readonly kind: 'service'; readonly service: string }
  /** Nobody: an unsigned request (a function URL with auth type NONE). */
  | { readonly kind: 'anonymous' };

/** Condition-key values of a request; keys are matched case-insensitively. */
export type RequestContext = Record<string, string | readonly string[] | boolean | undefined>;

export interface AuthorizationRequest {
  readonly principal: RequestPrincipal;
  /** `service:Action`. */
  readonly action: string;
  /** The ARN the action authorizes against, or `*`. */
  readonly resource: string;
  readonly context?: RequestContext;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Which policy decided, for the message and the log. */
export type DecidingPolicy = 'identity-based' | 'resource-based' | 'none';

export interface Evaluation {
  readonly decision: Decision;
  /** For an explicit deny: which kind of policy held it. For an allow: which kind allowed. */
  readonly policy: DecidingPolicy;
  /** Condition keys and operators the evaluator did not know (their statements failed closed). */
  readonly unknown: readonly string[];
}

/**
 * The condition keys the evaluator can supply for a request. Keys ending in `/` are prefixes
 * (`aws:ResourceTag/<key>`). Others are unknown: they make a statement fail closed.
 */
export const KNOWN_CONDITION_KEYS: readonly string[] = [
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalServiceName',
  'aws:ResourceTag/',
  'aws:RequestTag/',
  'aws:TagKeys',
  'lambda:FunctionUrlAuthType',
  'lambda:InvokedViaFunctionUrl',
  'lambda:FunctionArn',
  's3:x-amz-acl',
];

function isKnownKey(key: string): boolean {
  const lower = key.toLowerCase();
  return KNOWN_CONDITION_KEYS.some((known) => (known.endsWith('/') ? lower.startsWith(known.toLowerCase()) : lower === known.toLowerCase()));
}

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/** `*` any run of characters, `?` one character; everything else literal. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/**
 * ARN matching as ArnLike does it: each of the six colon-separated parts matched on its own,
 * the resource part being everything after the fifth colon.
 */
function arnLike(pattern: string, value: string): boolean {
  const split = (arn: string) => {
    const parts = arn.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const v = split(value);
  if (!p || !v) return pattern === '*' || wildcardMatch(pattern, value);
  return p.every((part, i) => wildcardMatch(part, v[i]));
}

function contextValue(context: RequestContext, key: string): string[] | undefined {
  const lower = key.toLowerCase();
  const entry = Object.entries(context).find(([k]) => k.toLowerCase() === lower);
  if (!entry || entry[1] === undefined) return undefined;
  const value = entry[1];
  if (typeof value === 'boolean') return [String(value)];
  return list(value);
}

type Comparator = (policyValue: string, requestValue: string) => boolean;

const COMPARATORS: Record<string, { compare: Comparator; negated: boolean }> = {
  stringequals: { compare: (p, r) => p === r, negated: false },
  stringnotequals: { compare: (p, r) => p === r, negated: true },
  stringequalsignorecase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
  stringnotequalsignorecase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: true },
  stringlike: { compare: (p, r) => wildcardMatch(p, r), negated: false },
  stringnotlike: { compare: (p, r) => wildcardMatch(p, r), negated: true },
  arnequals: { compare: (p, r) => arnLike(p, r), negated: false },
  arnlike: { compare: (p, r) => arnLike(p, r), negated: false },
  arnnotequals: { compare: (p, r) => arnLike(p, r), negated: true },
  arnnotlike: { compare: (p, r) => arnLike(p, r), negated: true },
  bool: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
};

/**
 * One condition block entry: `operator` (with its qualifiers) applied to `key` with the policy's
 * values. Returns undefined when the operator or the key is unknown.
 */
function evaluateCondition(operator: string, key: string, policyValues: string[], context: RequestContext): boolean | undefined {
  let op = operator;
  let set: 'all' | 'any' | undefined;
  if (/^forallvalues:/i.test(op)) {
    set = 'all';
    op = op.slice('ForAllValues:'.length);
  } else if (/^foranyvalue:/i.test(op)) {
    set = 'any';
    op = op.slice('ForAnyValue:'.length);
  }
  let ifExists = false;
  if (/ifexists$/i.test(op)) {
    ifExists = true;
    op = op.slice(0, -'IfExists'.length);
  }
  if (!isKnownKey(key)) return undefined;
  const values = contextValue(context, key);
  if (op.toLowerCase() === 'null') {
    if (set || ifExists) return undefined;
    const absent = values === undefined || values.length === 0;
    return policyValues.some((p) => (p.toLowerCase() === 'true') === absent);
  }
  const comparator = COMPARATORS[op.toLowerCase()];
  if (!comparator) return undefined;
  const matchesOne = (requestValue: string) => policyValues.some((p) => comparator.compare(p, requestValue));
  if (set === 'all') {
    // True when every request value matches (vacuously true for none), for negated operators none does.
    if (values === undefined || values.length === 0) return true;
    return values.every((v) => (comparator.negated ? !matchesOne(v) : matchesOne(v)));
  }
  if (set === 'any') {
    if (values === undefined || values.length === 0) return false;
    return values.some((v) => (comparator.negated ? !matchesOne(v) : matchesOne(v)));
  }
  if (values === undefined || values.length === 0) return ifExists || comparator.negated;
  const any = values.some(matchesOne);
  return comparator.negated ? !any : any;
}

/** Whether a statement's Condition holds: all operators, all keys; `unknown` collects what it could not read. */
function conditionsHold(statement: PolicyStatement, context: RequestContext, unknown: Set<string>): boolean | undefined {
  let result: boolean | undefined = true;
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(entries ?? {})) {
      const outcome = evaluateCondition(operator, key, list(value), context);
      if (outcome === undefined) {
        unknown.add(isKnownKey(key) ? `operator ${operator}` : `key ${key}`);
        result = undefined;
      } else if (!outcome && result !== undefined) {
        result = false;
      }
    }
  }
  return result;
}

function actionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return list(statement.Action).some((a) => wildcardMatch(a, action, true));
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((a) => wildcardMatch(a, action, true));
  return false;
}

function resourceMatches(statement: PolicyStatement, resource: string, impliedResource?: string): boolean {
  if (statement.Resource !== undefined) return list(statement.Resource).some((r) => wildcardMatch(r, resource));
  if (statement.NotResource !== undefined) return !list(statement.NotResource).some((r) => wildcardMatch(r, resource));
  // A resource policy may leave Resource out: it is then the resource the policy is attached to.
  return impliedResource !== undefined && impliedResource === resource;
}

/**
 * Whether a resource policy's Principal names the requester: `exact` (anyone, the service, the
 * role or session), `account` (the requester's account, which delegates to the account's identity
 * policies), or not at all.
 */
function principalMatch(statement: PolicyStatement, principal: RequestPrincipal): 'exact' | 'account' | undefined {
  const spec = statement.Principal;
  if (spec === undefined) return undefined;
  if (spec === '*') return 'exact';
  const entries = typeof spec === 'object' && spec !== null ? spec as Record<string, unknown> : {};
  let match: 'exact' | 'account' | undefined;
  for (const [type, value] of Object.entries(entries)) {
    for (const name of list(value)) {
      if (type === 'AWS' && name === '*') return 'exact';
      if (type === 'Service' && principal.kind === 'service' && name.toLowerCase() === principal.service.toLowerCase()) return 'exact';
      if (type === 'AWS' && principal.kind === 'role' && (name === principal.roleArn || name === principal.sessionArn)) return 'exact';
      if (type === 'AWS' && principal.kind === 'role' && (name === principal.accountId || name === `arn:${principal.roleArn.split(':')[1]}:iam::${principal.accountId}:root`)) {
        match = 'account';
      }
    }
  }
  return match;
}

/** The statements of a document, whether it holds one or a list. */
export function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return Array.isArray(document.Statement) ? [...document.Statement as PolicyStatement[]] : [document.Statement as PolicyStatement];
}

interface StatementOutcome {
  readonly allow: boolean;
  readonly deny: boolean;
  /** A resource policy allows the requester's account (which then needs its own identity policies to allow). */
  readonly accountAllow?: boolean;
}

function evaluateDocument(
  document: PolicyDocument, request: AuthorizationRequest, unknown: Set<string>, resourcePolicyOf?: string,
): StatementOutcome {
  let allow = false;
  let deny = false;
  let accountAllow = false;
  const context = request.context ?? {};
  for (const statement of statementsOf(document)) {
    const principal = resourcePolicyOf === undefined ? 'exact' : principalMatch(statement, request.principal);
    if (!principal) continue;
    if (!actionMatches(statement, request.action)) continue;
    if (!resourceMatches(statement, request.resource, resourcePolicyOf)) continue;
    const held = conditionsHold(statement, context, unknown);
    const isDeny = statement.Effect === 'Deny';
    // Unknown condition: an Allow does not apply, a Deny does (fail closed both ways).
    if (held === undefined) {
      if (isDeny) deny = true;
      continue;
    }
    if (!held) continue;
    if (isDeny) deny = true;
    else if (statement.Effect === 'Allow' && principal === 'exact') allow = true;
    else if (statement.Effect === 'Allow') accountAllow = true;
  }
  return { allow, deny, accountAllow };
}

/**
 * The decision for one request in one account: identity policies of the principal (none for
 * services and anonymous callers) and the resource's own policy, if any.
 */
export function evaluate(request: AuthorizationRequest, identityPolicies: readonly PolicyDocument[], resourcePolicy?: {
  readonly arn: string;
  readonly document: PolicyDocument;
}): Evaluation {
  const unknown = new Set<string>();
  const identity = request.principal.kind === 'role'
    ? identityPolicies.map((d) => evaluateDocument(d, request, unknown))
    : [];
  const resource = resourcePolicy ? evaluateDocument(resourcePolicy.document, request, unknown, resourcePolicy.arn) : { allow: false, deny: false };
  const unknownList = [...unknown].sort();
  if (identity.some((o) => o.deny)) return { decision: 'ExplicitDeny', policy: 'identity-based', unknown: unknownList };
  if (resource.deny) return { decision: 'ExplicitDeny', policy: 'resource-based', unknown: unknownList };
  const identityAllows = identity.some((o) => o.allow);
  // Across accounts both sides must allow: the caller's account in its identity policies, the
  // resource's account in the resource policy (IAM User Guide, "Cross-account policy evaluation logic").
  const resourceAccount = request.resource.split(':')[4];
  if (request.principal.kind === 'role' && resourceAccount && resourceAccount !== request.principal.accountId) {
    if (identityAllows && (resource.allow || resource.accountAllow)) return { decision: 'Allow', policy: 'resource-based', unknown: unknownList };
    return { decision: 'ImplicitDeny', policy: identityAllows ? 'resource-based' : 'identity-based', unknown: unknownList };
  }
  if (identityAllows) return { decision: 'Allow', policy: 'identity-based', unknown: unknownList };
  if (resource.allow) return { decision: 'Allow', policy: 'resource-based', unknown: unknownList };
  return { decision: 'ImplicitDeny', policy: 'none', unknown: unknownList };
}

/** The requester as AWS names it in an AccessDenied message. */
export function principalName(principal: RequestPrincipal): string {
  switch (principal.kind) {
    case 'role': return principal.sessionArn;
    case 'service': return principal.service;
    case 'anonymous': return 'anonymous';
  }
}

/**
 * AWS's AccessDenied message, e.g. `User: arn:aws:sts::123456789012:assumed-role/R/s is not
 * authorized to perform: ivschat:CreateRoom on resource: arn:... because no identity-based
 * policy allows the ivschat:CreateRoom action`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
 */
export function accessDeniedMessage(request: AuthorizationRequest, evaluation: Evaluation, hasResourcePolicy: boolean): string {
  const head = `User: ${principalName(request.principal)} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  if (evaluation.decision === 'ExplicitDeny') return `${head} with an explicit deny in a${evaluation.policy === 'identity-based' ? 'n identity' : ' resource'}-based policy`;
  const which = evaluation.policy !== 'none' ? evaluation.policy : request.principal.kind === 'role' && !hasResourcePolicy ? 'identity-based' : 'resource-based';
  return `${head} because no ${which} policy allows the ${request.action} action`;
}
