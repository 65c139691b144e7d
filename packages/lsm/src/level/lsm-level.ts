// LsmLevel: @kv/lsm behind the abstract-level 3 interface, so the engine plugs into the Level
// ecosystem (sublevels, encodings, hooks, events, level-* modules) and is checked by
// abstract-level's own compliance suite (test/level-compliance.ts). abstract-level does the
// public API (argument checks, encodings, deferred open, sublevels, limits, resource tracking);
// this class implements only its private `_`-methods over one engine handle. Keys and values
// pass as is (the engine, like LevelDB, accepts the empty key abstract-level allows).

import { AbstractLevel } from 'abstract-level';
import type { AbstractDatabaseOptions } from 'abstract-level';
import { openLsm } from '../index.js';
import type { Lsm, LsmIterator, LsmOptions, Snapshot } from '../index.js';
import { defaults } from '../defaults.js';
import { LevelError, keyTooLong, toLevelError, toOpenError } from './level-error.js';
import { toFormat } from './level-format.js';
import type { LevelFormat } from './level-format.js';
import { LsmLevelIterator, LsmLevelKeyIterator, LsmLevelValueIterator, toEngineRange } from './lsm-level-iterator.js';
import type { PrivateRangeOptions } from './lsm-level-iterator.js';
import { LsmLevelSnapshot } from './lsm-level-snapshot.js';

/**
 * Constructor options: abstract-level's (keyEncoding, valueEncoding, createIfMissing,
 * errorIfExists) plus every engine option (`fs`, tuning knobs), forwarded to `openLsm` on open.
 */
export type LsmLevelOptions<K = string, V = string> = AbstractDatabaseOptions<K, V> &
  Omit<LsmOptions, 'createIfMissing' | 'errorIfExists'>;

/** Deletes per engine batch in `clear()`: bounds one batch's memory and memtable footprint. */
const CLEAR_BATCH_KEYS = 1000;

interface PrivateReadOptions {
  keyEncoding: LevelFormat;
  valueEncoding: LevelFormat;
  snapshot?: unknown;
}

interface PrivateBatchOperation {
  type: 'put' | 'del';
  key: Uint8Array;
  value?: Uint8Array;
}

type EngineOperation = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

function manifest(): Record<string, unknown> {
  return {
    encodings: { buffer: true, view: true },
    implicitSnapshots: true,
    explicitSnapshots: true,
    permanence: true,
    seek: true,
    createIfMissing: true,
    errorIfExists: true,
    getSync: true,
    has: true,
    additionalMethods: {},
  };
}

export class LsmLevel<KDefault = string, VDefault = string> extends AbstractLevel<Uint8Array, KDefault, VDefault> {
  readonly #location: string;
  #lsm: Lsm | undefined;
  /** The open store's key limit, checked here so an oversized key is LEVEL_INVALID_KEY. */
  #keyBytesMax: number = defaults.keyBytesMax;

  /** `location` is the store's directory (on `options.fs` when given, else the real file system). */
  constructor(location: string, options?: LsmLevelOptions<KDefault, VDefault>) {
    if (typeof location !== 'string' || location === '') {
      throw new TypeError("The first argument 'location' must be a non-empty string");
    }
    super(manifest(), options);
    this.#location = location;
  }

  get location(): string {
    return this.#location;
  }

  async _open(options: Record<string, unknown>): Promise<void> {
    const { passive: _passive, ...engineOptions } = options;
    try {
      this.#lsm = await openLsm(this.#location, engineOptions as LsmOptions);
    } catch (err) {
      throw toOpenError(err, this.#location);
    }
    this.#keyBytesMax = (engineOptions as LsmOptions).keyBytesMax ?? defaults.keyBytesMax;
  }

  async _close(): Promise<void> {
    const lsm = this.#lsm;
    if (lsm === undefined) return;
    await lsm.close();
    this.#lsm = undefined;
  }

  async _get(key: Uint8Array, options: PrivateReadOptions): Promise<Uint8Array | undefined> {
    const value = await this.#read(() => this.#engine().get(key, readOptions(options.snapshot)));
    return value === undefined ? undefined : toFormat(value, options.valueEncoding);
  }

  _getSync(key: Uint8Array, options: PrivateReadOptions): Uint8Array | undefined {
    let value: Uint8Array | undefined;
    try {
      value = this.#engine().getSync(key, readOptions(options.snapshot));
    } catch (err) {
      throw toLevelError(err, 'LEVEL_INVALID_KEY');
    }
    return value === undefined ? undefined : toFormat(value, options.valueEncoding);
  }

  async _getMany(keys: Uint8Array[], options: PrivateReadOptions): Promise<(Uint8Array | undefined)[]> {
    const values = await this.#read(() =>
      this.#engine().getMany(keys, readOptions(options.snapshot)),
    );
    return values.map((value) => (value === undefined ? undefined : toFormat(value, options.valueEncoding)));
  }

  async _has(key: Uint8Array, options: { snapshot?: unknown }): Promise<boolean> {
    const value = await this.#read(() => this.#engine().get(key, readOptions(options.snapshot)));
    return value !== undefined;
  }

