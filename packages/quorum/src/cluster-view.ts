// Cluster view: what this node believes about the cluster, given as an input to both state
// machines (quorum never imports @kv/gossip): the ring (a `Ring` from @kv/ring, the same on
// every node for the same membership) and the members gossip currently declares down. A member
// not listed as down counts as up. Each view replaces the previous one whole.
import type { Ring } from '@kv/ring';
import { assert } from './errors.js';

export interface ClusterView {
  readonly ring: Ring;
  /** Members gossip declares down (unreachable). Ids not in the ring are ignored. */
  readonly down: readonly string[];
}

/** The view as the state machines hold it. */
export interface ViewState {
  readonly ring: Ring;
  readonly down: ReadonlySet<string>;
}

/** Validates a view (it comes from this node's own gossip: programmer input, so assertions). */
export function viewState(view: ClusterView): ViewState {
  assert(typeof view === 'object' && view !== null, 'view must be an object');
  assert(typeof view.ring?.preferenceList === 'function', 'view.ring must be a Ring from @kv/ring');
  assert(Array.isArray(view.down) && view.down.every((id) => typeof id === 'string'), 'view.down must be an array of member ids');
  return { ring: view.ring, down: new Set(view.down) };
}

/** Up = in the ring and not declared down. */
export function isUp(view: ViewState, node: string): boolean {
  return !view.down.has(node) && view.ring.member(node) !== undefined;
}
