// Range: an arc of the ring. `{ start, end }` holds the positions p with start < p ≤ end,
// read clockwise: when end ≤ start the arc wraps past 2^32 − 1 to 0, and start === end is
// the whole circle (the arc of a ring whose tokens all sit on one position). This is how a
// token at position t owns (previous token, t], so ranges line up with tokens exactly and
// one range is one contiguous scan of the `hash(key) ‖ key` layout (two when it wraps).
import { ringPositionsCount } from './key-hash';

export interface Range {
  /** Exclusive lower bound (u32). */
  readonly start: number;
  /** Inclusive upper bound (u32). */
  readonly end: number;
}

/** True when `position` lies in the range (start < position ≤ end, clockwise). */
export function rangeContains(range: Range, position: number): boolean {
  const { start, end } = range;
  if (start === end) return true;
  if (start < end) return position > start && position <= end;
  return position > start || position <= end;
}

/** Number of positions in the range: 1 .. 2^32 (the full circle is 2^32). */
export function rangeSize(range: Range): number {
  const { start, end } = range;
  return end > start ? end - start : end - start + ringPositionsCount;
}

/**
 * Fraction (0..1) of the key space covered by non-overlapping ranges, such as the output of
 * `diffRings` or `ring.ranges()`. Overlapping ranges are counted twice.
 */
export function keySpaceFraction(ranges: readonly Range[]): number {
  let positions = 0;
  for (const range of ranges) positions += rangeSize(range);
  return positions / ringPositionsCount;
}
