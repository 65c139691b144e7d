// Keyspaces: named replication policies (DESIGN.md §5, "N per keyspace"). A policy says how
// many replicas each key gets: `{ n }` takes the first N distinct nodes of the zone-aware
// preference list; `{ replicasPerZone }` takes k nodes in each named zone (Cassandra's
// NetworkTopologyStrategy, for multi-datacenter clusters and `local_quorum`), N being their sum.
// A request names its keyspace (default `default`); the key alone is hashed and stored, so a
// keyspace is a policy, not a namespace: the node keeps keys unique across keyspaces.
import { coordinatorDefaults, quorumLimits } from './defaults.js';
import { assert } from './errors.js';

export type KeyspacePolicy = { readonly n: number } | { readonly replicasPerZone: Readonly<Record<string, number>> };

/** A validated policy: N, and the per-zone counts when the policy has them. */
export interface ResolvedKeyspace {
  readonly n: number;
  readonly replicasPerZone: Readonly<Record<string, number>> | undefined;
}

export const defaultKeyspace = 'default';

/** Validates the configured keyspaces (programmer input: assertions) and adds `default` ({ n: defaultN }) if absent. */
export function resolveKeyspaces(
  keyspaces: Readonly<Record<string, KeyspacePolicy>> | undefined,
  defaultN: number = coordinatorDefaults.n,
): ReadonlyMap<string, ResolvedKeyspace> {
  const resolved = new Map<string, ResolvedKeyspace>();
  for (const [name, policy] of Object.entries(keyspaces ?? {})) {
    assert(name.length > 0 && name.length <= quorumLimits.keyspaceCharsMax, `keyspace name ${JSON.stringify(name)} must be 1..${quorumLimits.keyspaceCharsMax} characters`);
    resolved.set(name, resolvePolicy(name, policy));
  }
  if (!resolved.has(defaultKeyspace)) resolved.set(defaultKeyspace, resolvePolicy(defaultKeyspace, { n: defaultN }));
  return resolved;
}

function resolvePolicy(name: string, policy: KeyspacePolicy): ResolvedKeyspace {
  if ('n' in policy) {
    assertReplicaCount(policy.n, `keyspace ${name}: n`);
    return { n: policy.n, replicasPerZone: undefined };
  }
  let n = 0;
  for (const [zone, count] of Object.entries(policy.replicasPerZone)) {
    assert(zone.length > 0, `keyspace ${name}: zone names must not be empty`);
    assert(Number.isSafeInteger(count) && count >= 0, `keyspace ${name}: replicasPerZone.${zone} must be an integer ≥ 0`);
    n += count;
  }
  assertReplicaCount(n, `keyspace ${name}: sum of replicasPerZone`);
  return { n, replicasPerZone: { ...policy.replicasPerZone } };
}

function assertReplicaCount(n: number, what: string): void {
  assert(Number.isSafeInteger(n) && n >= 1 && n <= quorumLimits.replicasMax, `${what} must be an integer in 1..${quorumLimits.replicasMax}, got ${n}`);
}
