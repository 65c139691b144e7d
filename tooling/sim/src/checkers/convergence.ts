// Convergence checker: after heal, handoff and a final read at R = all of every written key (read
// repair, no anti-entropy), every primary replica of each key holds an equal sibling set (vclock
// setEquals). Proves the write and repair paths leave no replica permanently behind.
import type { Ring } from '@kv/ring';
import { setEquals } from '@kv/vclock';
import type { Stores } from './final-state.js';
import { replicaSets } from './final-state.js';
import type { Violation } from './violation.js';

export function checkConvergence(keys: readonly string[], ring: Ring, n: number, stores: Stores): Violation[] {
  const violations: Violation[] = [];
  for (const key of keys) {
    const sets = replicaSets(key, ring, n, stores);
    const first = sets[0];
    if (first === undefined) continue;
    for (const other of sets.slice(1)) {
      if (!setEquals(first.set, other.set)) {
        violations.push({ checker: 'convergence', message: `key ${key}: replicas ${first.node} and ${other.node} differ after heal and the final phase` });
      }
    }
  }
  return violations;
}
