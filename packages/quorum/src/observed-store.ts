// Observed replica store: the ReplicaStore a Replica writes through when anti-entropy runs. It
// passes every put to the real store and tells the observer the key's set before and after, so
// the Merkle trees stay current on every write without a second read path (anti-entropy.ts).
import type { SiblingSet } from '@kv/vclock';
import type { ScannableReplicaStore } from './anti-entropy.js';
import type { Key } from './key.js';

export type WriteObserver<V> = (key: Key, before: SiblingSet<V> | undefined, after: SiblingSet<V> | undefined) => void;

export class ObservedReplicaStore<V> implements ScannableReplicaStore<V> {
  /** Set once the observer exists (the AntiEntropy core takes this store in its config). */
  observer: WriteObserver<V> | undefined;

  constructor(private readonly inner: ScannableReplicaStore<V>) {}

  get(key: Key): SiblingSet<V> | undefined {
    return this.inner.get(key);
  }

  put(key: Key, set: SiblingSet<V>): void {
    const before = this.observer === undefined ? undefined : this.inner.get(key);
    this.inner.put(key, set);
    this.observer?.(key, before, set);
  }

  scan(): Iterable<{ readonly key: Key; readonly set: SiblingSet<V> }> {
    return this.inner.scan();
  }

  /** Present when the inner store can remove keys (tombstone purge). */
  get remove(): ((key: Key) => void) | undefined {
    const inner = this.inner;
    if (inner.remove === undefined) return undefined;
    return (key: Key) => {
      const before = this.observer === undefined ? undefined : inner.get(key);
      inner.remove?.(key);
      if (before !== undefined) this.observer?.(key, before, undefined);
    };
  }
}
