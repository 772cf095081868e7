/**
 * Who may do what: the roles a test (or the offline deploy) registers, each with an access-key id
 * and identity policies, the resource policies of Lambda functions, and the log of every decision.
 * The control plane authorizes each request of a registered access key against its role; a key
 * nobody registered (a developer's own SDK client) is not restricted, as administrator credentials
 * would not be.
 */
import {
  accessDeniedMessage, AuthorizationRequest, Evaluation, evaluate, PolicyDocument, principalName, RequestContext, RequestPrincipal,
} from './iam';

/** A role whose sessions call AWS with one access-key id. */
export interface RoleRegistration {
  /** The access-key id its credentials carry (what SigV4's `Credential=` names). */
  readonly accessKeyId: string;
  /** `arn:<partition>:iam::<account>:role/<name>`. */
  readonly roleArn: string;
  /** The session name in the assumed-role ARN (Lambda uses the function's name). @default the role's name */
  readonly sessionName?: string;
  /** Every identity policy attached to the role: inline, customer managed and AWS managed. */
  readonly policies: readonly PolicyDocument[];
}

/** One authorization decision, as the log keeps it. */
export interface AuthorizationRecord {
  /** ISO 8601. */
  readonly time: string;
  /** Which front authorized it: `ivschat` (control plane), `lambda` (invoke, function URL, review handler), `logs`. */
  readonly service: string;
  /** The requester: a role session ARN, a service principal, or `anonymous`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: Evaluation['decision'];
  /** Condition keys or operators the evaluator did not know; their statements failed closed. */
  readonly unknown: readonly string[];
  /** For a denial: AWS's AccessDenied message. */
  readonly message?: string;
}

/** The outcome of `authorize`: allowed, or the message to refuse with. */
export type AuthorizationResult = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/** The access-key id in a SigV4 `Authorization` header (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

export class IamRegistry {
  private readonly roles = new Map<string, RoleRegistration>();
  private readonly resourcePolicies = new Map<string, PolicyDocument>();
  private readonly registeredResources = new Set<string>();
  private log: AuthorizationRecord[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Registers (or replaces) a role's credentials and identity policies. */
  registerRole(role: RoleRegistration): void {
    this.roles.set(role.accessKeyId, { ...role, policies: role.policies.map((p) => structuredClone(p)) });
  }

  unregisterRole(accessKeyId: string): void {
    this.roles.delete(accessKeyId);
  }

  role(accessKeyId: string): RoleRegistration | undefined {
    return this.roles.get(accessKeyId);
  }

  /**
   * Registers a resource (a Lambda function) and its resource policy; `undefined` means it has
   * none, so only identity policies can allow calls to it. Calls to registered resources are
   * authorized; unregistered ones are not (a test's own stand-in functions).
   */
  setResourcePolicy(resourceArn: string, document: PolicyDocument | undefined): void {
    this.registeredResources.add(resourceArn);
    if (document) this.resourcePolicies.set(resourceArn, structuredClone(document));
    else this.resourcePolicies.delete(resourceArn);
  }

  /** Forgets a resource: calls to it are no longer authorized. */
  removeResource(resourceArn: string): void {
    this.registeredResources.delete(resourceArn);
    this.resourcePolicies.delete(resourceArn);
  }

  isRegisteredResource(resourceArn: string): boolean {
    return this.registeredResources.has(resourceArn);
  }

  resourcePolicy(resourceArn: string): PolicyDocument | undefined {
    const policy = this.resourcePolicies.get(resourceArn);
    return policy && structuredClone(policy);
  }

  /** The principal behind an access-key id, or undefined for a key nobody registered. */
  principalOf(accessKeyId: string | undefined): RequestPrincipal | undefined {
    const role = accessKeyId === undefined ? undefined : this.roles.get(accessKeyId);
    if (!role) return undefined;
    const [, , , , accountId, resource] = role.roleArn.split(':');
    const roleName = resource.slice(resource.lastIndexOf('/') + 1);
    const partition = role.roleArn.split(':')[1];
    return {
      kind: 'role',
      roleArn: role.roleArn,
      accountId,
      sessionArn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${role.sessionName ?? roleName}`,
    };
  }

  /**
   * Decides one request as IAM would in this account: the principal's identity policies (for a
   * role) and the resource's policy (for a registered resource), logged either way.
   */
  authorize(service: string, request: AuthorizationRequest): AuthorizationResult {
    const identity = request.principal.kind === 'role' ? this.policiesOf(request.principal.roleArn) : [];
    const document = this.resourcePolicies.get(resourceOwner(request.resource));
    const evaluation = evaluate(request, identity, document ? { arn: resourceOwner(request.resource), document } : undefined);
    const allowed = evaluation.decision === 'Allow';
    const message = allowed ? undefined : accessDeniedMessage(request, evaluation, document !== undefined);
    this.log.push({
      time: this.now().toISOString(),
      service,
      principal: principalName(request.principal),
      action: request.action,
      resource: request.resource,
      decision: evaluation.decision,
      unknown: evaluation.unknown,
      ...(message !== undefined && { message }),
    });
    if (evaluation.unknown.length > 0) {
      process.stderr.write(`ivschat emulator: IAM: ${request.action} by ${principalName(request.principal)}: `
        + `statements with unknown ${evaluation.unknown.join(', ')} failed closed\n`);
    }
    return allowed ? { allowed: true } : { allowed: false, message: message! };
  }

  /** Convenience for a role session calling with an access key: undefined (not restricted) when the key is not registered. */
  authorizeKey(
    service: string, accessKeyId: string | undefined, action: string, resource: string, context?: RequestContext,
  ): AuthorizationResult | undefined {
    const principal = this.principalOf(accessKeyId);
    return principal ? this.authorize(service, { principal, action, resource, context }) : undefined;
  }

  /** Every decision, oldest first (copies). */
  decisions(): AuthorizationRecord[] {
    return structuredClone(this.log);
  }

  /** The refused ones. */
  denials(): AuthorizationRecord[] {
    return this.decisions().filter((d) => d.decision !== 'Allow');
  }

  /** Forgets the decision log (registrations stay: they are configuration, like the deployed stack). */
  clearLog(): void {
    this.log = [];
  }

  /** Forgets registrations and the log. */
  clear(): void {
    this.roles.clear();
    this.resourcePolicies.clear();
    this.registeredResources.clear();
    this.log = [];
  }

  private policiesOf(roleArn: string): PolicyDocument[] {
    return [...this.roles.values()].filter((r) => r.roleArn === roleArn).flatMap((r) => r.policies);
  }
}

/** A qualified function ARN (`…:function:name:alias`) is governed by the function's policy. */
function resourceOwner(resource: string): string {
  const match = /^(arn:[^:]+:lambda:[^:]+:[^:]+:function:[^:]+)(:[^:]+)?$/.exec(resource);
  return match ? match[1] : resource;
}
