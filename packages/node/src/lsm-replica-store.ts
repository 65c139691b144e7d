// The ReplicaStore of @kv/quorum over @kv/lsm. The Replica's calls are synchronous but an lsm
// write is not (it resolves after the commit log's group commit), so written sets sit in an
// overlay until their write completes: a get sees the Replica's own earlier writes at once, and
// `durability.drain()` (the persist the Replica's step asks for) waits for them to reach disk.
//
// Hot keys skip the lsm and the decode altogether: the last `setsCachedMax` sets read or
// written stay decoded in an LRU (sets are immutable values, so sharing them is safe). The lsm's
// block cache keeps hot blocks; this keeps hot sets, which is what a zipfian workload rereads.
import type { Lsm, LsmIterator } from '@kv/lsm';
import type { Key, ScannableReplicaStore } from '@kv/quorum';
import type { SiblingSet } from '@kv/vclock';
import type { Durability } from './durability.js';
import { PendingWrites } from './pending-writes.js';
import { decodeSet, encodeSet, readSet } from './set-codec.js';
import { dataKey, dataPrefix, keyOfDataKey, prefixEnd, storageId } from './storage-keys.js';

const dataStart = Uint8Array.of(dataPrefix);
const dataEnd = prefixEnd(dataStart);


export class LsmReplicaStore implements ScannableReplicaStore<Uint8Array> {
  private readonly overlay: PendingWrites<SiblingSet<Uint8Array>>;
  /** Recently used decoded sets, least recent first (Map order). */
  private readonly recent = new Map<string, SiblingSet<Uint8Array>>();
  hits = 0;
  misses = 0;
  /** The last key's storage key and id: a Replica step reads a key and then writes it. */
  private lastKey: Key | undefined;
  private lastStorage: { readonly storageKey: Uint8Array; readonly id: string } | undefined;

  constructor(
    private readonly lsm: Lsm,
    durability: Durability,
    private readonly setsCachedMax = 8192,
  ) {
    this.overlay = new PendingWrites(durability);
  }

  private storageOf(key: Key): { readonly storageKey: Uint8Array; readonly id: string } {
    if (key !== this.lastKey || this.lastStorage === undefined) {
      const storageKey = dataKey(key);
      this.lastStorage = { storageKey, id: storageId(storageKey) };
      this.lastKey = key;
    }
    return this.lastStorage;
  }

  get(key: Key): SiblingSet<Uint8Array> | undefined {
    const { storageKey, id } = this.storageOf(key);
    const pending = this.overlay.get(id);
    if (pending !== undefined) return pending ?? undefined;
    const cached = this.recent.get(id);
    if (cached !== undefined) {
      this.hits++;
      this.remember(id, cached);
      return cached;
    }
    this.misses++;
    const set = readSet(this.lsm, storageKey);
    if (set !== undefined) this.remember(id, set);
    return set;
  }

  private remember(id: string, set: SiblingSet<Uint8Array>): void {
    this.recent.delete(id);
    this.recent.set(id, set);
    if (this.recent.size > this.setsCachedMax) this.recent.delete(this.recent.keys().next().value as string);
  }

  put(key: Key, set: SiblingSet<Uint8Array>): void {
    const { storageKey, id } = this.storageOf(key);
    this.remember(id, set);
    this.overlay.set(id, set, this.lsm.put(storageKey, encodeSet(set)));
  }

  /**
   * Every (key, set) this store holds, as of the call (anti-entropy's tree builds and leaf
   * scans): the writes still pending in the overlay, then a snapshot iterator over the lsm data
   * range skipping those keys. Both are taken now, so writes made while the scan is read do not
   * show in it (a chunked tree rebuild relies on that).
   */
  scan(): Iterable<{ readonly key: Key; readonly set: SiblingSet<Uint8Array> }> {
    const pending = this.overlay.snapshot();
    const iterator = this.lsm.iterator({ gte: dataStart, lt: dataEnd });
    return scanPairs(pending, iterator);
  }

  /** Removes a key (anti-entropy's tombstone purge): an lsm delete, pending in the overlay until done. */
  remove(key: Key): void {
    const { storageKey, id } = this.storageOf(key);
    this.recent.delete(id);
    this.overlay.set(id, null, this.lsm.del(storageKey));
  }

  /** Sets written but not yet in the lsm (bounded by the writes in flight). */
  get overlaySize(): number {
    return this.overlay.size;
  }
}

function* scanPairs(
  pending: readonly [string, SiblingSet<Uint8Array> | null][],
  iterator: LsmIterator,
): Generator<{ readonly key: Key; readonly set: SiblingSet<Uint8Array> }> {
  try {
    const skip = new Set<string>();
    for (const [id, set] of pending) {
      skip.add(id);
      if (set !== null) yield { key: keyOfDataKey(Buffer.from(id, 'latin1')), set };
    }
    for (let pair = iterator.nextSync(); pair !== undefined; pair = iterator.nextSync()) {
      if (skip.size > 0 && skip.has(storageId(pair[0]))) continue;
      yield { key: keyOfDataKey(pair[0]), set: decodeSet(pair[1]) };
    }
  } finally {
    iterator.close();
  }
}
