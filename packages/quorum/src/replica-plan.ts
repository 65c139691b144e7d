// Replica plan: which nodes a request goes to. The key's primaries are the first N distinct
// nodes of its preference list (@kv/ring, zone-aware), or k per zone under a per-zone policy.
// Sloppy quorum (Dynamo §4.6): each primary the view says is down is replaced by the next up
// node clockwise (`ring.successors`) that is neither a primary nor already a fallback, preferring
// a node in the down primary's zone so per-zone counts (local_quorum) keep their meaning; the
// fallback carries a hint naming the primary it stands in for. A strict request (`sloppy: false`)
// uses primaries only.
import type { Key } from './key.js';
import type { ResolvedKeyspace } from './keyspace.js';
import type { ViewState } from './cluster-view.js';
import { isUp } from './cluster-view.js';

/** One node a request goes to; `hintFor` names the down primary a fallback stands in for. */
export interface Target {
  readonly node: string;
  readonly hintFor?: string;
}

export interface ReplicaPlan {
  /** The key's primaries, preference order (fewer than N when the ring is smaller). */
  readonly primaries: readonly string[];
  /** Up primaries and fallbacks for the down ones, in primary order; distinct nodes. */
  readonly targets: readonly Target[];
  /** Down primaries left without a fallback (strict request, or no up node left). */
  readonly uncovered: readonly string[];
}

/** The key's primaries under a keyspace policy, zones in name order for a per-zone policy. */
export function primariesOf(view: ViewState, key: Key, keyspace: ResolvedKeyspace): readonly string[] {
  const { ring } = view;
  if (keyspace.replicasPerZone === undefined) return ring.size === 0 ? [] : ring.preferenceList(key, keyspace.n);
  const byZone = ring.preferenceListByZone(key, keyspace.replicasPerZone);
  const primaries: string[] = [];
  for (const zone of [...byZone.keys()].sort()) primaries.push(...(byZone.get(zone) ?? []));
  return primaries;
}

export function planReplicas(view: ViewState, key: Key, keyspace: ResolvedKeyspace, sloppy: boolean): ReplicaPlan {
  const primaries = primariesOf(view, key, keyspace);
  const targets: Target[] = [];
  const uncovered: string[] = [];
  const taken = new Set(primaries);
  let walk: readonly string[] | undefined;
  for (const primary of primaries) {
    if (isUp(view, primary)) {
      targets.push({ node: primary });
      continue;
    }
    walk ??= sloppy ? [...view.ring.successors(key)] : [];
    const fallback = pickFallback(view, walk, taken, zoneOf(view, primary));
    if (fallback === undefined) {
      uncovered.push(primary);
      continue;
    }
    taken.add(fallback);
    targets.push({ node: fallback, hintFor: primary });
  }
  return { primaries, targets, uncovered };
}

function pickFallback(view: ViewState, walk: readonly string[], taken: ReadonlySet<string>, zone: string | undefined): string | undefined {
  let anyZone: string | undefined;
  for (const node of walk) {
    if (taken.has(node) || !isUp(view, node)) continue;
    if (zoneOf(view, node) === zone) return node;
    anyZone ??= node;
  }
  return anyZone;
}

export function zoneOf(view: ViewState, node: string): string | undefined {
  return view.ring.member(node)?.zone;
}
