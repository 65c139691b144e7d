// FakeLsm: an in-memory stand-in with the engine's public API (openLsm, Lsm, LsmIterator,
// Snapshot), over one sorted copy-on-write array, so snapshots are the array reference of their
// moment. It exists to run the abstract-level compliance suite and the adapter's tests apart from
// the real engine (FAKE_LSM=1 in test/level-compliance.ts and test/level-adapter.test.ts): a test
// that fails against the engine but passes here points at the engine, not the adapter.
// Stores persist per directory for the life of the process (a registry stands in for the disk)
// and a directory open twice is LOCKED, as with the real engine.

import { compareBytes } from '../../src/bytes.js';
import { LsmError } from '../../src/errors.js';

export { LsmError } from '../../src/errors.js';
export { MemoryFileSystem } from '../../src/memory-file-system.js';

const KEY_BYTES_MAX = 0xffff;
const utf8 = new TextEncoder();

type Bytes = Uint8Array | string;
type Entries = readonly (readonly [Uint8Array, Uint8Array])[];
export type LsmOptions = { fs?: unknown; createIfMissing?: boolean; errorIfExists?: boolean } & Record<string, unknown>;
export interface Snapshot {
  release(): void;
}
export interface IteratorOptions {
  gt?: Bytes;
  gte?: Bytes;
  lt?: Bytes;
  lte?: Bytes;
  reverse?: boolean;
  limit?: number;
  snapshot?: Snapshot;
}
export type BatchOp = { type: 'put'; key: Bytes; value: Bytes } | { type: 'del'; key: Bytes };

interface Store {
  entries: Entries;
  open: boolean;
}
const disks = new WeakMap<object, Map<string, Store>>();
const realDisk = {};

function toKey(key: unknown): Uint8Array {
  const bytes = toBytes(key, 'key');
  if (bytes.length === 0 || bytes.length > KEY_BYTES_MAX) {
    throw new LsmError('BAD_REQUEST', `key must be 1..${KEY_BYTES_MAX} bytes, got ${bytes.length}`);
  }
  return bytes;
}

function toBytes(input: unknown, what: string): Uint8Array {
  if (input instanceof Uint8Array) return input.slice();
  if (typeof input === 'string') return utf8.encode(input);
  throw new LsmError('BAD_REQUEST', `${what} must be a Uint8Array or a string`);
}

