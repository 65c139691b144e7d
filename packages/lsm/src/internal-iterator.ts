// InternalIterator: the synchronous cursor every sorted source exposes (a memtable, one SSTable
// block, a whole SSTable, a level, the merge of all of them), in the engine's internal order
// (key ascending, seq descending — see entry.ts). The DB iterator builds user-visible iteration
// (snapshots, tombstones, ranges, reverse) on top of the merged cursor, as LevelDB's DBIter does.
// Cursors are synchronous because every read below them is (a page-cache read costs microseconds;
// an await per entry would cost more than the read).

import type { EntryKind } from './entry.js';

export interface InternalIterator {
  /** True while the cursor is on an entry. */
  valid(): boolean;
  seekToFirst(): void;
  seekToLast(): void;
  /** Positions on the first entry at or after (key, seq) in internal order. */
  seek(key: Uint8Array, seq: number): void;
  /** Positions on the last entry at or before (key, seq) in internal order. */
  seekForPrev(key: Uint8Array, seq: number): void;
  next(): void;
  prev(): void;
  /** Accessors; only while valid(). The returned arrays may alias internal buffers: copy to keep. */
  key(): Uint8Array;
  seq(): number;
  kind(): EntryKind;
  value(): Uint8Array;
  /** Releases what the cursor pins (blocks, table handles). */
  close(): void;
}
