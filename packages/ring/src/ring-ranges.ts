// Ring ranges: the ring cut into arcs, each with its preference list, adjacent arcs with the
// same list merged. Token t owns the arc (position of token t−1, position of token t]; token
// 0's arc wraps around 2^32. This is the unit of ownership accounting (`ownership`) and of
// data movement: each range is one contiguous scan of the `hash(key) ‖ key` layout.
import { ringPositionsCount } from './key-hash';
import type { Range } from './range';
import { rangeSize } from './range';
import { sameList } from './preference-list';

/** An arc of the ring with the n-preference list of every position in it, primary first. */
export interface RingRange extends Range {
  readonly owners: readonly string[];
}

interface MutableRange {
  start: number;
  end: number;
  owners: readonly string[];
}

/**
 * All non-empty token arcs of sorted `positions`, merged where `listAt(token)` repeats, in
 * clockwise order starting with the range that holds position 0. O(tokens · list cost).
 */
export function ringRanges(positions: Uint32Array, listAt: (token: number) => readonly string[]): RingRange[] {
  const tokenCount = positions.length;
  const out: MutableRange[] = [];
  for (let t = 0; t < tokenCount; t++) {
    const start = t === 0 ? positions[tokenCount - 1]! : positions[t - 1]!;
    const end = positions[t]!;
    if (t > 0 && start === end) continue; // a token sharing its predecessor's position owns nothing
    const owners = listAt(t);
    const last = out[out.length - 1];
    if (last !== undefined && sameList(last.owners, owners)) last.end = end;
    else out.push({ start, end, owners });
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first !== undefined && last !== undefined && sameList(first.owners, last.owners)) {
    first.start = last.start;
    out.pop();
  }
  return out.map((range) => Object.freeze(range));
}

/** Fraction of the key space (0..1) for which each member is in the range lists. */
export function ownershipOf(memberIds: readonly string[], ranges: readonly RingRange[]): Map<string, number> {
  const positionsOwned = new Map<string, number>(memberIds.map((id) => [id, 0]));
  for (const range of ranges) {
    const size = rangeSize(range);
    for (const id of range.owners) positionsOwned.set(id, (positionsOwned.get(id) ?? 0) + size);
  }
  for (const [id, positions] of positionsOwned) positionsOwned.set(id, positions / ringPositionsCount);
  return positionsOwned;
}
