// Ring diff: what moves when membership changes. diffRings(before, after, n) lists the key
// ranges whose n-preference lists differ between two rings, with the members that gain and
// lose each range. Join, leave and replace streaming (and hinted handoff after a change)
// read exactly these ranges: a member streams a range to each member in `gained`, taken
// from a member of `before`, and drops it once every member in `lost` has handed it over.
//
// Method: merge both rings' token positions into one sorted boundary list. Between two
// consecutive boundaries neither ring has a token, so both lists are constant there; the
// list of such an elementary arc (b[k-1], b[k]] is the list of the token at b[k] in each
// ring. Two cursors walk both tables once: O((tokens_before + tokens_after) · n).
import { sameList } from './preference-list';
import type { Range } from './range';
import type { Ring, RingImpl } from './ring';
import { replicaCount, ringImpl } from './ring';

/** A range whose n-preference list differs between two rings. */
export interface RingDiffRange extends Range {
  /** The list in the `before` ring, primary first. */
  readonly before: readonly string[];
  /** The list in the `after` ring, primary first. */
  readonly after: readonly string[];
  /** In `after` but not in `before`, in `after` order: these members must receive the range. */
  readonly gained: readonly string[];
  /** In `before` but not in `after`, in `before` order: these members may drop the range. */
  readonly lost: readonly string[];
}

interface Segment {
  start: number;
  end: number;
  before: readonly string[];
  after: readonly string[];
}

/** Walks one ring's tokens in step with ascending boundaries; yields the list at each boundary. */
class Cursor {
  private token = 0;
  private readonly count: number;

  constructor(
    private readonly ring: RingImpl,
    n: number,
  ) {
    this.count = Math.min(n, ring.size);
  }

  /** The list of the arc ending at `boundary`; boundaries must be passed in ascending order. */
  listAt(boundary: number): readonly string[] {
    const { positions } = this.ring.table;
    while (this.token < positions.length && positions[this.token]! < boundary) this.token++;
    return this.ring.listAtToken(this.token === positions.length ? 0 : this.token, this.count);
  }
}

/** Distinct token positions of both rings, ascending. */
function boundariesOf(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    if (k === 0 || out[k - 1] !== next) out[k++] = next;
    if (i < a.length && a[i] === next) i++;
    else j++;
  }
  return out.subarray(0, k);
}

/**
 * The ranges whose n-preference lists (zone-aware, as `ring.preferenceList`) differ between
 * `before` and `after`, adjacent ranges with equal lists merged, in clockwise order starting
 * with the range nearest after position 0. Either ring may be empty (every list is then []).
 */
export function diffRings(before: Ring, after: Ring, n = 1): RingDiffRange[] {
  const a = ringImpl(before, 'before');
  const b = ringImpl(after, 'after');
  replicaCount(n, 1); // validates n; each cursor clamps it to its ring's size
  const boundaries = boundariesOf(a.table.positions, b.table.positions);
  const cursorBefore = new Cursor(a, n);
  const cursorAfter = new Cursor(b, n);
  const segments: Segment[] = [];
  for (let k = 0; k < boundaries.length; k++) {
    const end = boundaries[k]!;
    const start = k === 0 ? boundaries[boundaries.length - 1]! : boundaries[k - 1]!;
    const listBefore = cursorBefore.listAt(end);
    const listAfter = cursorAfter.listAt(end);
    const last = segments[segments.length - 1];
    if (last !== undefined && sameList(last.before, listBefore) && sameList(last.after, listAfter)) last.end = end;
    else segments.push({ start, end, before: listBefore, after: listAfter });
  }
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (segments.length > 1 && first !== undefined && last !== undefined) {
    if (sameList(first.before, last.before) && sameList(first.after, last.after)) {
      first.start = last.start;
      segments.pop();
    }
  }
  return segments.filter((s) => !sameList(s.before, s.after)).map(toDiffRange);
}

function toDiffRange(segment: Segment): RingDiffRange {
  const { start, end, before, after } = segment;
  return Object.freeze({
    start,
    end,
    before,
    after,
    gained: Object.freeze(after.filter((id) => !before.includes(id))),
    lost: Object.freeze(before.filter((id) => !after.includes(id))),
  });
}
