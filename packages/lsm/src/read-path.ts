// ReadPath: a point lookup, newest source first — the active memtable, the sealed ones newest
// first, level-0 tables newest first (only those whose key range and seqs can hold the answer),
// then the one table per deeper level whose range holds the key. Each table answers from its
// bloom filter when it can; the key is hashed once for all of them. The first version found is
// the newest at the read's sequence number.

import { bloomHash } from './bloom-filter.js';
import { compareBytes } from './bytes.js';
import { KIND_VALUE } from './entry.js';
import type { MemSlot } from './mem-slot.js';
import { keyString } from './memtable.js';
import type { TableCache } from './table-cache.js';
import type { Version } from './version.js';
import { LEVELS } from './version.js';

/** The newest value of `key` visible at `seq`, or undefined (absent or deleted). May alias a cached block: copy it. */
export function lookupValue(
  key: Uint8Array,
  seq: number,
  active: MemSlot,
  sealed: readonly MemSlot[],
  version: Version,
  tables: TableCache,
): Uint8Array | undefined {
  if (active.mem.keyCount > 0 || sealed.length > 0) {
    const ks = keyString(key);
    const inActive = active.mem.getByString(ks, seq);
    if (inActive !== undefined) return inActive.kind === KIND_VALUE ? inActive.value : undefined;
    for (let i = sealed.length - 1; i >= 0; i--) {
      const v = sealed[i]!.mem.getByString(ks, seq);
      if (v !== undefined) return v.kind === KIND_VALUE ? v.value : undefined;
    }
  }
  let hash = -1; // computed on the first table probed
  for (const f of version.levels[0]!) {
    if (f.seqMin > seq || compareBytes(key, f.smallestKey) < 0 || compareBytes(key, f.largestKey) > 0) continue;
    if (hash < 0) hash = bloomHash(key);
    const e = tables.get(f.number).get(key, seq, hash);
    if (e !== undefined) return e.kind === KIND_VALUE ? e.value : undefined;
  }
  for (let level = 1; level < LEVELS; level++) {
    const f = version.fileForKey(level, key);
    if (f === undefined) continue;
    if (hash < 0) hash = bloomHash(key);
    const e = tables.get(f.number).get(key, seq, hash);
    if (e !== undefined) return e.kind === KIND_VALUE ? e.value : undefined;
  }
  return undefined;
}