/** Index of the first entry whose key is >= key (entries.length if none). */
function lowerBound(entries: Entries, key: Uint8Array): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(entries[mid]![0], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class FakeSnapshot implements Snapshot {
  constructor(readonly entries: Entries) {}
  release(): void {}
}

export class FakeLsmIterator {
  readonly #entries: Entries;
  readonly #reverse: boolean;
  readonly #start: number; // first index in range
  readonly #end: number; // one past the last index in range
  #limit: number;
  #at: number;
  #closed = false;

  constructor(entries: Entries, options: IteratorOptions) {
    this.#entries = entries;
    this.#reverse = options.reverse === true;
    this.#limit = options.limit === undefined || options.limit < 0 ? Infinity : options.limit;
    const bound = (b: Bytes | undefined): Uint8Array | undefined => (b === undefined ? undefined : toBytes(b, 'bound'));
    const gt = bound(options.gt);
    const gte = bound(options.gte);
    const lt = bound(options.lt);
    const lte = bound(options.lte);
    let start = 0;
    let end = entries.length;
    if (gte !== undefined) start = Math.max(start, lowerBound(entries, gte));
    if (gt !== undefined) start = Math.max(start, this.#upper(gt));
    if (lte !== undefined) end = Math.min(end, this.#upper(lte));
    if (lt !== undefined) end = Math.min(end, lowerBound(entries, lt));
    this.#start = start;
    this.#end = Math.max(start, end);
    this.#at = this.#reverse ? this.#end - 1 : this.#start;
  }

  nextSync(): [Uint8Array, Uint8Array] | undefined {
    if (this.#closed) throw new LsmError('NOT_OPEN', 'iterator is closed');
    if (this.#limit <= 0 || this.#at < this.#start || this.#at >= this.#end) return undefined;
    const entry = this.#entries[this.#at]!;
    this.#at += this.#reverse ? -1 : 1;
    this.#limit--;
    return [entry[0].slice(), entry[1].slice()];
  }

  async next(): Promise<[Uint8Array, Uint8Array] | undefined> {
    return this.nextSync();
  }

  async nextv(n: number): Promise<[Uint8Array, Uint8Array][]> {
    const out: [Uint8Array, Uint8Array][] = [];
    while (out.length < n) {
      const entry = this.nextSync();
      if (entry === undefined) break;
      out.push(entry);
    }
    return out;
  }

  seek(target: Bytes): void {
    const key = toBytes(target, 'target');
    this.#at = this.#reverse ? this.#upper(key) - 1 : lowerBound(this.#entries, key);
  }

  close(): void {
    this.#closed = true;
  }

  /** Index of the first entry whose key is > key. */
  #upper(key: Uint8Array): number {
    const i = lowerBound(this.#entries, key);
    return i < this.#entries.length && compareBytes(this.#entries[i]![0], key) === 0 ? i + 1 : i;
  }
}
export type LsmIterator = FakeLsmIterator;

export class Lsm {
  readonly #store: Store;
  #status: 'open' | 'closed' = 'open';

  constructor(store: Store) {
    this.#store = store;
  }

  get status(): 'open' | 'closed' {
    return this.#status;
  }

  async get(key: Bytes, options?: { snapshot?: Snapshot }): Promise<Uint8Array | undefined> {
    return this.getSync(key, options);
  }

  getSync(key: Bytes, options?: { snapshot?: Snapshot }): Uint8Array | undefined {
    const entries = this.#view(options?.snapshot);
    const k = toKey(key);
    const i = lowerBound(entries, k);
    const entry = entries[i];
    return entry !== undefined && compareBytes(entry[0], k) === 0 ? entry[1].slice() : undefined;
  }

  async getMany(keys: Bytes[], options?: { snapshot?: Snapshot }): Promise<(Uint8Array | undefined)[]> {
    return keys.map((key) => this.getSync(key, options));
  }

  async put(key: Bytes, value: Bytes): Promise<void> {
    return this.batch([{ type: 'put', key, value }]);
  }

  async del(key: Bytes): Promise<void> {
    return this.batch([{ type: 'del', key }]);
  }

  async batch(ops: readonly BatchOp[]): Promise<void> {
    this.#assertOpen();
    const checked = ops.map((op) => ({ key: toKey(op.key), value: op.type === 'put' ? toBytes(op.value, 'value') : undefined }));
    const entries = this.#store.entries.slice() as (readonly [Uint8Array, Uint8Array])[];
    for (const { key, value } of checked) {
      const i = lowerBound(entries, key);
      const found = i < entries.length && compareBytes(entries[i]![0], key) === 0;
      if (value === undefined) {
        if (found) entries.splice(i, 1);
      } else {
        entries.splice(i, found ? 1 : 0, [key, value]);
      }
    }
    this.#store.entries = entries;
  }

  iterator(options: IteratorOptions = {}): FakeLsmIterator {
    return new FakeLsmIterator(this.#view(options.snapshot), options);
  }

  snapshot(): Snapshot {
    return new FakeSnapshot(this.#view(undefined));
  }

  async close(): Promise<void> {
    if (this.#status === 'closed') return;
    this.#status = 'closed';
    this.#store.open = false;
  }

  #view(snapshot: Snapshot | undefined): Entries {
    this.#assertOpen();
    return snapshot instanceof FakeSnapshot ? snapshot.entries : this.#store.entries;
  }

  #assertOpen(): void {
    if (this.#status !== 'open') throw new LsmError('NOT_OPEN', 'store is closed');
  }
}

export async function openLsm(dir: string, options: LsmOptions = {}): Promise<Lsm> {
  const diskKey = typeof options.fs === 'object' && options.fs !== null ? options.fs : realDisk;
  let disk = disks.get(diskKey);
  if (disk === undefined) disks.set(diskKey, (disk = new Map()));
  let store = disk.get(dir);
  if (store === undefined) {
    if (options.createIfMissing === false) {
      throw new LsmError('NOT_FOUND', `no store in ${dir} (createIfMissing is false)`);
    }
    disk.set(dir, (store = { entries: [], open: false }));
  } else if (options.errorIfExists === true) {
    throw new LsmError('BAD_REQUEST', `a store already exists in ${dir} (errorIfExists)`);
  }
  if (store.open) throw new LsmError('LOCKED', `${dir} is open in another handle`);
  store.open = true;
  await Promise.resolve();
  return new Lsm(store);
}
