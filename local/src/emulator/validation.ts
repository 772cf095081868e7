/**
 * Reading request members with the checks the service model declares. A member of the wrong
 * JSON type fails the whole request at once (SerializationException, as Coral does); constraint
 * violations are collected so one ValidationException names every failing field.
 */
import { serializationError, validationError, ValidationField } from './errors';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export interface StringRule {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly enum?: readonly string[];
}

export interface IntegerRule {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export interface CollectionRule {
  readonly required?: boolean;
  readonly maxEntries?: number;
}

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length as the model counts it: Unicode code points, not UTF-16 units or bytes. */
export function codePointLength(value: string): number {
  return [...value].length;
}

export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** Reads members of one JSON object; nested objects share the problem list. */
export class RequestReader {
  private readonly problems: ValidationField[];

  constructor(private readonly body: JsonObject, private readonly path = '', problems?: ValidationField[]) {
    this.problems = problems ?? [];
  }

  /** Records a constraint violation on a member. */
  fail(member: string, message: string): void {
    this.problems.push({ name: this.path + member, message });
  }

  has(member: string): boolean {
    return this.get(member) !== undefined;
  }

  string(member: string, rule: StringRule = {}): string | undefined {
    const value = this.get(member);
    if (value === undefined) return this.missing(member, rule.required);
    if (typeof value !== 'string') throw this.wrongType(member, 'a string');
    this.checkString(member, value, rule);
    return value;
  }

  integer(member: string, rule: IntegerRule = {}): number | undefined {
    const value = this.get(member);
    if (value === undefined) return this.missing(member, rule.required);
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.wrongType(member, 'an integer');
    if (rule.min !== undefined && value < rule.min) this.fail(member, `Member must have value greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value > rule.max) this.fail(member, `Member must have value less than or equal to ${rule.max}`);
    return value;
  }

  /** A map of strings; `key` and `value` rules apply to each entry. */
  stringMap(member: string, rule: CollectionRule & { key?: StringRule; value?: StringRule } = {}): Record<string, string> | undefined {
    const value = this.get(member);
    if (value === undefined) return this.missing(member, rule.required);
    if (!isJsonObject(value)) throw this.wrongType(member, 'a map');
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string') throw this.wrongType(`${member}.${k}`, 'a string');
      if (rule.key) this.checkString(`${member}.key`, k, rule.key);
      if (rule.value) this.checkString(`${member}.${k}`, v, rule.value);
    }
    // fromEntries defines own properties, so a `__proto__` key is kept like any other.
    const result: Record<string, string> = Object.fromEntries(Object.entries(value) as [string, string][]);
    const size = Object.keys(result).length;
    if (rule.maxEntries !== undefined && size > rule.maxEntries) {
      this.fail(member, `Member must have length less than or equal to ${rule.maxEntries}`);
    }
    return result;
  }

  stringList(member: string, rule: CollectionRule & { item?: StringRule } = {}): string[] | undefined {
    const value = this.get(member);
    if (value === undefined) return this.missing(member, rule.required);
    if (!Array.isArray(value)) throw this.wrongType(member, 'a list');
    const result: string[] = [];
    value.forEach((item, i) => {
      if (typeof item !== 'string') throw this.wrongType(`${member}.${i}`, 'a string');
      if (rule.item) this.checkString(`${member}.${i}`, item, rule.item);
      result.push(item);
    });
    if (rule.maxEntries !== undefined && result.length > rule.maxEntries) {
      this.fail(member, `Member must have length less than or equal to ${rule.maxEntries}`);
    }
    return result;
  }

  /** A nested structure, read with the same problem list. */
  structure(member: string, required = false): RequestReader | undefined {
    const value = this.get(member);
    if (value === undefined) return this.missing(member, required);
    if (!isJsonObject(value)) throw this.wrongType(member, 'a structure');
    return new RequestReader(value, `${this.path}${member}.`, this.problems);
  }

  /** Checks a string against a rule, recording violations under `member`. */
  checkString(member: string, value: string, rule: StringRule): void {
    const length = codePointLength(value);
    if (rule.min !== undefined && length < rule.min) this.fail(member, `Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && length > rule.max) this.fail(member, `Member must have length less than or equal to ${rule.max}`);
    if (rule.pattern && !rule.pattern.test(value)) this.fail(member, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
    if (rule.enum && !rule.enum.includes(value)) this.fail(member, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
  }

  /** Throws a ValidationException naming every recorded violation, if any. */
  throwIfInvalid(): void {
    if (this.problems.length > 0) throw validationError(this.problems);
  }

  private get(member: string): Json | undefined {
    const value = this.body[member];
    // JSON null for an optional member means "not set", as in the SDK's own serializers.
    return value === null ? undefined : value;
  }

  private missing(member: string, required: boolean | undefined): undefined {
    if (required) this.fail(member, 'Member must not be null');
    return undefined;
  }

  private wrongType(member: string, expected: string) {
    return serializationError(`Cannot deserialize ${this.path}${member}: expected ${expected}`);
  }
}
