// Hint store: the seam through which a fallback replica persists the writes it accepted on
// behalf of a down owner (Dynamo §4.6: "the replica will have a hint in its metadata that
// suggests which node was the intended recipient"). One hinted set per (owner, key): a second
// hinted write for the same key is synced into it, so the backlog is counted in keys, and
// `hintsPerTargetMax` bounds it. The node keeps hints in their own lsm keyspace, keyed
// owner ‖ ring position ‖ key, so `list` is a range scan; MemoryHintStore is for tests.
import type { SiblingSet } from '@kv/vclock';
import type { Key } from './key.js';
import { KeyMap } from './key-map.js';

export interface Hint<V> {
  readonly key: Key;
  readonly set: SiblingSet<V>;
}

export interface HintStore<V> {
  get(target: string, key: Key): SiblingSet<V> | undefined;
  /** Replaces the hinted set for (target, key). */
  put(target: string, key: Key, set: SiblingSet<V>): void;
  delete(target: string, key: Key): void;
  /** Number of keys hinted for `target`. */
  count(target: string): number;
  /** Up to `limit` hints for `target`, in a stable order (the same hints first until deleted). */
  list(target: string, limit: number): readonly Hint<V>[];
  /** Owners with at least one hint. */
  targets(): readonly string[];
}

/** A HintStore in Maps, for tests and the simulator. */
export class MemoryHintStore<V> implements HintStore<V> {
  private readonly byTarget = new Map<string, KeyMap<Hint<V>>>();

  get(target: string, key: Key): SiblingSet<V> | undefined {
    return this.byTarget.get(target)?.get(key)?.set;
  }

  put(target: string, key: Key, set: SiblingSet<V>): void {
    let hints = this.byTarget.get(target);
    if (hints === undefined) this.byTarget.set(target, (hints = new KeyMap()));
    hints.set(key, { key, set });
  }

  delete(target: string, key: Key): void {
    const hints = this.byTarget.get(target);
    if (hints === undefined) return;
    hints.delete(key);
    if (hints.size === 0) this.byTarget.delete(target);
  }

  count(target: string): number {
    return this.byTarget.get(target)?.size ?? 0;
  }

  list(target: string, limit: number): readonly Hint<V>[] {
    const out: Hint<V>[] = [];
    for (const hint of this.byTarget.get(target)?.values() ?? []) {
      if (out.length >= limit) break;
      out.push(hint);
    }
    return out;
  }

  targets(): readonly string[] {
    return [...this.byTarget.keys()];
  }
}
