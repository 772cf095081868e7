/**
 * The IVS Chat service model (botocore's `service-2.json`, committed in model/ with its NOTICE)
 * read as a test oracle: operations, their HTTP bindings, every input member with a constraint,
 * and values at each constraint's boundaries, just inside and just outside.
 */
import * as fs from 'fs';
import * as path from 'path';

export const MODEL_FILE = path.join(__dirname, 'model', 'ivschat-2020-07-14.service-2.json');

export interface Shape {
  readonly type: 'structure' | 'string' | 'integer' | 'list' | 'map' | 'timestamp' | 'boolean' | 'long';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: string[];
  readonly required?: string[];
  readonly members?: Record<string, { shape: string; location?: string; locationName?: string; documentation?: string }>;
  readonly member?: { shape: string };
  readonly key?: { shape: string };
  readonly value?: { shape: string };
  readonly union?: boolean;
}

export interface Operation {
  readonly name: string;
  readonly http: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: { shape: string };
}

export interface ServiceModel {
  readonly metadata: Record<string, unknown>;
  readonly operations: Record<string, Operation>;
  readonly shapes: Record<string, Shape>;
}

export function loadModel(): ServiceModel {
  return JSON.parse(fs.readFileSync(MODEL_FILE, 'utf-8'));
}

/**
 * Where the model says less, or other, than the service does: each entry changes how one shape's
 * values are built or checked, and says why. local/src/emulator/README.md lists them.
 */
export interface ShapeOverride {
  /** A pattern to use instead of the model's. */
  readonly pattern?: string;
  /** Builds a valid value of exactly `length` code points, or undefined when none exists. */
  readonly build?: (length: number, env: Environment) => string | undefined;
  /** Valid values cannot be made up (a pagination token must be one the service returned): only the refusals are checked. */
  readonly noValidValues?: boolean;
  readonly why: string;
}

/** The account, region and partition values are built for. */
export interface Environment {
  readonly accountId: string;
  readonly region: string;
}

export const OVERRIDES: Record<string, ShapeOverride> = {
  ResourceArn: {
    pattern: 'arn:aws:ivschat:[a-z0-9-]+:[0-9]+:(room|logging-configuration)/[a-zA-Z0-9-]+',
    why: 'the model\'s `[a-z-]/` allows a one-letter resource type, which no room or logging-configuration ARN has; TagResource, '
      + 'UntagResource and ListTagsForResource take both (API reference, TagResource)',
  },
  LambdaArn: {
    build: (length, env) => {
      // The function must be in the room's account and region (user guide, message review handler) and follow
      // Lambda's naming: a name of 1-64 of [a-zA-Z0-9-_], then an optional :qualifier of 1-128.
      const prefix = `arn:aws:lambda:${env.region}:${env.accountId}:function:`;
      if (length === 0) return '';
      const rest = length - prefix.length;
      if (rest < 1) return undefined;
      if (rest <= 64) return prefix + 'f'.repeat(rest);
      const qualifier = rest - 65;
      return qualifier >= 1 && qualifier <= 128 ? `${prefix}${'f'.repeat(64)}:${'q'.repeat(qualifier)}` : undefined;
    },
    why: 'a review handler must be a function of the room\'s account and region, named as Lambda names functions (name 1-64, qualifier 1-128); '
      + 'the model\'s pattern allows any',
  },
  PaginationToken: {
    noValidValues: true,
    why: 'a nextToken must be one a previous call returned; its length alone does not make it valid',
  },
};

// ---- Patterns ----

type Atom = { kind: 'literal'; text: string } | { kind: 'class'; chars: string; negated: boolean } | { kind: 'any' };
interface Piece { readonly atom: Atom; readonly min: number; readonly max: number }

/**
 * A pattern of the simple kind the model uses (literals, classes, `.`, `+ * ? {n}` quantifiers,
 * groups of alternatives, top-level `|`, `^` and `$`), as a list of alternatives of pieces.
 */
