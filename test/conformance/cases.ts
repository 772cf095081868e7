/**
 * Boundary cases generated from the service model: for every operation and every input member
 * with a constraint (required, min/max length or value, pattern, enum), values just inside the
 * constraint (the service accepts them) and just outside (the service refuses them with a 400
 * ValidationException naming the member).
 */
import {
  anchored, constrainedMembers, ConstrainedMember, distinctStrings, Environment, OVERRIDES, patternOf, sampleOf, ServiceModel, Shape, stringOf,
} from './model';

export interface BoundaryCase {
  readonly operation: string;
  /** The member's path, as the suite names it (`[]` list items and map values, `{}` map keys). */
  readonly path: string;
  readonly description: string;
  /** The whole input: body, URI-label and query-string members alike. */
  readonly input: Record<string, unknown>;
  readonly expect: 'accepted' | 'refused';
}

/** A member the generator could not test at some boundary, and why. */
export interface Skipped {
  readonly operation: string;
  readonly path: string;
  readonly why: string;
}

/** The field name a ValidationException should carry for a path: the dotted path without `[]`/`{}`. */
export function fieldName(path: string): string {
  return path.replace(/\[\]|\{\}/g, '');
}

type Segment = { readonly name: string; readonly collection?: '[]' | '{}' };

function segments(path: string): Segment[] {
  return path.split('.').map((part) => {
    const match = /^(.*?)(\[\]|\{\})?$/.exec(part)!;
    return { name: match[1], ...(match[2] && { collection: match[2] as '[]' | '{}' }) };
  });
}

/**
 * The base input with `value` at `path` (or the member removed, for `undefined`): intermediate
 * structures are built with their required members; the branch of a union replaces the others.
 */
function withValue(model: ServiceModel, operation: string, path: string, value: unknown, env: Environment): Record<string, unknown> {
  const inputShape = model.operations[operation].input!.shape;
  const input = sampleOf(model, inputShape, env) as Record<string, unknown>;
  let target: Record<string, unknown> = input;
  let shape: Shape = model.shapes[inputShape];
  const parts = segments(path);
  parts.forEach((segment, n) => {
    const last = n === parts.length - 1;
    const memberShapeName = shape.members![segment.name].shape;
    const memberShape = model.shapes[memberShapeName];
    if (shape.union) {
      for (const key of Object.keys(target)) if (key !== segment.name) delete target[key];
    }
    if (last) {
      if (segment.collection === '[]' && memberShape.type === 'list') target[segment.name] = [value];
      else if (segment.collection === '[]' && memberShape.type === 'map') target[segment.name] = { key: value };
      else if (segment.collection === '{}') target[segment.name] = { [String(value)]: 'value' };
      else if (value === undefined) delete target[segment.name];
      else target[segment.name] = value;
      return;
    }
    if (typeof target[segment.name] !== 'object' || target[segment.name] === null) target[segment.name] = sampleOf(model, memberShapeName, env);
    target = target[segment.name] as Record<string, unknown>;
    shape = memberShape;
  });
  return input;
}

function repeatLength(value: string, length: number): string {
  return value.length >= length ? value.slice(0, length) : value + 'a'.repeat(length - value.length);
}

/** A value of a valid length that the member's pattern refuses, or undefined. */
function patternBreaker(shapeName: string, shape: Shape, sample: string): string | undefined {
  const pattern = patternOf(shapeName, shape);
  if (!pattern) return undefined;
  // The shortest valid value, lengthened into the allowed range if need be, with its last character changed.
  const valid = sample.length > 0 ? sample : 'a'.repeat(Math.max(shape.min ?? 1, 1));
  const regex = anchored(pattern);
  for (const bad of ['!', '~', ' ', '\u00e9']) {
    const candidate = valid.slice(0, -1) + bad;
    if (!regex.test(candidate)) return candidate;
  }
  return undefined;
}

