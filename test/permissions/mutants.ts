/**
 * Permission mutants of a synthesized stack, enumerated from its template: every statement of
 * every identity policy (`AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, a role's inline
 * `Policies`) and resource policy (`AWS::S3::BucketPolicy`, `AWS::Logs::ResourcePolicy`), one
 * mutant per action for a statement with several, the whole statement otherwise; and every
 * `AWS::Lambda::Permission`. A mutant is a copy of the cloud assembly with that one thing gone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { wildcardMatch } from '../../local/src/emulator';
import { readAssembly } from '../../local/src/harness';

export interface Mutant {
  /** Stable and readable: `<holder logical id>#<statement>-<action>` or `<permission logical id>`. */
  readonly id: string;
  readonly stackName: string;
  /** The logical id of the resource that holds the statement (or the permission itself). */
  readonly holder: string;
  readonly holderType: string;
  /** The holder's construct path (`aws:cdk:path`), when the template has it. */
  readonly constructPath?: string;
  /** Where the statement is: a path into the holder's properties. */
  readonly location?: StatementLocation;
  /** The action removed from a multi-action statement; absent when the whole statement (or permission) goes. */
  readonly action?: string;
  /** Every action the mutant takes away. */
  readonly actions: readonly string[];
  /** For humans. */
  readonly description: string;
  /**
   * Another statement of the same policies still allows what this one did (same action, same
   * resources, no condition): removing it changes nothing, so no check can fail.
   */
  readonly redundantWith?: string;
}

/** A statement inside a holder: which document, which statement. */
export interface StatementLocation {
  /** `PolicyDocument`, or `Policies.<n>.PolicyDocument` for a role's inline policy. */
  readonly document: string;
  readonly index: number;
  /**
   * Every action of the statement, sorted: how the statement is found again in another version
   * of the template, where its resources or its place may differ.
   */
  readonly statementActions: readonly string[];
}

type Template = { Resources: Record<string, any> };

const POLICY_HOLDERS = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy', 'AWS::Logs::ResourcePolicy'];

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A policy document of a holder, parsed (a Logs resource policy is JSON text, possibly an Fn::Join). */
function readDocument(holder: any, documentPath: string): any {
  const raw = documentPath.split('.').reduce((v, key) => v?.[key], holder.Properties);
  return holder.Type === 'AWS::Logs::ResourcePolicy' ? parseJoinedJson(raw).document : raw;
}

/** Every mutant of one stack's template. */
export function enumerateMutants(template: Template, stackName: string): Mutant[] {
  const mutants: Mutant[] = [];
  for (const [holderId, holder] of Object.entries<any>(template.Resources)) {
    const constructPath = holder.Metadata?.['aws:cdk:path'];
    const base = { stackName, holder: holderId, holderType: holder.Type, ...(constructPath && { constructPath }) };
    if (holder.Type === 'AWS::Lambda::Permission') {
      const action = String(holder.Properties?.Action);
      mutants.push({ ...base, id: holderId, actions: [action], description: `${label(holderId, constructPath)}: the permission (${action} for ${JSON.stringify(holder.Properties?.Principal)}) removed` });
      continue;
    }
    const documents = POLICY_HOLDERS.includes(holder.Type) ? ['PolicyDocument']
      : holder.Type === 'AWS::IAM::Role' ? list(holder.Properties?.Policies).map((_, i) => `Policies.${i}.PolicyDocument`) : [];
    for (const documentPath of documents) {
      const statements = list(readDocument(holder, documentPath)?.Statement) as any[];
      statements.forEach((statement, index) => {
        const location = { document: documentPath, index, statementActions: list(statement.Action ?? statement.NotAction).map(String).sort() };
        const where = `${label(holderId, constructPath)} statement ${index + 1}`;
        const actions = list(statement.Action ?? statement.NotAction).map(String);
        if (actions.length > 1 && statement.Action !== undefined) {
          for (const action of actions) {
            const redundantWith = redundancy(template, holderId, location, statement, action);
            mutants.push({
              ...base,
              id: `${holderId}#${index + 1}-${action}`,
              location,
              action,
              actions: [action],
              description: `${where} without ${action}`,
              ...(redundantWith && { redundantWith }),
            });
          }
        } else {
          const redundantWith = actions.length === 1 ? redundancy(template, holderId, location, statement, actions[0]) : undefined;
          mutants.push({
            ...base,
            id: `${holderId}#${index + 1}`,
            location,
            actions,
            description: `${where} (${actions.join(', ')}) removed`,
            ...(redundantWith && { redundantWith }),
          });
        }
      });
    }
  }
  return mutants;
}

function label(holderId: string, constructPath: string | undefined): string {
  return constructPath ? `${constructPath} (${holderId})` : holderId;
}

/**
 * For identity policies: another unconditioned Allow statement, in a policy attached to the same
 * roles, with an action pattern covering `action` and every resource of `statement`.
 */
