// The HintStore of @kv/quorum over @kv/lsm: hinted sets live under their own prefix, ordered by
// owner then ring position (storage-keys.ts). The Replica asks for counts, owners and the first
// hints of an owner synchronously, so the node keeps an index of hinted keys in memory (keys
// only, bounded by hintsPerTargetMax per owner), loaded by one scan of the hint prefix at start;
// sets are read from the overlay or the lsm on demand.
import type { Lsm } from '@kv/lsm';
import type { Hint, HintStore, Key } from '@kv/quorum';
import type { SiblingSet } from '@kv/vclock';
import type { Durability } from './durability.js';
import { PendingWrites } from './pending-writes.js';
import { encodeSet, readSet } from './set-codec.js';
import { hintKey, hintPrefix, parseHintKey, prefixEnd, storageId } from './storage-keys.js';

interface Entry {
  readonly key: Key;
  readonly storageKey: Uint8Array;
}

export class LsmHintStore implements HintStore<Uint8Array> {
  /** owner → storage id → entry, in insertion order (the stable order `list` needs). */
  private readonly index = new Map<string, Map<string, Entry>>();
  private readonly overlay: PendingWrites<SiblingSet<Uint8Array>>;

  private constructor(
    private readonly lsm: Lsm,
    durability: Durability,
  ) {
    this.overlay = new PendingWrites(durability);
  }

  /** Opens the store, loading the index of hinted keys from the lsm. */
  static async open(lsm: Lsm, durability: Durability): Promise<LsmHintStore> {
    const store = new LsmHintStore(lsm, durability);
    const start = Uint8Array.of(hintPrefix);
    const iterator = lsm.iterator({ gte: start, lt: prefixEnd(start) });
    try {
      for (let pair = await iterator.next(); pair !== undefined; pair = await iterator.next()) {
        const { owner, key } = parseHintKey(pair[0]);
        store.entriesOf(owner).set(storageId(pair[0]), { key, storageKey: pair[0].slice() });
      }
    } finally {
      iterator.close();
    }
    return store;
  }

  private entriesOf(owner: string): Map<string, Entry> {
    let entries = this.index.get(owner);
    if (entries === undefined) this.index.set(owner, (entries = new Map()));
    return entries;
  }

  get(target: string, key: Key): SiblingSet<Uint8Array> | undefined {
    const storageKey = hintKey(target, key);
    const id = storageId(storageKey);
    if (!this.index.get(target)?.has(id)) return undefined;
    const pending = this.overlay.get(id);
    if (pending !== undefined) return pending ?? undefined;
    return readSet(this.lsm, storageKey);
  }

  put(target: string, key: Key, set: SiblingSet<Uint8Array>): void {
    const storageKey = hintKey(target, key);
    const id = storageId(storageKey);
    this.entriesOf(target).set(id, { key, storageKey });
    this.overlay.set(id, set, this.lsm.put(storageKey, encodeSet(set)));
  }

  delete(target: string, key: Key): void {
    const storageKey = hintKey(target, key);
    const id = storageId(storageKey);
    const entries = this.index.get(target);
    if (entries === undefined || !entries.delete(id)) return;
    if (entries.size === 0) this.index.delete(target);
    this.overlay.set(id, null, this.lsm.del(storageKey));
  }

  count(target: string): number {
    return this.index.get(target)?.size ?? 0;
  }

  list(target: string, limit: number): readonly Hint<Uint8Array>[] {
    const out: Hint<Uint8Array>[] = [];
    for (const [id, entry] of this.index.get(target) ?? []) {
      if (out.length >= limit) break;
      const pending = this.overlay.get(id);
      const set = pending !== undefined ? pending : readSet(this.lsm, entry.storageKey);
      if (set) out.push({ key: entry.key, set });
    }
    return out;
  }

  targets(): readonly string[] {
    return [...this.index.keys()];
  }

  /** Hinted keys across every owner. */
  total(): number {
    let sum = 0;
    for (const entries of this.index.values()) sum += entries.size;
    return sum;
  }
}