function parsePattern(pattern: string): Piece[][] {
  const alternatives: Piece[][] = [];
  let current: Piece[] = [];
  let i = 0;
  const readClass = (): Atom => {
    let negated = false;
    i++; // [
    if (pattern[i] === '^') {
      negated = true;
      i++;
    }
    let chars = '';
    while (pattern[i] !== ']') {
      let c = pattern[i];
      if (c === '\\') c = pattern[++i];
      if (pattern[i + 1] === '-' && pattern[i + 2] !== ']' && pattern[i + 2] !== undefined) {
        const end = pattern[i + 2] === '\\' ? pattern[i + 3] : pattern[i + 2];
        for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) chars += String.fromCharCode(code);
        i += pattern[i + 2] === '\\' ? 4 : 3;
        continue;
      }
      chars += c;
      i++;
    }
    i++; // ]
    return { kind: 'class', chars, negated };
  };
  while (i < pattern.length) {
    const c = pattern[i];
    let atom: Atom;
    if (c === '|') {
      alternatives.push(current);
      current = [];
      i++;
      continue;
    } else if (c === '^' || c === '$') {
      i++;
      continue;
    } else if (c === '(') {
      // A group of literal alternatives, e.g. (room|logging-configuration): its first alternative.
      const end = pattern.indexOf(')', i);
      atom = { kind: 'literal', text: pattern.slice(i + 1, end).split('|')[0] };
      i = end + 1;
    } else if (c === '[') {
      atom = readClass();
    } else if (c === '.') {
      atom = { kind: 'any' };
      i++;
    } else if (c === '\\') {
      atom = { kind: 'literal', text: pattern[i + 1] };
      i += 2;
    } else {
      atom = { kind: 'literal', text: c };
      i++;
    }
    let min = 1;
    let max = 1;
    const q = pattern[i];
    if (q === '+') {
      max = Infinity;
      i++;
    } else if (q === '*') {
      min = 0;
      max = Infinity;
      i++;
    } else if (q === '?') {
      min = 0;
      i++;
    } else if (q === '{') {
      const end = pattern.indexOf('}', i);
      const [lo, hi] = pattern.slice(i + 1, end).split(',');
      min = Number(lo);
      max = hi === undefined ? min : hi === '' ? Infinity : Number(hi);
      i = end + 1;
    }
    current.push({ atom, min, max });
  }
  alternatives.push(current);
  return alternatives;
}

function filler(atom: Atom): string {
  if (atom.kind === 'literal') return atom.text;
  if (atom.kind === 'any') return 'x';
  if (atom.negated) return 'x';
  // Prefer a letter, so fillers stay clear of reserved prefixes and separators.
  return [...atom.chars].find((ch) => /[a-z]/.test(ch)) ?? [...atom.chars].find((ch) => /[A-Za-z0-9]/.test(ch)) ?? atom.chars[0];
}

/** A string of exactly `length` characters that matches `pattern`, or undefined when there is none. */
export function matchingString(pattern: string, length: number): string | undefined {
  for (const pieces of parsePattern(pattern).sort((a, b) => b.length - a.length)) {
    const counts = pieces.map((p) => p.min);
    const size = () => pieces.reduce((sum, p, n) => sum + counts[n] * filler(p.atom).length, 0);
    // Grow the last piece that can grow, then earlier ones.
    for (let n = pieces.length - 1; n >= 0 && size() < length; n--) {
      const unit = filler(pieces[n].atom).length;
      const room = Math.min(pieces[n].max - counts[n], Math.floor((length - size()) / unit));
      counts[n] += room;
    }
    if (size() === length) return pieces.map((p, n) => filler(p.atom).repeat(counts[n])).join('');
  }
  return undefined;
}

/** The model's pattern as the service applies it: to the whole value. */
export function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

// ---- Constrained members ----

/** One input member with a constraint, wherever it is in the input. */
export interface ConstrainedMember {
  readonly operation: string;
  /** Dotted path in the input (`destinationConfiguration.s3.bucketName`); `[]` marks list items and map values, `{}` map keys. */
  readonly path: string;
  readonly shapeName: string;
  readonly shape: Shape;
  /** Required in its parent structure. */
  readonly required: boolean;
  /** `uri`, `querystring` or undefined (the JSON body). */
  readonly location?: string;
}

const CONSTRAINT_KEYS = ['min', 'max', 'pattern', 'enum'] as const;

export function hasConstraint(shape: Shape): boolean {
  return CONSTRAINT_KEYS.some((k) => shape[k] !== undefined);
}

