// LsmLevelIterator (and its key-only and value-only siblings): abstract-level iterators over one
// engine LsmIterator. The engine iterator is created synchronously in `db._iterator()`, so it
// reads the implicit snapshot abstract-level requires (writes made after `db.iterator()` returns
// are not seen). abstract-level itself enforces `limit`, busy/closed states, snapshot ref-counting
// and decoding; this file only passes range options and seek targets through
// and steps the engine cursor synchronously (every engine read below it is
// synchronous, so an await per entry would only add latency).

import { AbstractIterator, AbstractKeyIterator, AbstractValueIterator } from 'abstract-level';
import type { LsmIterator, Snapshot } from '../index.js';
import { toFormat } from './level-format.js';
import type { LevelFormat } from './level-format.js';
import { toLevelError } from './level-error.js';

/** The options abstract-level hands to `_iterator()`, `_keys()`, `_values()` and `_clear()`. */
export interface PrivateRangeOptions {
  gt?: Uint8Array | undefined;
  gte?: Uint8Array | undefined;
  lt?: Uint8Array | undefined;
  lte?: Uint8Array | undefined;
  reverse: boolean;
  /** -1 for no limit. */
  limit: number;
  keys?: boolean;
  values?: boolean;
  keyEncoding: LevelFormat;
  valueEncoding?: LevelFormat;
  snapshot?: unknown;
}

/** The engine's iterator options (src/lsm.ts), built without undefined-valued properties. */
export interface EngineRange {
  gt?: Uint8Array;
  gte?: Uint8Array;
  lt?: Uint8Array;
  lte?: Uint8Array;
  reverse?: boolean;
  snapshot?: Snapshot;
}

/**
 * Range options as engine iterator options. As abstract-level specifies, `gte` wins over `gt`
 * and `lte` over `lt` when both are given. `limit` is left to abstract-level, which counts across
 * seek() calls. A bound that is not bytes (a custom encoding may yield undefined) means
 * "unbounded"; an empty bound is a real bound ('' is a valid key).
 */
export function toEngineRange(options: PrivateRangeOptions, snapshot: Snapshot | undefined): EngineRange {
  const range: EngineRange = { reverse: options.reverse };
  if (options.gte instanceof Uint8Array) range.gte = options.gte;
  else if (options.gt instanceof Uint8Array) range.gt = options.gt;
  if (options.lte instanceof Uint8Array) range.lte = options.lte;
  else if (options.lt instanceof Uint8Array) range.lt = options.lt;
  if (snapshot !== undefined) range.snapshot = snapshot;
  return range;
}

type Item = [Uint8Array | undefined, Uint8Array | undefined];

/**
 * The state all three iterator kinds share: the engine cursor (absent when the iterator was made
 * on an already-closed snapshot: abstract-level rejects every read of it before reaching us) and
 * the formats to present keys and values in.
 */
class EngineCursor {
  readonly #cursor: LsmIterator | undefined;
  readonly #keyFormat: LevelFormat;
  readonly #valueFormat: LevelFormat;
  readonly #keys: boolean;
  readonly #values: boolean;

  constructor(cursor: LsmIterator | undefined, options: PrivateRangeOptions, keys: boolean, values: boolean) {
    this.#cursor = cursor;
    this.#keyFormat = options.keyEncoding;
    this.#valueFormat = options.valueEncoding ?? 'view';
    this.#keys = keys;
    this.#values = values;
  }

  /** The next [key, value] in the requested formats (an unwanted side is undefined), or undefined at the end. */
  next(): Item | undefined {
    let entry: [Uint8Array, Uint8Array] | undefined;
    try {
      entry = this.#cursor?.nextSync();
    } catch (err) {
      throw toLevelError(err, 'LEVEL_INVALID_KEY');
    }
    if (entry === undefined) return undefined;
    return [
      this.#keys ? toFormat(entry[0], this.#keyFormat) : undefined,
      this.#values ? toFormat(entry[1], this.#valueFormat) : undefined,
    ];
  }

  /** Up to `size` (≥ 1) items, mapped by `pick`; fewer only at the end. */
  nextv<T>(size: number, pick: (item: Item) => T): T[] {
    const items: T[] = [];
    while (items.length < size) {
      const item = this.next();
      if (item === undefined) break;
      items.push(pick(item));
    }
    return items;
  }

  seek(target: Uint8Array): void {
    try {
      this.#cursor?.seek(target);
    } catch (err) {
      throw toLevelError(err, 'LEVEL_INVALID_KEY');
    }
  }

  close(): void {
    this.#cursor?.close();
  }
}

const entryOf = (item: Item): Item => item;
const keyOf = (item: Item): Uint8Array | undefined => item[0];
const valueOf = (item: Item): Uint8Array | undefined => item[1];

// abstract-level's typings declare the public constructor options; the private ones (already
// encoded, normalized) are what these classes actually receive.
type IteratorCtor<T> = new (db: unknown, options: PrivateRangeOptions) => T;
const EntryBase = AbstractIterator as unknown as IteratorCtor<AbstractIterator<unknown, unknown, unknown>>;
const KeyBase = AbstractKeyIterator as unknown as IteratorCtor<AbstractKeyIterator<unknown, unknown>>;
const ValueBase = AbstractValueIterator as unknown as IteratorCtor<AbstractValueIterator<unknown, unknown, unknown>>;

/** `db.iterator()`: yields [key, value] entries (either side undefined when `keys`/`values` is false). */
export class LsmLevelIterator extends EntryBase {
  readonly #cursor: EngineCursor;

  constructor(db: unknown, options: PrivateRangeOptions, cursor: LsmIterator | undefined) {
    super(db, options);
    this.#cursor = new EngineCursor(cursor, options, options.keys !== false, options.values !== false);
  }

  async _next(): Promise<Item | undefined> {
    return this.#cursor.next();
  }

  async _nextv(size: number): Promise<Item[]> {
    return this.#cursor.nextv(size, entryOf);
  }

  _seek(target: Uint8Array): void {
    this.#cursor.seek(target);
  }

  async _close(): Promise<void> {
    this.#cursor.close();
  }
}

/** `db.keys()`: yields keys only; values are never converted. */
export class LsmLevelKeyIterator extends KeyBase {
  readonly #cursor: EngineCursor;

  constructor(db: unknown, options: PrivateRangeOptions, cursor: LsmIterator | undefined) {
    super(db, options);
    this.#cursor = new EngineCursor(cursor, options, true, false);
  }

  async _next(): Promise<Uint8Array | undefined> {
    return this.#cursor.next()?.[0];
  }

  async _nextv(size: number): Promise<(Uint8Array | undefined)[]> {
    return this.#cursor.nextv(size, keyOf);
  }

  _seek(target: Uint8Array): void {
    this.#cursor.seek(target);
  }

  async _close(): Promise<void> {
    this.#cursor.close();
  }
}

/** `db.values()`: yields values only; keys are never converted. */
export class LsmLevelValueIterator extends ValueBase {
  readonly #cursor: EngineCursor;

  constructor(db: unknown, options: PrivateRangeOptions, cursor: LsmIterator | undefined) {
    super(db, options);
    this.#cursor = new EngineCursor(cursor, options, false, true);
  }

  async _next(): Promise<Uint8Array | undefined> {
    return this.#cursor.next()?.[1];
  }

  async _nextv(size: number): Promise<(Uint8Array | undefined)[]> {
    return this.#cursor.nextv(size, valueOf);
  }

  _seek(target: Uint8Array): void {
    this.#cursor.seek(target);
  }

  async _close(): Promise<void> {
    this.#cursor.close();
  }
}
