// Actor ids: who a write's dot says generated it (DESIGN.md §4, vclock README "caller's
// contract"). A replica coordinates as `nodeId#generation`, the generation persisted by the node
// before it serves and bumped whenever it restarts without its data, so a counter is never
// reused (Riak kv679). That id is safe only for keys whose whole history this replica still
// holds. Where it does not (a fallback coordinating for a down owner: its hints are deleted after
// handoff; a primary with no local record of the key: never written, purged, or lost), or where a
// context claims its counter is already 2^53 − 1, the write takes an epoch actor
// `nodeId#generation~<64 random bits>` used for that one write: Riak 2.1's per-key epochs, with
// randomness instead of a persisted epoch counter.
import { contextLimits } from '@kv/vclock';
import { assert } from './errors.js';
import type { Random } from './random.js';
import { randomHex32 } from './random.js';

const encoder = new TextEncoder();
const epochSuffixChars = 17; // '~' + 16 hex digits

/** The replica's own actor id. Asserts it leaves room for an epoch suffix within vclock's actor limit. */
export function replicaActor(nodeId: string, generation: number): string {
  assert(typeof nodeId === 'string' && nodeId.length > 0, 'nodeId must be a non-empty string');
  assert(Number.isSafeInteger(generation) && generation >= 1, `generation must be an integer ≥ 1, got ${generation}`);
  const actor = `${nodeId}#${generation}`;
  assert(encoder.encode(actor).length + epochSuffixChars <= contextLimits.actorBytesMax, `actor ${actor} is too long for an epoch suffix`);
  return actor;
}

/** A fresh, never-used actor derived from `actor`, for one write. */
export function epochActor(actor: string, random: Random): string {
  return `${actor}~${randomHex32(random)}${randomHex32(random)}`;
}
