// Segment: the leaf a key belongs to, its segment hash masked to the leaf count. Going from the
// differing leaves of an exchange to keys needs the entries whose segment is in that set; the
// tree stores no keys, so each side filters its own store (a node scans its range; tests
// filter a Map) with entriesInSegments.
import type { Entry, EntryLike } from './entry';
import { toEntry } from './entry';
import { segmentHash } from './entry-hash';
import type { Key } from './key-bytes';
import { checkIndices } from './level-slice';
import type { TreeShape } from './tree-shape';
import { shapeInfo } from './tree-shape';

/** The leaf (segment) of `key` in a tree of `shape`: 0..leaves − 1. */
export function segmentOf(key: Key, shape: TreeShape): number {
  const { leaves } = shapeInfo(shape);
  return (segmentHash(key) & (leaves - 1)) >>> 0;
}

/**
 * The entries of `source` whose segment is in `segments` (strictly ascending leaf indices,
 * as an exchange returns them), in source order.
 */
export function entriesInSegments(source: Iterable<EntryLike>, segments: ArrayLike<number>, shape: TreeShape): Entry[] {
  const { leaves } = shapeInfo(shape);
  checkIndices(segments, leaves, 'segments');
  if (segments.length === 0) return [];
  const wanted = new Uint8Array(leaves);
  for (let i = 0; i < segments.length; i++) wanted[segments[i] ?? 0] = 1;
  const mask = leaves - 1;
  const found: Entry[] = [];
  for (const item of source) {
    const entry = toEntry(item);
    if (wanted[(segmentHash(entry.key) & mask) >>> 0] === 1) found.push(entry);
  }
  return found;
}