/** Every input member of every operation that has a constraint (or is required), depth first. */
export function constrainedMembers(model: ServiceModel): ConstrainedMember[] {
  const found: ConstrainedMember[] = [];
  const visit = (operation: string, shapeName: string, prefix: string, required: boolean, location: string | undefined, seen: string[]) => {
    const shape = model.shapes[shapeName];
    if (prefix && (required || hasConstraint(shape))) {
      found.push({ operation, path: prefix, shapeName, shape, required, ...(location && { location }) });
    }
    if (seen.includes(shapeName)) return;
    const next = [...seen, shapeName];
    if (shape.type === 'structure') {
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        visit(operation, member.shape, prefix ? `${prefix}.${name}` : name, (shape.required ?? []).includes(name), member.location ?? location, next);
      }
    } else if (shape.type === 'list') {
      visit(operation, shape.member!.shape, `${prefix}[]`, false, location, next);
    } else if (shape.type === 'map') {
      visit(operation, shape.key!.shape, `${prefix}{}`, false, location, next);
      visit(operation, shape.value!.shape, `${prefix}[]`, false, location, next);
    }
  };
  for (const [name, operation] of Object.entries(model.operations)) {
    if (operation.input) visit(name, operation.input.shape, '', false, undefined, []);
  }
  return found;
}

// ---- Values ----

/** A valid string of `length` for a shape (its override, its pattern, its enum), or undefined. */
export function stringOf(shapeName: string, shape: Shape, length: number, env: Environment): string | undefined {
  const override = OVERRIDES[shapeName];
  if (override?.build) return override.build(length, env);
  if (shape.enum) return shape.enum.find((v) => [...v].length === length);
  const pattern = override?.pattern ?? shape.pattern;
  return pattern ? matchingString(pattern, length) : 'v'.repeat(length);
}

/** The pattern a shape's values must match, as the suite checks it. */
export function patternOf(shapeName: string, shape: Shape): string | undefined {
  return OVERRIDES[shapeName]?.pattern ?? shape.pattern;
}

/** A minimal valid value for a shape: required members only, the shortest valid strings. */
export function sampleOf(model: ServiceModel, shapeName: string, env: Environment): unknown {
  const shape = model.shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      const members = Object.entries(shape.members ?? {});
      // A union takes exactly one member: the first.
      const chosen = shape.union ? members.slice(0, 1) : members.filter(([name]) => (shape.required ?? []).includes(name));
      return Object.fromEntries(chosen.map(([name, m]) => {
        const value = sampleOf(model, m.shape, env);
        // A required list has one item: an empty one cannot be told from a missing one in a query string.
        const list = model.shapes[m.shape];
        return [name, list.type === 'list' && !shape.union ? [sampleOf(model, list.member!.shape, env)] : value];
      }));
    }
    case 'string': {
      if (shape.enum) return shape.enum[0];
      for (let length = Math.max(shape.min ?? 0, 1); length <= (shape.max ?? 64); length++) {
        const value = stringOf(shapeName, shape, length, env);
        if (value !== undefined) return value;
      }
      return stringOf(shapeName, shape, shape.min ?? 0, env);
    }
    case 'integer':
    case 'long':
      return shape.min ?? 1;
    case 'list':
      return [];
    case 'map':
      return {};
    case 'boolean':
      return true;
    default:
      throw new Error(`no sample for ${shapeName} (${shape.type})`);
  }
}

/** `n` distinct valid strings of the shape's shortest valid length (list items, map keys). */
export function distinctStrings(shapeName: string, shape: Shape, n: number, env: Environment): string[] {
  const base = String(sampleOf({ shapes: { [shapeName]: shape } } as unknown as ServiceModel, shapeName, env));
  const digits = (i: number) => i.toString(36).padStart(2, '0');
  // Each value changes the sample's end into a counter, within the shape's character set.
  return Array.from({ length: n }, (_, i) => {
    const candidate = base.length >= 2 ? base.slice(0, -2) + digits(i) : `${base}${digits(i)}`;
    const pattern = patternOf(shapeName, shape);
    return !pattern || anchored(pattern).test(candidate) ? candidate : `${base}${'a'.repeat(i)}`;
  });
}
