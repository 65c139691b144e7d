// The ReplicaStore of @kv/quorum over @kv/lsm. The Replica's calls are synchronous but an lsm
// write is not (it resolves after the commit log's group commit), so written sets sit in an
// overlay until their write completes: a get sees the Replica's own earlier writes at once, and
// `durability.drain()` (the persist the Replica's step asks for) waits for them to reach disk.
import type { Lsm } from '@kv/lsm';
import type { Key, ReplicaStore } from '@kv/quorum';
import type { SiblingSet } from '@kv/vclock';
import type { Durability } from './durability.js';
import { decodeSet, encodeSet } from './set-codec.js';
import { dataKey, storageId } from './storage-keys.js';


export class LsmReplicaStore implements ReplicaStore<Uint8Array> {
  private readonly overlay = new Map<string, SiblingSet<Uint8Array>>();

  constructor(
    private readonly lsm: Lsm,
    private readonly durability: Durability,
  ) {}

  get(key: Key): SiblingSet<Uint8Array> | undefined {
    const storageKey = dataKey(key);
    const pending = this.overlay.get(storageId(storageKey));
    if (pending !== undefined) return pending;
    const bytes = this.lsm.getSync(storageKey);
    return bytes === undefined ? undefined : decodeSet(bytes);
  }

  put(key: Key, set: SiblingSet<Uint8Array>): void {
    const storageKey = dataKey(key);
    const id = storageId(storageKey);
    this.overlay.set(id, set);
    const write = this.lsm.put(storageKey, encodeSet(set)).then(() => {
      if (this.overlay.get(id) === set) this.overlay.delete(id);
    });
    this.durability.track(write);
  }

  /** Sets written but not yet in the lsm (bounded by the writes in flight). */
  get overlaySize(): number {
    return this.overlay.size;
  }
}