  async _hasMany(keys: Uint8Array[], options: { snapshot?: unknown }): Promise<boolean[]> {
    const values = await this.#read(() =>
      this.#engine().getMany(keys, readOptions(options.snapshot)),
    );
    return values.map((value) => value !== undefined);
  }

  async _put(key: Uint8Array, value: Uint8Array): Promise<void> {
    const engineKey = this.#checkedKey(key);
    await this.#write(() => this.#engine().put(engineKey, value));
  }

  async _del(key: Uint8Array): Promise<void> {
    const engineKey = this.#checkedKey(key);
    await this.#write(() => this.#engine().del(engineKey));
  }

  async _batch(operations: PrivateBatchOperation[]): Promise<void> {
    const ops: EngineOperation[] = operations.map((op) =>
      op.type === 'put'
        ? { type: 'put', key: this.#checkedKey(op.key), value: op.value ?? new Uint8Array(0) }
        : { type: 'del', key: this.#checkedKey(op.key) },
    );
    await this.#write(() => this.#engine().batch(ops));
  }

  /**
   * Deletes the range as seen by an engine iterator made now (on `options.snapshot` when given),
   * in batches of CLEAR_BATCH_KEYS. Not atomic, as abstract-level allows; a key rewritten while
   * the clear runs may still be deleted by a later batch (the engine has no range tombstone).
   */
  async _clear(options: PrivateRangeOptions): Promise<void> {
    const lsm = this.#engine();
    const cursor = this.#cursor(options);
    if (cursor === undefined) return;
    try {
      let left = options.limit < 0 ? Infinity : options.limit;
      while (left > 0) {
        const ops: EngineOperation[] = [];
        for (let entry = cursor.nextSync(); entry !== undefined; entry = cursor.nextSync()) {
          ops.push({ type: 'del', key: entry[0] });
          if (--left === 0 || ops.length === CLEAR_BATCH_KEYS) break;
        }
        if (ops.length === 0) break;
        await this.#write(() => lsm.batch(ops));
      }
    } finally {
      cursor.close();
    }
  }

  _iterator(options: PrivateRangeOptions): LsmLevelIterator {
    return new LsmLevelIterator(this, options, this.#cursor(options));
  }

  _keys(options: PrivateRangeOptions): LsmLevelKeyIterator {
    return new LsmLevelKeyIterator(this, options, this.#cursor(options));
  }

  _values(options: PrivateRangeOptions): LsmLevelValueIterator {
    return new LsmLevelValueIterator(this, options, this.#cursor(options));
  }

  _snapshot(options: { readonly owner: unknown }): LsmLevelSnapshot {
    return new LsmLevelSnapshot(options, () => this.#engine().snapshot());
  }

  /** A key to write; LEVEL_INVALID_KEY when it is longer than keyBytesMax. */
  #checkedKey(key: Uint8Array): Uint8Array {
    const bytes = key.length;
    if (bytes > this.#keyBytesMax) throw keyTooLong(bytes, this.#keyBytesMax);
    return key;
  }

  /** abstract-level calls the `_`-methods only while open; anything else is a bug. */
  #engine(): Lsm {
    const lsm = this.#lsm;
    if (lsm === undefined) throw new LevelError('LEVEL_DATABASE_NOT_OPEN', 'Database is not open');
    return lsm;
  }

  /**
   * An engine iterator for `options`, made synchronously so it reads the implicit snapshot of
   * this moment; undefined when `options.snapshot` is already closed (abstract-level rejects
   * every read of such an iterator before it reaches the cursor).
   */
  #cursor(options: PrivateRangeOptions): LsmIterator | undefined {
    let snapshot: Snapshot | undefined;
    if (options.snapshot !== undefined && options.snapshot !== null) {
      snapshot = engineSnapshotOf(options.snapshot);
      if (snapshot === undefined) return undefined;
    }
    try {
      return this.#engine().iterator(toEngineRange(options, snapshot));
    } catch (err) {
      throw toLevelError(err, 'LEVEL_INVALID_KEY');
    }
  }

  /** Runs an engine read; `start` must call the engine synchronously (implicit snapshots). */
  async #read<T>(start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (err) {
      throw toLevelError(err, 'LEVEL_INVALID_KEY');
    }
  }

  /** Runs an engine write whose keys were checked: a BAD_REQUEST left is about the value. */
  async #write(start: () => Promise<void>): Promise<void> {
    try {
      await start();
    } catch (err) {
      throw toLevelError(err, 'LEVEL_INVALID_VALUE');
    }
  }
}

/** The engine snapshot behind abstract-level's `snapshot` option; undefined once it is closed. */
function engineSnapshotOf(snapshot: unknown): Snapshot | undefined {
  if (!(snapshot instanceof LsmLevelSnapshot)) {
    throw new TypeError("The 'snapshot' option must be a snapshot created by an LsmLevel database");
  }
  return snapshot.engineSnapshot;
}

function readOptions(snapshot: unknown): { snapshot?: Snapshot } {
  if (snapshot === undefined || snapshot === null) return {};
  const engineSnapshot = engineSnapshotOf(snapshot);
  if (engineSnapshot === undefined) {
    throw new LevelError('LEVEL_SNAPSHOT_NOT_OPEN', 'Snapshot is not open: cannot use snapshot after close()');
  }
  return { snapshot: engineSnapshot };
}
