// Durable stores: the simulated disk behind a node's ReplicaStore and HintStore. Writes land in a
// working copy the Replica reads at once (the memtable); `sync()` (the group commit the Replica's
// `persist` asks for) makes the working copy durable; `crash()` throws away everything not yet
// synced (leveldb fault_injection_test's "drop unsynced data"). Keys are strings in the sim.
import type { HintStore, Hint, ReplicaStore } from '@kv/quorum';
import type { Clock, SiblingSet } from '@kv/vclock';
import { compareDots } from '@kv/vclock';

type Key = string | Uint8Array;
const keyOf = (key: Key): string => (typeof key === 'string' ? key : `bytes:${Buffer.from(key).toString('hex')}`);

export class DurableReplicaStore implements ReplicaStore<string> {
  private working = new Map<string, SiblingSet<string>>();
  private durable = new Map<string, SiblingSet<string>>();

  /** The contexts of the tombstones purged here, per key (what the checkers count as applied). */
  readonly purged = new Map<string, Clock[]>();

  /** `zombie`: the planted bug `zombieValues` — an overwrite keeps the old set's live values. */
  constructor(private readonly zombie = false) {}

  get(key: Key): SiblingSet<string> | undefined {
    return this.working.get(keyOf(key));
  }

  put(key: Key, set: SiblingSet<string>): void {
    const before = this.zombie ? this.working.get(keyOf(key)) : undefined;
    this.working.set(keyOf(key), before === undefined ? set : keepLive(before, set));
  }

  /** A purged tombstone: gone from the store, its context remembered for the checkers. */
  remove(key: Key): void {
    const id = keyOf(key);
    const set = this.working.get(id);
    if (set === undefined) return;
    this.working.delete(id);
    this.purged.set(id, [...(this.purged.get(id) ?? []), set.context]);
  }

  sync(): void {
    this.durable = new Map(this.working);
  }

  crash(): void {
    this.working = new Map(this.durable);
  }

  entries(): [string, SiblingSet<string>][] {
    return [...this.working];
  }

  /** The ScannableReplicaStore seam of anti-entropy (the sim's keys are strings). */
  scan(): { key: string; set: SiblingSet<string> }[] {
    return [...this.working].map(([key, set]) => ({ key, set }));
  }

  /** A lost disk: nothing survives, synced or not. */
  wipe(): void {
    this.working = new Map();
    this.durable = new Map();
  }
}

export class DurableHintStore implements HintStore<string> {
  private working = new Map<string, Map<string, Hint<string>>>();
  private durable = new Map<string, Map<string, Hint<string>>>();

  get(target: string, key: Key): SiblingSet<string> | undefined {
    return this.working.get(target)?.get(keyOf(key))?.set;
  }

  put(target: string, key: Key, set: SiblingSet<string>): void {
    let hints = this.working.get(target);
    if (hints === undefined) this.working.set(target, (hints = new Map()));
    hints.set(keyOf(key), { key, set });
  }

  delete(target: string, key: Key): void {
    const hints = this.working.get(target);
    if (hints === undefined) return;
    hints.delete(keyOf(key));
    if (hints.size === 0) this.working.delete(target);
  }

  count(target: string): number {
    return this.working.get(target)?.size ?? 0;
  }

  list(target: string, limit: number): readonly Hint<string>[] {
    return [...(this.working.get(target)?.values() ?? [])].slice(0, limit);
  }

  targets(): readonly string[] {
    return [...this.working.keys()];
  }

  total(): number {
    let sum = 0;
    for (const hints of this.working.values()) sum += hints.size;
    return sum;
  }

  sync(): void {
    this.durable = copy(this.working);
  }

  crash(): void {
    this.working = copy(this.durable);
  }

  wipe(): void {
    this.working = new Map();
    this.durable = new Map();
  }
}

/** The planted bug: `next` with every live sibling of `before` it dropped put back (deleted values return). */
function keepLive(before: SiblingSet<string>, next: SiblingSet<string>): SiblingSet<string> {
  const kept = before.siblings.filter((old) => !old.tombstone && !next.siblings.some((s) => compareDots(s.dot, old.dot) === 0));
  if (kept.length === 0) return next;
  return { context: next.context, siblings: [...next.siblings, ...kept].sort((a, b) => compareDots(a.dot, b.dot)) };
}

function copy(byTarget: Map<string, Map<string, Hint<string>>>): Map<string, Map<string, Hint<string>>> {
  return new Map([...byTarget].map(([target, hints]) => [target, new Map(hints)]));
}
