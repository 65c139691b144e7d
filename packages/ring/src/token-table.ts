// Token table: the ring itself, as two parallel typed arrays sorted clockwise. Each member
// owns `tokenCount` virtual nodes (tokens); token i of member `id` sits at
//
//     tokenPosition(id, i) := xxHash32(utf8(id) ‖ u32le(i), seed 0)
//
// and tokens are ordered by (position, member id, i), so equal positions (hash collisions)
// still sort the same way everywhere. Positions and tie-break depend only on the member
// set, which makes the ring a pure, order-independent function of membership. Like hashKey,
// the encoding above is a stable contract: changing it re-homes every key.
import { xxHash32 } from 'js-xxhash';
import { assert } from './assert';
import { utf8Bytes } from './key-hash';
import type { RingMember } from './member';

export interface TokenTable {
  /** Token positions, ascending (u32). */
  readonly positions: Uint32Array;
  /** Owner of each token: index into the id-sorted member list. */
  readonly owners: Uint16Array;
  /**
   * Lookup accelerator: bucketStart[b] is the first token with position ≥ b · 2^bucketShift,
   * and bucketStart[last] = tokens. A lookup binary-searches one bucket of ~1–4 tokens
   * instead of the whole table (2^16 buckets at most: 256 KiB).
   */
  readonly bucketStart: Uint32Array;
  readonly bucketShift: number;
}

/** At most 2^16 lookup buckets (256 KiB); fewer for small rings, about one per token. */
const bucketBitsMax = 16;

/** The ring position of token `index` of member `id`. */
export function tokenPosition(id: string, index: number): number {
  const idBytes = utf8Bytes(id);
  const bytes = new Uint8Array(idBytes.length + 4);
  bytes.set(idBytes);
  writeU32le(bytes, idBytes.length, index);
  return xxHash32(bytes, 0);
}

function writeU32le(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
  bytes[offset + 2] = (value >>> 16) & 0xff;
  bytes[offset + 3] = (value >>> 24) & 0xff;
}

/** Builds the sorted token table of id-sorted members. O(tokens). */
export function buildTokenTable(members: readonly RingMember[]): TokenTable {
  let total = 0;
  for (const member of members) total += member.tokenCount;
  // Unsorted tokens in (member id, i) order: a stable sort by position then yields the
  // (position, member id, i) order.
  const unsortedPositions = new Uint32Array(total);
  const unsortedOwners = new Uint16Array(total);
  let k = 0;
  members.forEach((member, memberIndex) => {
    const idBytes = utf8Bytes(member.id);
    const bytes = new Uint8Array(idBytes.length + 4);
    bytes.set(idBytes);
    for (let i = 0; i < member.tokenCount; i++) {
      writeU32le(bytes, idBytes.length, i);
      unsortedPositions[k] = xxHash32(bytes, 0);
      unsortedOwners[k] = memberIndex;
      k++;
    }
  });
  const order = stableOrderByU32(unsortedPositions);
  const positions = new Uint32Array(total);
  const owners = new Uint16Array(total);
  for (let j = 0; j < total; j++) {
    const from = order[j]!;
    positions[j] = unsortedPositions[from]!;
    owners[j] = unsortedOwners[from]!;
  }
  for (let j = 1; j < total; j++) assert(positions[j - 1]! <= positions[j]!, 'token positions sorted');
  return { positions, owners, ...bucketsOf(positions) };
}

function bucketsOf(positions: Uint32Array): { bucketStart: Uint32Array; bucketShift: number } {
  const bits = Math.min(bucketBitsMax, Math.max(1, Math.ceil(Math.log2(positions.length + 1))));
  const bucketShift = 32 - bits;
  const bucketCount = 2 ** bits;
  const bucketStart = new Uint32Array(bucketCount + 1);
  let t = 0;
  for (let b = 0; b < bucketCount; b++) {
    const bucketFirstPosition = b * 2 ** bucketShift;
    while (t < positions.length && positions[t]! < bucketFirstPosition) t++;
    bucketStart[b] = t;
  }
  bucketStart[bucketCount] = positions.length;
  return { bucketStart, bucketShift };
}

/**
 * The permutation that sorts `values` ascending, ties kept in input order: an LSD radix
 * sort, 4 passes of 8 bits. O(n), no comparator calls, deterministic.
 */
function stableOrderByU32(values: Uint32Array): Uint32Array {
  const n = values.length;
  let order = new Uint32Array(n);
  let next = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = new Uint32Array(257);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((values[order[i]!]! >>> shift) & 0xff) + 1]!++;
    for (let d = 1; d <= 256; d++) counts[d]! += counts[d - 1]!;
    for (let i = 0; i < n; i++) {
      const index = order[i]!;
      const digit = (values[index]! >>> shift) & 0xff;
      next[counts[digit]!++] = index;
    }
    [order, next] = [next, order];
  }
  return order;
}

/**
 * The token whose arc holds `position`: the first token with position ≥ `position`, or
 * token 0 when `position` is past the last token (the arc that wraps around 2^32).
 * A binary search within the position's bucket. The table must not be empty.
 */
export function tokenIndexAt(table: TokenTable, position: number): number {
  const { positions, bucketStart } = table;
  const bucket = position >>> table.bucketShift;
  // Tokens before bucketStart[bucket] are below the bucket, so below `position`; the token at
  // bucketStart[bucket + 1] (if any) is in a later bucket, so ≥ `position`.
  let low = bucketStart[bucket]!;
  let high = bucketStart[bucket + 1]!;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (positions[mid]! < position) low = mid + 1;
    else high = mid;
  }
  return low === positions.length ? 0 : low;
}