/** Every boundary case of the model, and what could not be generated. */
export function boundaryCases(model: ServiceModel, env: Environment): { cases: BoundaryCase[]; skipped: Skipped[]; members: ConstrainedMember[] } {
  const cases: BoundaryCase[] = [];
  const skipped: Skipped[] = [];
  const members = constrainedMembers(model);

  for (const operation of Object.keys(model.operations).sort()) {
    if (!model.operations[operation].input) continue;
    cases.push({
      operation,
      path: '',
      description: 'the required members alone, at their shortest valid values',
      input: sampleOf(model, model.operations[operation].input!.shape, env) as Record<string, unknown>,
      expect: 'accepted',
    });
  }

  for (const member of members) {
    const { operation, path, shapeName, shape } = member;
    const add = (description: string, value: unknown, expect: BoundaryCase['expect']) =>
      cases.push({ operation, path, description, input: withValue(model, operation, path, value, env), expect });
    const skip = (why: string) => skipped.push({ operation, path, why });
    const noValid = OVERRIDES[shapeName]?.noValidValues;

    if (member.required) add('missing (required)', undefined, 'refused');

    if (shape.type === 'string' && shape.enum) {
      for (const value of shape.enum) add(`the enum value ${value}`, value, 'accepted');
      add('a value outside the enum', 'NOT_IN_THE_ENUM', 'refused');
    } else if (shape.type === 'string') {
      const inside = [shape.min, shape.max].filter((l): l is number => l !== undefined);
      for (const length of [...new Set(inside)]) {
        const value = stringOf(shapeName, shape, length, env);
        if (noValid) skip(`length ${length}: ${OVERRIDES[shapeName].why}`);
        else if (value === undefined) skip(`no value of length ${length} matches the pattern`);
        else if (path.endsWith('{}') && length === 0) skip('a map key cannot be empty in JSON keys the SDKs send');
        else add(`length ${length} (the ${length === shape.min ? 'minimum' : 'maximum'})`, value, 'accepted');
      }
      if (shape.min !== undefined && shape.min > 0) {
        const length = shape.min - 1;
        add(`length ${length} (under the minimum ${shape.min})`, stringOf(shapeName, shape, length, env) ?? repeatLength('', length), 'refused');
      }
      if (shape.max !== undefined) {
        const length = shape.max + 1;
        const value = stringOf(shapeName, { ...shape, max: undefined }, length, env) ?? repeatLength(String(sampleOf(model, shapeName, env)), length);
        add(`length ${length} (over the maximum ${shape.max})`, value, 'refused');
      }
      const breaker = patternBreaker(shapeName, shape, String(sampleOf(model, shapeName, env)));
      if (breaker !== undefined) add(`${JSON.stringify(breaker)}, which the pattern refuses`, breaker, 'refused');
      else if (patternOf(shapeName, shape) && !/^\$\|/.test(patternOf(shapeName, shape)!)) skip('no value of a valid length breaks the pattern');
      const pattern = patternOf(shapeName, shape);
      if (pattern?.includes('arn:aws:')) {
        const valid = stringOf(shapeName, shape, Math.max(shape.min ?? 1, 60), env) ?? String(sampleOf(model, shapeName, env));
        if (valid.startsWith('arn:aws:')) add('an ARN of another partition (aws-cn)', valid.replace('arn:aws:', 'arn:aws-cn:'), 'refused');
      }
    } else if (shape.type === 'integer' || shape.type === 'long') {
      if (shape.min !== undefined) {
        add(`${shape.min} (the minimum)`, shape.min, 'accepted');
        add(`${shape.min - 1} (under the minimum)`, shape.min - 1, 'refused');
      }
      if (shape.max !== undefined) {
        add(`${shape.max} (the maximum)`, shape.max, 'accepted');
        add(`${shape.max + 1} (over the maximum)`, shape.max + 1, 'refused');
      }
    } else if (shape.type === 'list' || shape.type === 'map') {
      const itemShapeName = shape.type === 'list' ? shape.member!.shape : shape.key!.shape;
      const items = (n: number) => {
        const keys = distinctStrings(itemShapeName, model.shapes[itemShapeName], n, env);
        return shape.type === 'list' ? keys : Object.fromEntries(keys.map((k) => [k, String(sampleOf(model, shape.value!.shape, env))]));
      };
      const set = (description: string, value: unknown, expect: BoundaryCase['expect']) =>
        cases.push({ operation, path, description, input: withCollection(model, operation, path, value, env), expect });
      if (shape.min !== undefined) {
        if (shape.min === 0 && member.location === 'querystring') skip('an empty list cannot be sent in a query string (no parameter at all is the member missing)');
        else set(`${shape.min} entries (the minimum)`, items(shape.min), 'accepted');
        if (shape.min > 0) set(`${shape.min - 1} entries (under the minimum)`, items(shape.min - 1), 'refused');
      }
      if (shape.max !== undefined) {
        set(`${shape.max} entries (the maximum)`, items(shape.max), 'accepted');
        set(`${shape.max + 1} entries (over the maximum)`, items(shape.max + 1), 'refused');
      }
    }
  }
  return { cases, skipped, members };
}

/** The base input with a collection member set to `value` as a whole. */
function withCollection(model: ServiceModel, operation: string, path: string, value: unknown, env: Environment): Record<string, unknown> {
  const input = withValue(model, operation, path, undefined, env);
  const parts = path.split('.');
  let target = input;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  target[parts[parts.length - 1]] = value;
  return input;
}
