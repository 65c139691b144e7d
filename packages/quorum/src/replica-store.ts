// Replica store: the seam through which a Replica reads and writes the sibling sets it holds as
// a primary (CONVENTIONS.md §2: the consumer declares the smallest interface it needs). The node
// implements it over @kv/lsm (getSync, and a put buffered in the memtable and made durable by the
// group commit the step's `persist` asks for); tests and the simulator use MemoryReplicaStore.
//
// Calls are synchronous: a Replica's step sees its own earlier writes at once, so two writes to
// one key coordinated by the same replica are applied one after the other, never interleaved.
import type { SiblingSet } from '@kv/vclock';
import type { Key } from './key.js';
import { KeyMap } from './key-map.js';

export interface ReplicaStore<V> {
  /** The key's set, or undefined when this replica holds nothing for it. */
  get(key: Key): SiblingSet<V> | undefined;
  /** Replaces the key's set (the Replica always passes a set that descends the stored one). */
  put(key: Key, set: SiblingSet<V>): void;
}

/** A ReplicaStore in a Map, for tests and the simulator (scannable, for anti-entropy). */
export class MemoryReplicaStore<V> implements ReplicaStore<V> {
  private readonly sets = new KeyMap<{ readonly key: Key; readonly set: SiblingSet<V> }>();

  get(key: Key): SiblingSet<V> | undefined {
    return this.sets.get(key)?.set;
  }

  put(key: Key, set: SiblingSet<V>): void {
    this.sets.set(key, { key, set });
  }

  /** Removes a key (anti-entropy's tombstone purge). */
  remove(key: Key): void {
    this.sets.delete(key);
  }

  /** Every (key, set): string keys in first-write order, then byte keys. */
  entries(): { readonly key: Key; readonly set: SiblingSet<V> }[] {
    return [...this.sets.values()];
  }

  /** The ScannableReplicaStore seam of anti-entropy: a snapshot of `entries()`. */
  scan(): Iterable<{ readonly key: Key; readonly set: SiblingSet<V> }> {
    return this.entries();
  }

  get size(): number {
    return this.sets.size;
  }
}
