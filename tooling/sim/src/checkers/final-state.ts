// Final state: the set each primary replica of a key holds once the run has settled, read
// straight from the stores (the simulator's privilege), and their sync — what the checkers judge.
import type { Ring } from '@kv/ring';
import type { SiblingSet } from '@kv/vclock';
import { emptySet, syncAll } from '@kv/vclock';
import type { DurableReplicaStore } from '../durable-store.js';

export type Stores = ReadonlyMap<string, DurableReplicaStore>;

export function replicaSets(key: string, ring: Ring, n: number, stores: Stores): { node: string; set: SiblingSet<string> }[] {
  return ring.preferenceList(key, n).map((node) => ({ node, set: stores.get(node)?.get(key) ?? emptySet<string>() }));
}

export function mergedSet(key: string, ring: Ring, n: number, stores: Stores): SiblingSet<string> {
  return syncAll(replicaSets(key, ring, n, stores).map((r) => r.set));
}
