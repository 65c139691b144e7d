// FieldReader: typed, bounded reads of one decoded CBOR map, for the message validators. Each
// read checks one field (own property only, so nothing comes from a prototype) and returns it
// typed, or throws a KvError BAD_REQUEST that names the field's path ("receipt.acks[2].node");
// the frame decoder turns that throw into a failed item, so validators read like the message
// definitions. Validators build their result field by field, so unknown fields never leak.
import { isPlainObject, plainBytes } from './cbor.js';
import { KvError } from './kv-error.js';

export interface StringBounds {
  readonly charsMin?: number;
  readonly charsMax: number;
}

export class FieldReader {
  private constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    /** The path of this map, with a trailing dot ("" at the top, "receipt." below it). */
    private readonly prefix: string,
  ) {}

  /** A reader of `value`, which must be a CBOR map (`what` names it in the error). */
  static of(value: unknown, what: string, prefix = ''): FieldReader {
    if (!isPlainObject(value)) throw invalid(`${what} must be a map`);
    return new FieldReader(value, prefix);
  }

  /** The field's raw value; undefined when it is absent. */
  raw(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.fields, name) ? this.fields[name] : undefined;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  path(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** Throws BAD_REQUEST for `name` with `must` as the reason ("must be a string"). */
  fail(name: string, must: string): never {
    throw invalid(`${this.path(name)} ${must}`);
  }

  string(name: string, bounds: StringBounds): string {
    const value = this.raw(name);
    if (typeof value !== 'string') this.fail(name, 'must be a string');
    return checkString(value, this.path(name), bounds);
  }

  optionalString(name: string, bounds: StringBounds): string | undefined {
    return this.has(name) ? this.string(name, bounds) : undefined;
  }

  /** An integer in min..max (safe integers only: a float64 with an integral value counts). */
  integer(name: string, min: number, max: number): number {
    const value = this.raw(name);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail(name, 'must be an integer');
    if (value < min || value > max) this.fail(name, `must be in ${min}..${max}`);
    return value;
  }

  optionalInteger(name: string, min: number, max: number): number | undefined {
    return this.has(name) ? this.integer(name, min, max) : undefined;
  }

  /** A finite number in min..max. */
  number(name: string, min: number, max: number): number {
    const value = this.raw(name);
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(name, 'must be a finite number');
    if (value < min || value > max) this.fail(name, `must be in ${min}..${max}`);
    return value;
  }

  optionalNumber(name: string, min: number, max: number): number | undefined {
    return this.has(name) ? this.number(name, min, max) : undefined;
  }

  boolean(name: string): boolean {
    const value = this.raw(name);
    if (typeof value !== 'boolean') this.fail(name, 'must be a boolean');
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    return this.has(name) ? this.boolean(name) : undefined;
  }

  /** A byte string of bytesMin..bytesMax bytes. */
  bytes(name: string, bytesMin: number, bytesMax: number): Uint8Array {
    const value = this.raw(name);
    if (!(value instanceof Uint8Array)) this.fail(name, 'must be a byte string');
    if (value.length < bytesMin || value.length > bytesMax) this.fail(name, `must have ${bytesMin}..${bytesMax} bytes`);
    return plainBytes(value);
  }

  /** One of `choices`. */
  oneOf<const T extends string>(name: string, choices: readonly T[]): T {
    const value = this.raw(name);
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      this.fail(name, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}`);
    }
    return value as T;
  }

  /** The nested map `name`. */
  map(name: string): FieldReader {
    const value = this.raw(name);
    if (!isPlainObject(value)) this.fail(name, 'must be a map');
    return new FieldReader(value, `${this.path(name)}.`);
  }

  /** An array of at most itemsMax items, each read by `each` with its path ("acks[2]"). */
  list<T>(name: string, itemsMax: number, each: (item: unknown, path: string) => T): T[] {
    const value = this.raw(name);
    if (!Array.isArray(value)) this.fail(name, 'must be an array');
    if (value.length > itemsMax) this.fail(name, `must have at most ${itemsMax} items`);
    return value.map((item: unknown, i) => each(item, `${this.path(name)}[${i}]`));
  }

  /** A map of at most entriesMax entries, each value read by `each` with its path. */
  record<T>(name: string, entriesMax: number, each: (item: unknown, path: string) => T): Record<string, T> {
    const nested = this.map(name);
    const entries = Object.entries(nested.fields);
    if (entries.length > entriesMax) this.fail(name, `must have at most ${entriesMax} entries`);
    const out: Record<string, T> = {};
    for (const [key, item] of entries) {
      Object.defineProperty(out, key, { value: each(item, nested.path(key)), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /** A nested map inside a list or record, read as `path`. */
  static nested(value: unknown, path: string): FieldReader {
    if (!isPlainObject(value)) throw invalid(`${path} must be a map`);
    return new FieldReader(value, `${path}.`);
  }
}

/** Checks a string read from anywhere (a field, a list item) against its bounds. */
export function checkString(value: unknown, path: string, bounds: StringBounds): string {
  if (typeof value !== 'string') throw invalid(`${path} must be a string`);
  const charsMin = bounds.charsMin ?? 0;
  if (value.length < charsMin || value.length > bounds.charsMax) {
    throw invalid(`${path} must have ${charsMin}..${bounds.charsMax} characters`);
  }
  return value;
}

/** Throws BAD_REQUEST for the value at `path` (a list item, a record entry). */
export function failAt(path: string, must: string): never {
  throw invalid(`${path} ${must}`);
}

function invalid(message: string): KvError {
  return new KvError('BAD_REQUEST', message);
}