function redundancy(template: Template, holderId: string, location: StatementLocation, statement: any, action: string): string | undefined {
  const holder = template.Resources[holderId];
  // The covering statement has no condition; the removed one may have some (it allows no more than the other then).
  if (!['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(holder.Type) || statement.Effect !== 'Allow') return undefined;
  const roles = JSON.stringify(list(holder.Properties?.Roles));
  const resources = list(statement.Resource).map((r) => JSON.stringify(r));
  for (const [otherId, other] of Object.entries<any>(template.Resources)) {
    if (other.Type !== holder.Type || JSON.stringify(list(other.Properties?.Roles)) !== roles) continue;
    const others = list(other.Properties?.PolicyDocument?.Statement) as any[];
    const index = others.findIndex((s, i) => !(otherId === holderId && i === location.index)
      && s.Effect === 'Allow' && !s.Condition
      && list(s.Action).some((a) => wildcardMatch(String(a), action, true))
      && resources.every((r) => list(s.Resource).some((x) => JSON.stringify(x) === r || x === '*')));
    if (index >= 0) return `${otherId} statement ${index + 1}`;
  }
  return undefined;
}

/** The template with the mutant applied (a copy). */
export function applyMutant(template: Template, mutant: Mutant): Template {
  const copy: Template = structuredClone(template);
  const holder = copy.Resources[mutant.holder];
  if (!holder) return copy;
  if (!mutant.location) {
    removeResource(copy, mutant.holder);
    return copy;
  }
  const { document: documentPath, index } = mutant.location;
  if (!documentPath.split('.').reduce((v: any, key) => v?.[key], holder.Properties)) return copy;
  const edit = (document: any) => {
    const statements = list(document.Statement) as any[];
    const wanted = JSON.stringify(mutant.location!.statementActions);
    const sameActions = (st: any) => JSON.stringify(list(st.Action ?? st.NotAction).map(String).sort()) === wanted;
    const at = statements[index] && sameActions(statements[index]) ? index : statements.findIndex(sameActions);
    if (at < 0) return document;
    if (mutant.action) {
      const remaining = list(statements[at].Action).filter((a) => a !== mutant.action);
      statements[at] = { ...statements[at], Action: remaining.length === 1 ? remaining[0] : remaining };
    } else {
      statements.splice(at, 1);
    }
    return { ...document, Statement: statements };
  };
  const keys = documentPath.split('.');
  const parent = keys.slice(0, -1).reduce((v: any, key) => v[key], holder.Properties);
  const last = keys[keys.length - 1];
  if (holder.Type === 'AWS::Logs::ResourcePolicy') {
    const parsed = parseJoinedJson(parent[last]);
    parent[last] = parsed.rebuild(edit(parsed.document));
  } else {
    parent[last] = edit(parent[last]);
  }
  // A policy left without statements is not valid: the policy goes (as a template without it would have it).
  const remaining = list(readDocument(holder, documentPath)?.Statement);
  if (remaining.length === 0 && POLICY_HOLDERS.includes(holder.Type)) removeResource(copy, mutant.holder);
  if (remaining.length === 0 && holder.Type === 'AWS::IAM::Role') holder.Properties.Policies.splice(Number(keys[1]), 1);
  return copy;
}

/** Removes a resource and every DependsOn naming it. */
function removeResource(template: Template, logicalId: string): void {
  delete template.Resources[logicalId];
  for (const resource of Object.values<any>(template.Resources)) {
    if (resource.DependsOn === undefined) continue;
    const remaining = list(resource.DependsOn).filter((d) => d !== logicalId);
    if (remaining.length === 0) delete resource.DependsOn;
    else resource.DependsOn = remaining;
  }
}

/**
 * JSON text held as a string or as `Fn::Join` of literal pieces and intrinsics: parsed with each
 * intrinsic replaced by a placeholder string, and put back together the same way.
 */
function parseJoinedJson(value: unknown): { document: any; rebuild: (document: any) => unknown } {
  if (typeof value === 'string') return { document: JSON.parse(value), rebuild: (d) => JSON.stringify(d) };
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const intrinsics: unknown[] = [];
  const text = parts.map((part) => {
    if (typeof part === 'string') return part;
    intrinsics.push(part);
    return `@@intrinsic${intrinsics.length - 1}@@`;
  }).join(separator);
  return {
    document: JSON.parse(text),
    rebuild: (document) => {
      const pieces = JSON.stringify(document).split(/(@@intrinsic[0-9]+@@)/).filter((p) => p !== '');
      return {
        'Fn::Join': ['', pieces.map((p) => {
          const match = /^@@intrinsic([0-9]+)@@$/.exec(p);
          return match ? intrinsics[Number(match[1])] : p;
        })],
      };
    },
  };
}

/**
 * A copy of the cloud assembly in `dir` with `mutate` applied to the template of `stackName`:
 * the manifest and templates copied, asset directories linked (the functions' code is the same).
 */
export function mutateAssembly(assemblyDir: string, stackName: string, into: string, mutate: (template: Template) => Template): string {
  fs.mkdirSync(into, { recursive: true });
  for (const entry of fs.readdirSync(assemblyDir)) {
    const from = path.join(assemblyDir, entry);
    const to = path.join(into, entry);
    if (fs.statSync(from).isDirectory()) fs.symlinkSync(fs.realpathSync(from), to, 'dir');
    else fs.copyFileSync(from, to);
  }
  const file = path.join(into, templateFileOf(assemblyDir, stackName));
  fs.writeFileSync(file, JSON.stringify(mutate(JSON.parse(fs.readFileSync(file, 'utf-8')))));
  return into;
}

/** The template file of `stackName` in an assembly, relative to it. */
function templateFileOf(assemblyDir: string, stackName: string): string {
  const stack = readAssembly(assemblyDir).find((s) => s.stackName === stackName);
  if (!stack) throw new Error(`no stack ${stackName} in ${assemblyDir}`);
  return stack.templateFile;
}

/** The template of `stackName` in an assembly. */
export function readTemplate(assemblyDir: string, stackName: string): Template {
  return JSON.parse(fs.readFileSync(path.join(assemblyDir, templateFileOf(assemblyDir, stackName)), 'utf-8'));
}
